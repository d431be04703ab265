import { randomUUID } from 'node:crypto';
import { findProtocol, infusionDue, infusionToleranceOf, openPmlSuspicions } from '@eid/domain';
import { createTestApp, TestApp } from './support/test-app';
import { api, createTrialWorld, eligibleScreening, enrolledParticipant, TODAY, TrialWorld } from './support/trial-fixtures';

jest.setTimeout(60_000);

/**
 * The participants screen's list (issue #7): computed columns, flags, filters, sorts, keyset paging, search and
 * site scoping, on the real app and PostgreSQL. Clock pinned at TODAY = 2026-06-15. The eCRF rows are inserted
 * directly: this file tests the list, the forms have their own specs.
 */
describe('Participants overview: interval, next infusion due, latest trough, queries, flags (issue #7)', () => {
  let t: TestApp;
  let w: TrialWorld;
  // rich: decision 5 w after infusions, troughs, queries, SAE + PML; plain: enrolled, nothing recorded;
  // onTime: recent infusion, visit done, trough below LLOQ; screening: not enrolled; other: site B.
  const ids = { rich: '', plain: '', onTime: '', screening: '', other: '' };
  const codes: Record<string, string> = {};

  const insert = async (table: string, participantId: string, siteId: string, cols: Record<string, unknown>) => {
    const names = ['study_id', 'site_id', 'participant_id', ...Object.keys(cols)];
    const values = [w.studyId, siteId, participantId, ...Object.values(cols)];
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      values,
    );
    return id as string;
  };
  const list = (query: Record<string, string | number | boolean>, user = w.invA) =>
    api(t, user).get(
      `/api/v1/participants?${new URLSearchParams(Object.entries({ studyId: w.studyId, ...query }).map(([k, v]): [string, string] => [k, String(v)]))}`,
    );
  const idsOf = (body: { items: Array<{ id: string }> }) => body.items.map((p) => p.id);

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
    const a = w.siteA.id;
    for (const k of ['rich', 'plain', 'onTime'] as const) {
      const p = await enrolledParticipant(t, w);
      ids[k] = p.id;
      codes[k] = p.code;
    }
    const s = await api(t, w.invA).post(
      `/api/v1/studies/${w.studyId}/screenings`,
      eligibleScreening(a, `SCR-OV-${randomUUID().slice(0, 6)}`),
    );
    ids.screening = s.body.participant.id;
    ids.other = (await enrolledParticipant(t, w, w.invB, w.siteB.id)).id;

    // rich: infusions 6 Apr and 4 May (a deleted and a not-administered one later are ignored), a decision to 5 weeks.
    const r = ids.rich;
    await insert('infusion', r, a, { date: '2026-04-06', dose_mg: 300, version: 1 });
    const may = await insert('infusion', r, a, { date: '2026-05-04', dose_mg: 300, version: 1 });
    await insert('infusion', r, a, { date: '2026-06-01', dose_mg: 300, version: 1, deleted_at: new Date() });
    await insert('infusion', r, a, { date: '2026-06-02', administered: false, not_administered_reason: 'infection', version: 1 });
    await insert('dosing_decision', r, a, {
      action: 'override',
      decided_on: '2026-05-04',
      protocol_id: 'pdnms',
      protocol_version: '1',
      proposed_decision: 'EXTEND',
      proposed_interval_weeks: 6,
      current_interval_weeks: 4,
      interval_weeks: 5,
      next_infusion_due: '2026-06-08',
      proposal: '{}',
      inputs: '{}',
      reason: 'e2e',
      decided_by: w.invA.id,
    });
    // Troughs: the latest result-bearing one counts (a sample without result and a deleted one do not).
    await insert('trough_sample', r, a, { sampled_on: '2026-04-06', concentration_ug_per_ml: 18.5, version: 1 });
    await insert('trough_sample', r, a, {
      sampled_on: '2026-05-04',
      concentration_ug_per_ml: 12.25,
      precedes_infusion_id: may,
      version: 1,
    });
    await insert('trough_sample', r, a, { sampled_on: '2026-06-01', version: 1 });
    await insert('trough_sample', r, a, { sampled_on: '2026-06-10', concentration_ug_per_ml: 3.1, version: 1, deleted_at: new Date() });
    for (const status of ['open', 'open', 'answered', 'closed'])
      await insert('data_query', r, a, { entity_type: 'trough_sample', record_id: may, field: 'concentrationUgPerMl', status, version: 1 });
    const ae = {
      onset_date: '2026-05-20',
      severity: 'severe',
      relatedness: 'possible',
      action_taken: 'none',
      outcome: 'recovering',
      version: 1,
    };
    await insert('adverse_event', r, a, { ...ae, term: 'Pneumonia', serious: true, seriousness_criteria: '{hospitalisation}' });
    // PML suspected on 20 May and excluded on 1 Jun: flagged (pmlSuspected) but no longer open on TODAY, so dosing is
    // not suspended (rule P0) and the infusion columns below are computed (overdue.e2e-spec covers an open suspicion).
    await insert('adverse_event', r, a, { ...ae, term: 'Aphasia', pml_suspected: true, resolution_date: '2026-06-01' });
    await insert('adverse_event', r, a, { ...ae, term: 'Sepsis', serious: true, deleted_at: new Date() });

    // onTime: infused 1 Jun, visit 1 done, trough below LLOQ.
    const o = ids.onTime;
    await insert('infusion', o, a, { date: '2026-06-01', dose_mg: 300, version: 1 });
    await insert('trough_sample', o, a, { sampled_on: '2026-06-01', below_lloq: true, version: 1 });
    const [{ id: visit1 }] = await t.dataSource.query(`SELECT id FROM planned_visit WHERE participant_id = $1 AND number = 1`, [o]);
    await insert('clinic_visit', o, a, { planned_visit_id: visit1, date: '2026-04-12', window_flag: 'in-window', version: 1 });
  });
  afterAll(() => t.close());

  it('computes the columns of a participant with infusions, a decision, troughs, queries, SAE and PML', async () => {
    const res = await list({});
    expect(res.status).toBe(200);
    const rich = res.body.items.find((p: { id: string }) => p.id === ids.rich);
    // By hand: 4 May + 5 weeks = 8 Jun; + 3 days A7 tolerance = 11 Jun < 15 Jun → overdue. Visit 1 (12 Apr ±14 d) has no clinic visit.
    expect(rich).toMatchObject({
      code: codes.rich,
      status: 'enrolled',
      currentIntervalWeeks: 5,
      intervalSource: 'decision',
      lastInfusionDate: '2026-05-04',
      nextInfusionDue: '2026-06-08',
      latestTroughUgPerMl: 12.25,
      latestTroughDate: '2026-05-04',
      latestTroughBelowLloq: false,
      openQueryCount: 2,
      seriousAdverseEventCount: 1,
      pmlSuspected: true,
      dosingSuspended: false,
      overdueVisitCount: 1,
      infusionOverdue: true,
      overdue: true,
      infusionToleranceStatus: 'unconfirmed',
    });
    // The SQL agrees with the domain's reviewable definition: nothing is due while a PML suspicion is open (rule P0).
    const open = openPmlSuspicions({ adverseEvents: [{ onset: '2026-05-20', resolvedOn: '2026-06-01', pmlSuspected: true }] }, TODAY);
    const d = infusionDue('2026-05-04', 5, TODAY, infusionToleranceOf(findProtocol('pdnms', '1')!));
    expect([rich.dosingSuspended, rich.nextInfusionDue, rich.infusionOverdue]).toEqual(
      open.length ? [true, null, false] : [false, d.nextDue, d.overdue],
    );
    expect(rich.screeningNumber).toBeDefined();
  });

  it('without a decision or recorded infusion: protocol start interval, due from the enrolment plan', async () => {
    const one = await api(t, w.invA).get(`/api/v1/participants/${ids.plain}`);
    expect(one.status).toBe(200);
    // Screening's last infusion 5 Jan 2026 + 4 weeks (START) = 2 Feb 2026, long past.
    expect(one.body).toMatchObject({
      currentIntervalWeeks: 4,
      intervalSource: 'protocol-start',
      lastInfusionDate: null,
      nextInfusionDue: '2026-02-02',
      latestTroughUgPerMl: null,
      latestTroughDate: null,
      openQueryCount: 0,
      seriousAdverseEventCount: 0,
      pmlSuspected: false,
      infusionOverdue: true,
      overdueVisitCount: 1,
      overdue: true,
    });
    const onTime = (await api(t, w.invA).get(`/api/v1/participants/${ids.onTime}`)).body;
    // 1 Jun + 4 weeks = 29 Jun: not yet due; visit 1 recorded.
    expect(onTime).toMatchObject({
      nextInfusionDue: '2026-06-29',
      infusionOverdue: false,
      overdueVisitCount: 0,
      overdue: false,
      latestTroughBelowLloq: true,
      latestTroughUgPerMl: null,
      latestTroughDate: '2026-06-01',
    });
    const screening = (await api(t, w.invA).get(`/api/v1/participants/${ids.screening}`)).body;
    expect(screening).toMatchObject({
      status: 'screening',
      currentIntervalWeeks: null,
      intervalSource: null,
      nextInfusionDue: null,
      overdue: false,
    });
  });

  it('the schedule shows the same next infusion due as the list', async () => {
    const sched = await api(t, w.invA).get(`/api/v1/participants/${ids.rich}/schedule`);
    expect(sched.body.nextInfusionDue).toBe('2026-06-08');
  });

  it.each`
    query                      | expected
    ${{ overdue: true }}       | ${['rich', 'plain']}
    ${{ overdue: false }}      | ${['onTime', 'screening']}
    ${{ sae: true }}           | ${['rich']}
    ${{ pml: true }}           | ${['rich']}
    ${{ pml: false }}          | ${['plain', 'onTime', 'screening']}
    ${{ openQueries: true }}   | ${['rich']}
    ${{ status: 'screening' }} | ${['screening']}
  `('filter $query', async ({ query, expected }: { query: Record<string, string | boolean>; expected: Array<keyof typeof ids> }) => {
    const res = await list(query);
    expect(res.status).toBe(200);
    expect(idsOf(res.body).sort()).toEqual(expected.map((k) => ids[k]).sort());
  });

  it('search by code substring, case-insensitive; LIKE wildcards are literal', async () => {
    const tail = codes.onTime.slice(-4);
    expect(idsOf((await list({ search: codes.onTime.toLowerCase() })).body)).toEqual([ids.onTime]);
    expect(idsOf((await list({ search: tail })).body)).toContain(ids.onTime);
    expect(idsOf((await list({ search: '%' })).body)).toEqual([]);
  });

  it('sorts both ways on computed columns (missing values last when ascending)', async () => {
    const asc = idsOf((await list({ sort: 'nextInfusionDue' })).body);
    expect(asc).toEqual([ids.plain, ids.rich, ids.onTime, ids.screening]);
    const desc = idsOf((await list({ sort: 'nextInfusionDue', order: 'desc' })).body);
    expect(desc).toEqual([ids.screening, ids.onTime, ids.rich, ids.plain]);
    // Below LLOQ sorts below every measured trough.
    expect(idsOf((await list({ sort: 'latestTrough' })).body).slice(0, 2)).toEqual([ids.onTime, ids.rich]);
    expect(idsOf((await list({ sort: 'openQueryCount', order: 'desc' })).body)[0]).toBe(ids.rich);
    expect(idsOf((await list({ sort: 'currentIntervalWeeks', order: 'desc' })).body).slice(0, 2)).toEqual([ids.screening, ids.rich]);
  });

  it.each([
    'code',
    'status',
    'screeningDate',
    'enrolmentDate',
    'lastInfusionDate',
    'nextInfusionDue',
    'currentIntervalWeeks',
    'latestTrough',
    'openQueryCount',
  ])('cursor paging by %s, both directions: no gaps, no duplicates', async (sort) => {
    for (const order of ['asc', 'desc']) {
      const all = idsOf((await list({ sort, order })).body);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: { items: Array<{ id: string }>; nextCursor: string | null } } = await list({
          sort,
          order,
          limit: 1,
          ...(cursor ? { cursor } : {}),
        });
        expect(res.status).toBe(200);
        paged.push(...idsOf(res.body));
        cursor = res.body.nextCursor;
      } while (cursor && paged.length < 20);
      expect(paged).toEqual(all);
      expect(all).toHaveLength(4);
    }
  });

  it('bad query parameters → 400 naming the field', async () => {
    const field = async (q: Record<string, string>) => {
      const res = await list(q);
      expect(res.status).toBe(400);
      return res.body.details.map((d: { field: string }) => d.field);
    };
    expect(await field({ sort: 'birthYear' })).toContain('sort');
    expect(await field({ overdue: 'maybe' })).toContain('overdue');
    expect(await field({ order: 'sideways' })).toContain('order');
    expect(await field({ limit: '0' })).toContain('limit');
    expect(await field({ shoeSize: '42' })).toContain('shoeSize');
    const page = await list({ sort: 'code', limit: 1 });
    expect(await field({ sort: 'nextInfusionDue', cursor: page.body.nextCursor })).toContain('cursor');
    expect(await field({ cursor: 'not-a-cursor' })).toContain('cursor');
  });

  it('site scoping: an investigator of another site neither lists nor reads the participant', async () => {
    expect(idsOf((await list({})).body)).not.toContain(ids.other);
    expect(idsOf((await list({}, w.invB)).body)).toEqual([ids.other]);
    expect((await api(t, w.invB).get(`/api/v1/participants/${ids.rich}`)).status).toBe(404);
    expect((await api(t, w.invA).get(`/api/v1/participants/${ids.other}`)).status).toBe(404);
    const monitor = idsOf((await list({}, w.monitor)).body);
    expect(monitor).toEqual(expect.arrayContaining([ids.rich, ids.other]));
    const stat = (await list({}, w.statistician)).body.items.find((p: { id: string }) => p.id === ids.rich);
    expect(stat).toMatchObject({ birthYear: null, screeningNumber: null, openQueryCount: 2, pmlSuspected: true });
  });
});
