import { Clock } from '@eid/trial';
import { createTestApp, TestApp } from './support/test-app';
import { api, createTrialWorld, enrolledParticipant, TODAY, TrialWorld } from './support/trial-fixtures';

jest.setTimeout(120_000);

/**
 * The monitor's schedule deviations (issue 13): GET /studies/:id/schedule-deviations lists each gap between
 * administered infusions outside the A7 tolerance — computed by the domain (historyScheduleDeviations = the engine's
 * scheduleDeviations), so it must equal the proposal's `scheduleDeviations`. PDNMS-v1: start 4 weeks, A7 −3/+3 days.
 */
describe('Schedule deviations for the monitor (real PostgreSQL, pinned clock)', () => {
  let t: TestApp;
  let w: TrialWorld;
  let clock: Clock;
  let p: { id: string; code: string };
  const list = (user = w.monitor, q = '') => api(t, user).get(`/api/v1/studies/${w.studyId}/schedule-deviations${q}`);

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
    clock = t.app.get(Clock);
    p = await enrolledParticipant(t, w);
    await enrolledParticipant(t, w, w.invB, w.siteB.id); // site B: infusions only from screening, on schedule
    // Screening infusions 2025-12-08 → 2026-01-05 (28 d, on schedule). By hand, each gap against 28 days:
    //   01-05 → 02-05: 31 d = +3 → on schedule (tolerance boundary)
    //   02-05 → 03-09: 32 d = +4 → late, due 03-05
    //   03-09 → 04-02: 24 d = −4 → early, due 04-06
    //   04-02 → 04-27: 25 d = −3 → on schedule (tolerance boundary)
    for (const date of ['2026-02-05', '2026-03-09', '2026-04-02', '2026-04-27']) {
      clock.pin(date);
      const r = await api(t, w.invA).post(`/api/v1/participants/${p.id}/infusions`, { date, doseMg: 300 });
      if (r.status !== 201) throw new Error(`infusion ${date}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    clock.pin(TODAY);
  });
  afterAll(async () => {
    clock?.pin(TODAY);
    await t?.close();
  });

  it('lists exactly the ±4-day gaps (±3 is on schedule), with the columns worked by hand', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ studyId: w.studyId, asOf: TODAY, total: 2 });
    expect(res.body.sites).toEqual([{ siteId: w.siteA.id, siteCode: w.siteA.code, asOf: TODAY, count: 2 }]);
    expect(res.body.items).toEqual([
      {
        participantId: p.id,
        participantCode: p.code,
        siteId: w.siteA.id,
        previousInfusionDate: '2026-02-05',
        infusionDate: '2026-03-09',
        gapDays: 32,
        expectedIntervalWeeks: 4,
        dueDate: '2026-03-05',
        offsetDays: 4,
        kind: 'late',
        days: 4,
      },
      {
        participantId: p.id,
        participantCode: p.code,
        siteId: w.siteA.id,
        previousInfusionDate: '2026-03-09',
        infusionDate: '2026-04-02',
        gapDays: 24,
        expectedIntervalWeeks: 4,
        dueDate: '2026-04-06',
        offsetDays: -4,
        kind: 'early',
        days: 4,
      },
    ]);
  });

  it("equals the dosing proposal's scheduleDeviations (one definition)", async () => {
    const proposal = (await api(t, w.invA).get(`/api/v1/participants/${p.id}/dosing`)).body.proposal;
    const mine = (await list()).body.items.filter((i: { participantId: string }) => i.participantId === p.id);
    expect(
      mine.map((i: Record<string, unknown>) => ({
        from: i.previousInfusionDate,
        to: i.infusionDate,
        due: i.dueDate,
        offsetDays: i.offsetDays,
        kind: i.kind,
        intervalWeeks: i.expectedIntervalWeeks,
      })),
    ).toEqual(
      proposal.scheduleDeviations.map((d: Record<string, unknown>) => ({
        from: d.from,
        to: d.to,
        due: d.due,
        offsetDays: d.offsetDays,
        kind: d.kind,
        intervalWeeks: d.intervalWeeks,
      })),
    );
  });

  it('as of a day, later infusions are not read; site scoping; site filter', async () => {
    clock.pin('2026-04-01');
    try {
      expect((await list()).body.items.map((i: { infusionDate: string }) => i.infusionDate)).toEqual(['2026-03-09']);
    } finally {
      clock.pin(TODAY);
    }
    expect((await list(w.invB)).body).toMatchObject({ total: 0, items: [], sites: [] });
    expect((await list(w.monitor, `?site=${w.siteB.id}`)).body).toMatchObject({ total: 0, items: [] });
    expect((await list(w.monitor, `?site=${w.siteA.id}`)).body.total).toBe(2);
    expect((await list(w.monitor, '?site=nope')).status).toBe(400);
    expect((await list(w.admin)).status).toBe(403);
  });
  it('pages by infusion date with a cursor; total and site counts cover every page', async () => {
    // Two deviations (worked above): 03-09 (late) then 04-02 (early). One per page.
    const first = await list(w.monitor, '?limit=1');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 2, sites: [{ siteId: w.siteA.id, count: 2 }] });
    expect(first.body.items.map((i: { infusionDate: string }) => i.infusionDate)).toEqual(['2026-03-09']);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await list(w.monitor, `?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ total: 2, nextCursor: null });
    expect(second.body.items.map((i: { infusionDate: string }) => i.infusionDate)).toEqual(['2026-04-02']);
    expect((await list(w.monitor)).body.nextCursor).toBeNull();
    const bad = await list(w.monitor, '?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'cursor', code: 'INVALID_CURSOR' })]);
    expect((await list(w.monitor, '?limit=0')).status).toBe(400);
  });
});
