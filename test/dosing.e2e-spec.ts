import { Clock } from '@eid/trial';
import { buildOpenApiDocument } from '../apps/api/src/openapi-document';
import { answerChecker } from './support/openapi-schema';
import { createTestApp, TestApp } from './support/test-app';
import { api, createTrialWorld, enrolledParticipant, TODAY, TrialWorld } from './support/trial-fixtures';

/**
 * The dosing module end to end on a participant built through the API. Expected values come from the
 * protocol file (protocols/pdnms-v1.json: P4 "> 15 µg/mL twice → +1 week", D-MIN 4, D-MAX 8, A7 due date =
 * last infusion + interval × 7 days) and docs/science/protocols.md, never from running the engine.
 *
 * Course (all 4-week gaps): screening infusions 2025-12-08 and 2026-01-05 (screening trough 21.4 µg/mL, A9(a)
 * counts it), study infusions 2026-02-02, 03-02, 03-30, 04-27, 05-25, troughs 18.4 on 04-27 and 16.2 on 05-25.
 * Today is 2026-06-15 (pinned Clock).
 */
describe('Dosing: proposal, confirm/override decisions, site scope, audit', () => {
  let t: TestApp;
  let w: TrialWorld;
  let pid: string;

  const INFUSIONS = ['2026-02-02', '2026-03-02', '2026-03-30', '2026-04-27', '2026-05-25'];

  async function buildCourse(participantId: string, troughs: Array<[string, number]>): Promise<void> {
    for (const date of INFUSIONS) {
      const r = await api(t, w.invA).post(`/api/v1/participants/${participantId}/infusions`, { date, doseMg: 300 });
      expect(r.status).toBe(201);
    }
    for (const [sampledOn, concentrationUgPerMl] of troughs) {
      const r = await api(t, w.invA).post(`/api/v1/participants/${participantId}/troughs`, { sampledOn, concentrationUgPerMl });
      expect(r.status).toBe(201);
    }
  }

  const decisionRows = async (participantId: string) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM dosing_decision WHERE participant_id = $1`, [participantId]))[0].n as number;

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
    pid = (await enrolledParticipant(t, w)).id;
    await buildCourse(pid, [
      ['2026-04-27', 18.4],
      ['2026-05-25', 16.2],
    ]);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('GET proposal: two troughs > 15 at 4 weeks → EXTEND to 5 weeks, reasons naming P4 and the values; PK table; inputs', async () => {
    const r = await api(t, w.invA).get(`/api/v1/participants/${pid}/dosing`);
    expect(r.status).toBe(200);
    expect(r.body.asOf).toBe(TODAY);
    expect(r.body.protocol).toMatchObject({ id: 'pdnms', version: '1' });
    expect(r.body.proposal).toMatchObject({ decision: 'EXTEND', rule: 'P4', currentIntervalWeeks: 4, nextIntervalWeeks: 5 });
    // A7: last infusion 2026-05-25 + 5 × 7 days.
    expect(r.body.proposal.nextInfusionDue).toBe('2026-06-29');
    const p4 = r.body.proposal.reasons.filter((x: { clause: string }) => x.clause === 'P4');
    expect(p4.length).toBeGreaterThan(0);
    const text = p4.map((x: { text: string }) => x.text).join(' ');
    expect(text).toContain('18.4');
    expect(text).toContain('16.2');
    expect(p4.some((x: { threshold?: number }) => x.threshold === 15)).toBe(true);
    // PK: default model, one candidate per week from D-MIN 4 to D-MAX 8, fitted on the three troughs.
    expect(r.body.pk.model.id).toBe('natalizumab-2cmt-mm-vandenberg2025');
    expect(r.body.pk.model.validationStatus).toContain("secondary, machine extraction of the paper's Table 2");
    expect(r.body.pk.candidates.map((c: { intervalWeeks: number }) => c.intervalWeeks)).toEqual([4, 5, 6, 7, 8]);
    // PDNMS defines no PK target (docs/science/protocols.md (a)): no probability, no recommendation, nothing to choose from.
    expect(r.body.pk.target).toBeNull();
    expect(r.body.pk.recommendedIntervalWeeks).toBeNull();
    expect(r.body.pkTargets).toMatchObject({ allowedTargets: [], defaultTarget: null, minProbability: 0.9 });
    expect(r.body.pk.fit).toHaveLength(3);
    expect(r.body.pk.advisory).toMatch(/advisory/);
    expect(r.body.inputs).toMatchObject({
      asOf: TODAY,
      infusions: { count: 7, first: '2025-12-08', last: '2026-05-25' },
      troughs: { count: 3, latest: { date: '2026-05-25', ugPerMl: 16.2 } },
      decisions: [],
    });
  });

  it('the dosing view answers what its OpenAPI schema declares (PK part and models typed; the web reads them without casts)', async () => {
    const doc = await buildOpenApiDocument();
    const r = await api(t, w.invA).get(`/api/v1/participants/${pid}/dosing?course=6`);
    expect(r.status).toBe(200);
    expect(r.body.pk.course.projection.intervalWeeks).toBe(6);
    expect(answerChecker(doc).schema('DosingViewDto', r.body)).toEqual([]);
    // The check can fail: an undeclared key deep in the answer, and a required one missing, are both named.
    const { advisory: _a, ...pk } = r.body.pk;
    const course = { ...pk.course, projection: { ...pk.course.projection, extra: 1 } };
    expect(answerChecker(doc).schema('DosingViewDto', { ...r.body, pk: { ...pk, course } })).toEqual([
      '/pk/advisory missing',
      '/pk/course/projection/extra not declared',
    ]);
  });

  it('GET ?model= chooses a PK model; an unknown one is 400 naming the field', async () => {
    const ok = await api(t, w.monitor).get(`/api/v1/participants/${pid}/dosing?model=natalizumab-1cmt-linear-illustrative`);
    expect(ok.status).toBe(200);
    expect(ok.body.pk.model.id).toBe('natalizumab-1cmt-linear-illustrative');
    const bad = await api(t, w.invA).get(`/api/v1/participants/${pid}/dosing?model=nope`);
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'model', code: 'UNKNOWN_PK_MODEL' })]);
  });

  it('GET ?target= on PDNMS (no PK target in the protocol) is 400 naming target', async () => {
    const r = await api(t, w.invA).get(`/api/v1/participants/${pid}/dosing?target=10`);
    expect(r.status).toBe(400);
    expect(r.body.details).toEqual([expect.objectContaining({ field: 'target', code: 'TARGET_NOT_IN_PROTOCOL' })]);
  });

  it("another site's investigator gets 404 on every dosing route; a statistician may read but not decide (403)", async () => {
    const body = { action: 'confirm', basedOnProposal: { decision: 'EXTEND', nextIntervalWeeks: 5, asOf: TODAY } };
    expect((await api(t, w.invB).get(`/api/v1/participants/${pid}/dosing`)).status).toBe(404);
    expect((await api(t, w.invB).get(`/api/v1/participants/${pid}/dosing/decisions`)).status).toBe(404);
    expect((await api(t, w.invB).post(`/api/v1/participants/${pid}/dosing/decisions`, body)).status).toBe(404);
    expect((await api(t, w.statistician).get(`/api/v1/participants/${pid}/dosing`)).status).toBe(200);
    expect((await api(t, w.statistician).post(`/api/v1/participants/${pid}/dosing/decisions`, body)).status).toBe(403);
    expect((await api(t, w.monitor).post(`/api/v1/participants/${pid}/dosing/decisions`, body)).status).toBe(403);
    expect(await decisionRows(pid)).toBe(0);
  });

  it('bad decisions are 400 naming the field and write nothing', async () => {
    const url = `/api/v1/participants/${pid}/dosing/decisions`;
    const based = { decision: 'EXTEND', nextIntervalWeeks: 5, asOf: TODAY };
    const noReason = await api(t, w.invA).post(url, { action: 'override', intervalWeeks: 4, basedOnProposal: based });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details).toEqual([expect.objectContaining({ field: 'reason' })]);
    // D-MAX is 8 weeks and D-MIN 4 weeks in pdnms-v1.json.
    const tooLong = await api(t, w.invA).post(url, { action: 'override', intervalWeeks: 9, reason: 'Try 9', basedOnProposal: based });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.details).toEqual([expect.objectContaining({ field: 'intervalWeeks', code: 'VALUE_OUT_OF_RANGE' })]);
    const tooShort = await api(t, w.invA).post(url, { action: 'override', intervalWeeks: 3, reason: 'Try 3', basedOnProposal: based });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.details[0].field).toBe('intervalWeeks');
    const noInterval = await api(t, w.invA).post(url, { action: 'override', reason: 'x', basedOnProposal: based });
    expect(noInterval.status).toBe(400);
    expect(noInterval.body.details[0].field).toBe('intervalWeeks');
    const badAction = await api(t, w.invA).post(url, { action: 'approve', basedOnProposal: based });
    expect(badAction.status).toBe(400);
    expect(badAction.body.details[0].field).toBe('action');
    const noBasis = await api(t, w.invA).post(url, { action: 'confirm' });
    expect(noBasis.status).toBe(400);
    expect(noBasis.body.details[0].field).toBe('basedOnProposal');
    expect(await decisionRows(pid)).toBe(0);
  });

  it('a stale proposal is 409 PROPOSAL_CHANGED carrying the current proposal', async () => {
    const r = await api(t, w.invA).post(`/api/v1/participants/${pid}/dosing/decisions`, {
      action: 'confirm',
      basedOnProposal: { decision: 'KEEP_AWAIT_TROUGH', nextIntervalWeeks: 4, asOf: '2026-05-25' },
    });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('PROPOSAL_CHANGED');
    expect(r.body.details.current).toMatchObject({ decision: 'EXTEND', nextIntervalWeeks: 5 });
    expect(await decisionRows(pid)).toBe(0);
  });

  it('confirm: stored with protocol version and input snapshot, audited, next infusion due = last infusion + 5 weeks', async () => {
    const r = await api(t, w.invA).post(`/api/v1/participants/${pid}/dosing/decisions`, {
      action: 'confirm',
      basedOnProposal: { decision: 'EXTEND', nextIntervalWeeks: 5, asOf: TODAY },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      action: 'confirm',
      decidedOn: TODAY,
      protocolId: 'pdnms',
      protocolVersion: '1',
      proposedDecision: 'EXTEND',
      currentIntervalWeeks: 4,
      intervalWeeks: 5,
      nextInfusionDue: '2026-06-29',
      decidedBy: w.invA.id,
    });
    // Shadow MIPD: the model is recorded; PDNMS has no target, so no recommended interval or probability.
    expect(r.body).toMatchObject({
      shadowModelId: 'natalizumab-2cmt-mm-vandenberg2025',
      shadowModelVersion: '1.0.0',
      shadowTargetUgPerMl: null,
      shadowIntervalWeeks: null,
      shadowProbability: null,
    });
    const [row] = await t.dataSource.query(`SELECT inputs FROM dosing_decision WHERE id = $1`, [r.body.id]);
    expect(row.inputs.history.troughs.map((x: { ugPerMl: number }) => x.ugPerMl)).toEqual(expect.arrayContaining([21.4, 18.4, 16.2]));

    const audit = await t.dataSource.query(
      `SELECT action, actor_user_id, changes, reason FROM audit_event WHERE entity_type = 'dosing_decision' AND entity_id = $1`,
      [r.body.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'decision-confirm', actor_user_id: w.invA.id });
    expect(audit[0].changes.intervalWeeks).toEqual({ old: 4, new: 5 });
    expect(audit[0].changes.shadowMipd.new).toMatchObject({
      shadowModelId: 'natalizumab-2cmt-mm-vandenberg2025',
      shadowIntervalWeeks: null,
    });

    // The shadow-MIPD report lists the decision as not evaluable, with the reason; another site's investigator: 404.
    const report = await api(t, w.monitor).get(`/api/v1/studies/${w.studyId}/reports/shadow-mipd`);
    expect(report.status).toBe(200);
    expect(report.body.pooled).toMatchObject({ evaluable: 0, protocolMeanErrorPct: null, modelMeanErrorPct: null });
    expect(report.body.participants[0].decisions[0]).toMatchObject({
      decisionId: r.body.id,
      evaluable: false,
      reason: expect.stringMatching(/no PK target/),
    });
    expect((await api(t, w.invB).get(`/api/v1/studies/${w.studyId}/reports/shadow-mipd?participantId=${pid}`)).status).toBe(404);
    const plan = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE entity_type = 'infusion_plan' AND participant_id = $1 AND action = 'update'`,
      [pid],
    );
    expect(plan[0].n).toBe(1);

    const schedule = await api(t, w.invA).get(`/api/v1/participants/${pid}/schedule`);
    expect(schedule.status).toBe(200);
    expect(schedule.body.nextInfusionDue).toBe('2026-06-29');
    const replanned = schedule.body.infusions.filter((i: { dueDate: string }) => i.dueDate > '2026-05-25');
    expect(replanned[0]).toMatchObject({ dueDate: '2026-06-29', intervalWeeks: 5 });
    // Every later planned infusion follows the 5-week interval.
    expect(replanned.every((i: { intervalWeeks: number }) => i.intervalWeeks === 5)).toBe(true);
  });

  it('the confirmed decision feeds back: the next proposal counts from it (5 weeks, no trough at 5 weeks yet → P3)', async () => {
    const r = await api(t, w.invA).get(`/api/v1/participants/${pid}/dosing`);
    expect(r.body.proposal).toMatchObject({
      decision: 'KEEP_AWAIT_TROUGH',
      rule: 'P3',
      currentIntervalWeeks: 5,
      nextIntervalWeeks: 5,
      intervalSource: 'decisions',
    });
    expect(r.body.inputs.decisions).toEqual([{ date: TODAY, intervalWeeks: 5 }]);
    // A second decision the same day is refused whatever it was based on.
    const again = await api(t, w.invA).post(`/api/v1/participants/${pid}/dosing/decisions`, {
      action: 'confirm',
      basedOnProposal: { decision: 'KEEP_AWAIT_TROUGH', nextIntervalWeeks: 5, asOf: TODAY },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DECISION_EXISTS');
  });

  it('override with a reason on a later day; decisions list newest first with cursor pages; timeline shows them', async () => {
    const clock = t.app.get(Clock);
    try {
      clock.pin('2026-06-29');
      const inf = await api(t, w.invA).post(`/api/v1/participants/${pid}/infusions`, { date: '2026-06-29', doseMg: 300 });
      expect(inf.status).toBe(201);
      const proposal = (await api(t, w.invA).get(`/api/v1/participants/${pid}/dosing`)).body.proposal;
      const r = await api(t, w.invA).post(`/api/v1/participants/${pid}/dosing/decisions`, {
        action: 'override',
        intervalWeeks: 4,
        reason: 'Patient asks to return to 4 weeks before travelling',
        basedOnProposal: { decision: proposal.decision, nextIntervalWeeks: proposal.nextIntervalWeeks, asOf: proposal.asOf },
      });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({
        action: 'override',
        intervalWeeks: 4,
        nextInfusionDue: '2026-07-27',
        reason: 'Patient asks to return to 4 weeks before travelling',
      });
      const audit = await t.dataSource.query(`SELECT action, reason FROM audit_event WHERE entity_id = $1`, [r.body.id]);
      expect(audit).toEqual([{ action: 'decision-override', reason: 'Patient asks to return to 4 weeks before travelling' }]);

      const page1 = await api(t, w.monitor).get(`/api/v1/participants/${pid}/dosing/decisions?limit=1`);
      expect(page1.status).toBe(200);
      expect(page1.body.items.map((d: { decidedOn: string }) => d.decidedOn)).toEqual(['2026-06-29']);
      expect(page1.body.nextCursor).toEqual(expect.any(String));
      const page2 = await api(t, w.monitor).get(`/api/v1/participants/${pid}/dosing/decisions?limit=1&cursor=${page1.body.nextCursor}`);
      expect(page2.body.items.map((d: { decidedOn: string }) => d.decidedOn)).toEqual([TODAY]);
      // Who decided, by name (the fixture user's display name), for the decision history on screen.
      expect(page1.body.items[0]).toMatchObject({ decidedBy: w.invA.id, decidedByName: 'inv-a' });
      expect(page2.body.nextCursor).toBeNull();
      expect(page2.body.items[0].inputs).toBeUndefined();

      const timeline = await api(t, w.invA).get(`/api/v1/participants/${pid}/timeline`);
      expect(timeline.status).toBe(200);
      expect(timeline.body.decisions).toHaveLength(2);
    } finally {
      clock.pin(TODAY);
    }
  });
});
