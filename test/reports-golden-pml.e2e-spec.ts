import { ReportFactsCatchUp } from '@eid/reporting';
import { api, createTrialWorld, eligibleScreening, TrialWorld } from './support/trial-fixtures';
import { createTestApp, TestApp } from './support/test-app';

const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Golden PML / EID cases (issue 14 items 2 and 6) through the report API, worked by hand from docs/science/pml-risk.md
 * §2–§4. Period end 2026-06-15 → W18 = [2024-12-15, 2026-06-15], both ends inclusive (June 15 − 18 months).
 * Every participant enrols on 2026-01-12 (fixture; natalizumab since 2022-03-14).
 *
 *  G1 screening form lists only 2025-12-08 and 2026-01-05 (the fixture): the earliest record is 358 days after the
 *     window start (2024-12-15 → 2025-12-15 = 365, − 7) > 84 → INSUFFICIENT_HISTORY, no count, no class — never
 *     "EID by count" from the few infusions on record.
 *  G2 screening infusions every 28 days from 2024-12-15 (the window's first day) to 2025-12-14 (k = 0 … 13: 13 × 28 =
 *     364 days) = 14, then study infusions every 42 days 2026-01-25, 03-08, 04-19, 05-31 (12-14 → 01-25 = 17 + 25 =
 *     42; 01-25 → 03-08 = 6 + 28 + 8 = 42; 03-08 → 04-19 = 23 + 19 = 42; 04-19 → 05-31 = 11 + 31 = 42) = 4.
 *     Count 14 + 4 = 18 (17 if the first day were excluded) > 15 → not EID by count. ADI = (2026-05-31 − 2024-12-15)
 *     / 17 = (365 + 167) / 17 = 532 / 17 = 31.3 days → SID (21–35). Gaps 28 and 42 → no TOUCH exclusion.
 *     Anti-JCV negative on 2026-01-12 → SMPC_HO_2017 "< 0.07" per 1000 [confirmed], a bound, not 0.07.
 *  G3 as G2's screening list, then study infusions 2026-01-25 and 2026-05-01 (01-25 → 05-01 = 6 + 28 + 31 + 30 + 1
 *     = 96 days > 84) → excluded by the TOUCH rule → class EXCLUDED_TOUCH_RULE; count 14 + 2 = 16.
 */
describe('reports: golden PML / EID cases, by hand (e2e)', () => {
  let t: TestApp;
  let w: TrialWorld;
  const codes: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ RUN_WORKERS: 'false' });
    w = await createTrialWorld(t);
    const base = eligibleScreening(w.siteA.id, 'x') as { evidence: Record<string, unknown> };
    const enrol = async (name: string, screeningInfusions?: string[]) => {
      const body = eligibleScreening(
        w.siteA.id,
        `SCR-PML-${name}`,
        screeningInfusions ? { evidence: { ...base.evidence, infusions: screeningInfusions.map((date) => ({ date, doseMg: 300 })) } } : {},
      );
      const s = await api(t, w.invA).post(`/api/v1/studies/${w.studyId}/screenings`, body);
      if (s.status !== 201) throw new Error(`screening ${name}: ${s.status} ${JSON.stringify(s.body)}`);
      const e = await api(t, w.invA).post(`/api/v1/participants/${s.body.participant.id}/enrolment`, {
        consentDate: '2026-01-12',
        version: s.body.participant.version,
      });
      if (e.status !== 200) throw new Error(`enrolment ${name}: ${e.status} ${JSON.stringify(e.body)}`);
      codes[name] = e.body.code;
      return e.body.id as string;
    };
    const post = async (pid: string, form: string, body: object) => {
      const r = await api(t, w.invA).post(`/api/v1/participants/${pid}/${form}`, body);
      if (r.status !== 201) throw new Error(`${form}: ${r.status} ${JSON.stringify(r.body)}`);
    };
    const every28 = Array.from({ length: 14 }, (_, k) => addDays('2024-12-15', k * 28));
    expect(every28[13]).toBe('2025-12-14');

    await enrol('G1');
    const g2 = await enrol('G2', every28);
    for (const d of ['2026-01-25', '2026-03-08', '2026-04-19', '2026-05-31']) await post(g2, 'infusions', { date: d, doseMg: 300 });
    await post(g2, 'jcv', { date: '2026-01-12', status: 'negative' });
    const g3 = await enrol('G3', every28);
    for (const d of ['2026-01-25', '2026-05-01']) await post(g3, 'infusions', { date: d, doseMg: 300 });
    await t.app.get(ReportFactsCatchUp).catchUp();
  }, 180_000);

  afterAll(async () => t?.close());

  const report = async (to: string) => {
    const r = await api(t, w.statistician).get(`/api/v1/studies/${w.studyId}/reports/pml-risk?from=2026-01-12&to=${to}`);
    expect(r.status).toBe(200);
    return r.body;
  };
  const row = (body: { participants: Array<{ participantCode: string }> }, name: string) =>
    body.participants.find((p) => p.participantCode === codes[name]) as Record<string, unknown>;

  it('insufficient history is stated, never computed from study infusions alone (G1)', async () => {
    const body = await report('2026-06-15');
    expect(row(body, 'G1')).toMatchObject({
      eidHistory: 'INSUFFICIENT_HISTORY',
      infusionsLast18Months: null,
      eidByCount: null,
      averageIntervalClass: 'INSUFFICIENT_HISTORY',
      excludedByTouchRule: null,
    });
    expect(body.aggregate).toMatchObject({ participants: 3, insufficientHistory: 1, excludedByTouchRule: 1, eidByCount: 0 });
  });

  it('window start inclusive, count vs ADI, and a bound returned as a bound with table and status (G2)', async () => {
    const body = await report('2026-06-15');
    const g2 = row(body, 'G2');
    expect(g2).toMatchObject({
      eidHistory: 'SUFFICIENT',
      infusionsLast18Months: 18,
      eidByCount: false,
      averageIntervalDays: 31.3,
      averageIntervalClass: 'SID',
      excludedByTouchRule: false,
      jcvStale: false,
    });
    expect(g2.risk).toMatchObject({ table: 'SMPC_HO_2017', per1000: 0.07, qualifier: '<', display: '< 0.07', status: 'confirmed' });
    expect(body.metrics.eidByCount).toMatchObject({ label: expect.stringContaining('platform definition'), status: 'unconfirmed' });
    expect(body.definitions.eid).toContain('platform definition, status unconfirmed');
  });

  it('the TOUCH exclusion is its own flag and withholds the SID/EID class (G3)', async () => {
    expect(row(await report('2026-06-15'), 'G3')).toMatchObject({
      infusionsLast18Months: 16,
      excludedByTouchRule: true,
      averageIntervalClass: 'EXCLUDED_TOUCH_RULE',
    });
  });

  it('stale anti-JCV: on 2026-07-12 the 2026-01-12 result is exactly 6 months old (not stale); on 2026-07-13 it is', async () => {
    // 2026-07-12 − 6 months = 2026-01-12: the result is not earlier than that → fresh; 2026-07-13 − 6 months = 2026-01-13 > 2026-01-12 → stale.
    expect(row(await report('2026-07-12'), 'G2').jcvStale).toBe(false);
    const later = await report('2026-07-13');
    expect(row(later, 'G2').jcvStale).toBe(true);
    expect(later.aggregate.jcvStale).toBe(1);
  });
});
