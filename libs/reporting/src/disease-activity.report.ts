import { RequestContext } from '@eid/core';
import { bandSql, currentIntervalJoin } from './interval-band.sql';
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

export const DISEASE_ACTIVITY_SQL = `
WITH ${OBSERVED_PARTICIPANTS_CTE},
rel AS (
  SELECT r.participant_id, r.onset_date,
         r.onset_date - lag(r.onset_date) OVER (PARTITION BY r.participant_id ORDER BY r.onset_date) AS since_prev
    FROM relapse r JOIN obs ON obs.id = r.participant_id
   WHERE r.deleted_at IS NULL
),
-- Counted onsets as one array per participant: the few relapses are then looked at per participant (a hash
-- join), never by scanning every relapse of the study for each EDSS score.
counted AS (
  SELECT participant_id, array_agg(onset_date) AS onsets FROM rel WHERE since_prev IS NULL OR since_prev > 30 GROUP BY participant_id
),
edss AS (
  SELECT e.participant_id, e.date, e.score::float8 AS score,
         (c.onsets IS NOT NULL AND EXISTS (SELECT 1 FROM unnest(c.onsets) o WHERE e.date BETWEEN o AND o + 30)) AS relapse_affected
    FROM edss_assessment e JOIN obs ON obs.id = e.participant_id LEFT JOIN counted c ON c.participant_id = e.participant_id
   WHERE e.deleted_at IS NULL AND e.date <= obs.t
),
-- Baseline: one index probe per participant (ix_edss_assessment_participant_date), not a sort of every score.
base AS (
  SELECT obs.id AS participant_id, b.score AS baseline,
         b.score + CASE WHEN b.score = 0 THEN 1.5 WHEN b.score <= 5.5 THEN 1.0 ELSE 0.5 END AS threshold
    FROM obs
    CROSS JOIN LATERAL (SELECT e.score::float8 AS score FROM edss_assessment e
                         WHERE e.participant_id = obs.id AND e.deleted_at IS NULL AND e.date <= obs.f
                         ORDER BY e.date DESC, e.id LIMIT 1) b
),
-- Confirmed disability progression without a self-join (linear in the scores, window functions only). Per
-- post-baseline score o at or above the threshold and not within 30 days of a relapse ("valid"):
--   next_below = the first date after o with a score below the threshold (any score, relapse-affected too);
--   confirmed  = some valid score c with o.date + 84 <= c.date <= next_below (no lower score strictly between);
--   pending    = no lower score after o at all (an increase still awaiting its confirmation at the window end).
-- "The latest valid date up to next_below" is the running max of valid dates (c_upto) read at the first lower
-- score after o — the smallest c_upto among the lower scores after o, c_upto being non-decreasing in date.
ew AS (
  SELECT e.participant_id, e.date, obs.f, (e.score < b.threshold) AS below,
         (e.score >= b.threshold AND NOT e.relapse_affected) AS valid,
         coalesce(max(e.date) FILTER (WHERE e.score >= b.threshold AND NOT e.relapse_affected)
                    OVER (PARTITION BY e.participant_id ORDER BY e.date RANGE UNBOUNDED PRECEDING), '-infinity'::date) AS c_upto
    FROM edss e JOIN base b ON b.participant_id = e.participant_id JOIN obs ON obs.id = e.participant_id
   -- Scores on or before the window start can neither start nor confirm a progression (both lie after it).
   WHERE e.date > obs.f
),
ew2 AS (
  SELECT ew.participant_id, ew.date, ew.f, ew.valid,
         min(ew.date) FILTER (WHERE ew.below) OVER w_after AS next_below,
         min(ew.c_upto) FILTER (WHERE ew.below) OVER w_after AS c_at_next_below,
         max(ew.date) FILTER (WHERE ew.valid) OVER (PARTITION BY ew.participant_id) AS c_last
    FROM ew
  WINDOW w_after AS (PARTITION BY ew.participant_id ORDER BY ew.date RANGE BETWEEN '1 day'::interval FOLLOWING AND UNBOUNDED FOLLOWING)
),
cdp AS (
  SELECT DISTINCT participant_id FROM ew2
   WHERE valid AND date > f AND (CASE WHEN next_below IS NULL THEN c_last ELSE c_at_next_below END) >= date + 84
),
pending AS (
  SELECT DISTINCT participant_id FROM ew2 WHERE valid AND date > f AND next_below IS NULL
),
mri AS (
  SELECT m.participant_id, bool_or(m.new_or_enlarging_t2_count > 0 OR m.gadolinium_enhancing_count > 0) AS active
    FROM mri_scan m JOIN obs ON obs.id = m.participant_id
   WHERE m.deleted_at IS NULL AND m.date > obs.f AND m.date <= obs.t
   GROUP BY m.participant_id
),
per AS (
  SELECT obs.id, obs.site_id,
         (obs.t - obs.f) / 365.25 AS py,
         coalesce((SELECT count(*) FROM unnest(c.onsets) o WHERE o BETWEEN obs.f AND obs.t), 0) AS relapses,
         mri.active AS mri_active,
         (cdp.participant_id IS NOT NULL) AS cdp,
         (pending.participant_id IS NOT NULL) AS cdp_pending,
         (base.participant_id IS NOT NULL) AS has_baseline,
         ${bandSql('cur.weeks')} AS band
    FROM obs
    LEFT JOIN counted c ON c.participant_id = obs.id
    ${currentIntervalJoin('cur', 'obs.id', 'obs.t')}
    LEFT JOIN mri ON mri.participant_id = obs.id
    LEFT JOIN cdp ON cdp.participant_id = obs.id
    LEFT JOIN pending ON pending.participant_id = obs.id
    LEFT JOIN base ON base.participant_id = obs.id
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
