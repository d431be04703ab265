import { RequestContext } from '@eid/core';
import { findProtocol } from '@eid/domain';
import { OBSERVED_PARTICIPANT_SQL, OBSERVED_PARTICIPANTS_CTE, ReportScope, scopeParams } from './report-scope';

export interface DosingReport {
  report: 'dosing';
  studyId: string;
  period: { from: string; to: string };
  siteIds: string[] | null;
  protocolVersion: string;
  definitions: Record<string, string>;
  participants: number;
  /** Per calendar month: participants by the interval in force at the month's end. */
  intervalsByMonth: Array<{ month: string; bands: Record<string, number> }>;
  /** Participant-days spent on each interval within the period. */
  timeOnInterval: Array<{ band: string; participantDays: number; share: number | null }>;
  reachedSixWeeks: { participants: number; proportion: number | null };
  troughsByInterval: Array<{ band: string; n: number; median: number | null; q1: number | null; q3: number | null }>;
  decisions: { confirmed: number; overridden: number };
  infusions: { given: number; standardQ4w: number; saved: number; doseMg: number; drugSavedMg: number };
}

export const DOSING_DEFINITIONS = {
  interval:
    'Gap between consecutive administered infusions, in whole weeks (rounded), banded 4 / 5 / 6 / 7 / ≥ 8; it is in force from the infusion that ends it until the next infusion. [platform report convention]',
  troughs:
    'A trough belongs to the interval that ends at the infusion it precedes (precedes_infusion_id); quartiles as percentile_cont. [platform report convention]',
  standardQ4w:
    'Infusions a standard Q4W regimen would have given over each participant window: floor(days / 28) + 1 from the first infusion in the window. [derived: label Q4W schedule]',
  drugSaved: "Infusions saved × the protocol dose (DOSE parameter of the study's protocol file, with that parameter's status).",
  decisions:
    'dosing_decision rows in the period, superseded same-day decisions left out: confirm = the proposal applied, override = the investigator chose otherwise. [platform convention]',
};

/**
 * Dosing (issue #6): every figure is aggregated in ONE SQL statement over the participants' report facts.
 */
export async function dosingReport(ctx: RequestContext, s: ReportScope, protocol: { id: string; version: string }): Promise<DosingReport> {
  const doseMg = findProtocol(protocol.id, protocol.version)?.dosing.doseMg.value ?? 300;
  const empty = !s.protocolMatches;
  const params = scopeParams(s);
  const [summary] = empty ? [undefined] : ((await ctx.em.query(DOSING_SQL, params)) as Array<Record<string, unknown>>);
  const troughs = empty
    ? []
    : ((await ctx.em.query(TROUGHS_SQL, params)) as Array<{ band: string; n: number; median: number; q1: number; q3: number }>);
  const months = (summary?.months as Array<{ month: string; band: string; n: number }> | null) ?? [];
  const monthMap = new Map<string, Record<string, number>>();
  for (const m of months) {
    const bands = monthMap.get(m.month) ?? {};
    if (m.band) bands[m.band] = Number(m.n);
    monthMap.set(m.month, bands);
  }
  const time = (summary?.time as Array<{ band: string; days: number }> | null) ?? [];
  const totalDays = time.reduce((a, t) => a + Number(t.days), 0);
  const participants = Number(summary?.participants ?? 0);
  const given = Number(summary?.given ?? 0);
  const standard = Number(summary?.standard ?? 0);
  return {
    report: 'dosing',
    studyId: s.studyId,
    period: { from: s.from, to: s.to },
    siteIds: s.siteIds,
    protocolVersion: s.protocolVersion,
    definitions: DOSING_DEFINITIONS,
    participants,
    intervalsByMonth: [...monthMap.entries()].map(([month, bands]) => ({ month, bands })),
    timeOnInterval: time.map((t) => ({
      band: t.band,
      participantDays: Number(t.days),
      share: totalDays > 0 ? Math.round((Number(t.days) / totalDays) * 10000) / 10000 : null,
    })),
    reachedSixWeeks: {
      participants: Number(summary?.reached6 ?? 0),
      proportion: participants > 0 ? Math.round((Number(summary?.reached6 ?? 0) / participants) * 10000) / 10000 : null,
    },
    troughsByInterval: troughs.map((t) => ({ band: t.band, n: Number(t.n), median: t.median, q1: t.q1, q3: t.q3 })),
    decisions: { confirmed: Number(summary?.confirmed ?? 0), overridden: Number(summary?.overridden ?? 0) },
    infusions: { given, standardQ4w: standard, saved: standard - given, doseMg, drugSavedMg: (standard - given) * doseMg },
  };
}

/**
 * Every figure comes from the report facts (migration ReportFacts): merged interval spans (report_span_facts), the
 * sorted administered infusion dates and decision dates (report_participant_facts), clipped to each participant's
 * observation window [f, t] — spans by least/greatest, dates by binary search (width_bucket(x, sorted) = how many
 * elements are <= x). Trough quartiles are TROUGHS_SQL.
 */
export const DOSING_SQL = `
WITH ${OBSERVED_PARTICIPANTS_CTE},
fx AS (
  SELECT obs.id, obs.f, obs.t, r.infusion_dates, r.confirm_dates, r.override_dates, width_bucket(obs.f - 1, r.infusion_dates) AS inf_before, width_bucket(obs.t, r.infusion_dates) AS inf_upto
    FROM obs JOIN report_participant_facts r ON r.participant_id = obs.id
),
-- Spans are stored clipped to each participant's own window: the period clips them further. A span is counted in
-- every month whose last day lies in [lo, hi]: the months from lo's up to the one before hi + 1 day's, i.e.
-- [m1, m2) with m1 = month(lo) and m2 = month(hi + 1) — clipped the same way, months being monotonic in the date.
clipped AS (
  SELECT s.participant_id AS id, s.band, greatest(s.lo, $3::date) AS lo, least(s.hi, $4::date) AS hi,
         greatest(s.lo_month, b.from_month) AS m1, least(s.end_month, b.end_month) AS m2
    FROM report_span_facts s
   CROSS JOIN (SELECT date_trunc('month', $3::date::timestamp)::date AS from_month, date_trunc('month', ($4::date + 1)::timestamp)::date AS end_month) b
   WHERE s.study_id = $1 AND ($2::uuid[] IS NULL OR s.site_id = ANY($2::uuid[])) AND s.lo <= $4::date AND s.hi >= $3::date
),
given AS (
  SELECT fx.inf_upto - fx.inf_before AS n, fx.t, CASE WHEN fx.inf_upto > fx.inf_before THEN fx.infusion_dates[fx.inf_before + 1] END AS first_date,
         width_bucket(fx.t, fx.confirm_dates) - width_bucket(fx.f - 1, fx.confirm_dates) AS confirmed,
         width_bucket(fx.t, fx.override_dates) - width_bucket(fx.f - 1, fx.override_dates) AS overridden
    FROM fx
),
-- Per month and band: +1 where spans start counting, -1 where they stop, summed over the months in order, so the
-- work grows with the spans (a few per participant), not with participant-months.
delta AS (
  SELECT band, m, sum(d)::int AS d FROM (
    SELECT band, m1 AS m, count(*) AS d FROM clipped WHERE m1 < m2 GROUP BY band, m1
    UNION ALL
    SELECT band, m2, -count(*) FROM clipped WHERE m1 < m2 GROUP BY band, m2) e
   GROUP BY band, m
),
by_month AS (
  SELECT x.month, x.band, x.n FROM (
    SELECT to_char(mm, 'YYYY-MM') AS month, b.band, (sum(coalesce(delta.d, 0)) OVER (PARTITION BY b.band ORDER BY mm))::int AS n
      FROM (SELECT DISTINCT band FROM delta) b
      CROSS JOIN generate_series((SELECT min(m) FROM delta)::timestamp, (SELECT max(m) FROM delta)::timestamp, interval '1 month') g(mm)
      LEFT JOIN delta ON delta.band = b.band AND delta.m = mm::date) x
   WHERE x.n > 0
)
SELECT (SELECT count(*) FROM obs)::int AS participants,
       (SELECT json_agg(x ORDER BY x.band) FROM (SELECT band, sum(hi - lo + 1)::int AS days FROM clipped GROUP BY band) x) AS time,
       (SELECT count(DISTINCT id) FROM clipped WHERE band IN ('6', '7', '>=8'))::int AS reached6,
       (SELECT coalesce(sum(n), 0) FROM given)::int AS given,
       (SELECT coalesce(sum(floor((t - first_date) / 28.0) + 1), 0) FROM given WHERE first_date IS NOT NULL)::int AS standard,
       (SELECT coalesce(sum(confirmed), 0) FROM given)::int AS confirmed,
       (SELECT coalesce(sum(overridden), 0) FROM given)::int AS overridden,
       (SELECT json_agg(x ORDER BY x.month, x.band) FROM by_month x) AS months`;

/**
 * Trough quartiles per interval band, exactly as percentile_cont over the troughs in the windows would give them
 * (rank p × (n − 1), linear interpolation between the neighbouring values, in float8 like PostgreSQL's own), but
 * from each band's histogram: troughs are recorded to 0.01 µg/mL, so ~400 k troughs fold into a few thousand
 * (band, value) counts — maintained per site for periods that hold every trough, otherwise counted in a parallel
 * hash aggregate. A separate statement (same snapshot: the report runs in one REPEATABLE READ transaction) so that
 * the scan can run in parallel.
 */
export const TROUGHS_SQL = `
-- Whole: the period holds every trough of the sites asked for (troughs lie in their participant's window, so none is
-- sampled before the earliest enrolment; none settled after the latest settled_on). Then the maintained
-- per-site histogram answers; otherwise the troughs are counted.
WITH whole AS (
  SELECT $3::date <= (SELECT min(p.enrolment_date) FROM participant p
                       WHERE p.study_id = $1 AND ($2::uuid[] IS NULL OR p.site_id = ANY($2::uuid[])) AND ${OBSERVED_PARTICIPANT_SQL})
     AND $4::date >= coalesce((SELECT max(x.settled_on) FROM report_trough_facts x
                                WHERE x.study_id = $1 AND ($2::uuid[] IS NULL OR x.site_id = ANY($2::uuid[]))), '-infinity') AS yes
),
hist AS (
  SELECT h.band, h.concentration_ug_per_ml AS c, sum(h.n) AS k
    FROM report_trough_histogram h
   WHERE (SELECT yes FROM whole) AND h.study_id = $1 AND ($2::uuid[] IS NULL OR h.site_id = ANY($2::uuid[])) AND h.n > 0
   GROUP BY h.band, h.concentration_ug_per_ml
  UNION ALL
  SELECT x.band, x.concentration_ug_per_ml AS c, count(*) AS k
    FROM report_trough_facts x
   WHERE NOT (SELECT yes FROM whole) AND x.study_id = $1 AND ($2::uuid[] IS NULL OR x.site_id = ANY($2::uuid[]))
     AND x.sampled_on >= $3::date AND x.settled_on <= $4::date
   GROUP BY x.band, x.concentration_ug_per_ml
),
cum AS (SELECT band, c, sum(k) OVER (PARTITION BY band ORDER BY c) AS upto, sum(k) OVER (PARTITION BY band) AS n FROM hist),
bands AS (SELECT band, max(n) AS n, array_agg(c ORDER BY c) AS cs, array_agg(upto::float8 ORDER BY c) AS uptos FROM cum GROUP BY band),
-- The value at 0-based rank r is the first one with more than r values at or below it: cs[width_bucket(r, uptos) + 1].
val AS (
  SELECT b.band, b.n, q.p, b.cs[width_bucket(floor(z.at), b.uptos) + 1] AS lo, b.cs[width_bucket(ceil(z.at), b.uptos) + 1] AS hi, z.at
    FROM bands b CROSS JOIN (VALUES (0.25::float8), (0.5), (0.75)) q(p) CROSS JOIN LATERAL (SELECT q.p * (b.n - 1)::float8 AS at) z
)
SELECT band, n::int AS n,
       round(max(lo + (hi - lo) * (at - floor(at))) FILTER (WHERE p = 0.5)::numeric, 2)::float8 AS median,
       round(max(lo + (hi - lo) * (at - floor(at))) FILTER (WHERE p = 0.25)::numeric, 2)::float8 AS q1,
       round(max(lo + (hi - lo) * (at - floor(at))) FILTER (WHERE p = 0.75)::numeric, 2)::float8 AS q3
  FROM val GROUP BY band, n ORDER BY band`;
