import { Actor, RequestContext, TransactionService } from '@eid/core';
import { neda3, observedWindow, patientYears } from '@eid/domain';
import { DiseaseActivityGroup, diseaseActivityReport, ReportFactsCatchUp, resolveReportScope } from '@eid/reporting';
import { Participant, ParticipantHistoryService } from '@eid/trial';
import { api, createTrialWorld, enrolledParticipant, TrialWorld } from './support/trial-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Golden edge-case suite (issue 14 item 2) through the report API: hand-built participants whose figures are worked
 * by hand from docs/science/outcomes.md (§1 relapses, §2 person-time, §3 MRI, §4 NEDA-3, §5 CDP). Every participant
 * consents and enrols on 2026-01-12 (fixture) with a screening EDSS of 2.5 on 2026-01-05 (the baseline: last score on
 * or before enrolment; threshold 2.5 + 1.0 = 3.5). Study protocol pdnms v1: EV-R3 counts unconfirmed relapses.
 * Period 2026-01-12 … 2026-06-15 (the test clock's today). Days from 2026-01-12: to 02-12 31, 03-12 59, 04-12 90,
 * 05-12 120, 06-12 151.
 *
 *  P1 chain at 20-day gaps 02-01, 02-21, 03-13, 04-02, 04-22 → counted 02-01, 03-13 (40 d after 02-01), 04-22
 *     (40 d after 03-13) = 3 [R4 vs the previous COUNTED onset]; last follow-up MRI 05-01 (inactive): 90 + 19 = 109 d.
 *  P2 relapses exactly 30 days apart 03-01, 03-31 = 2 [boundary → R5]; a 12 h episode 04-15 (R1) and a febrile one
 *     05-05 (R2) not counted; last follow-up EDSS 05-20 (2.5): 120 + 8 = 128 d; no MRI, but relapses → evidence.
 *  P3 relapse 03-01 not confirmed by a neurologist: counted under EV-R3 = true (1), not when false (0); MRI 04-01
 *     inactive = last follow-up: 59 + 20 = 79 d.
 *  P4 (site B) active scan ON the first day 01-12 (counts: window inclusive) and an inactive one 03-01; withdrawn
 *     05-01 → last follow-up = withdrawal date: 90 + 19 = 109 d.
 *  P5 (site B) EDSS 01-20 3.5 (onset), 04-14 3.5: 01-20 → 04-14 = 31 + 28 + 25 = 84 d ≥ 84 → CDP-12 confirmed; the
 *     last score 06-15 3.5 is 31 + 28 + 31 + 30 + 26 = 146 d after 01-20 (< 168) → at 24 weeks pending; MRI 06-15
 *     inactive; 151 + 3 = 154 d.
 *  P6 (site B) febrile event 02-01 (R2: not counted, but EDSS within 30 days after it is relapse-affected); EDSS 02-20
 *     4.0 (affected: cannot start progression), 05-20 4.0 (onset, unconfirmed) → pending → INSUFFICIENT_DATA (without
 *     the exclusion 02-20 → 05-20 = 28 + 31 + 30 = 89 d would confirm); MRI 05-20 inactive; 120 + 8 = 128 d.
 *  P7 MRI 03-12 inactive, then lost to follow-up recorded 06-01 → person-time ends at the last assessment 03-12: 59 d.
 *
 * Totals: participants 7; relapses 3 + 2 + 1 = 6; days 109 + 128 + 79 + 109 + 154 + 128 + 59 = 766;
 * with MRI 6 (not P2), active 1 (P4); CDP-12 1 (P5); NEDA-3: P7 NEDA; P6 insufficient; P1–P5 evidence.
 */
describe('reports: golden edge cases, by hand (e2e)', () => {
  let t: TestApp;
  let w: TrialWorld;
  const period = 'from=2026-01-12&to=2026-06-15';
  const ids: Record<string, { id: string; version: number }> = {};

  beforeAll(async () => {
    // No worker in this process: the facts are caught up only when the test says so (the sweep would race the
    // freshness test below).
    t = await createTestApp({ RUN_WORKERS: 'false' });
    w = await createTrialWorld(t);
    const post = async (inv: typeof w.invA, pid: string, form: string, body: object) => {
      const r = await api(t, inv).post(`/api/v1/participants/${pid}/${form}`, body);
      if (r.status !== 201) throw new Error(`${form}: ${r.status} ${JSON.stringify(r.body)}`);
    };
    const enrol = async (name: string, inv = w.invA, site = w.siteA.id) => {
      const p = await enrolledParticipant(t, w, inv, site);
      ids[name] = p;
      return p.id;
    };
    const mri = (active: boolean) => ({ newOrEnlargingT2Count: 0, gadoliniumEnhancingCount: active ? 1 : 0 });

    const p1 = await enrol('P1');
    for (const d of ['2026-02-01', '2026-02-21', '2026-03-13', '2026-04-02', '2026-04-22'])
      await post(w.invA, p1, 'relapses', { onsetDate: d, confirmedByNeurologist: true, durationHours: 72, feverOrInfection: false });
    await post(w.invA, p1, 'mri', { date: '2026-05-01', ...mri(false) });

    const p2 = await enrol('P2');
    await post(w.invA, p2, 'relapses', { onsetDate: '2026-03-01', confirmedByNeurologist: true });
    await post(w.invA, p2, 'relapses', { onsetDate: '2026-03-31', confirmedByNeurologist: true });
    await post(w.invA, p2, 'relapses', { onsetDate: '2026-04-15', durationHours: 12 });
    await post(w.invA, p2, 'relapses', { onsetDate: '2026-05-05', durationHours: 96, feverOrInfection: true });
    await post(w.invA, p2, 'edss', { date: '2026-05-20', score: 2.5 });

    const p3 = await enrol('P3');
    await post(w.invA, p3, 'relapses', { onsetDate: '2026-03-01', confirmedByNeurologist: false });
    await post(w.invA, p3, 'mri', { date: '2026-04-01', ...mri(false) });

    const p4 = await enrol('P4', w.invB, w.siteB.id);
    await post(w.invB, p4, 'mri', { date: '2026-01-12', ...mri(true) });
    await post(w.invB, p4, 'mri', { date: '2026-03-01', ...mri(false) });

    const p5 = await enrol('P5', w.invB, w.siteB.id);
    await post(w.invB, p5, 'edss', { date: '2026-01-20', score: 3.5 });
    await post(w.invB, p5, 'edss', { date: '2026-04-14', score: 3.5 });
    await post(w.invB, p5, 'edss', { date: '2026-06-15', score: 3.5 });
    await post(w.invB, p5, 'mri', { date: '2026-06-15', ...mri(false) });

    const p6 = await enrol('P6', w.invB, w.siteB.id);
    await post(w.invB, p6, 'relapses', { onsetDate: '2026-02-01', feverOrInfection: true });
    await post(w.invB, p6, 'edss', { date: '2026-02-20', score: 4.0 });
    await post(w.invB, p6, 'edss', { date: '2026-05-20', score: 4.0 });
    await post(w.invB, p6, 'mri', { date: '2026-05-20', ...mri(false) });

    const p7 = await enrol('P7');
    await post(w.invA, p7, 'mri', { date: '2026-03-12', ...mri(false) });

    const status = async (inv: typeof w.invA, name: string, action: string, date: string) => {
      const cur = await api(t, inv).get(`/api/v1/participants/${ids[name].id}`);
      const r = await api(t, inv).post(`/api/v1/participants/${ids[name].id}/status`, {
        action,
        date,
        reason: 'golden case',
        version: cur.body.version,
      });
      if (r.status !== 200) throw new Error(`status ${name}: ${r.status} ${JSON.stringify(r.body)}`);
    };
    await status(w.invB, 'P4', 'withdraw', '2026-05-01');
    await status(w.invA, 'P7', 'lost-to-follow-up', '2026-06-01');
    // Reports only read: the facts are caught up by the scheduled job (here run once, explicitly).
    await t.app.get(ReportFactsCatchUp).catchUp();
  }, 180_000);

  afterAll(async () => t?.close());

  const monitorCtx = () =>
    RequestContext.system('test:reports-golden', {
      userId: '00000000-0000-4000-8000-0000000000ab',
      email: 'monitor@golden.local',
      displayName: 'Monitor',
      isAdmin: false,
      memberships: [{ studyId: w.studyId, role: 'monitor', siteId: null }],
    } as unknown as Actor);
  const overall = (groups: DiseaseActivityGroup[]) => groups.find((g) => g.group === 'overall')!;

  it('disease activity through the API: every figure as worked by hand above', async () => {
    const r = await api(t, w.monitor).get(`/api/v1/studies/${w.studyId}/reports/disease-activity?${period}`);
    expect(r.status).toBe(200);
    expect(r.body.parameters).toEqual({ countUnconfirmedRelapses: true, confirmationWeeks: 12 });
    const o = overall(r.body.groups);
    expect(o).toMatchObject({
      participants: 7,
      relapses: 6,
      participantsWithMri: 6,
      participantsWithMriActivity: 1,
      confirmedProgression: 1,
      neda3: 1,
      evidenceOfActivity: 5,
      insufficientData: 1,
    });
    expect(o.patientYears).toBeCloseTo(766 / 365.25, 3);
    expect(o.arrPooled).toBeCloseTo(6 / (766 / 365.25), 3);
    // Per site: A = P1, P2, P3, P7 → relapses 3 + 2 + 1 + 0 = 6, days 109 + 128 + 79 + 59 = 375;
    // B = P4, P5, P6 → 0 relapses, days 109 + 154 + 128 = 391.
    const sites = Object.fromEntries(
      r.body.groups
        .filter((g: DiseaseActivityGroup) => g.group === 'site')
        .map((g: DiseaseActivityGroup) => [g.key, [g.relapses, Math.round(g.patientYears * 365.25)]]),
    );
    expect(sites).toEqual({ [w.siteA.code]: [6, 375], [w.siteB.code]: [0, 391] });
    expect(r.body.definitions.relapse).toContain('are counted under this protocol');
  });

  it('24-week confirmation as a report parameter: P5 (146 days < 168) is pending, so insufficient, no CDP', async () => {
    const r = await api(t, w.monitor).get(`/api/v1/studies/${w.studyId}/reports/disease-activity?${period}&confirmationWeeks=24`);
    expect(r.status).toBe(200);
    expect(overall(r.body.groups)).toMatchObject({ confirmedProgression: 0, neda3: 1, evidenceOfActivity: 4, insufficientData: 2 });
    expect((await api(t, w.monitor).get(`/api/v1/studies/${w.studyId}/reports/disease-activity?confirmationWeeks=18`)).status).toBe(400);
  });

  it('a window starting on a scan date counts that scan: P4 from 2026-01-12 to 2026-01-31 is active', async () => {
    const r = await api(t, w.monitor).get(
      `/api/v1/studies/${w.studyId}/reports/disease-activity?from=2026-01-12&to=2026-01-31&siteId=${w.siteB.id}`,
    );
    // Site B, 19 days: P4 scan 01-12 active → with MRI 1, active 1. P5, P6 have no scan in the window.
    expect(overall(r.body.groups)).toMatchObject({ participantsWithMri: 1, participantsWithMriActivity: 1 });
  });

  it('EV-R3 both ways: without counting unconfirmed relapses P3 has none (5 relapses) and is NEDA', async () => {
    const report = await t.app.get(TransactionService).run(monitorCtx(), async (c) => {
      const scope = await resolveReportScope(c, w.studyId, { from: '2026-01-12', to: '2026-06-15' }, new Date('2026-06-15T12:00:00Z'));
      return diseaseActivityReport(c, { ...scope, countUnconfirmedRelapses: { ...scope.countUnconfirmedRelapses, value: false } });
    });
    // 6 − P3's 1 = 5; P3: baseline 2.5, scan 04-01 inactive, no counted relapse → NEDA: 1 + 1 = 2; evidence 5 − 1 = 4.
    expect(overall(report.groups)).toMatchObject({ relapses: 5, neda3: 2, evidenceOfActivity: 4, insufficientData: 1 });
    expect(report.definitions.relapse).toContain('are not counted under this protocol');
  });

  it('the domain functions give the same per-participant figures (the one definition)', async () => {
    const period2 = { from: '2026-01-12', to: '2026-06-15' };
    const expected: Record<string, { relapses: number; days: number; neda: string }> = {
      P1: { relapses: 3, days: 109, neda: 'EVIDENCE_OF_ACTIVITY' },
      P2: { relapses: 2, days: 128, neda: 'EVIDENCE_OF_ACTIVITY' },
      P3: { relapses: 1, days: 79, neda: 'EVIDENCE_OF_ACTIVITY' },
      P4: { relapses: 0, days: 109, neda: 'EVIDENCE_OF_ACTIVITY' },
      P5: { relapses: 0, days: 154, neda: 'EVIDENCE_OF_ACTIVITY' },
      P6: { relapses: 0, days: 128, neda: 'INSUFFICIENT_DATA' },
      P7: { relapses: 0, days: 59, neda: 'NEDA' },
    };
    await t.app.get(TransactionService).run(monitorCtx(), async (ctx) => {
      for (const [name, e] of Object.entries(expected)) {
        const p = await ctx.em.getRepository(Participant).findOneByOrFail({ id: ids[name].id });
        const h = await t.app.get(ParticipantHistoryService).historyOf(ctx, p);
        const ended =
          p.status === 'withdrawn' || p.status === 'lost-to-follow-up' ? { reason: p.status, date: p.withdrawalDate! } : undefined;
        // Study assessments only (the screening EDSS of 2026-01-05 is before enrolment and cannot extend follow-up).
        const assessmentDates = [...(h.mri ?? []).map((m) => m.date), ...(h.edss ?? []).map((x) => x.date)];
        const win = observedWindow({ enrolment: p.enrolmentDate!, ended, assessmentDates }, period2)!;
        const n = neda3(h, win, { relapseOptions: { countUnconfirmed: true } });
        expect([name, n.relapseOnsets.length, Math.round(patientYears(win.from, win.to) * 365.25), n.result]).toEqual([
          name,
          e.relapses,
          e.days,
          e.neda,
        ]);
        // The baseline is the screening EDSS (2026-01-05, 2.5): the last score on or before enrolment.
        expect(n.cdp.baseline).toEqual({ date: '2026-01-05', score: 2.5 });
      }
    });
  });

  it('a report only reads: a change not yet caught up is stated as pending, and the report leaves its mark alone', async () => {
    const url = `/api/v1/studies/${w.studyId}/reports/disease-activity?${period}`;
    const before = await api(t, w.monitor).get(url);
    expect(before.body.freshness).toEqual({
      asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      pendingParticipants: 0,
    });
    // P7 (lost to follow-up 06-01) gets a relapse on 2026-03-01 (inside its observed 01-12 … 03-12).
    const r = await api(t, w.invA).post(`/api/v1/participants/${ids.P7.id}/relapses`, {
      onsetDate: '2026-03-01',
      confirmedByNeurologist: true,
    });
    expect(r.status).toBe(201);
    const stale = await api(t, w.monitor).get(url);
    expect(stale.body.freshness.pendingParticipants).toBe(1);
    expect(overall(stale.body.groups).relapses).toBe(6);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM report_facts_pending WHERE participant_id = $1`, [ids.P7.id]);
    expect(n).toBe(1);
    // The worker's job catches up: 6 + 1 = 7 relapses, nothing pending; P7 is no longer NEDA (1 − 1 = 0).
    await t.app.get(ReportFactsCatchUp).catchUp();
    const fresh = await api(t, w.monitor).get(url);
    expect(fresh.body.freshness.pendingParticipants).toBe(0);
    expect(overall(fresh.body.groups)).toMatchObject({ relapses: 7, neda3: 0, evidenceOfActivity: 6 });
  });
});
