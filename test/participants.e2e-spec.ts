import { createTestApp, TestApp } from './support/test-app';
import { api, auditCount, createTrialWorld, eligibleScreening, enrolledParticipant, TrialWorld } from './support/trial-fixtures';

// Real PostgreSQL under a shared, busy machine: allow for slow commits (the e2e default may not apply per project).
jest.setTimeout(60_000);

describe('Participants: screening, eligibility, enrolment, status (issue #5)', () => {
  let t: TestApp;
  let w: TrialWorld;

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
  });
  afterAll(() => t.close());

  const screen = (body: Record<string, unknown>, user = w.invA) => api(t, user).post(`/api/v1/studies/${w.studyId}/screenings`, body);

  it('screening evaluates PDNMS eligibility criterion by criterion and stays in screening when eligible', async () => {
    const res = await screen(eligibleScreening(w.siteA.id, 'SCR-E1'));
    expect(res.status).toBe(201);
    expect(res.body.eligibility.eligible).toBe('eligible');
    expect(res.body.eligibility.criteria.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
      ['E1', 'met'],
      ['E2', 'met'],
      ['E3', 'met'],
      ['E4', 'met'],
      ['E5', 'met'],
      ['E6', 'met'],
      ['E7', 'met'],
      ['E8', 'met'],
    ]);
    expect(res.body.participant).toMatchObject({ status: 'screening', code: null, siteId: w.siteA.id });
  });

  it('a failed criterion makes a screen failure that keeps its reason', async () => {
    const body = eligibleScreening(w.siteA.id, 'SCR-F1');
    (body.evidence as Record<string, unknown>).screeningTrough = { sampledOn: '2026-01-05', concentrationUgPerMl: 9.8 };
    const res = await screen(body);
    expect(res.status).toBe(201);
    const e5 = res.body.eligibility.criteria.find((c: { id: string }) => c.id === 'E5');
    expect(e5.status).toBe('not_met');
    expect(res.body.participant.status).toBe('screen-failed');
    expect(res.body.participant.screenFailReason).toContain('E5');
    const got = await api(t, w.invA).get(`/api/v1/participants/${res.body.participant.id}`);
    expect(got.body.screenFailReason).toContain('9.8');
  });

  it('missing evidence leaves a criterion unknown (not guessed) and the candidate in screening', async () => {
    const body = eligibleScreening(w.siteA.id, 'SCR-U1');
    (body.evidence as Record<string, unknown>).mri = [];
    const res = await screen(body);
    expect(res.body.eligibility.eligible).toBe('unknown');
    expect(res.body.eligibility.criteria.find((c: { id: string }) => c.id === 'E6').status).toBe('unknown');
    expect(res.body.participant.status).toBe('screening');
  });

  it('screening at another site than the caller’s → 404; statistician/monitor cannot screen', async () => {
    expect((await screen(eligibleScreening(w.siteB.id, 'SCR-X1'))).status).toBe(404);
    expect((await screen(eligibleScreening(w.siteA.id, 'SCR-X2'), w.monitor)).status).toBe(403);
  });

  it('bad screening input → 400 naming the field, nothing written', async () => {
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM participant');
    const res = await screen(eligibleScreening(w.siteA.id, 'SCR-B1', { screeningDate: '2026-07-01', birthYear: 1800 }));
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'birthYear', code: 'VALUE_OUT_OF_RANGE' })]));
    const res2 = await screen(eligibleScreening(w.siteA.id, 'SCR-B2', { screeningDate: '2026-07-01' }));
    expect(res2.status).toBe(400);
    expect(res2.body.details).toEqual([expect.objectContaining({ field: 'screeningDate', code: 'DATE_IN_FUTURE' })]);
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM participant')).toEqual(before);
  });

  it('duplicate screening number at the same site → 409', async () => {
    await screen(eligibleScreening(w.siteA.id, 'SCR-D1'));
    const res = await screen(eligibleScreening(w.siteA.id, 'SCR-D1'));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('DUPLICATE_SCREENING_NUMBER');
  });

  describe('enrolment', () => {
    it('eligible candidate → code AMS-style, schedule generated from the protocol (8 visits every 3 months)', async () => {
      const s = await screen(eligibleScreening(w.siteA.id, 'SCR-N1'));
      const res = await api(t, w.invA).post(`/api/v1/participants/${s.body.participant.id}/enrolment`, {
        consentDate: '2026-01-12',
        version: 1,
      });
      expect(res.status).toBe(200);
      expect(res.body.code).toMatch(new RegExp(`^${w.siteA.code}-\\d{4}$`));
      expect(res.body).toMatchObject({ status: 'enrolled', consentDate: '2026-01-12', enrolmentDate: '2026-01-12' });
      const sched = await api(t, w.invA).get(`/api/v1/participants/${res.body.id}/schedule`);
      expect(sched.status).toBe(200);
      expect(sched.body.visits.map((v: { targetDate: string }) => v.targetDate)).toEqual([
        '2026-04-12',
        '2026-07-12',
        '2026-10-12',
        '2027-01-12',
        '2027-04-12',
        '2027-07-12',
        '2027-10-12',
        '2028-01-12',
      ]);
      expect(sched.body.visits[0]).toMatchObject({
        windowFrom: '2026-03-29',
        windowTo: '2026-04-26',
        status: 'overdue',
        kind: 'clinic+mri',
      });
      // Infusion plan: last infusion 2026-01-05 + 4 weeks (PDNMS START), A7 tolerance ±3 days.
      expect(sched.body.infusions[0]).toMatchObject({
        dueDate: '2026-02-02',
        windowFrom: '2026-01-30',
        windowTo: '2026-02-05',
        intervalWeeks: 4,
      });
    });

    it('refuses a screen failure, a future or pre-screening consent date, and a stale version', async () => {
      const body = eligibleScreening(w.siteA.id, 'SCR-N2');
      (body.evidence as Record<string, unknown>).screeningTrough = { sampledOn: '2026-01-05', belowLloq: true };
      const failed = await screen(body);
      const r1 = await api(t, w.invA).post(`/api/v1/participants/${failed.body.participant.id}/enrolment`, {
        consentDate: '2026-01-12',
        version: 1,
      });
      expect(r1.status).toBe(409);
      expect(r1.body.code).toBe('NOT_IN_SCREENING');

      const ok = await screen(eligibleScreening(w.siteA.id, 'SCR-N3'));
      const id = ok.body.participant.id;
      const future = await api(t, w.invA).post(`/api/v1/participants/${id}/enrolment`, { consentDate: '2026-06-16', version: 1 });
      expect(future.status).toBe(400);
      expect(future.body.details).toEqual([expect.objectContaining({ field: 'consentDate', code: 'DATE_IN_FUTURE' })]);
      const early = await api(t, w.invA).post(`/api/v1/participants/${id}/enrolment`, { consentDate: '2026-01-04', version: 1 });
      expect(early.body.details).toEqual([expect.objectContaining({ field: 'consentDate', code: 'CONSENT_BEFORE_SCREENING' })]);
      const missing = await api(t, w.invA).post(`/api/v1/participants/${id}/enrolment`, { version: 1 });
      expect(missing.status).toBe(400);
      expect(missing.body.details[0].field).toBe('consentDate');
      const stale = await api(t, w.invA).post(`/api/v1/participants/${id}/enrolment`, { consentDate: '2026-01-12', version: 7 });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('STALE_VERSION');
      expect(stale.body.details.current.id).toBe(id);
      const p = await api(t, w.invA).get(`/api/v1/participants/${id}`);
      expect(p.body).toMatchObject({ status: 'screening', code: null, version: 1 });
    });

    it('an unknown eligibility cannot be enrolled', async () => {
      const body = eligibleScreening(w.siteA.id, 'SCR-N4');
      (body.evidence as Record<string, unknown>).edss = [];
      const s = await screen(body);
      const res = await api(t, w.invA).post(`/api/v1/participants/${s.body.participant.id}/enrolment`, {
        consentDate: '2026-01-12',
        version: 1,
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('NOT_ELIGIBLE');
    });

    it('20 parallel enrolments at one site get 20 distinct, gap-free codes', async () => {
      const site = w.siteB;
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) {
        const s = await screen(eligibleScreening(site.id, `PAR-${i}`), w.invB);
        ids.push(s.body.participant.id);
      }
      const results = await Promise.all(
        ids.map((id) => api(t, w.invB).post(`/api/v1/participants/${id}/enrolment`, { consentDate: '2026-01-12', version: 1 })),
      );
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
      const numbers = results.map((r) => Number(String(r.body.code).split('-').pop())).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });
  });

  describe('visibility and lists', () => {
    it('another site’s investigator gets 404 on read, enrolment, status and schedule; monitor sees all', async () => {
      const p = await enrolledParticipant(t, w);
      for (const res of [
        await api(t, w.invB).get(`/api/v1/participants/${p.id}`),
        await api(t, w.invB).get(`/api/v1/participants/${p.id}/schedule`),
        await api(t, w.invB).get(`/api/v1/participants/${p.id}/timeline`),
        await api(t, w.invB).post(`/api/v1/participants/${p.id}/status`, {
          action: 'withdraw',
          date: '2026-05-01',
          reason: 'x',
          version: p.version,
        }),
      ])
        expect(res.status).toBe(404);
      expect((await api(t, w.monitor).get(`/api/v1/participants/${p.id}`)).status).toBe(200);
      const stat = await api(t, w.statistician).get(`/api/v1/participants/${p.id}`);
      expect(stat.status).toBe(200);
      expect(stat.body).toMatchObject({ code: p.code, birthYear: null, screeningNumber: null });
      expect((await api(t, w.admin).get(`/api/v1/participants/${p.id}`)).status).toBe(404);
    });

    it('GET /participants lists only visible participants, filters by status and paginates with cursors', async () => {
      const mine = await api(t, w.invB).get(`/api/v1/participants?studyId=${w.studyId}&limit=500`);
      expect(mine.status).toBe(400);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await api(t, w.invB).get(
          `/api/v1/participants?studyId=${w.studyId}&status=enrolled&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        for (const p of res.body.items) {
          expect(p.siteId).toBe(w.siteB.id);
          expect(p.status).toBe('enrolled');
          seen.push(p.id);
        }
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen.length).toBe(20);
      expect(new Set(seen).size).toBe(20);
      const all = await api(t, w.monitor).get(`/api/v1/participants?studyId=${w.studyId}&limit=200`);
      expect(all.body.items.some((p: { siteId: string }) => p.siteId === w.siteA.id)).toBe(true);
    });
  });

  describe('status', () => {
    it('withdrawal needs a reason and a date, stops the schedule, keeps the data, and is audited', async () => {
      const p = await enrolledParticipant(t, w);
      const noReason = await api(t, w.invA).post(`/api/v1/participants/${p.id}/status`, {
        action: 'withdraw',
        date: '2026-05-01',
        version: p.version,
      });
      expect(noReason.status).toBe(400);
      expect(noReason.body.details).toEqual([expect.objectContaining({ field: 'reason', code: 'REASON_REQUIRED' })]);
      const inf = await api(t, w.invA).post(`/api/v1/participants/${p.id}/infusions`, { date: '2026-02-02', doseMg: 300 });
      expect(inf.status).toBe(201);
      const audits = await auditCount(t, { participantId: p.id });
      const res = await api(t, w.invA).post(`/api/v1/participants/${p.id}/status`, {
        action: 'withdraw',
        date: '2026-05-01',
        reason: 'Moved abroad',
        version: p.version,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'withdrawn', withdrawalDate: '2026-05-01', withdrawalReason: 'Moved abroad' });
      expect(await auditCount(t, { participantId: p.id })).toBe(audits + 1);
      const sched = await api(t, w.invA).get(`/api/v1/participants/${p.id}/schedule`);
      expect(sched.body.infusions.every((i: { dueDate: string }) => i.dueDate <= '2026-05-01')).toBe(true);
      expect(
        sched.body.visits
          .filter((v: { targetDate: string }) => v.targetDate > '2026-05-01')
          .every((v: { status: string }) => v.status === 'cancelled'),
      ).toBe(true);
      const list = await api(t, w.invA).get(`/api/v1/participants/${p.id}/infusions`);
      expect(list.body.items).toHaveLength(1);
      const again = await api(t, w.invA).post(`/api/v1/participants/${p.id}/status`, {
        action: 'complete',
        date: '2026-05-02',
        reason: 'x',
        version: res.body.version,
      });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('INVALID_STATUS_TRANSITION');
    });
  });
});
