import { RequestContext } from '@eid/core';
import { ParticipantHistoryService, RecordChange, RecordChangeHooks, ScheduleService } from '@eid/trial';
import { createTestApp, TestApp } from './support/test-app';
import { api, createTrialWorld, enrolledParticipant, TrialWorld } from './support/trial-fixtures';

/** Behaviour across forms: soft warnings, derived values, visit freeze, timeline, schedule replanning, hooks, history. */

// Real PostgreSQL under a shared, busy machine: allow for slow commits (the e2e default may not apply per project).
jest.setTimeout(60_000);

describe('eCRF workflow', () => {
  let t: TestApp;
  let w: TrialWorld;
  const seen: RecordChange[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
    t.app.get(RecordChangeHooks).register({ onRecordChange: async (_ctx, change) => void seen.push(change) });
  });
  afterAll(() => t.close());

  const actorCtx = (userId: string) =>
    RequestContext.system('e2e', {
      userId,
      email: 'x@example.org',
      displayName: 'x',
      isAdmin: false,
      memberships: [{ studyId: w.studyId, role: 'investigator', siteId: w.siteA.id }],
    });

  it('soft warnings are stored with the record and shown: early trough, unusual value, out-of-window visit', async () => {
    const p = await enrolledParticipant(t, w);
    const inf = await api(t, w.invA).post(`/api/v1/participants/${p.id}/infusions`, { date: '2026-03-02', doseMg: 600 });
    expect(inf.status).toBe(201);
    expect(inf.body.warnings).toEqual([expect.objectContaining({ field: 'doseMg', code: 'UNUSUAL_VALUE' })]);
    const tr = await api(t, w.invA).post(`/api/v1/participants/${p.id}/troughs`, {
      sampledOn: '2026-02-20',
      concentrationUgPerMl: 150,
      precedesInfusionId: inf.body.id,
    });
    expect(tr.status).toBe(201);
    expect(tr.body.warnings.map((x: { code: string }) => x.code).sort()).toEqual(['TROUGH_EARLY_SAMPLE', 'UNUSUAL_VALUE']);
    expect((await api(t, w.invA).get(`/api/v1/participants/${p.id}/troughs/${tr.body.id}`)).body.warnings).toHaveLength(2);
    const ok = await api(t, w.invA).post(`/api/v1/participants/${p.id}/troughs`, {
      sampledOn: '2026-02-28',
      concentrationUgPerMl: 18,
      precedesInfusionId: inf.body.id,
    });
    expect(ok.body.warnings).toEqual([]);

    const sched = (await api(t, w.invA).get(`/api/v1/participants/${p.id}/schedule`)).body;
    const late = await api(t, w.invA).post(`/api/v1/participants/${p.id}/clinic-visits`, {
      plannedVisitId: sched.visits[0].id,
      date: '2026-05-05',
    });
    expect(late.status).toBe(201);
    expect(late.body.windowFlag).toBe('late');
    expect(late.body.warnings).toEqual([expect.objectContaining({ field: 'date', code: 'OUT_OF_WINDOW' })]);
    const fixed = await api(t, w.invA).patch(`/api/v1/participants/${p.id}/clinic-visits/${late.body.id}`, {
      date: '2026-04-20',
      version: 1,
      reason: 'Date typo',
    });
    expect(fixed.body).toMatchObject({ windowFlag: 'in-window', warnings: [] });
    const after = (await api(t, w.invA).get(`/api/v1/participants/${p.id}/schedule`)).body;
    expect(after.visits[0]).toMatchObject({ status: 'done', recordedDate: '2026-04-20' });
  });

  it('adverse events: serious and expedited review derived from ICH E2A criteria; PML suspicion flagged', async () => {
    const p = await enrolledParticipant(t, w);
    const res = await api(t, w.invA).post(`/api/v1/participants/${p.id}/adverse-events`, {
      term: 'Progressive multifocal leukoencephalopathy suspected',
      onsetDate: '2026-05-01',
      severity: 'severe',
      seriousnessCriteria: ['HOSPITALISATION'],
      relatedness: 'probable',
      actionTaken: 'drug-interrupted',
      outcome: 'not-recovered',
      pmlSuspected: true,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ serious: true, expeditedReview: true, pmlSuspected: true });
    expect(res.body.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'PML_SUSPECTED' })]));
    const typed = await api(t, w.invA).post(`/api/v1/participants/${p.id}/adverse-events`, {
      term: 'Headache',
      onsetDate: '2026-05-01',
      severity: 'severe',
      relatedness: 'unlikely',
      actionTaken: 'none',
      outcome: 'recovered',
      serious: true,
    });
    expect(typed.status).toBe(400);
    expect(typed.body.details).toEqual([expect.objectContaining({ field: 'serious', code: 'UNKNOWN_FIELD' })]);
    const mild = await api(t, w.invA).post(`/api/v1/participants/${p.id}/adverse-events`, {
      term: 'Headache',
      onsetDate: '2026-05-01',
      severity: 'severe',
      relatedness: 'unlikely',
      actionTaken: 'none',
      outcome: 'recovered',
    });
    expect(mild.body).toMatchObject({ serious: false, expeditedReview: false, pmlSuspected: false });
    const pml = await api(t, w.monitor).get(`/api/v1/studies/${w.studyId}/pml-suspicions`);
    expect(pml.status).toBe(200);
    expect(pml.body.items.map((a: { id: string }) => a.id)).toEqual([res.body.id]);
    expect((await api(t, w.invB).get(`/api/v1/studies/${w.studyId}/pml-suspicions`)).body.items).toEqual([]);
    expect((await api(t, w.invA).get(`/api/v1/studies/${w.studyId}/pml-suspicions`)).body.items).toHaveLength(1);
  });

  it('a frozen visit refuses changes to its records with VISIT_FROZEN; other records stay editable', async () => {
    const p = await enrolledParticipant(t, w);
    const visit = (await api(t, w.invA).get(`/api/v1/participants/${p.id}/schedule`)).body.visits[0];
    const cv = (await api(t, w.invA).post(`/api/v1/participants/${p.id}/clinic-visits`, { plannedVisitId: visit.id, date: '2026-04-12' }))
      .body;
    const edss = (
      await api(t, w.invA).post(`/api/v1/participants/${p.id}/edss`, { plannedVisitId: visit.id, date: '2026-04-12', score: 2 })
    ).body;
    const other = (await api(t, w.invA).post(`/api/v1/participants/${p.id}/jcv`, { date: '2026-04-12', status: 'negative' })).body;
    expect(
      (await api(t, w.dataManager).post(`/api/v1/participants/${p.id}/visits/${visit.id}/freeze`, { version: visit.version })).status,
    ).toBe(400);
    const fr = await api(t, w.dataManager).post(`/api/v1/participants/${p.id}/visits/${visit.id}/freeze`, {
      version: visit.version,
      reason: 'Visit 1 cleaned',
    });
    expect(fr.status).toBe(200);
    for (const res of [
      await api(t, w.invA).patch(`/api/v1/participants/${p.id}/clinic-visits/${cv.id}`, { notes: 'x', version: cv.version, reason: 'x' }),
      await api(t, w.invA).delete(`/api/v1/participants/${p.id}/edss/${edss.id}`, { version: edss.version, reason: 'x' }),
      await api(t, w.invA).post(`/api/v1/participants/${p.id}/mri`, {
        plannedVisitId: visit.id,
        date: '2026-04-12',
        newOrEnlargingT2Count: 0,
        gadoliniumEnhancingCount: 0,
      }),
      await api(t, w.invA).patch(`/api/v1/participants/${p.id}/jcv/${other.id}`, {
        plannedVisitId: visit.id,
        version: other.version,
        reason: 'attach to visit',
      }),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('VISIT_FROZEN');
    }
    expect(
      (
        await api(t, w.invA).patch(`/api/v1/participants/${p.id}/jcv/${other.id}`, {
          index: 0.1,
          version: other.version,
          reason: 'lab value',
        })
      ).status,
    ).toBe(200);
    const stale = await api(t, w.dataManager).post(`/api/v1/participants/${p.id}/visits/${visit.id}/unfreeze`, {
      version: visit.version,
      reason: 'x',
    });
    expect(stale.body.code).toBe('STALE_VERSION');
    expect(
      (
        await api(t, w.dataManager).post(`/api/v1/participants/${p.id}/visits/${visit.id}/unfreeze`, {
          version: fr.body.version,
          reason: 'Query answered',
        })
      ).status,
    ).toBe(200);
    expect(
      (await api(t, w.invA).patch(`/api/v1/participants/${p.id}/clinic-visits/${cv.id}`, { notes: 'x', version: cv.version, reason: 'x' }))
        .status,
    ).toBe(200);
  });

  it('timeline: infusions with derived intervals, every form, planned visits and due dates in one call', async () => {
    const p = await enrolledParticipant(t, w);
    const post = (path: string, body: object) => api(t, w.invA).post(`/api/v1/participants/${p.id}/${path}`, body);
    await post('infusions', { date: '2026-02-02', doseMg: 300 });
    await post('infusions', { date: '2026-03-09', doseMg: 300 });
    await post('infusions', { date: '2026-03-30', administered: false, notAdministeredReason: 'Fever' });
    await post('infusions', { date: '2026-04-13', doseMg: 300 });
    await post('troughs', { sampledOn: '2026-03-08', concentrationUgPerMl: 17.2 });
    await post('jcv', { date: '2026-02-02', status: 'negative', index: 0.12 });
    await post('relapses', { onsetDate: '2026-05-20', functionalSystems: ['sensory'] });
    await post('mri', { date: '2026-04-14', newOrEnlargingT2Count: 0, gadoliniumEnhancingCount: 0 });
    await post('edss', { date: '2026-04-14', score: 2 });
    await post('adverse-events', {
      term: 'Headache',
      onsetDate: '2026-02-03',
      severity: 'mild',
      relatedness: 'possible',
      actionTaken: 'none',
      outcome: 'recovered',
    });
    const res = await api(t, w.invA).get(`/api/v1/participants/${p.id}/timeline`);
    expect(res.status).toBe(200);
    const tl = res.body;
    // First study infusion counts from the last pre-study infusion (2026-01-05); the skipped one has no interval.
    expect(
      tl.infusions.map((i: { date: string; intervalDays: number | null; intervalWeeks: number | null }) => [
        i.date,
        i.intervalDays,
        i.intervalWeeks,
      ]),
    ).toEqual([
      ['2026-02-02', 28, 4],
      ['2026-03-09', 35, 5],
      ['2026-03-30', null, null],
      ['2026-04-13', 35, 5],
    ]);
    for (const k of ['troughs', 'jcv', 'relapses', 'mri', 'edss', 'adverseEvents']) expect(tl[k]).toHaveLength(1);
    expect(tl.decisions).toEqual([]);
    // The fixture's screening evidence: trough 21.4 µg/mL on 2026-01-05 (drawn on the course plot).
    expect(tl.screeningTrough).toEqual({ sampledOn: '2026-01-05', concentrationUgPerMl: 21.4, belowLloq: false });
    // No seriousness criterion given: not an SAE.
    expect(tl.adverseEvents[0]).toMatchObject({ term: 'Headache', serious: false });
    expect(tl.schedule.visits).toHaveLength(8);
    // Visit 1 (2026-04-12) was never recorded: it stays the next due date (overdue) until it is.
    expect(tl.schedule.nextVisitDue).toBe('2026-04-12');
    expect(tl.schedule.visits[0].status).toBe('overdue');
    expect(tl.participant).toMatchObject({ id: p.id, code: p.code, status: 'enrolled' });
  });

  it('ScheduleService.applyInterval replans infusions from a confirmed decision and rejects intervals outside the protocol', async () => {
    const p = await enrolledParticipant(t, w);
    const schedule = t.app.get(ScheduleService);
    const ctx = actorCtx(w.invA.id);
    const plan = await schedule.applyInterval(ctx, p.id, 6, '2026-03-02');
    expect(plan.slice(0, 2).map((i) => [i.dueDate, i.intervalWeeks])).toEqual([
      ['2026-04-13', 6],
      ['2026-05-25', 6],
    ]);
    const view = (await api(t, w.invA).get(`/api/v1/participants/${p.id}/schedule`)).body;
    expect(
      view.infusions
        .filter((i: { dueDate: string }) => i.dueDate > '2026-03-02')
        .every((i: { intervalWeeks: number }) => i.intervalWeeks === 6),
    ).toBe(true);
    await expect(schedule.applyInterval(ctx, p.id, 12, '2026-03-02')).rejects.toMatchObject({ statusCode: 400 });
    const other = RequestContext.system('e2e', {
      userId: w.invB.id,
      email: 'y@example.org',
      displayName: 'y',
      isAdmin: false,
      memberships: [{ studyId: w.studyId, role: 'investigator', siteId: w.siteB.id }],
    });
    await expect(schedule.applyInterval(other, p.id, 5, '2026-03-02')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('record-change hooks see every change inside the transaction; toParticipantHistory maps the eCRF to the domain history', async () => {
    const p = await enrolledParticipant(t, w);
    seen.length = 0;
    const inf = (await api(t, w.invA).post(`/api/v1/participants/${p.id}/infusions`, { date: '2026-02-02', doseMg: 300 })).body;
    await api(t, w.invA).patch(`/api/v1/participants/${p.id}/infusions/${inf.id}`, {
      lotNumber: 'L9',
      version: 1,
      reason: 'lot from pharmacy log',
    });
    await api(t, w.invA).post(`/api/v1/participants/${p.id}/troughs`, { sampledOn: '2026-02-01', belowLloq: true });
    const relapse = await api(t, w.invA).post(`/api/v1/participants/${p.id}/relapses`, {
      onsetDate: '2026-04-01',
      confirmedByNeurologist: false,
    });
    expect(seen.map((c) => [c.kind, c.entityType])).toEqual([
      ['create', 'infusion'],
      ['update', 'infusion'],
      ['create', 'trough_sample'],
      ['create', 'relapse'],
    ]);
    expect(seen[1].changes).toEqual({ lotNumber: { old: null, new: 'L9' } });
    expect(seen[1].reason).toBe('lot from pharmacy log');

    const h = await t.app.get(ParticipantHistoryService).toParticipantHistory(actorCtx(w.invA.id), p.id);
    expect(h.infusions.map((i) => i.date)).toEqual(['2025-12-08', '2026-01-05', '2026-02-02']);
    expect(h.troughs).toEqual([
      { date: '2026-01-05', ugPerMl: 21.4, belowLloq: undefined },
      { date: '2026-02-01', ugPerMl: undefined, belowLloq: true },
    ]);
    // The record id travels with it: a dosing decision answers exactly the activity records it saw (issue 13).
    expect(h.relapses).toEqual([{ id: relapse.body.id, onset: '2026-04-01', confirmedByNeurologist: false }]);
    expect(h.participant).toMatchObject({ birthYear: 1984, diagnosis: 'RRMS', firstNatalizumabDate: '2022-03-14', weightKg: 68.5 });
  });

  it('a failing change listener rolls the whole change back (no row, no audit)', async () => {
    const p = await enrolledParticipant(t, w);
    const hooks = t.app.get(RecordChangeHooks);
    const boom = { onRecordChange: async () => Promise.reject(new Error('listener failed')) };
    hooks.register(boom);
    try {
      const res = await api(t, w.invA).post(`/api/v1/participants/${p.id}/jcv`, { date: '2026-02-02', status: 'negative' });
      expect(res.status).toBe(500);
    } finally {
      (hooks as unknown as { listeners: unknown[] }).listeners.splice(
        (hooks as unknown as { listeners: unknown[] }).listeners.indexOf(boom),
        1,
      );
    }
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM jcv_test WHERE participant_id = $1`, [p.id]))[0].n).toBe(0);
    expect(
      (
        await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE participant_id = $1 AND entity_type = 'jcv_test'`, [
          p.id,
        ])
      )[0].n,
    ).toBe(0);
  });

  it('form lists paginate with cursors in date order and filter by date range', async () => {
    const p = await enrolledParticipant(t, w);
    for (let d = 1; d <= 12; d++)
      await api(t, w.invA).post(`/api/v1/participants/${p.id}/edss`, { date: `2026-05-${String(d).padStart(2, '0')}`, score: 2 });
    const dates: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api(t, w.invA).get(`/api/v1/participants/${p.id}/edss?limit=5&order=desc${cursor ? `&cursor=${cursor}` : ''}`);
      dates.push(...res.body.items.map((r: { date: string }) => r.date));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(dates).toHaveLength(12);
    expect(dates[0]).toBe('2026-05-12');
    expect([...dates].sort().reverse()).toEqual(dates);
    const ranged = await api(t, w.invA).get(`/api/v1/participants/${p.id}/edss?from=2026-05-03&to=2026-05-05`);
    expect(ranged.body.items.map((r: { date: string }) => r.date)).toEqual(['2026-05-03', '2026-05-04', '2026-05-05']);
    expect((await api(t, w.invA).get(`/api/v1/participants/${p.id}/edss?cursor=garbage`)).body.details[0].code).toBe('INVALID_CURSOR');
  });

  it('eCRF data need an enrolled participant', async () => {
    const s = await api(t, w.invA).post(`/api/v1/studies/${w.studyId}/screenings`, {
      siteId: w.siteA.id,
      screeningNumber: 'WF-S1',
      screeningDate: '2026-01-05',
      birthYear: 1984,
      sex: 'male',
      msType: 'RRMS',
      natalizumabStartDate: '2022-03-14',
      infusionsBeforeScreening: 40,
      evidence: {},
    });
    const res = await api(t, w.invA).post(`/api/v1/participants/${s.body.participant.id}/jcv`, { date: '2026-02-02', status: 'negative' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('PARTICIPANT_NOT_ENROLLED');
  });
});
