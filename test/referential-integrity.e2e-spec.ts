import { createTestApp, TestApp } from './support/test-app';
import { api, createTrialWorld, eligibleScreening, enrolledParticipant, TrialWorld } from './support/trial-fixtures';

/**
 * Issue 16 item 7: a record's plannedVisitId must be a visit of the same participant (400 otherwise), and the
 * database enforces it with a composite foreign key (planned_visit_id, participant_id); an empty screening
 * number is refused.
 */
jest.setTimeout(120_000);

describe('Referential integrity of eCRF records (real PostgreSQL)', () => {
  let t: TestApp;
  let w: TrialWorld;
  let p1: string;
  let p2: string;
  let visitOfP1: string;
  let visitOfP2: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
    p1 = (await enrolledParticipant(t, w)).id;
    p2 = (await enrolledParticipant(t, w)).id;
    const visit = async (p: string) =>
      (await t.dataSource.query('SELECT id FROM planned_visit WHERE participant_id = $1 ORDER BY number LIMIT 1', [p]))[0].id as string;
    visitOfP1 = await visit(p1);
    visitOfP2 = await visit(p2);
  });
  afterAll(async () => t.close());

  const edss = (plannedVisitId?: string) => ({ date: '2026-04-14', score: 2.5, ...(plannedVisitId ? { plannedVisitId } : {}) });
  const count = async (p: string) =>
    Number((await t.dataSource.query('SELECT count(*) AS n FROM edss_assessment WHERE participant_id = $1', [p]))[0].n);

  it("refuses another participant's visit with 400 naming plannedVisitId, and writes nothing", async () => {
    const before = await count(p1);
    const res = await api(t, w.invA).post(`/api/v1/participants/${p1}/edss`, edss(visitOfP2));
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'plannedVisitId', code: 'UNKNOWN_PLANNED_VISIT' })]);
    expect(await count(p1)).toBe(before);
  });

  it('refuses a visit that does not exist (400) and accepts the own visit (201)', async () => {
    const none = await api(t, w.invA).post(`/api/v1/participants/${p1}/edss`, edss('3f0c1c52-7d5e-4f0c-9a55-2f1e4c1f0a11'));
    expect(none.status).toBe(400);
    expect(none.body.details[0].field).toBe('plannedVisitId');
    const own = await api(t, w.invA).post(`/api/v1/participants/${p1}/edss`, edss(visitOfP1));
    expect(own.status).toBe(201);
    expect(own.body.plannedVisitId).toBe(visitOfP1);
  });

  it("refuses moving a record to another participant's visit on PATCH (400)", async () => {
    const created = await api(t, w.invA).post(`/api/v1/participants/${p1}/edss`, edss());
    expect(created.status).toBe(201);
    const res = await api(t, w.invA).patch(`/api/v1/participants/${p1}/edss/${created.body.id}`, {
      plannedVisitId: visitOfP2,
      version: created.body.version,
      reason: 'link visit',
    });
    expect(res.status).toBe(400);
    expect(res.body.details[0].field).toBe('plannedVisitId');
  });

  it("the database itself refuses a row pointing at another participant's visit (composite foreign key)", async () => {
    const [row] = await t.dataSource.query('SELECT study_id, site_id FROM participant WHERE id = $1', [p1]);
    await expect(
      t.dataSource.query(
        `INSERT INTO edss_assessment (study_id, site_id, participant_id, planned_visit_id, date, score, version) VALUES ($1, $2, $3, $4, '2026-04-14', 2.5, 1)`,
        [row.study_id, row.site_id, p1, visitOfP2],
      ),
    ).rejects.toThrow(/fk_edss_assessment_planned_visit/);
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
  ])('refuses an %s screening number with 400 naming the field', async (_label, screeningNumber) => {
    const res = await api(t, w.invA).post(`/api/v1/studies/${w.studyId}/screenings`, eligibleScreening(w.siteA.id, screeningNumber));
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'screeningNumber', code: 'EMPTY' })]);
  });
});
