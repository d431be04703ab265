import JSZip from 'jszip';
import { asBuffer } from './support/binary-download';
import { createTestApp, TestApp } from './support/test-app';
import { api, createTrialWorld, enrolledParticipant, TrialUser, TrialWorld } from './support/trial-fixtures';

/**
 * Issue 16 item 2: pseudonymisation is one policy for the statistician's API reads and exports — no exact birth
 * year (an age band), no screening number or free text; record ids re-keyed per export so a plain and a
 * date-shifted file cannot be joined on them.
 */
jest.setTimeout(180_000);

async function waitFor(t: TestApp, w: TrialWorld, user: TrialUser, id: string) {
  for (let i = 0; i < 600; i++) {
    const r = await api(t, user).get(`/api/v1/studies/${w.studyId}/exports/${id}`);
    if (['completed', 'failed', 'expired'].includes(r.body.status)) return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('export did not finish');
}

/** The CSV tables of a finished CSV export as header → column values (simple files: no quoted commas here). */
async function csvTables(
  t: TestApp,
  w: TrialWorld,
  user: TrialUser,
  level: string,
): Promise<Record<string, Array<Record<string, string>>>> {
  const r = await api(t, user).post(`/api/v1/studies/${w.studyId}/exports`, { format: 'csv', shape: 'long', pseudonymisation: level });
  expect(r.status).toBe(202);
  expect((await waitFor(t, w, user, r.body.id)).status).toBe('completed');
  const file = await asBuffer(api(t, user).get(`/api/v1/studies/${w.studyId}/exports/${r.body.id}/file`));
  const zip = await JSZip.loadAsync(file.body as Buffer);
  const out: Record<string, Array<Record<string, string>>> = {};
  for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.csv'))) {
    const [header, ...lines] = (await zip.file(name)!.async('string'))
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    const cols = header.split(',');
    out[name.replace(/^.*\//, '').replace(/\.csv$/, '')] = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
  }
  return out;
}

describe('Pseudonymisation: one policy for API reads and exports (real PostgreSQL)', () => {
  let t: TestApp;
  let w: TrialWorld;
  let pA: { id: string; code: string };
  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
    pA = await enrolledParticipant(t, w); // eligibleScreening: born 1984, screened 2026-01-05
    const inf = await api(t, w.invA).post(`/api/v1/participants/${pA.id}/infusions`, { date: '2026-02-02', doseMg: 300 });
    expect(inf.status).toBe(201);
    const tr = await api(t, w.invA).post(`/api/v1/participants/${pA.id}/troughs`, {
      sampledOn: '2026-02-01',
      concentrationUgPerMl: 18.3,
      precedesInfusionId: inf.body.id,
    });
    expect(tr.status).toBe(201);
  });
  afterAll(async () => t.close());

  it('a statistician reads the participant without birth year, screening number, free text or staff ids, with the age band', async () => {
    const res = await api(t, w.statistician).get(`/api/v1/participants/${pA.id}`);
    expect(res.status).toBe(200);
    // 2026 (screening year) − 1984 (birth year) = 42 → band 40-49
    expect(res.body).toMatchObject({ birthYear: null, screeningNumber: null, createdBy: null, ageBandAtScreening: '40-49' });
    const inv = await api(t, w.invA).get(`/api/v1/participants/${pA.id}`);
    expect(inv.body).toMatchObject({ birthYear: 1984, ageBandAtScreening: '40-49' });
  });

  it("a statistician reads eCRF records without free text or staff ids (the export's columns), coded values kept", async () => {
    const ae = await api(t, w.invA).post(`/api/v1/participants/${pA.id}/adverse-events`, {
      term: 'Headache after visiting Mrs Jansen',
      onsetDate: '2026-03-10',
      severity: 'mild',
      relatedness: 'unlikely',
      actionTaken: 'none',
      outcome: 'recovered',
    });
    expect(ae.status).toBe(201);
    const one = await api(t, w.statistician).get(`/api/v1/participants/${pA.id}/adverse-events/${ae.body.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ term: null, createdBy: null, updatedBy: null, severity: 'mild', onsetDate: '2026-03-10' });
    const list = await api(t, w.statistician).get(`/api/v1/participants/${pA.id}/adverse-events`);
    expect(list.body.items.map((i: { term: string | null }) => i.term)).toEqual([null]);
    const timeline = await api(t, w.statistician).get(`/api/v1/participants/${pA.id}/timeline`);
    expect(timeline.status).toBe(200);
    expect(timeline.body.adverseEvents.map((a: { term: string | null }) => a.term)).toEqual([null]);
    expect(timeline.body.infusions[0]).toMatchObject({ doseMg: 300, createdBy: null });
    const inv = await api(t, w.invA).get(`/api/v1/participants/${pA.id}/adverse-events/${ae.body.id}`);
    expect(inv.body.term).toBe('Headache after visiting Mrs Jansen');
    // The same column is what the pseudonymised export drops.
    const file = await csvTables(t, w, w.statistician, 'pseudonymised');
    expect(Object.keys(file.adverse_event[0])).not.toContain('term');
  });

  it('a statistician reads data queries without message text or staff ids', async () => {
    const tr = (await t.dataSource.query('SELECT id FROM trough_sample WHERE participant_id = $1 LIMIT 1', [pA.id]))[0].id as string;
    const raised = await api(t, w.monitor).post(`/api/v1/participants/${pA.id}/queries`, {
      entityType: 'trough_sample',
      recordId: tr,
      field: 'concentrationUgPerMl',
      text: 'Dr. Visser says 13.85',
    });
    expect(raised.status).toBe(201);
    const asStat = await api(t, w.statistician).get(`/api/v1/queries/${raised.body.id}`);
    expect(asStat.status).toBe(200);
    expect(asStat.body).toMatchObject({ raisedBy: null, field: 'concentrationUgPerMl' });
    expect(asStat.body.messages.map((m: object) => m)).toEqual([expect.objectContaining({ text: null, authorId: null, authorName: null })]);
    const list = await api(t, w.statistician).get(`/api/v1/participants/${pA.id}/queries`);
    expect(list.body.items.map((q: { raisedBy: string | null }) => q.raisedBy)).toEqual([null]);
    const asMonitor = await api(t, w.monitor).get(`/api/v1/queries/${raised.body.id}`);
    expect(asMonitor.body.messages[0].text).toBe('Dr. Visser says 13.85');
  });

  it('a statistician reads dosing decisions without the decider or the reason (dosing list and timeline)', async () => {
    const [row] = await t.dataSource.query('SELECT study_id, site_id FROM participant WHERE id = $1', [pA.id]);
    await t.dataSource.query(
      `INSERT INTO dosing_decision (study_id, site_id, participant_id, action, decided_on, protocol_id, protocol_version, proposed_decision,
         proposed_interval_weeks, current_interval_weeks, interval_weeks, proposal, inputs, reason, decided_by)
       VALUES ($1, $2, $3, 'override', '2026-03-02', 'pdnms', '1', 'EXTEND', 5, 4, 4, '{}', '{}', 'Patient prefers Mondays (Dr. Visser)', $4)`,
      [row.study_id, row.site_id, pA.id, w.invA.id],
    );
    const list = await api(t, w.statistician).get(`/api/v1/participants/${pA.id}/dosing/decisions`);
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({
      reason: null,
      decidedBy: null,
      decidedByName: null,
      intervalWeeks: 4,
      decidedOn: '2026-03-02',
    });
    const timeline = await api(t, w.statistician).get(`/api/v1/participants/${pA.id}/timeline`);
    // The same rule in the timeline (decision-reader-view.ts), in the timeline's typed fields.
    expect(timeline.body.decisions[0]).toMatchObject({
      reason: null,
      decidedBy: null,
      decidedByName: null,
      intervalWeeks: 4,
      decidedOn: '2026-03-02',
    });
    const timelineAsInv = await api(t, w.invA).get(`/api/v1/participants/${pA.id}/timeline`);
    expect(timelineAsInv.body.decisions[0]).toMatchObject({ reason: 'Patient prefers Mondays (Dr. Visser)', decidedByName: 'inv-a' });
    const asInv = await api(t, w.invA).get(`/api/v1/participants/${pA.id}/dosing/decisions`);
    expect(asInv.body.items[0]).toMatchObject({
      reason: 'Patient prefers Mondays (Dr. Visser)',
      decidedBy: w.invA.id,
      decidedByName: 'inv-a',
    });
  });

  it('pseudonymised exports carry the age band (same as the API), not the birth year; record ids are re-keyed per export', async () => {
    const plain = await csvTables(t, w, w.statistician, 'pseudonymised');
    const shifted = await csvTables(t, w, w.statistician, 'pseudonymised-date-shifted');
    for (const file of [plain, shifted]) {
      const p = file.participants.find((r) => r.participant_code === pA.code)!;
      expect(p).toBeDefined();
      expect(p.age_band).toBe('40-49');
      expect(Object.keys(p)).not.toContain('birth_year');
      expect(Object.keys(p)).not.toContain('screening_number');
    }
    const dbIds = new Set(
      (await t.dataSource.query('SELECT id::text AS id FROM infusion WHERE participant_id = $1', [pA.id])).map((r: { id: string }) => r.id),
    );
    const idsOf = (f: typeof plain) => f.infusion.map((r) => r.record_id);
    expect(idsOf(plain).some((id) => dbIds.has(id))).toBe(false);
    expect(idsOf(plain).filter((id) => idsOf(shifted).includes(id))).toEqual([]); // no join across files
    // Within one file the reference still joins: the trough's infusion is that file's infusion record id.
    for (const f of [plain, shifted]) expect(idsOf(f)).toContain(f.trough_sample.find((r) => r.precedes_infusion_id)!.precedes_infusion_id);
  });

  it("a data manager's identified export keeps the real ids and the birth year", async () => {
    const none = await csvTables(t, w, w.dataManager, 'none');
    const p = none.participants.find((r) => r.participant_code === pA.code)!;
    expect(p.birth_year).toBe('1984');
    const dbIds = (await t.dataSource.query('SELECT id::text AS id FROM infusion WHERE participant_id = $1', [pA.id])).map(
      (r: { id: string }) => r.id,
    );
    expect(none.infusion.map((r) => r.record_id)).toEqual(expect.arrayContaining(dbIds));
  });

  it('the study-wide PML-suspicion list gives a statistician no adverse-event term', async () => {
    const ae = await api(t, w.invA).post(`/api/v1/participants/${pA.id}/adverse-events`, {
      term: 'Suspected PML, seen by Dr. Visser',
      onsetDate: '2026-03-12',
      severity: 'severe',
      relatedness: 'possible',
      actionTaken: 'none',
      outcome: 'not-recovered',
      pmlSuspected: true,
    });
    expect(ae.status).toBe(201);
    const asStat = await api(t, w.statistician).get(`/api/v1/studies/${w.studyId}/pml-suspicions`);
    expect(asStat.status).toBe(200);
    expect(asStat.body.items).toEqual([expect.objectContaining({ id: ae.body.id, term: null, createdBy: null })]);
    const asMonitor = await api(t, w.monitor).get(`/api/v1/studies/${w.studyId}/pml-suspicions`);
    expect(asMonitor.body.items[0].term).toBe('Suspected PML, seen by Dr. Visser');
  });
});
