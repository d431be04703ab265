import { Clock } from '@eid/trial';
import { createTestApp, TestApp } from './support/test-app';
import { api, createTrialWorld, enrolledParticipant, TODAY, TrialWorld } from './support/trial-fixtures';

jest.setTimeout(120_000);

interface Sched {
  visits: Array<{ id: string; number: number; windowFrom: string; windowTo: string }>;
  infusions: Array<{ id: string; dueDate: string; windowFrom: string; windowTo: string }>;
}
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Overdue visits, missing troughs and infusions past due (issue #5), computed in SQL as of a pinned Clock. */
describe('Overdue lists (real PostgreSQL, pinned clock)', () => {
  let t: TestApp;
  let w: TrialWorld;
  let clock: Clock;
  let a: { id: string; code: string };
  let b: { id: string; code: string };
  let schedA: Sched;
  const overdue = (user = w.monitor, q = '') => api(t, user).get(`/api/v1/studies/${w.studyId}/overdue${q}`);
  const at = async <T>(date: string, fn: () => Promise<T>): Promise<T> => {
    clock.pin(date);
    try {
      return await fn();
    } finally {
      clock.pin(TODAY);
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
    clock = t.app.get(Clock);
    a = await enrolledParticipant(t, w);
    b = await enrolledParticipant(t, w, w.invB, w.siteB.id);
    schedA = (await api(t, w.invA).get(`/api/v1/participants/${a.id}/schedule`)).body;
  });
  afterAll(() => t.close());

  it('visits: overdue once the window closed without a clinic visit; recording the visit clears it; per-site counts', async () => {
    const v1 = schedA.visits[0];
    const inWindow = await at(v1.windowTo, () => overdue(w.monitor, '?kind=visits'));
    expect(inWindow.status).toBe(200);
    expect(inWindow.body).toMatchObject({ kind: 'visits', asOf: v1.windowTo, total: 0, items: [] });
    const after = await at(addDays(v1.windowTo, 1), () => overdue(w.monitor, '?kind=visits'));
    expect(after.body.total).toBe(2);
    expect(after.body.items.find((i: { id: string }) => i.id === v1.id)).toMatchObject({
      participantId: a.id,
      participantCode: a.code,
      siteId: w.siteA.id,
      dueBy: v1.windowTo,
      daysOverdue: 1,
      detail: { visit_number: 1 },
    });
    // Both sites are in Europe/Amsterdam; the clock is pinned at 12:00 UTC = 14:00 CEST, the same calendar date there.
    const dayAfter = addDays(v1.windowTo, 1);
    expect(after.body.sites).toEqual([
      { siteId: w.siteA.id, siteCode: w.siteA.code, asOf: dayAfter, count: 1 },
      { siteId: w.siteB.id, siteCode: w.siteB.code, asOf: dayAfter, count: 1 },
    ]);
    expect(after.body.asOf).toBe(dayAfter);
    expect(
      (await api(t, w.invA).post(`/api/v1/participants/${a.id}/clinic-visits`, { plannedVisitId: v1.id, date: addDays(v1.windowTo, -1) }))
        .status,
    ).toBe(201);
    const cleared = await at(addDays(v1.windowTo, 1), () => overdue(w.monitor, '?kind=visits'));
    expect(cleared.body.items.map((i: { participantId: string }) => i.participantId)).toEqual([b.id]);
  });

  it('site scoping: an investigator sees only their site (items and counts); site filter; cursor pagination', async () => {
    const mine = await overdue(w.invB, '?kind=visits');
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
    mine.body.items.forEach((i: { siteId: string }) => expect(i.siteId).toBe(w.siteB.id));
    expect(mine.body.sites.map((s: { siteId: string }) => s.siteId)).toEqual([w.siteB.id]);
    expect((await overdue(w.invB, `?kind=visits&site=${w.siteA.id}`)).body).toMatchObject({ total: 0, items: [] });
    const all = (await overdue(w.monitor, '?kind=visits&limit=200')).body;
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await overdue(
        w.monitor,
        `?kind=visits&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.body.items.length).toBeLessThanOrEqual(1);
      paged.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.items.map((i: { id: string }) => i.id));
    expect(paged.length).toBe(all.total);
    expect((await overdue(w.admin, '?kind=visits')).status).toBe(403);
    expect((await overdue(w.monitor, '?kind=later')).status).toBe(400);
  });

  it('infusions: one definition with the participant list — due today is not overdue, due + tolerance (3 d) neither, the day after is', async () => {
    const [first] = schedA.infusions;
    const list = (user = w.monitor) => api(t, user).get(`/api/v1/participants?studyId=${w.studyId}&limit=200`);
    const both = async (date: string) =>
      at(date, async () => {
        const o = await overdue(w.monitor, `?kind=infusions&site=${w.siteA.id}`);
        const row = (await list()).body.items.find((p: { id: string }) => p.id === a.id);
        return { listed: o.body.items.find((i: { id: string }) => i.id === a.id), row };
      });
    // pdnms A7: 3 days after due [unconfirmed placeholder]. No study infusion yet: next due = the first planned one.
    const dueToday = await both(first.dueDate);
    expect(dueToday.row).toMatchObject({ nextInfusionDue: first.dueDate, infusionOverdue: false });
    expect(dueToday.listed).toBeUndefined();
    // due + 3 = the last day within tolerance: neither screen calls it overdue.
    const lastDay = await both(addDays(first.dueDate, 3));
    expect([lastDay.row.infusionOverdue, lastDay.listed]).toEqual([false, undefined]);
    // due + 4: both do; dueBy = due + 3, 1 day overdue.
    const late = await both(addDays(first.dueDate, 4));
    expect(late.row.infusionOverdue).toBe(true);
    expect(late.listed).toMatchObject({
      participantId: a.id,
      dueBy: addDays(first.dueDate, 3),
      daysOverdue: 1,
      detail: { due_date: first.dueDate },
    });
    // An infusion given 2 days late moves the next due to that date + 4 weeks on both screens (the plan row chained
    // from the original due date would have been 2 days earlier).
    const given = addDays(first.dueDate, 2);
    expect(
      (await at(given, () => api(t, w.invA).post(`/api/v1/participants/${a.id}/infusions`, { date: given, doseMg: 300 }))).status,
    ).toBe(201);
    const nextDue = addDays(given, 28);
    const onNext = await both(addDays(nextDue, 3));
    expect(onNext.row).toMatchObject({ nextInfusionDue: nextDue, infusionOverdue: false });
    expect(onNext.listed).toBeUndefined();
    const afterNext = await both(addDays(nextDue, 4));
    expect(afterNext.row.infusionOverdue).toBe(true);
    expect(afterNext.listed).toMatchObject({
      dueBy: addDays(nextDue, 3),
      daysOverdue: 1,
      detail: { due_date: nextDue, last_infusion_date: given },
    });
  });

  it('infusions: an open PML suspicion (rule P0) suspends dosing — nothing due, not overdue; resolved on the day → overdue again', async () => {
    // Participant b (site B) has no study infusion: next due = its first planned infusion (by hand: the schedule's
    // first dueDate). pdnms A7 = 3 days after, so due + 4 is 1 day overdue on every screen.
    const [first] = (await api(t, w.invB).get(`/api/v1/participants/${b.id}/schedule`)).body.infusions;
    const day = addDays(first.dueDate, 4);
    const screens = () =>
      at(day, async () => {
        const o = await overdue(w.monitor, `?kind=infusions&site=${w.siteB.id}`);
        const row = (await api(t, w.monitor).get(`/api/v1/participants?studyId=${w.studyId}&limit=200`)).body.items.find(
          (p: { id: string }) => p.id === b.id,
        );
        const sched = (await api(t, w.invB).get(`/api/v1/participants/${b.id}/schedule`)).body;
        return { listed: o.body.items.find((i: { id: string }) => i.id === b.id), row, sched };
      });
    const before = await screens();
    expect(before.row).toMatchObject({ nextInfusionDue: first.dueDate, infusionOverdue: true, dosingSuspended: false });
    expect(before.listed).toMatchObject({ dueBy: addDays(first.dueDate, 3), daysOverdue: 1 });
    expect(before.sched).toMatchObject({ nextInfusionDue: first.dueDate, dosingSuspended: false });

    // PML suspected with onset = today (onset ≤ today and unresolved: openPmlSuspicions holds) → suspended:
    // no next infusion due, not overdue on the list, absent from the monitor's overdue infusions.
    const ae = await at(day, () =>
      api(t, w.invB).post(`/api/v1/participants/${b.id}/adverse-events`, {
        term: 'New cognitive symptoms — PML to be excluded',
        onsetDate: day,
        severity: 'severe',
        seriousnessCriteria: ['IMPORTANT_MEDICAL_EVENT'],
        relatedness: 'possible',
        actionTaken: 'drug-interrupted',
        outcome: 'not-recovered',
        pmlSuspected: true,
      }),
    );
    expect(ae.status).toBe(201);
    const suspended = await screens();
    expect(suspended.row).toMatchObject({ nextInfusionDue: null, infusionOverdue: false, dosingSuspended: true });
    expect(suspended.listed).toBeUndefined();
    expect(suspended.sched).toMatchObject({ nextInfusionDue: null, dosingSuspended: true });
    // The day before the onset (due + 3, the last day within tolerance) the suspicion is not open yet: due, not suspended.
    const dayBefore = await at(addDays(day, -1), async () =>
      (await api(t, w.monitor).get(`/api/v1/participants?studyId=${w.studyId}&limit=200`)).body.items.find(
        (p: { id: string }) => p.id === b.id,
      ),
    );
    expect(dayBefore).toMatchObject({ nextInfusionDue: first.dueDate, dosingSuspended: false });

    // Resolved with resolution date = today: "resolved on or before asOf" → no longer open; due again and 1 day overdue.
    const r = await at(day, () =>
      api(t, w.invB).patch(`/api/v1/participants/${b.id}/adverse-events/${ae.body.id}`, {
        resolutionDate: day,
        outcome: 'recovered',
        version: ae.body.version,
        reason: 'PML excluded (CSF JCV DNA negative)',
      }),
    );
    expect(r.status).toBe(200);
    const resolved = await screens();
    expect(resolved.row).toMatchObject({ nextInfusionDue: first.dueDate, infusionOverdue: true, dosingSuspended: false });
    expect(resolved.listed).toMatchObject({ dueBy: addDays(first.dueDate, 3), daysOverdue: 1 });
    expect(resolved.sched).toMatchObject({ nextInfusionDue: first.dueDate, dosingSuspended: false });
  });

  it('troughs: an administered infusion without its pre-infusion trough is listed until a trough with a result precedes it', async () => {
    // The infusion the infusions test recorded, 2 days after the first due date.
    const date = addDays(schedA.infusions[0].dueDate, 2);
    const inf = (await api(t, w.invA).get(`/api/v1/participants/${a.id}/infusions`)).body.items.find(
      (i: { date: string }) => i.date === date,
    );
    const missing = async () => (await overdue(w.monitor, '?kind=troughs')).body.items.map((i: { id: string }) => i.id) as string[];
    expect(await missing()).toContain(inf.id);
    // A sample without a result is not a trough (docs/science/protocols.md rules of evidence).
    expect(
      (await api(t, w.invA).post(`/api/v1/participants/${a.id}/troughs`, { sampledOn: date, precedesInfusionId: inf.id })).status,
    ).toBe(201);
    expect(await missing()).toContain(inf.id);
    // An unlinked trough sampled within the tolerance before the infusion counts too.
    const tr = await api(t, w.invA).post(`/api/v1/participants/${a.id}/troughs`, {
      sampledOn: addDays(date, -2),
      concentrationUgPerMl: 16.2,
    });
    expect(tr.status).toBe(201);
    expect(await missing()).not.toContain(inf.id);
    const row = (await overdue(w.monitor, '?kind=troughs')).body;
    expect(row).toMatchObject({ kind: 'troughs', expected: true });
    expect((await overdue(w.invB, '?kind=troughs')).body.items.every((i: { siteId: string }) => i.siteId === w.siteB.id)).toBe(true);
  });
});
