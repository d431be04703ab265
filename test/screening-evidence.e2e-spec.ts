import { randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from './support/test-app';
import { api, createTrialWorld, eligibleScreening, TrialWorld } from './support/trial-fixtures';

jest.setTimeout(60_000);

/**
 * Completing the evidence of an undecided candidate (issue 17 item 7), PDNMS E1–E8 at the screening date
 * 2026-01-05 (docs/science/protocols.md eligibility table; clock pinned at 2026-06-15). Worked by hand:
 * - the fixture candidate meets every row; without any MRI, E6 ("≥ 1 MRI in [2025-01-05, 2026-01-05]") is unknown,
 *   so the candidate is "unknown". Adding the MRI of 2025-11-20 (0 new T2, 0 Gd+, inside the window) meets E6,
 *   every row is met → "eligible".
 * - without a screening trough and without the MRI-possible answer, E5 and E7 are unknown. A trough of 12.0 µg/mL
 *   is below the E5 threshold 15.0 → E5 not met → "not_eligible", a screen failure naming E5; E7 answered yes → met.
 */
describe('Screening: complete the evidence of an undecided candidate, find it by screening number (issue 17 item 7)', () => {
  let t: TestApp;
  let w: TrialWorld;
  const tag = randomUUID().slice(0, 6).toUpperCase();
  const noMri = () => {
    const s = eligibleScreening(w.siteA.id, `EV-${tag}-1`) as { evidence: Record<string, unknown> };
    return { ...s, evidence: { ...s.evidence, mri: [] } };
  };
  const url = (id: string) => `/api/v1/participants/${id}/screening-evidence`;
  const mri = { date: '2025-11-20', newOrEnlargingT2Count: 0, gadoliniumEnhancingCount: 0 };
  const screen = async (body: object) => {
    const res = await api(t, w.invA).post(`/api/v1/studies/${w.studyId}/screenings`, body);
    expect(res.status).toBe(201);
    return res.body as { participant: { id: string; version: number; status: string }; eligibility: { eligible: string } };
  };
  const statusOf = (body: { eligibility: { criteria: Array<{ id: string; status: string }> } }, id: string) =>
    body.eligibility.criteria.find((c) => c.id === id)?.status;

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
  });
  afterAll(() => t?.close());

  it('unknown (no MRI in the E6 window) → MRI added → eligible, audited old → new with the reason; then enrolment is possible', async () => {
    const s = await screen(noMri());
    expect(s.eligibility.eligible).toBe('unknown');
    expect(s.participant.status).toBe('screening');

    const res = await api(t, w.invA).patch(url(s.participant.id), {
      evidence: { mri: [mri] },
      reason: 'MRI report received',
      version: s.participant.version,
    });
    expect(res.status).toBe(200);
    expect(res.body.eligibility.eligible).toBe('eligible');
    expect(statusOf(res.body, 'E6')).toBe('met');
    expect(res.body.participant).toMatchObject({ status: 'screening', screenFailReason: null, version: s.participant.version + 1 });

    const [row] = await t.dataSource.query(
      `SELECT action, reason, changes, actor_user_id FROM audit_event WHERE entity_id = $1 AND action = 'update'`,
      [s.participant.id],
    );
    expect(row).toMatchObject({ action: 'update', reason: 'MRI report received', actor_user_id: w.invA.id });
    expect(row.changes).toEqual({
      'evidence.mri': { old: [], new: [mri] },
      eligible: { old: 'unknown', new: 'eligible' },
    });

    // A stale version (the one the change was based on) is refused.
    const stale = await api(t, w.invA).patch(url(s.participant.id), {
      evidence: { edss: [{ date: '2026-01-05', score: 3 }] },
      reason: 'again',
      version: s.participant.version,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');

    const enrolled = await api(t, w.invA).post(`/api/v1/participants/${s.participant.id}/enrolment`, {
      consentDate: '2026-01-05',
      version: s.participant.version + 1,
    });
    expect(enrolled.status).toBe(200);
    const closed = await api(t, w.invA).patch(url(s.participant.id), {
      evidence: { edss: [{ date: '2026-01-05', score: 3 }] },
      reason: 'after enrolment',
      version: enrolled.body.version,
    });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('SCREENING_CLOSED');
  });

  it('unknown (no trough, MRI-possible not answered) → trough 12.0 µg/mL → not eligible, a screen failure naming E5; then closed', async () => {
    const base = eligibleScreening(w.siteA.id, `EV-${tag}-2`) as { evidence: Record<string, unknown> };
    const { screeningTrough: _t, ...evidence } = base.evidence;
    const s = await screen({ ...base, mriPossible: undefined, evidence });
    expect(s.eligibility.eligible).toBe('unknown');

    const res = await api(t, w.invA).patch(url(s.participant.id), {
      mriPossible: true,
      evidence: { screeningTrough: { sampledOn: '2026-01-05', concentrationUgPerMl: 12.0 } },
      reason: 'trough result from the laboratory',
      version: s.participant.version,
    });
    expect(res.status).toBe(200);
    expect(res.body.eligibility.eligible).toBe('not_eligible');
    expect(statusOf(res.body, 'E5')).toBe('not_met');
    expect(statusOf(res.body, 'E7')).toBe('met');
    expect(res.body.participant.status).toBe('screen-failed');
    expect(res.body.participant.screenFailReason).toMatch(/^E5 /);

    const [row] = await t.dataSource.query(`SELECT changes FROM audit_event WHERE entity_id = $1 AND action = 'update'`, [
      s.participant.id,
    ]);
    expect(row.changes).toMatchObject({
      mriPossible: { old: null, new: true },
      'evidence.screeningTrough': { old: null, new: { sampledOn: '2026-01-05', concentrationUgPerMl: 12 } },
      eligible: { old: 'unknown', new: 'not_eligible' },
      status: { old: 'screening', new: 'screen-failed' },
      screenFailCategory: { old: null, new: 'criterion-not-met' },
    });

    const closed = await api(t, w.invA).patch(url(s.participant.id), {
      mriPossible: true,
      reason: 'after the screen failure',
      version: res.body.participant.version,
    });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('SCREENING_CLOSED');
  });

  describe('refusals', () => {
    let id: string;
    let version: number;
    const before = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM audit_event WHERE entity_id = $1`, [id]))[0].n);
    beforeAll(async () => {
      const s = await screen({ ...noMri(), screeningNumber: `EV-${tag}-3` });
      id = s.participant.id;
      version = s.participant.version;
    });

    it('another site’s investigator gets 404; a monitor and a statistician 403; nothing is written', async () => {
      const n = await before();
      const body = { evidence: { mri: [mri] }, reason: 'x', version };
      expect((await api(t, w.invB).patch(url(id), body)).status).toBe(404);
      expect((await api(t, w.monitor).patch(url(id), body)).status).toBe(403);
      expect((await api(t, w.statistician).patch(url(id), body)).status).toBe(403);
      expect(await before()).toBe(n);
    });

    it.each([
      [
        'an MRI dated after the screening date',
        'evidence.mri.0.date',
        'DATE_AFTER_SCREENING',
        { evidence: { mri: [{ ...mri, date: '2026-02-01' }] } },
      ],
      ['an EDSS of 11 (range 0–10)', 'evidence.edss.0.score', undefined, { evidence: { edss: [{ date: '2026-01-05', score: 11 }] } }],
      ['no reason', 'reason', 'REASON_REQUIRED', { evidence: { mri: [mri] }, reason: ' ' }],
      ['nothing to change', 'evidence', 'NOTHING_TO_CHANGE', { evidence: {} }],
      ['a version that is not a number', 'version', undefined, { evidence: { mri: [mri] }, version: 'one' }],
    ])('%s → 400 naming %s', async (_n, field, code, change) => {
      const n = await before();
      const res = await api(t, w.invA).patch(url(id), { reason: 'r', version, ...change });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, ...(code ? { code } : {}) })]));
      expect(await before()).toBe(n);
    });
  });

  describe('record a screen failure with its category and reason', () => {
    const fail = (id: string, body: object) =>
      api(t, w.invA).post(`/api/v1/participants/${id}/status`, { action: 'screen-fail', date: '2026-01-06', ...body });

    it('category and reason are required; recorded and audited old → new', async () => {
      const s = await screen({ ...noMri(), screeningNumber: `EV-${tag}-4` });
      const v = s.participant.version;
      const noCategory = await fail(s.participant.id, { reason: 'declined', version: v });
      expect(noCategory.status).toBe(400);
      expect(noCategory.body.details).toEqual([expect.objectContaining({ field: 'screenFailCategory', code: 'REQUIRED' })]);
      const badCategory = await fail(s.participant.id, { reason: 'declined', screenFailCategory: 'bored', version: v });
      expect(badCategory.status).toBe(400);
      expect(badCategory.body.details).toEqual([expect.objectContaining({ field: 'screenFailCategory' })]);

      const ok = await fail(s.participant.id, { reason: 'does not want monthly MRI', screenFailCategory: 'consent-declined', version: v });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({
        status: 'screen-failed',
        screenFailCategory: 'consent-declined',
        screenFailReason: 'does not want monthly MRI',
      });
      const [row] = await t.dataSource.query(`SELECT changes, reason FROM audit_event WHERE entity_id = $1 AND action = 'status-change'`, [
        s.participant.id,
      ]);
      expect(row).toMatchObject({
        reason: 'does not want monthly MRI',
        changes: {
          status: { old: 'screening', new: 'screen-failed' },
          screenFailCategory: { old: null, new: 'consent-declined' },
          screenFailReason: { old: null, new: 'does not want monthly MRI' },
        },
      });
    });

    it('a failed criterion at screening is a screen failure of category criterion-not-met', async () => {
      const s = await screen(eligibleScreening(w.siteA.id, `EV-${tag}-5`, { mriPossible: false }));
      expect(s.participant).toMatchObject({ status: 'screen-failed', screenFailCategory: 'criterion-not-met' });
    });
  });

  describe('find candidates by screening number (prefix, case-insensitive)', () => {
    const find = (user: TrialWorld['invA'], screeningNumber: string) =>
      api(t, user).get(`/api/v1/participants?${new URLSearchParams({ studyId: w.studyId, screeningNumber })}`);
    beforeAll(async () => {
      await screen(eligibleScreening(w.siteA.id, `FN-${tag}-1`));
      await screen(eligibleScreening(w.siteA.id, `FN-${tag}-12`));
    });

    it('a prefix finds both numbers, the longer exact number only itself, lower case too', async () => {
      const all = await find(w.invA, `fn-${tag.toLowerCase()}-1`);
      expect(all.status).toBe(200);
      expect(all.body.items.map((p: { screeningNumber: string }) => p.screeningNumber).sort()).toEqual([`FN-${tag}-1`, `FN-${tag}-12`]);
      const one = await find(w.invA, `FN-${tag}-12`);
      expect(one.body.items.map((p: { screeningNumber: string }) => p.screeningNumber)).toEqual([`FN-${tag}-12`]);
      // "%" is a character, not a wildcard.
      expect((await find(w.invA, `FN-${tag}-%`)).body.items).toEqual([]);
    });

    it('site scope and pseudonymisation hold: investigator B and the statistician find nothing, the monitor finds both', async () => {
      expect((await find(w.invB, `FN-${tag}`)).body.items).toEqual([]);
      expect((await find(w.statistician, `FN-${tag}`)).body.items).toEqual([]);
      expect((await find(w.monitor, `FN-${tag}`)).body.items).toHaveLength(2);
    });

    it('a blank number is a 400 naming the field', async () => {
      const res = await find(w.invA, '  ');
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'screeningNumber' })]));
    });
  });
});
