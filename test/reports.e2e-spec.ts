import { ReportFactsCatchUp } from '@eid/reporting';
import { api, createTrialWorld, enrolledParticipant, TrialWorld } from './support/trial-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Reports on a small hand-made study; expected values derived from the definitions in
 * docs/science/outcomes.md and docs/science/pml-risk.md by hand, not by running the code.
 * Both participants consent on 2026-01-12 (fixture); the period is 2026-01-12 … 2026-06-15. Person-time ends at the
 * last follow-up (docs/science/outcomes.md §2): both last assessed by MRI on 2026-04-01 → 2026-01-12 … 04-01 = 20 (to 02-01) + 28 + 31
 * = 79 days = 0.21629 patient-years each.
 */
describe('reports (e2e)', () => {
  let t: TestApp;
  let w: TrialWorld;
  const period = 'from=2026-01-12&to=2026-06-15';

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
    const a = await enrolledParticipant(t, w, w.invA, w.siteA.id);
    const b = await enrolledParticipant(t, w, w.invB, w.siteB.id);
    const post = async (inv: typeof w.invA, pid: string, form: string, body: object) => {
      const r = await api(t, inv).post(`/api/v1/participants/${pid}/${form}`, body);
      if (r.status !== 201) throw new Error(`${form}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as { id: string };
    };
    // A: q4w, then two 6-week intervals; a trough of 12.0 before the last infusion; a relapse; an active scan.
    await post(w.invA, a.id, 'infusions', { date: '2026-02-02', doseMg: 300 });
    await post(w.invA, a.id, 'infusions', { date: '2026-03-16', doseMg: 300 });
    const last = await post(w.invA, a.id, 'infusions', { date: '2026-04-27', doseMg: 300 });
    await post(w.invA, a.id, 'troughs', { sampledOn: '2026-04-27', concentrationUgPerMl: 12.0, precedesInfusionId: last.id });
    await post(w.invA, a.id, 'relapses', { onsetDate: '2026-03-01' });
    await post(w.invA, a.id, 'edss', { date: '2026-01-12', score: 2.5 });
    await post(w.invA, a.id, 'mri', { date: '2026-04-01', newOrEnlargingT2Count: 1, gadoliniumEnhancingCount: 0 });
    // B: q4w, quiet scan, baseline EDSS → NEDA-3.
    await post(w.invB, b.id, 'infusions', { date: '2026-02-02', doseMg: 300 });
    await post(w.invB, b.id, 'infusions', { date: '2026-03-02', doseMg: 300 });
    await post(w.invB, b.id, 'edss', { date: '2026-01-12', score: 2.5 });
    await post(w.invB, b.id, 'mri', { date: '2026-04-01', newOrEnlargingT2Count: 0, gadoliniumEnhancingCount: 0 });
    // Reports only read; the worker's job catches the facts up (run here once, explicitly).
    await t.app.get(ReportFactsCatchUp).catchUp();
  }, 120_000);

  afterAll(async () => t?.close());

  const url = (name: string, q = period) => `/api/v1/studies/${w.studyId}/reports/${name}?${q}`;

  it('disease activity: ARR with patient-years, MRI, NEDA-3, per site and interval band', async () => {
    const r = await api(t, w.monitor).get(url('disease-activity'));
    expect(r.status).toBe(200);
    const overall = r.body.groups.find((g: { group: string }) => g.group === 'overall');
    expect(overall).toMatchObject({
      participants: 2,
      relapses: 1,
      participantsWithMri: 2,
      participantsWithMriActivity: 1,
      mriActivityProportion: 0.5,
      confirmedProgression: 0,
      neda3: 1,
      evidenceOfActivity: 1,
      insufficientData: 0,
      neda3Proportion: 0.5,
    });
    expect(overall.patientYears).toBeCloseTo((2 * 79) / 365.25, 3);
    expect(overall.arrPooled).toBeCloseTo(1 / ((2 * 79) / 365.25), 3);
    // Mean of own ARRs: (1/0.21629 + 0) / 2.
    expect(overall.arrMeanPerParticipant).toBeCloseTo(365.25 / 79 / 2, 3);
    const bands = Object.fromEntries(
      r.body.groups
        .filter((g: { group: string }) => g.group === 'interval-band')
        .map((g: { key: string; participants: number }) => [g.key, g.participants]),
    );
    expect(bands).toEqual({ '4': 1, '6': 1 });
    const sites = r.body.groups.filter((g: { group: string }) => g.group === 'site');
    expect(sites.map((g: { key: string; relapses: number }) => [g.key, g.relapses])).toEqual([
      [w.siteA.code, 1],
      [w.siteB.code, 0],
    ]);
  });

  it('dosing: ≥ 6 weeks reached, troughs per interval, infusions and drug saved vs Q4W', async () => {
    const r = await api(t, w.dataManager).get(url('dosing'));
    expect(r.status).toBe(200);
    expect(r.body.participants).toBe(2);
    expect(r.body.reachedSixWeeks).toEqual({ participants: 1, proportion: 0.5 });
    expect(r.body.troughsByInterval).toEqual([{ band: '6', n: 1, median: 12, q1: 12, q3: 12 }]);
    // Q4W from each first infusion (2026-02-02) to 2026-06-15: 133 days → floor(133/28) + 1 = 5 each.
    expect(r.body.infusions).toEqual({ given: 5, standardQ4w: 10, saved: 5, doseMg: 300, drugSavedMg: 1500 });
    // End of March: A is on 6 weeks (since 2026-03-16), B on 4 weeks (since 2026-03-02).
    expect(r.body.intervalsByMonth.find((m: { month: string }) => m.month === '2026-03').bands).toEqual({ '4': 1, '6': 1 });
  });

  it('site filter, and investigators see only their own site (another site → 404)', async () => {
    const a = await api(t, w.monitor).get(url('disease-activity', `${period}&siteId=${w.siteA.id}`));
    expect(a.body.groups.find((g: { group: string }) => g.group === 'overall').participants).toBe(1);
    expect((await api(t, w.invB).get(url('disease-activity', `${period}&siteId=${w.siteA.id}`))).status).toBe(404);
    const own = await api(t, w.invB).get(url('dosing'));
    expect(own.status).toBe(200);
    expect(own.body.participants).toBe(1);
    expect(own.body.siteIds).toEqual([w.siteB.id]);
  });

  it('PML risk for a statistician: participant codes only, no screening numbers; paginated', async () => {
    const r = await api(t, w.statistician).get(url('pml-risk', `${period}&limit=1`));
    expect(r.status).toBe(200);
    expect(r.body.participants).toHaveLength(1);
    expect(r.body.nextCursor).toEqual(expect.any(String));
    expect(JSON.stringify(r.body)).not.toMatch(/SCR-/);
    const p = r.body.participants[0];
    // No study JCV test → status unknown → outside the table (never a guessed number).
    expect(p).toMatchObject({
      jcvStatus: null,
      priorImmunosuppressant: 'unknown',
      risk: { kind: 'OUTSIDE_TABLE', reason: 'JCV_STATUS_UNKNOWN' },
    });
    expect(r.body.aggregate.participants).toBe(2);
    const next = await api(t, w.statistician).get(url('pml-risk', `${period}&limit=1&cursor=${r.body.nextCursor}`));
    expect(next.body.participants[0].participantCode).not.toBe(p.participantCode);
    expect(next.body.nextCursor).toBeNull();
  });

  it('data quality: SDV progress and queries per site', async () => {
    const r = await api(t, w.monitor).get(url('data-quality'));
    expect(r.status).toBe(200);
    const a = r.body.sites.find((s: { siteCode: string }) => s.siteCode === w.siteA.code);
    expect(a.sdv).toEqual({ records: 7, verified: 0, proportion: 0 });
    expect(a.openQueries.total).toBe(0);
  });

  it('CSV download: BOM, header, ISO dates (format=csv and Accept: text/csv)', async () => {
    const r = await api(t, w.monitor)
      .get(url('disease-activity', `${period}&format=csv`))
      .buffer(true)
      .parse((res, cb) => {
        let s = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (s += c));
        res.on('end', () => cb(null, s));
      });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/csv/);
    const text = r.body as string;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1).split('\r\n')[0]).toBe('section,group,key,metric,value');
    expect(text).toContain('period,,,from,2026-01-12');
    // The definitions ship with the figures, each rule with its source and status.
    expect(text).toMatch(/\r\ndefinitions,,,relapse,"?Counted relapses [^\r\n]*outcomes\.md §1/);
    expect(text).toContain('freshness,,,pendingParticipants,0');
    const viaAccept = await api(t, w.monitor).get(url('dosing')).set('Accept', 'text/csv');
    expect(viaAccept.headers['content-type']).toMatch(/text\/csv/);
  });

  it('bad input → 400 naming the field', async () => {
    const r = await api(t, w.monitor).get(url('dosing', 'from=2026-13-01'));
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.details)).toContain('from');
  });
});
