import { createTestApp, TestApp } from './support/test-app';
import { api, createTrialWorld, enrolledParticipant, TODAY, TrialWorld } from './support/trial-fixtures';

/**
 * Issue 13 through the API: activity answered only by a decision that saw it, the superseding same-day decision,
 * the PML safety stop P0, no clamping of an override, same-day duplicate troughs. Expected values are worked from
 * protocols/pdnms-v1.json (P0–P5, start/min 4, max 8 weeks, A7 due = last infusion + interval × 7 days, tolerance
 * ±3 days) — never from running the engine.
 *
 * Course (as test/dosing.e2e-spec.ts, all 28-day gaps, on schedule): screening infusions 2025-12-08, 2026-01-05,
 * study infusions 2026-02-02, 03-02, 03-30, 04-27, 05-25; troughs 18.4 (04-27) and 16.2 (05-25), both > 15 at
 * 4 weeks → P4 EXTEND to 5. Today is 2026-06-15 (pinned Clock).
 */
describe('Dosing safety (issue 13): activity, superseding decisions, PML suspension, no clamping', () => {
  let t: TestApp;
  let w: TrialWorld;
  const INFUSIONS = ['2026-02-02', '2026-03-02', '2026-03-30', '2026-04-27', '2026-05-25'];

  async function participantOnCourse(): Promise<string> {
    const pid = (await enrolledParticipant(t, w)).id;
    for (const date of INFUSIONS)
      expect((await api(t, w.invA).post(`/api/v1/participants/${pid}/infusions`, { date, doseMg: 300 })).status).toBe(201);
    for (const [sampledOn, c] of [
      ['2026-04-27', 18.4],
      ['2026-05-25', 16.2],
    ] as const)
      expect((await api(t, w.invA).post(`/api/v1/participants/${pid}/troughs`, { sampledOn, concentrationUgPerMl: c })).status).toBe(201);
    return pid;
  }
  const proposalOf = async (pid: string) => (await api(t, w.invA).get(`/api/v1/participants/${pid}/dosing`)).body.proposal;
  const decide = (pid: string, body: Record<string, unknown>) => api(t, w.invA).post(`/api/v1/participants/${pid}/dosing/decisions`, body);
  const pmlAe = (onsetDate: string) => ({
    term: 'New cognitive symptoms — PML to be excluded',
    onsetDate,
    severity: 'severe',
    seriousnessCriteria: ['IMPORTANT_MEDICAL_EVENT'],
    relatedness: 'possible',
    actionTaken: 'drug-interrupted',
    outcome: 'not-recovered',
    pmlSuspected: true,
  });

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('activity entered after an extension, and the superseding same-day decision', () => {
    let pid: string;
    let extensionId: string;

    beforeAll(async () => {
      pid = await participantOnCourse();
      const r = await decide(pid, { action: 'confirm', basedOnProposal: { decision: 'EXTEND', nextIntervalWeeks: 5, asOf: TODAY } });
      expect(r.status).toBe(201);
      extensionId = r.body.id;
    });

    it('a relapse dated before the extension but entered after it → ACTIVITY_REVIEW (P1), 5 → 4 weeks', async () => {
      const rel = await api(t, w.invA).post(`/api/v1/participants/${pid}/relapses`, {
        onsetDate: '2026-05-20',
        confirmedByNeurologist: true,
      });
      expect(rel.status).toBe(201);
      const p = await proposalOf(pid);
      // P1: revert to activityRevertWeeks 4; interval in force 5 (today's decision); due 05-25 + 4 × 7 = 06-22.
      expect(p).toMatchObject({
        decision: 'ACTIVITY_REVIEW',
        rule: 'P1',
        currentIntervalWeeks: 5,
        nextIntervalWeeks: 4,
        nextInfusionDue: '2026-06-22',
        investigatorReview: true,
      });
      expect(p.unansweredActivity).toEqual([expect.objectContaining({ kind: 'relapse', date: '2026-05-20', recordId: rel.body.id })]);
      const [row] = await t.dataSource.query(`SELECT seen_activity_ids FROM dosing_decision WHERE id = $1`, [extensionId]);
      expect(row.seen_activity_ids).toEqual([]);
    });

    it('a second same-day decision without "supersede" is 409 DECISION_EXISTS; supersede without a reason is 400 naming reason', async () => {
      const based = { decision: 'ACTIVITY_REVIEW', nextIntervalWeeks: 4, asOf: TODAY };
      const plain = await decide(pid, { action: 'confirm', basedOnProposal: based });
      expect(plain.status).toBe(409);
      expect(plain.body.code).toBe('DECISION_EXISTS');
      const noReason = await decide(pid, { action: 'confirm', supersede: true, basedOnProposal: based });
      expect(noReason.status).toBe(400);
      expect(noReason.body.details).toEqual([expect.objectContaining({ field: 'reason', code: 'REASON_REQUIRED' })]);
    });

    it('superseding decision: stored, audited; the earlier one kept and marked; proposal and overview read the current one', async () => {
      const r = await decide(pid, {
        action: 'confirm',
        supersede: true,
        reason: "Relapse of 2026-05-20 reported after this morning's extension",
        basedOnProposal: { decision: 'ACTIVITY_REVIEW', nextIntervalWeeks: 4, asOf: TODAY },
      });
      expect(r.status).toBe(201);
      // A7: last infusion 05-25 + 4 × 7 = 06-22.
      expect(r.body).toMatchObject({
        proposedDecision: 'ACTIVITY_REVIEW',
        intervalWeeks: 4,
        nextInfusionDue: '2026-06-22',
        supersededBy: null,
      });
      const rows = await t.dataSource.query(
        `SELECT id, superseded_by, superseded_at IS NOT NULL AS marked FROM dosing_decision WHERE participant_id = $1 ORDER BY created_at`,
        [pid],
      );
      expect(rows).toEqual([
        { id: extensionId, superseded_by: r.body.id, marked: true },
        { id: r.body.id, superseded_by: null, marked: false },
      ]);
      const audit = await t.dataSource.query(
        `SELECT entity_id, action, reason FROM audit_event WHERE entity_type = 'dosing_decision' AND participant_id = $1 ORDER BY occurred_at, id`,
        [pid],
      );
      expect(audit.map((a: { action: string }) => a.action).sort()).toEqual(['decision-confirm', 'decision-confirm', 'decision-supersede']);
      expect(audit.find((a: { action: string }) => a.action === 'decision-supersede')).toMatchObject({
        entity_id: extensionId,
        reason: expect.stringContaining('Relapse'),
      });

      // The P1 decision saw the relapse and restarts the count: both troughs (≤ today) predate it → P3 at 4 weeks.
      const p = await proposalOf(pid);
      expect(p).toMatchObject({
        decision: 'KEEP_AWAIT_TROUGH',
        rule: 'P3',
        currentIntervalWeeks: 4,
        nextIntervalWeeks: 4,
        intervalSource: 'decisions',
        unansweredActivity: [],
      });
      const overview = await api(t, w.invA).get(`/api/v1/participants/${pid}`);
      expect(overview.body).toMatchObject({ currentIntervalWeeks: 4, nextInfusionDue: '2026-06-22' });
      const list = await api(t, w.monitor).get(`/api/v1/participants/${pid}/dosing/decisions`);
      expect(list.body.items.map((d: { supersededBy: string | null }) => d.supersededBy)).toEqual([null, r.body.id]);
    });

    it('no further superseding once the proposal is no longer a new activity review or safety stop (409 SUPERSEDE_NOT_ALLOWED)', async () => {
      const r = await decide(pid, {
        action: 'confirm',
        supersede: true,
        reason: 'again',
        basedOnProposal: { decision: 'KEEP_AWAIT_TROUGH', nextIntervalWeeks: 4, asOf: TODAY },
      });
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('SUPERSEDE_NOT_ALLOWED');
    });
  });

  describe('PML suspicion → SUSPEND', () => {
    let pid: string;
    let ae: { id: string; version: number };

    beforeAll(async () => {
      pid = await participantOnCourse();
      const r = await api(t, w.invA).post(`/api/v1/participants/${pid}/adverse-events`, pmlAe('2026-06-10'));
      expect(r.status).toBe(201);
      ae = r.body;
    });

    it('the proposal is SUSPEND (P0), no infusion due, the suspicion named', async () => {
      const p = await proposalOf(pid);
      expect(p).toMatchObject({
        decision: 'SUSPEND',
        rule: 'P0',
        nextInfusionDue: null,
        nextInfusionWindow: null,
        investigatorReview: true,
      });
      expect(p.pmlSuspicions).toEqual([{ id: ae.id, onset: '2026-06-10', term: 'New cognitive symptoms — PML to be excluded' }]);
    });

    it('the participant list, the participant overview and the monitor dashboard show the suspension', async () => {
      expect((await api(t, w.invA).get(`/api/v1/participants/${pid}`)).body).toMatchObject({ dosingSuspended: true, pmlSuspected: true });
      const list = await api(t, w.monitor).get(`/api/v1/participants?studyId=${w.studyId}&pml=true`);
      expect(list.status).toBe(200);
      expect(list.body.items.find((p: { id: string }) => p.id === pid)).toMatchObject({ dosingSuspended: true });
      const dash = await api(t, w.monitor).get(`/api/v1/studies/${w.studyId}/pml-suspicions`);
      expect(dash.body.items.find((a: { id: string }) => a.id === ae.id)).toMatchObject({ dosingSuspended: true, participantId: pid });
      // The infusion plan says it is on hold.
      expect((await api(t, w.invA).get(`/api/v1/participants/${pid}/schedule`)).body.dosingSuspended).toBe(true);
    });

    it('an extension confirm is refused with DOSING_SUSPENDED; so is an override; nothing is stored', async () => {
      const c = await decide(pid, { action: 'confirm', basedOnProposal: { decision: 'EXTEND', nextIntervalWeeks: 5, asOf: TODAY } });
      expect(c.status).toBe(409);
      expect(c.body.code).toBe('DOSING_SUSPENDED');
      expect(c.body.message).toContain('New cognitive symptoms');
      const o = await decide(pid, {
        action: 'override',
        intervalWeeks: 6,
        reason: 'x',
        basedOnProposal: { decision: 'SUSPEND', nextIntervalWeeks: 4, asOf: TODAY },
      });
      expect(o.status).toBe(409);
      expect(o.body.code).toBe('DOSING_SUSPENDED');
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM dosing_decision WHERE participant_id = $1`, [pid]))[0].n).toBe(0);
    });

    it('resolved today → no longer suspended: the proposal is EXTEND again, the flags clear', async () => {
      const r = await api(t, w.invA).patch(`/api/v1/participants/${pid}/adverse-events/${ae.id}`, {
        resolutionDate: TODAY,
        outcome: 'recovered',
        version: ae.version,
        reason: 'PML excluded (CSF JCV DNA negative)',
      });
      expect(r.status).toBe(200);
      // P4 on 18.4 and 16.2; due 05-25 + 5 × 7 = 06-29.
      expect(await proposalOf(pid)).toMatchObject({
        decision: 'EXTEND',
        nextIntervalWeeks: 5,
        nextInfusionDue: '2026-06-29',
        pmlSuspicions: [],
      });
      expect((await api(t, w.invA).get(`/api/v1/participants/${pid}`)).body.dosingSuspended).toBe(false);
      const dash = await api(t, w.monitor).get(`/api/v1/studies/${w.studyId}/pml-suspicions`);
      expect(dash.body.items.find((a: { id: string }) => a.id === ae.id)).toMatchObject({ dosingSuspended: false });
    });

    it('an infusion entered during a suspension is stored with a warning naming the suspension', async () => {
      const other = await participantOnCourse();
      expect((await api(t, w.invA).post(`/api/v1/participants/${other}/adverse-events`, pmlAe('2026-06-01'))).status).toBe(201);
      const inf = await api(t, w.invA).post(`/api/v1/participants/${other}/infusions`, { date: '2026-06-15', doseMg: 300 });
      expect(inf.status).toBe(201);
      expect(inf.body.warnings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'date', code: 'DOSING_SUSPENDED', message: expect.stringContaining('New cognitive symptoms') }),
        ]),
      );
      // Before the suspicion's onset (06-01) there is no warning.
      expect(
        (await t.dataSource.query(`SELECT warnings FROM infusion WHERE participant_id = $1 AND date = '2026-05-25'`, [other]))[0].warnings,
      ).toEqual([]);
    });
  });

  it("a PML suspicion after this morning's extension: the suspension supersedes it, keeps the interval in force before it, nothing due", async () => {
    const pid = await participantOnCourse();
    const ext = await decide(pid, { action: 'confirm', basedOnProposal: { decision: 'EXTEND', nextIntervalWeeks: 5, asOf: TODAY } });
    expect(ext.status).toBe(201);
    expect((await api(t, w.invA).post(`/api/v1/participants/${pid}/adverse-events`, pmlAe(TODAY))).status).toBe(201);
    // Interval in force is now 5 (this morning's decision); P0 keeps it → SUSPEND, 5 → 5.
    expect(await proposalOf(pid)).toMatchObject({
      decision: 'SUSPEND',
      currentIntervalWeeks: 5,
      nextIntervalWeeks: 5,
      nextInfusionDue: null,
    });
    const based = { decision: 'SUSPEND', nextIntervalWeeks: 5, asOf: TODAY };
    expect((await decide(pid, { action: 'confirm', basedOnProposal: based })).body.code).toBe('DECISION_EXISTS');
    const r = await decide(pid, {
      action: 'confirm',
      supersede: true,
      reason: 'PML suspicion raised after the extension',
      basedOnProposal: based,
    });
    expect(r.status).toBe(201);
    // The extension is undone: the suspension records the 4 weeks in force before it; no due date; it saw no activity.
    expect(r.body).toMatchObject({ proposedDecision: 'SUSPEND', intervalWeeks: 4, nextInfusionDue: null, seenActivityIds: [] });
    const rows = await t.dataSource.query(`SELECT id FROM dosing_decision WHERE participant_id = $1 AND superseded_by = $2`, [
      pid,
      r.body.id,
    ]);
    expect(rows).toEqual([{ id: ext.body.id }]);
    expect(await proposalOf(pid)).toMatchObject({ decision: 'SUSPEND', currentIntervalWeeks: 4 });
  });

  it('an override outside 4–8 weeks is 400 naming the field and the bounds, never clamped (issue: 12 became 8)', async () => {
    const pid = await participantOnCourse();
    const r = await decide(pid, {
      action: 'override',
      intervalWeeks: 12,
      reason: 'Try 12',
      basedOnProposal: { decision: 'EXTEND', nextIntervalWeeks: 5, asOf: TODAY },
    });
    expect(r.status).toBe(400);
    expect(r.body.details).toEqual([
      expect.objectContaining({ field: 'intervalWeeks', code: 'VALUE_OUT_OF_RANGE', reason: expect.stringContaining('4–8 weeks') }),
    ]);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM dosing_decision WHERE participant_id = $1`, [pid]))[0].n).toBe(0);
  });

  it('same-day duplicate trough: soft warning at entry, data-quality flag for the monitor, the engine uses the lowest', async () => {
    const pid = await participantOnCourse();
    const dup = await api(t, w.invA).post(`/api/v1/participants/${pid}/troughs`, { sampledOn: '2026-05-25', concentrationUgPerMl: 14.9 });
    expect(dup.status).toBe(201);
    expect(dup.body.warnings).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'sampledOn', code: 'DUPLICATE_TROUGH_DATE' })]),
    );
    const flags = await api(t, w.monitor).get(`/api/v1/studies/${w.studyId}/overdue?kind=trough-duplicates`);
    expect(flags.status).toBe(200);
    expect(flags.body.items.filter((i: { participantId: string }) => i.participantId === pid)).toEqual([
      expect.objectContaining({ dueBy: '2026-05-25', detail: { results: 2 } }),
    ]);
    // One occasion on 05-25, lowest 14.9 ≤ 15 → latest two troughs 18.4 and 14.9 → not both > 15 → P5 KEEP.
    const p = await proposalOf(pid);
    expect(p).toMatchObject({ decision: 'KEEP', rule: 'P5', duplicateTroughDates: ['2026-05-25'] });
  });
});
