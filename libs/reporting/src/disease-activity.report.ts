import { RequestContext } from '@eid/core';
import { bandSql } from './interval-band.sql';
import { OBSERVED_PARTICIPANTS_CTE, ReportScope, scopeParams } from './report-scope';

export interface DiseaseActivityGroup {
  group: 'overall' | 'site' | 'interval-band';
  key: string;
  participants: number;
  patientYears: number;
  relapses: number;
  /** Cohort (pooled) ARR = total relapses / total patient-years (docs/science/outcomes.md §2). */
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
  /** The rule parameters the figures were computed with. */
  parameters: { countUnconfirmedRelapses: boolean; confirmationWeeks: 12 | 24 };
  groups: DiseaseActivityGroup[];
}

/**
 * The rules as implemented (issue 14 item 9), each with its source and status; the protocol's parameters are stated
 * with their values. Shipped with the report on screen and in the CSV.
 */
export function diseaseActivityDefinitions(s: ReportScope): Record<string, string> {
  const unconfirmed = s.countUnconfirmedRelapses;
  return {
    observation:
      'From the later of enrolment and the period start to the earlier of the period end and the last follow-up: the completion or withdrawal date; for participants lost to follow-up and those still enrolled the last clinic visit, EDSS or MRI (never after a recorded loss). Participants whose follow-up ended before the period are not counted. Patient-years = days / 365.25. [outcomes.md §2; formula confirmed (AFFIRM), last-follow-up rule platform convention]',
    relapse:
      'Counted relapses with onset in the observation window, classified over the whole history: < 24 h is not a relapse (R1), fever or infection is a pseudo-relapse (R2) [confirmed: AFFIRM definition]; an onset < 30 days after the previous COUNTED relapse is the same relapse, exactly 30 days is a new one (R4/R5) [memory: McDonald 2001]. ' +
      `Relapses not confirmed by a neurologist (R3) ${unconfirmed.value ? 'are counted' : 'are not counted'} under this protocol (${unconfirmed.source}) [${unconfirmed.status}]. Unrecorded duration/fever/confirmation read as meeting the definition. [outcomes.md §1]`,
    arr: 'Pooled ARR = total counted relapses / total patient-years [confirmed: AFFIRM footnote]; mean per-participant ARR = mean of relapses_i / years_i over participants with > 0 days [memory]. [outcomes.md §2]',
    mri: 'Active scan: ≥ 1 new/enlarging T2 or ≥ 1 Gd-enhancing lesion [platform default]; scans dated in the observation window, both ends inclusive (a scan on the first day counts). [outcomes.md §3]',
    cdp: `Baseline = the latest valid EDSS on or before the window start (the screening EDSS counts; for a window starting at enrolment, the last score on or before enrolment). Increase ≥ 1.5 from 0, ≥ 1.0 from 1.0–5.5, ≥ 0.5 from ≥ 6.0, confirmed ${s.confirmationWeeks} weeks (${s.confirmationWeeks * 7} days) or more later with no score below the threshold in between; scores from a relapse onset to 30 days after it (any event except a < 24 h one) neither start nor confirm [platform default, memory]. Confirmation period: report parameter confirmationWeeks = ${s.confirmationWeeks} (12 or 24; NOVA used 24 [confirmed]). [outcomes.md §5]`,
    neda3:
      'NEDA-3 = no counted relapse, no confirmed progression and no active scan in the observation window [confirmed: Havrdova 2009]; INSUFFICIENT_DATA (not NEDA) without a baseline EDSS, without a scan in the window, or with an EDSS increase still awaiting confirmation at the window end [platform convention]. Proportion = NEDA / (NEDA + evidence of activity). [outcomes.md §4]',
    intervalBand:
      'Band of the interval in force at the end of the period: gap between the last two administered infusions, in whole weeks (rounded), 4 / 5 / 6 / 7 / ≥ 8. [platform report convention]',
  };
}

/**
 * Disease activity (issue #6), aggregated in one SQL statement: per participant (relapses, patient-years,
 * MRI activity, CDP, NEDA-3 — the definitions of docs/science/outcomes.md, cross-checked against @eid/domain in
 * test/reports-domain.e2e-spec.ts), then GROUPING SETS for overall, per site and per interval band.
 */
export async function diseaseActivityReport(ctx: RequestContext, s: ReportScope): Promise<DiseaseActivityReport> {
  const rows = s.protocolMatches
    ? ((await ctx.em.query(DISEASE_ACTIVITY_SQL, [...scopeParams(s), s.countUnconfirmedRelapses.value, s.confirmationWeeks])) as RawGroup[])
    : [];
  const groups = rows.map(shape);
  if (!groups.some((g) => g.group === 'overall'))
    groups.unshift(
      shape({
        g_site: 1,
        g_band: 1,
        site_code: null,
        band: null,
        participants: 0,
        py: 0,
        relapses: 0,
        arr_mean: null,
        with_mri: 0,
        mri_active: 0,
        cdp: 0,
        neda: 0,
        evidence: 0,
        insufficient: 0,
      }),
    );
  return {
    report: 'disease-activity',
    studyId: s.studyId,
    period: { from: s.from, to: s.to },
    siteIds: s.siteIds,
    protocolVersion: s.protocolVersion,
    definitions: diseaseActivityDefinitions(s),
    parameters: { countUnconfirmedRelapses: s.countUnconfirmedRelapses.value, confirmationWeeks: s.confirmationWeeks },
    groups,
  };
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
fu AS (
  -- outcomes.md §2 (@eid/domain observedWindow): observation ends at the earlier of the period end and the last follow-up —
  -- the completion/withdrawal date; for the lost to follow-up and the still enrolled the last assessment (never after
  -- the recorded loss). Participants whose follow-up ended before the period are not observed in it.
  SELECT obs.*, r.*,
         CASE WHEN obs.status IN ('completed', 'withdrawn') THEN obs.t ELSE least(obs.t, greatest(obs.enrolment_date, r.last_assessment)) END AS t_fu
    FROM obs JOIN report_participant_facts r ON r.participant_id = obs.id
),
fx AS (
  SELECT fu.id, fu.site_id, fu.f, fu.t_fu AS t, (fu.t_fu - DATE '2000-01-01') AS t_days, fu.infusion_dates,
         CASE WHEN $5::boolean THEN fu.relapse_onsets_with_unconfirmed ELSE fu.relapse_onsets END AS relapse_onsets,
         fu.mri_dates, fu.mri_active_dates,
         CASE WHEN $6::int = 24 THEN fu.cdp_first_24 ELSE fu.cdp_first END AS cdp_first, fu.pending_key, fu.pending_until,
         width_bucket(fu.t, fu.infusion_dates) AS k_inf, width_bucket(fu.f, fu.baseline_dates) AS k_base
    FROM fu WHERE fu.f <= fu.t_fu
),
per AS (
  SELECT fx.id, fx.site_id,
         (fx.t - fx.f) / 365.25 AS py,
         width_bucket(fx.t, fx.relapse_onsets) - width_bucket(fx.f - 1, fx.relapse_onsets) AS relapses,
         CASE WHEN width_bucket(fx.t, fx.mri_dates) > width_bucket(fx.f - 1, fx.mri_dates)
              THEN width_bucket(fx.t, fx.mri_active_dates) > width_bucket(fx.f - 1, fx.mri_active_dates) END AS mri_active,
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
