import { RequestContext, TransactionService } from '@eid/core';
import { neda3, observedWindow, patientYears } from '@eid/domain';
import { DiseaseActivityGroup, ReportFactsCatchUp } from '@eid/reporting';
import { Participant, ParticipantHistoryService } from '@eid/trial';
import { api, createTrialWorld, eligibleScreening, TrialWorld } from './support/trial-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Golden cases (issue 14): relapses recorded on the SCREENING form, worked by hand from docs/science/outcomes.md §1
 * (R4 compares an onset with the previous COUNTED relapse, whenever it was recorded), §2 (on-study ARR counts onsets
 * in the observation window only) and §5 (EDSS within 30 days after an event other than a < 24 h one is
 * relapse-affected). Protocol stratified-start-next-ms-style v1: its entry criteria have no activity window, so a
 * relapse just before enrolment is possible. Enrolment 2026-01-12 (fixture); screening EDSS 2.5 on 2026-01-05 =
 * baseline (threshold 2.5 + 1.0 = 3.5). Period 2026-01-12 … 2026-06-15. Days from 01-12: to 03-12 59, to 04-12 90.
 *
 *  S1 screening relapse 2025-12-28 (confirmed, 72 h); on study 01-20 = 4 + 16 = 23 days after it (< 30 → R4 same
 *     relapse, not counted) and 02-20 = 4 + 31 + 20 = 55 days after it (counted) → 1. Without the screening relapse
 *     01-20 would count and 02-20 (31 days later) too → 2. MRI 03-12 inactive = last follow-up: 59 days.
 *  S2 screening relapse 2025-12-20 only; MRI 03-12 inactive → 0 on-study relapses (before enrolment), NEDA-3; 59 days.
 *  S3 febrile event on the screening form 2026-01-01 (R2: never a relapse, but EDSS within 30 days after it is
 *     relapse-affected); EDSS 01-20 4.0 is 19 days after → cannot start progression; EDSS 04-14 4.0 (onset, not
 *     confirmed) → pending → INSUFFICIENT_DATA. Without the screening event 01-20 → 04-14 = 11 + 28 + 31 + 14 = 84 days
 *     ≥ 84 would be CDP-12. MRI 04-14 inactive = last follow-up: 90 + 2 = 92 days.
 *
 * Totals: participants 3; relapses 1; days 59 + 59 + 92 = 210; CDP 0; NEDA 1 (S2), evidence 1 (S1), insufficient 1 (S3).
 */
describe('reports: golden screening-form relapses, by hand (e2e)', () => {
  let t: TestApp;
  let w: TrialWorld;
  const ids: Record<string, string> = {};
  const period = 'from=2026-01-12&to=2026-06-15';

  beforeAll(async () => {
    t = await createTestApp({ RUN_WORKERS: 'false' });
    w = await createTrialWorld(t, { protocolId: 'stratified-start-next-ms-style', protocolVersion: '1' });
    // TE3 asks for ≥ 6 infusions: every 28 days up to the screening's 2026-01-05.
    const infusions = ['2025-08-18', '2025-09-15', '2025-10-13', '2025-11-10', '2025-12-08', '2026-01-05'].map((date) => ({
      date,
      doseMg: 300,
    }));
    const enrol = async (name: string, relapses: object[]) => {
      const base = eligibleScreening(w.siteA.id, `SCR-G-${name}`);
      const s = await api(t, w.invA)
        .post(`/api/v1/studies/${w.studyId}/screenings`)
        .send({ ...base, evidence: { ...(base.evidence as object), relapses, infusions } });
      if (s.status !== 201 || s.body.participant.status !== 'screening')
        throw new Error(`screening ${name}: ${s.status} ${JSON.stringify(s.body.eligibility ?? s.body)}`);
      const e = await api(t, w.invA)
        .post(`/api/v1/participants/${s.body.participant.id}/enrolment`)
        .send({ consentDate: '2026-01-12', version: s.body.participant.version });
      if (e.status !== 200) throw new Error(`enrolment ${name}: ${e.status} ${JSON.stringify(e.body)}`);
      ids[name] = e.body.id;
      return e.body.id as string;
    };
    const post = async (pid: string, form: string, body: object) => {
      const r = await api(t, w.invA).post(`/api/v1/participants/${pid}/${form}`).send(body);
      if (r.status !== 201) throw new Error(`${form}: ${r.status} ${JSON.stringify(r.body)}`);
    };
    const quiet = { newOrEnlargingT2Count: 0, gadoliniumEnhancingCount: 0 };
    const confirmed = { confirmedByNeurologist: true, durationHours: 72, feverOrInfection: false };

    const s1 = await enrol('S1', [{ onsetDate: '2025-12-28', ...confirmed }]);
    await post(s1, 'relapses', { onsetDate: '2026-01-20', ...confirmed });
    await post(s1, 'relapses', { onsetDate: '2026-02-20', ...confirmed });
    await post(s1, 'mri', { date: '2026-03-12', ...quiet });

    const s2 = await enrol('S2', [{ onsetDate: '2025-12-20', ...confirmed }]);
    await post(s2, 'mri', { date: '2026-03-12', ...quiet });

    const s3 = await enrol('S3', [{ onsetDate: '2026-01-01', durationHours: 96, feverOrInfection: true }]);
    await post(s3, 'edss', { date: '2026-01-20', score: 4.0 });
    await post(s3, 'edss', { date: '2026-04-14', score: 4.0 });
    await post(s3, 'mri', { date: '2026-04-14', ...quiet });

    await t.app.get(ReportFactsCatchUp).catchUp();
  }, 180_000);

  afterAll(async () => t?.close());

  it('disease activity through the API: screening relapses anchor R4 and affect EDSS, never add on-study relapses', async () => {
    const r = await api(t, w.monitor).get(`/api/v1/studies/${w.studyId}/reports/disease-activity?${period}`);
    expect(r.status).toBe(200);
    const o = r.body.groups.find((g: DiseaseActivityGroup) => g.group === 'overall');
    expect(o).toMatchObject({
      participants: 3,
      relapses: 1,
      participantsWithMri: 3,
      participantsWithMriActivity: 0,
      confirmedProgression: 0,
      neda3: 1,
      evidenceOfActivity: 1,
      insufficientData: 1,
    });
    expect(o.patientYears).toBeCloseTo(210 / 365.25, 3);
    expect(o.arrPooled).toBeCloseTo(1 / (210 / 365.25), 3);
  });

  it('the domain functions give the same per-participant figures from the participant history', async () => {
    const expected: Record<string, [number, number, string]> = {
      S1: [1, 59, 'EVIDENCE_OF_ACTIVITY'],
      S2: [0, 59, 'NEDA'],
      S3: [0, 92, 'INSUFFICIENT_DATA'],
    };
    const ctx = RequestContext.system('test:golden-screening', {
      userId: '00000000-0000-4000-8000-0000000000ac',
      email: 'monitor@golden.local',
      displayName: 'Monitor',
      isAdmin: false,
      memberships: [{ studyId: w.studyId, role: 'monitor', siteId: null }],
    });
    await t.app.get(TransactionService).run(ctx, async (ctx) => {
      for (const [name, [relapses, days, result]] of Object.entries(expected)) {
        const p = await ctx.em.getRepository(Participant).findOneByOrFail({ id: ids[name] });
        const h = await t.app.get(ParticipantHistoryService).historyOf(ctx, p);
        // The screening relapse is part of the history (S1: 2025-12-28 first, then the two on-study events).
        if (name === 'S1') expect(h.relapses?.map((x) => x.onset)).toEqual(['2025-12-28', '2026-01-20', '2026-02-20']);
        const assessmentDates = [...(h.mri ?? []).map((m) => m.date), ...(h.edss ?? []).map((x) => x.date)];
        const win = observedWindow({ enrolment: p.enrolmentDate!, assessmentDates }, { from: '2026-01-12', to: '2026-06-15' })!;
        const n = neda3(h, win, {});
        expect([name, n.relapseOnsets.length, Math.round(patientYears(win.from, win.to) * 365.25), n.result]).toEqual([
          name,
          relapses,
          days,
          result,
        ]);
      }
    });
  });
});
