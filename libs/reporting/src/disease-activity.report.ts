import { RequestContext } from '@eid/core';
import { bandSql } from './interval-band.sql';
import { OBSERVED_PARTICIPANTS_CTE, ReportScope, scopeParams } from './report-scope';

export interface DiseaseActivityGroup {
  group: 'overall' | 'site' | 'interval-band';
  key: string;
  participants: number;
  patientYears: number;
  relapses: number;
  /** Cohort (pooled) ARR = total relapses / total patient-years (outcomes.md §2). */
  arrPooled: number | null;
  /** Mean of the participants' own ARRs (relapses / own patient-years) — a different estimand, never mixed up. */
  arrMeanPerParticipant: number | null;
  participantsWithMri: number;
  participantsWithMriActivity: number;
  /** Of participants with ≥ 1 scan in the period: new/enlarging T2 or Gd+ on any scan. */
  mriActivityProportion: number | null;
  confirmedProgression: number;
  neda3: number;
  evidenceOfActivity: number;
  insufficientData: number;
  /** NEDA / (NEDA + evidence of activity); participants with insufficient data are not counted as NEDA. */
  neda3Proportion: number | null;
}

export interface DiseaseActivityReport {
  report: 'disease-activity';
  studyId: string;
  period: { from: string; to: string };
  siteIds: string[] | null;
  protocolVersion: string;
  definitions: Record<string, string>;
  groups: DiseaseActivityGroup[];
}

export const DISEASE_ACTIVITY_DEFINITIONS = {
  observation: "Each participant from max(enrolment, from) to min(to, withdrawal/completion); patient-years = days / 365.25 (outcomes.md §2).",
  relapse: 'Relapses with onset in the window; an onset ≤ 30 days after the previous onset is the same relapse (outcomes.md §1 R4); unconfirmed attacks count (PDNMS EV-R3).',
  mri: 'Active scan: ≥ 1 new/enlarging T2 or ≥ 1 Gd-enhancing lesion (outcomes.md §3); scans dated after the window start.',
  cdp: 'Baseline = latest EDSS on or before the window start; onset = a score ≥ baseline + 1.5 (baseline 0), + 1.0 (≤ 5.5), + 0.5 (> 5.5), confirmed ≥ 12 weeks later with no score below the threshold in between; scores ≤ 30 days after a relapse onset neither start nor confirm (outcomes.md §5).',
  neda3: 'No relapse, no CDP, no active scan in the window (outcomes.md §4); insufficient data without a baseline EDSS, without a scan in the window, or with an EDSS increase still awaiting confirmation at the window end.',
  intervalBand: 'Band of the interval in force at the end of the window: gap between the last two infusions, whole weeks.',
};

/**
 * Disease activity (issue #6), aggregated in one SQL statement: per participant (relapses, patient-years,
 * MRI activity, CDP, NEDA-3 — the definitions of outcomes.md, cross-checked against @eid/domain in
 * test/reports-domain.e2e-spec.ts), then GROUPING SETS for overall, per site and per interval band.
 */
export async function diseaseActivityReport(ctx: RequestContext, s: ReportScope): Promise<DiseaseActivityReport> {
  const rows = s.protocolMatches ? ((await ctx.em.query(DISEASE_ACTIVITY_SQL, scopeParams(s))) as RawGroup[]) : [];
  const groups = rows.map(shape);
  if (!groups.some((g) => g.group === 'overall')) groups.unshift(shape({ g_site: 1, g_band: 1, site_code: null, band: null, participants: 0, py: 0, relapses: 0, arr_mean: null, with_mri: 0, mri_active: 0, cdp: 0, neda: 0, evidence: 0, insufficient: 0 }));
  return { report: 'disease-activity', studyId: s.studyId, period: { from: s.from, to: s.to }, siteIds: s.siteIds, protocolVersion: s.protocolVersion, definitions: DISEASE_ACTIVITY_DEFINITIONS, groups };
}

interface RawGroup {
  g_site: number;
  g_band: number;
  site_code: string | null;
  band: string | null;
  participants: number;
  py: number;
  relapses: number;
  arr_mean: number | null;
  with_mri: number;
  mri_active: number;
  cdp: number;
  neda: number;
  evidence: number;
  insufficient: number;
}

function shape(r: RawGroup): DiseaseActivityGroup {
  const group = r.g_site === 0 ? 'site' : r.g_band === 0 ? 'interval-band' : 'overall';
  const py = Number(r.py);
  const rel = Number(r.relapses);
  const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 4) : null);
  return {
    group,
    key: group === 'site' ? (r.site_code as string) : group === 'interval-band' ? (r.band as string) : 'all',
    participants: Number(r.participants),
    patientYears: round(py, 3),
    relapses: rel,
    arrPooled: ratio(rel, py),
    arrMeanPerParticipant: r.arr_mean === null ? null : round(Number(r.arr_mean), 4),
    participantsWithMri: Number(r.with_mri),
    participantsWithMriActivity: Number(r.mri_active),
    mriActivityProportion: ratio(Number(r.mri_active), Number(r.with_mri)),
    confirmedProgression: Number(r.cdp),
    neda3: Number(r.neda),
    evidenceOfActivity: Number(r.evidence),
    insufficientData: Number(r.insufficient),
    neda3Proportion: ratio(Number(r.neda), Number(r.neda) + Number(r.evidence)),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * Per participant from report_participant_facts (migration ReportFacts), by binary search over sorted arrays
 * (width_bucket(x, sorted) = how many elements are <= x): counted relapse onsets and scans in the window, the
 * interval in force at its end, and confirmed progression for its baseline k (the latest score date <= f): confirmed
 * when t >= cdp_first[k]; pending when the latest valid score v <= t has no lower score in (v, t] (the key (k, v) found
 * by binary search, its first lower score in pending_until; dates as days since 2000-01-01).
 */
export const DISEASE_ACTIVITY_SQL = `
WITH ${OBSERVED_PARTICIPANTS_CTE},
fx AS (
  SELECT obs.id, obs.site_id, obs.f, obs.t, (obs.t - DATE '2000-01-01') AS t_days, r.infusion_dates, r.relapse_onsets, r.mri_dates, r.mri_active_dates,
         r.cdp_first, r.pending_key, r.pending_until,
         width_bucket(obs.t, r.infusion_dates) AS k_inf, width_bucket(obs.f, r.baseline_dates) AS k_base
    FROM obs JOIN report_participant_facts r ON r.participant_id = obs.id
),
per AS (
  SELECT fx.id, fx.site_id,
         (fx.t - fx.f) / 365.25 AS py,
         width_bucket(fx.t, fx.relapse_onsets) - width_bucket(fx.f - 1, fx.relapse_onsets) AS relapses,
         CASE WHEN width_bucket(fx.t, fx.mri_dates) > width_bucket(fx.f, fx.mri_dates)
              THEN width_bucket(fx.t, fx.mri_active_dates) > width_bucket(fx.f, fx.mri_active_dates) END AS mri_active,
         coalesce(fx.cdp_first[fx.k_base] <= fx.t, false) AS cdp,
         (pk.i > 0 AND fx.pending_key[pk.i] / 1000000 = fx.k_base AND fx.t_days < fx.pending_until[pk.i]) AS cdp_pending,
         fx.k_base > 0 AS has_baseline,
         ${bandSql('(CASE WHEN fx.k_inf >= 2 THEN round((fx.infusion_dates[fx.k_inf] - fx.infusion_dates[fx.k_inf - 1]) / 7.0)::int END)')} AS band
    FROM fx CROSS JOIN LATERAL (SELECT width_bucket(fx.k_base * 1000000::bigint + fx.t_days, fx.pending_key) AS i) pk
),
judged AS (
  SELECT per.*,
         CASE WHEN relapses > 0 OR cdp OR coalesce(mri_active, false) THEN 'evidence'
              WHEN mri_active IS NULL OR NOT has_baseline OR cdp_pending THEN 'insufficient'
              ELSE 'neda' END AS neda3
    FROM per
)
SELECT GROUPING(s.code)::int AS g_site, GROUPING(j.band)::int AS g_band, s.code AS site_code, j.band,
       count(*)::int AS participants, coalesce(sum(j.py), 0)::float8 AS py, coalesce(sum(j.relapses), 0)::int AS relapses,
       avg(j.relapses / j.py) FILTER (WHERE j.py > 0)::float8 AS arr_mean,
       count(*) FILTER (WHERE j.mri_active IS NOT NULL)::int AS with_mri,
       count(*) FILTER (WHERE j.mri_active)::int AS mri_active,
       count(*) FILTER (WHERE j.cdp)::int AS cdp,
       count(*) FILTER (WHERE j.neda3 = 'neda')::int AS neda,
       count(*) FILTER (WHERE j.neda3 = 'evidence')::int AS evidence,
       count(*) FILTER (WHERE j.neda3 = 'insufficient')::int AS insufficient
  FROM judged j JOIN site s ON s.id = j.site_id
 GROUP BY GROUPING SETS ((), (s.code), (j.band))
 ORDER BY g_site DESC, g_band DESC, s.code, j.band`;
