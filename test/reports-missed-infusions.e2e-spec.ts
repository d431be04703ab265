import { infusionDue } from '@eid/domain';
import { ReportFactsCatchUp } from '@eid/reporting';
import { api, createTrialWorld, enrolledParticipant, TODAY, TrialWorld } from './support/trial-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The data-quality "missed infusions" follows the participant list's one overdue rule (issue 14 item 7), not the plan
 * chained at enrolment. Worked by hand from docs/science/protocols.md A7 and pdnms-v1.json: start interval 4 weeks,
 * tolerance +3 days after due (A7 placeholder) → an infusion is overdue from due + 4 days. Test clock: 2026-06-15.
 * Both participants' screening ends with an infusion on 2026-01-05 → first due 01-05 + 28 = 2026-02-02.
 *
 *  L (site A): 02-02 on the due date (0 late); due 02-02 + 28 = 03-02, given 03-05 = due + 3 (within tolerance);
 *     due 03-05 + 28 = 04-02, given 04-06 = due + 4 = tolerance + 1 → missed (1); due 05-04, given 05-04; due 06-01,
 *     given 06-01; next due 06-01 + 28 = 06-29, not overdue on 06-15. Troughs 18.4 (05-04) and 16.2 (06-01) at 4 weeks
 *     → the engine proposes EXTEND to 5 weeks; confirmed on 06-15, the next due moves to 06-01 + 35 = 07-06.
 *     The enrolment plan (every 28 days from 02-02, ± 3) would have called 03-30, 04-27, 05-25 and 06-22… missed.
 *  Q (site B): 02-02, then 05-04. Due 03-02, overdue from 03-06 (03-02 + 3 + 1) until given on 05-04 = 30 + 30 + 3 = 63
 *     days late → 1 (counted from 03-06 on, before that infusion exists in the period); next due 05-04 + 28 = 06-01,
 *     overdue from 06-05 and still on 06-15 → a second.
 */
describe('reports: missed infusions by the one overdue rule (e2e)', () => {
  let t: TestApp;
  let w: TrialWorld;
  let lid: string;
  const tol = { daysAfter: 3, status: 'unconfirmed' as const };

  beforeAll(async () => {
    t = await createTestApp({ RUN_WORKERS: 'false' });
    w = await createTrialWorld(t);
    const post = async (inv: typeof w.invA, pid: string, form: string, body: object) => {
      const r = await api(t, inv).post(`/api/v1/participants/${pid}/${form}`, body);
      if (r.status !== 201) throw new Error(`${form}: ${r.status} ${JSON.stringify(r.body)}`);
    };
    lid = (await enrolledParticipant(t, w, w.invA, w.siteA.id)).id;
    for (const date of ['2026-02-02', '2026-03-05', '2026-04-06', '2026-05-04', '2026-06-01'])
      await post(w.invA, lid, 'infusions', { date, doseMg: 300 });
    await post(w.invA, lid, 'troughs', { sampledOn: '2026-05-04', concentrationUgPerMl: 18.4 });
    await post(w.invA, lid, 'troughs', { sampledOn: '2026-06-01', concentrationUgPerMl: 16.2 });
    const qid = (await enrolledParticipant(t, w, w.invB, w.siteB.id)).id;
    await post(w.invB, qid, 'infusions', { date: '2026-02-02', doseMg: 300 });
    await post(w.invB, qid, 'infusions', { date: '2026-05-04', doseMg: 300 });
    await t.app.get(ReportFactsCatchUp).catchUp();
  }, 120_000);

  afterAll(async () => t?.close());

  const missed = async (to: string) => {
    const r = await api(t, w.monitor).get(`/api/v1/studies/${w.studyId}/reports/data-quality?from=2026-01-12&to=${to}`);
    expect(r.status).toBe(200);
    const bySite = (code: string) => r.body.sites.find((s: { siteCode: string }) => s.siteCode === code).missedInfusions as number;
    return { A: bySite(w.siteA.code), B: bySite(w.siteB.code), overall: r.body.overall.missedInfusions as number };
  };

  it('the domain rule on the three boundary days (the same definition the SQL follows)', () => {
    expect(infusionDue('2026-01-05', 4, '2026-02-02', tol)).toMatchObject({ nextDue: '2026-02-02', overdue: false });
    expect(infusionDue('2026-02-02', 4, '2026-03-05', tol)).toMatchObject({
      nextDue: '2026-03-02',
      lateAfter: '2026-03-05',
      overdue: false,
    });
    expect(infusionDue('2026-03-05', 4, '2026-04-06', tol)).toMatchObject({ nextDue: '2026-04-02', overdue: true, daysOverdue: 1 });
  });

  it('on the due date and at due + tolerance nothing is missed; at tolerance + 1 one is; a participant still overdue counts once', async () => {
    // 04-05: L's 04-06 infusion not yet given, and 04-05 is the last day within tolerance (04-02 + 3) → 0; Q overdue since
    // 03-06 (its 05-04 infusion lies after the period end) → 1.
    expect(await missed('2026-04-05')).toEqual({ A: 0, B: 1, overall: 1 });
    // 03-05: Q's due 03-02 + 3 = 03-05, still within tolerance → 0; 03-06 → 1.
    expect((await missed('2026-03-05')).B).toBe(0);
    expect((await missed('2026-03-06')).B).toBe(1);
    // 04-06: L's infusion given 4 days after due (1 day beyond tolerance) → 1. Q: still the one episode.
    expect(await missed('2026-04-06')).toEqual({ A: 1, B: 1, overall: 2 });
    // Q's second: 06-04 = 06-01 + 3 is the last day within tolerance → 1; 06-05 → 2; today 1 + 2 = 3.
    expect((await missed('2026-06-04')).B).toBe(1);
    expect((await missed('2026-06-05')).B).toBe(2);
    expect(await missed(TODAY)).toEqual({ A: 1, B: 2, overall: 3 });
    const r = await api(t, w.monitor).get(`/api/v1/studies/${w.studyId}/reports/data-quality`);
    expect(r.body.definitions.missedInfusions).toContain('A7 days after: 3');
  });

  it('the overdue list and the participant list agree with the report: Q overdue (due 06-01), L due 06-29', async () => {
    const list = await api(t, w.monitor).get(`/api/v1/studies/${w.studyId}/overdue?kind=infusions`);
    expect(list.status).toBe(200);
    const dueBy = (list.body.items as Array<{ participantId: string; dueBy: string }>).map((i) => i.dueBy);
    // Q: due 06-01, last day within tolerance 06-04.
    expect(dueBy).toEqual(['2026-06-04']);
    const s = await api(t, w.invA).get(`/api/v1/participants/${lid}/schedule`);
    expect(s.body.nextInfusionDue).toBe('2026-06-29');
    // The planned schedule follows the real infusions: 06-29, 07-27 (not the enrolment plan's 06-22, 07-20).
    expect(s.body.infusions.slice(0, 2).map((i: { dueDate: string }) => i.dueDate)).toEqual(['2026-06-29', '2026-07-27']);
  });

  it('after a confirmed EXTEND decision the next due moves (06-01 + 5 × 7 = 07-06) and the plan follows it', async () => {
    const p = await api(t, w.invA).get(`/api/v1/participants/${lid}/dosing`);
    expect(p.body.proposal).toMatchObject({ decision: 'EXTEND', currentIntervalWeeks: 4, nextIntervalWeeks: 5 });
    const d = await api(t, w.invA)
      .post(`/api/v1/participants/${lid}/dosing/decisions`)
      .send({ action: 'confirm', basedOnProposal: { decision: 'EXTEND', nextIntervalWeeks: 5, asOf: TODAY } });
    expect(d.status).toBe(201);
    await t.app.get(ReportFactsCatchUp).catchUp();
    const s = await api(t, w.invA).get(`/api/v1/participants/${lid}/schedule`);
    expect(s.body.nextInfusionDue).toBe('2026-07-06');
    expect(s.body.infusions[0]).toMatchObject({ dueDate: '2026-07-06', intervalWeeks: 5 });
    // The decision dates from today: the earlier gaps keep the 4-week interval they were given under → still 1 + 2.
    expect(await missed(TODAY)).toEqual({ A: 1, B: 2, overall: 3 });
  });
});
