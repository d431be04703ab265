import { Actor, RequestContext, TransactionService } from '@eid/core';
import { addMonths, eidMetrics, findProtocol, latestJcv, neda3, observedWindow, type Neda3Result, type ObservationEnd } from '@eid/domain';
import { UsersAdminService } from '@eid/identity';
import { DiseaseActivityGroup, ReportsService } from '@eid/reporting';
import { ensureSynthStudy, SynthLoader, synthEnd, type SynthOptions } from '@eid/synth';
import { Participant, ParticipantHistoryService } from '@eid/trial';
import { createTestApp, TestApp } from './support/test-app';
import { StudiesAdminService } from '@eid/study';

interface Tally {
  participants: number;
  relapses: number;
  mriActive: number;
  withMri: number;
  cdp: number;
  neda: number;
  evidence: number;
  insufficient: number;
}

const zero = (): Tally => ({ participants: 0, relapses: 0, mriActive: 0, withMri: 0, cdp: 0, neda: 0, evidence: 0, insufficient: 0 });

/**
 * The disease-activity report aggregates in SQL; the definitions live in @eid/domain (docs/science/outcomes.md). On one
 * synthetic trial, the SQL figures per site and overall must equal what `neda3` (which runs
 * `confirmedDisabilityProgression`, `classifyRelapses` and `mriActivity`) gives participant by participant
 * over the same window and the same eCRF history (ParticipantHistoryService, the adapter the app uses).
 */
describe('reports: SQL outcomes = @eid/domain outcomes (e2e)', () => {
  // Activity is rare in EID cohorts; a long follow-up and a higher EDSS noise give enough events to compare.
  const o: SynthOptions = { studyCode: 'SYN-DOM', participants: 150, years: 4, sites: 3, seed: 777, start: '2021-03-01' };
  let t: TestApp;
  let studyId: string;
  let monitor: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    const study = await ensureSynthStudy(
      { dataSource: t.dataSource, users: t.app.get(UsersAdminService), studies: t.app.get(StudiesAdminService) },
      o,
    );
    await new SynthLoader(await t.ownerDataSource()).load(o, study);
    studyId = study.studyId;
    monitor = {
      userId: '00000000-0000-4000-8000-0000000000aa',
      email: 'monitor@synth.local',
      displayName: 'Monitor',
      isAdmin: false,
      memberships: [{ studyId, role: 'monitor', siteId: null }],
    } as Actor;
  }, 300_000);
  afterAll(async () => t?.close());

  const histories = { historyOf: (ctx: RequestContext, p: Participant) => t.app.get(ParticipantHistoryService).historyOf(ctx, p) };

  async function domainTallies(from: string, to: string, confirmationWeeks: 12 | 24 = 12): Promise<Map<string, Tally>> {
    const ctx = RequestContext.system('test:reports-domain', monitor);
    const history = t.app.get(ParticipantHistoryService);
    return t.app.get(TransactionService).run(ctx, async (ctx) => {
      const participants = await ctx.em.getRepository(Participant).find({ where: { studyId }, order: { code: 'ASC' } });
      const sites = new Map<string, string>(
        ((await ctx.em.query(`SELECT id, code FROM site`)) as Array<{ id: string; code: string }>).map((s) => [s.id, s.code]),
      );
      const [study] = (await ctx.em.query(`SELECT protocol_id AS id, protocol_version AS v FROM study WHERE id = $1`, [studyId])) as Array<{
        id: string;
        v: string;
      }>;
      const countUnconfirmed = findProtocol(study.id, study.v)!.dosing.evidence.countUnconfirmedRelapses.value;
      const tallies = new Map<string, Tally>([['all', zero()]]);
      for (const p of participants) {
        if (!p.enrolmentDate) continue;
        const h = await history.historyOf(ctx, p);
        const visits = (await ctx.em.query(`SELECT date::text AS d FROM clinic_visit WHERE participant_id = $1 AND deleted_at IS NULL`, [
          p.id,
        ])) as Array<{ d: string }>;
        const edss = (await ctx.em.query(`SELECT date::text AS d FROM edss_assessment WHERE participant_id = $1 AND deleted_at IS NULL`, [
          p.id,
        ])) as Array<{ d: string }>;
        const ended: ObservationEnd | undefined =
          p.status === 'completed'
            ? { reason: 'completed', date: p.completionDate! }
            : p.status === 'withdrawn' || p.status === 'lost-to-follow-up'
              ? { reason: p.status, date: p.withdrawalDate! }
              : undefined;
        const assessmentDates = [...visits.map((v) => v.d), ...edss.map((e) => e.d), ...(h.mri ?? []).map((m) => m.date)];
        const window = observedWindow({ enrolment: p.enrolmentDate, ended, assessmentDates }, { from, to });
        if (!window) continue;
        const n = neda3(h, window, { relapseOptions: { countUnconfirmed }, cdp: { confirmationWeeks } });
        const site = sites.get(p.siteId)!;
        if (!tallies.has(site)) tallies.set(site, zero());
        for (const k of ['all', site]) {
          const x = tallies.get(k)!;
          x.participants++;
          x.relapses += n.relapseOnsets.length;
          if (n.mri.assessedScans > 0) x.withMri++;
          if (n.mri.anyActivity) x.mriActive++;
          if (n.components.disability === 'PRESENT') x.cdp++;
          const key: Record<Neda3Result, keyof Tally> = {
            NEDA: 'neda',
            EVIDENCE_OF_ACTIVITY: 'evidence',
            INSUFFICIENT_DATA: 'insufficient',
          };
          x[key[n.result]]++;
        }
      }
      return tallies;
    });
  }

  const sqlTally = (g: DiseaseActivityGroup): Tally => ({
    participants: g.participants,
    relapses: g.relapses,
    mriActive: g.participantsWithMriActivity,
    withMri: g.participantsWithMri,
    cdp: g.confirmedProgression,
    neda: g.neda3,
    evidence: g.evidenceOfActivity,
    insufficient: g.insufficientData,
  });

  it.each([
    ['the whole trial', () => ({ from: o.start, to: synthEnd(o) })],
    [
      'a window starting after enrolment (baseline = the latest EDSS before it)',
      () => ({ from: addMonths(o.start, 13), to: addMonths(o.start, 37) }),
    ],
    // Windows ending before the last scores: progression and pending increases must only see scores up to the end.
    ['a window ending mid-trial', () => ({ from: o.start, to: addMonths(o.start, 20) })],
    ['a six-month window', () => ({ from: addMonths(o.start, 25), to: addMonths(o.start, 31) })],
    ['the whole trial, progression confirmed at 24 weeks', () => ({ from: o.start, to: synthEnd(o), weeks: 24 as const })],
  ])(
    'per site and overall: %s',
    async (_label, period) => {
      const { from, to, weeks } = period() as { from: string; to: string; weeks?: 12 | 24 };
      const domain = await domainTallies(from, to, weeks ?? 12);
      const ctx = RequestContext.system('test:reports-domain', monitor);
      const report = await t.app.get(ReportsService).build('disease-activity', ctx, studyId, { from, to, confirmationWeeks: weeks });
      if (report.report !== 'disease-activity') throw new Error('wrong report');
      const sql = new Map(
        report.groups.filter((g) => g.group !== 'interval-band').map((g) => [g.group === 'overall' ? 'all' : g.key, sqlTally(g)]),
      );
      expect(Object.fromEntries(sql)).toEqual(Object.fromEntries(domain));
      // The comparison means something only if the trial has activity of every kind.
      const all = domain.get('all')!;
      expect(all.participants).toBeGreaterThan(o.participants * 0.8);
      expect(all.relapses).toBeGreaterThan(0);
      expect(all.mriActive).toBeGreaterThan(0);
      expect(all.neda).toBeGreaterThan(0);
    },
    120_000,
  );

  it('the synthetic trial holds the edge cases the comparison must see (issue 14 item 3)', async () => {
    const [x] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE r.duration_hours < 24)::int AS transient,
              count(*) FILTER (WHERE r.fever_or_infection)::int AS pseudo,
              count(*) FILTER (WHERE r.confirmed_by_neurologist = false)::int AS unconfirmed,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM relapse q WHERE q.participant_id = r.participant_id AND q.onset_date - r.onset_date BETWEEN 1 AND 29))::int AS within_30,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM relapse q WHERE q.participant_id = r.participant_id AND q.onset_date - r.onset_date = 30))::int AS exactly_30,
              (SELECT count(*)::int FROM mri_scan m JOIN participant p ON p.id = m.participant_id WHERE p.study_id = $1 AND m.date = p.enrolment_date) AS enrolment_day_scans
         FROM relapse r WHERE r.study_id = $1`,
      [studyId],
    );
    for (const k of ['transient', 'pseudo', 'unconfirmed', 'within_30', 'exactly_30', 'enrolment_day_scans'])
      expect([k, x[k] > 0]).toEqual([k, true]);
  });

  it("PML / EID: every participant's report row equals @eid/domain eidMetrics and latestJcv", async () => {
    const to = synthEnd(o);
    const ctx = RequestContext.system('test:reports-domain', monitor);
    const report = await t.app.get(ReportsService).build('pml-risk', ctx, studyId, { from: o.start, to, limit: 500 });
    if (report.report !== 'pml-risk') throw new Error('wrong report');
    const rows = new Map(report.participants.map((r) => [r.participantCode, r]));
    const seen = { insufficient: 0, touch: 0, classes: new Set<string>() };
    await t.app.get(TransactionService).run(ctx, async (ctx) => {
      const participants = await ctx.em.getRepository(Participant).find({ where: { studyId }, order: { code: 'ASC' } });
      for (const p of participants) {
        const row = rows.get(p.code!);
        if (!row) continue;
        const h = await histories.historyOf(ctx, p);
        const m = eidMetrics(h, to);
        const sufficient = m.history === 'SUFFICIENT';
        const cls = !sufficient ? 'INSUFFICIENT_HISTORY' : m.excludedByTouchRule ? 'EXCLUDED_TOUCH_RULE' : m.dosingClassByAdi;
        expect([
          p.code,
          row.eidHistory,
          row.infusionsLast18Months,
          row.eidByCount,
          row.excludedByTouchRule,
          row.averageIntervalClass,
          row.jcvStale,
        ]).toEqual([
          p.code,
          m.history,
          sufficient ? m.infusionCount18m : null,
          sufficient ? m.eidByCount : null,
          sufficient ? m.excludedByTouchRule : null,
          cls,
          latestJcv(h, to).stale,
        ]);
        if (!sufficient) seen.insufficient++;
        if (sufficient && m.excludedByTouchRule) seen.touch++;
        seen.classes.add(cls);
      }
    });
    expect(rows.size).toBeGreaterThan(0);
    // Reported, not asserted: which cases the synthetic trial exercised.
    console.log(
      `PML equivalence on ${rows.size} participants: ${seen.insufficient} insufficient history, ${seen.touch} TOUCH-excluded, classes ${[...seen.classes].join(', ')}`,
    );
  }, 120_000);
});
