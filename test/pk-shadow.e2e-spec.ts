import { Clock } from '@eid/trial';
import { createTestApp, TestApp } from './support/test-app';
import { api, createTrialWorld, enrolledParticipant, TODAY, TrialWorld } from './support/trial-fixtures';

/**
 * Issue 15 under a target-trough protocol (protocols/target-trough-v1.json: dosing.pk.targets 10 (default) or 5
 * µg/mL, PK-PMIN 0.9): the PK target comes from the protocol, the investigator may choose another allowed one, and
 * every decision stores the model's recommendation (shadow MIPD); once a trough at the new interval exists the
 * shadow report evaluates it. Course: study infusions every 4 weeks from 2026-02-02, troughs 18.4 and 16.2 µg/mL.
 */
describe('PK target from the protocol and shadow MIPD (target-trough study)', () => {
  let t: TestApp;
  let w: TrialWorld;
  let pid: string;
  const INFUSIONS = ['2026-02-02', '2026-03-02', '2026-03-30', '2026-04-27', '2026-05-25'];

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
    pid = (await enrolledParticipant(t, w)).id;
    // The fixture's screening form is PDNMS's: enrol under it, then the study runs target-trough v1 (set directly).
    await t.dataSource.query(`UPDATE study SET protocol_id = 'target-trough', protocol_version = '1' WHERE id = $1`, [w.studyId]);
    for (const date of INFUSIONS)
      expect((await api(t, w.invA).post(`/api/v1/participants/${pid}/infusions`, { date, doseMg: 300 })).status).toBe(201);
    for (const [sampledOn, concentrationUgPerMl] of [
      ['2026-04-27', 18.4],
      ['2026-05-25', 16.2],
    ] as const)
      expect((await api(t, w.invA).post(`/api/v1/participants/${pid}/troughs`, { sampledOn, concentrationUgPerMl })).status).toBe(201);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('target: the protocol default 10; 5 may be chosen; 7 is 400 naming target', async () => {
    const r = await api(t, w.invA).get(`/api/v1/participants/${pid}/dosing`);
    expect(r.status).toBe(200);
    expect(r.body.pkTargets).toMatchObject({
      allowedTargets: [10, 5],
      defaultTarget: 10,
      minProbability: 0.9,
      clause: { id: 'PK-TARGET' },
    });
    expect(r.body.pk.target).toEqual({ ugPerMl: 10, minProbability: 0.9 });
    const longest =
      r.body.pk.candidates.filter((c: { probabilityAtOrAboveTarget: number }) => c.probabilityAtOrAboveTarget >= 0.9).at(-1)
        ?.intervalWeeks ?? 4;
    expect(r.body.pk.recommendedIntervalWeeks).toBe(longest);
    const five = await api(t, w.invA).get(`/api/v1/participants/${pid}/dosing?target=5&course=6`);
    expect(five.status).toBe(200);
    expect(five.body.pk.target.ugPerMl).toBe(5);
    expect(five.body.pk.course.projection.intervalWeeks).toBe(6);
    const seven = await api(t, w.invA).get(`/api/v1/participants/${pid}/dosing?target=7`);
    expect(seven.status).toBe(400);
    expect(seven.body.details).toEqual([expect.objectContaining({ field: 'target', code: 'TARGET_NOT_IN_PROTOCOL' })]);
    const badCourse = await api(t, w.invA).get(`/api/v1/participants/${pid}/dosing?course=9`);
    expect(badCourse.status).toBe(400);
    expect(badCourse.body.details[0].field).toBe('course');
  });

  it('a decision stores the model recommendation at the protocol default; the report evaluates it after a trough at the new interval', async () => {
    const view = (await api(t, w.invA).get(`/api/v1/participants/${pid}/dosing`)).body;
    const proposal = view.proposal;
    const d = await api(t, w.invA).post(`/api/v1/participants/${pid}/dosing/decisions`, {
      action: 'confirm',
      basedOnProposal: { decision: proposal.decision, nextIntervalWeeks: proposal.nextIntervalWeeks, asOf: proposal.asOf },
    });
    expect(d.status).toBe(201);
    expect(d.body).toMatchObject({
      shadowModelId: 'natalizumab-2cmt-mm-vandenberg2025',
      shadowTargetUgPerMl: 10,
      shadowMinProbability: 0.9,
      shadowIntervalWeeks: view.pk.recommendedIntervalWeeks,
    });
    expect(d.body.shadowProbability).toBeGreaterThanOrEqual(0.9);

    const before = await api(t, w.monitor).get(`/api/v1/studies/${w.studyId}/reports/shadow-mipd`);
    expect(before.body.participants[0].decisions[0]).toMatchObject({ evaluable: false, reason: 'no trough at the new interval yet' });

    // The next infusion on its due day, with its pre-dose trough: a trough at the new interval.
    const clock = t.app.get(Clock);
    const due = d.body.nextInfusionDue as string;
    try {
      clock.pin(due);
      expect(
        (await api(t, w.invA).post(`/api/v1/participants/${pid}/troughs`, { sampledOn: due, concentrationUgPerMl: 12.0 })).status,
      ).toBe(201);
      expect((await api(t, w.invA).post(`/api/v1/participants/${pid}/infusions`, { date: due, doseMg: 300 })).status).toBe(201);
      const r = await api(t, w.monitor).get(`/api/v1/studies/${w.studyId}/reports/shadow-mipd?participantId=${pid}`);
      expect(r.status).toBe(200);
      const e = r.body.participants[0].decisions[0];
      expect(e.evaluable).toBe(true);
      // PE = (interval − reference) / reference × 100 for both, against the same reference.
      expect(e.protocolErrorPct).toBeCloseTo(((proposal.nextIntervalWeeks - e.referenceIntervalWeeks) / e.referenceIntervalWeeks) * 100, 6);
      expect(e.modelErrorPct).toBeCloseTo(((d.body.shadowIntervalWeeks - e.referenceIntervalWeeks) / e.referenceIntervalWeeks) * 100, 6);
      expect(r.body.pooled).toMatchObject({ evaluable: 1, protocolMeanErrorPct: e.protocolErrorPct, modelMeanErrorPct: e.modelErrorPct });
      expect(r.body.pooled.protocolMeanAbsErrorPct).toBeCloseTo(Math.abs(e.protocolErrorPct), 6);
    } finally {
      clock.pin(TODAY);
    }
  });
});
