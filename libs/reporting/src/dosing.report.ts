import { RequestContext } from '@eid/core';
import { findProtocol } from '@eid/domain';
import { bandSql } from './interval-band.sql';
import { OBSERVED_PARTICIPANTS_CTE, ReportScope, scopeParams } from './report-scope';

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
  interval: 'Gap between consecutive administered infusions, whole weeks; it is in force from the infusion that ends it until the next infusion.',
  troughs: 'A trough belongs to the interval that ends at the infusion it precedes (precedes_infusion_id).',
  standardQ4w: 'Infusions a standard Q4W regimen would have given over each participant window: floor(days / 28) + 1 from the first infusion in the window.',
  drugSaved: "Infusions saved × the protocol dose (DOSE parameter of the study's protocol file).",
  decisions: 'dosing_decision rows in the period: confirm = the proposal applied, override = the investigator chose otherwise.',
};

/**
 * Dosing (issue #6): every figure is aggregated in ONE SQL statement over interval episodes built with window
 * functions (the episodes are computed once and shared by the summary and the per-month distribution).
 */
export async function dosingReport(ctx: RequestContext, s: ReportScope, protocol: { id: string; version: string }): Promise<DosingReport> {
  const doseMg = findProtocol(protocol.id, protocol.version)?.dosing.doseMg.value ?? 300;
  const empty = !s.protocolMatches;
  const params = scopeParams(s);
  const [summary] = empty ? [undefined] : ((await ctx.em.query(DOSING_SQL, params)) as Array<Record<string, unknown>>);
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
    timeOnInterval: time.map((t) => ({ band: t.band, participantDays: Number(t.days), share: totalDays > 0 ? Math.round((Number(t.days) / totalDays) * 10000) / 10000 : null })),
    reachedSixWeeks: { participants: Number(summary?.reached6 ?? 0), proportion: participants > 0 ? Math.round((Number(summary?.reached6 ?? 0) / participants) * 10000) / 10000 : null },
    troughsByInterval: ((summary?.troughs as Array<{ band: string; n: number; median: number; q1: number; q3: number }> | null) ?? []).map((t) => ({ band: t.band, n: Number(t.n), median: t.median, q1: t.q1, q3: t.q3 })),
    decisions: { confirmed: Number(summary?.confirmed ?? 0), overridden: Number(summary?.overridden ?? 0) },
    infusions: { given, standardQ4w: standard, saved: standard - given, doseMg, drugSavedMg: (standard - given) * doseMg },
  };
}

const EPISODES_CTE = `
ep AS (
  SELECT i.id, i.participant_id, i.date,
         lead(i.date) OVER w AS next_date,
         round((i.date - lag(i.date) OVER w) / 7.0)::int AS weeks
    FROM infusion i JOIN obs ON obs.id = i.participant_id
   WHERE i.deleted_at IS NULL AND i.administered AND i.date <= obs.t
  WINDOW w AS (PARTITION BY i.participant_id ORDER BY i.date)
)`;

export const DOSING_SQL = `
WITH ${OBSERVED_PARTICIPANTS_CTE}, ${EPISODES_CTE},
clipped AS (
  SELECT ep.*, ${bandSql('ep.weeks')} AS band,
         greatest(0, least(coalesce(ep.next_date, obs.t + 1), obs.t + 1) - greatest(ep.date, obs.f)) AS days,
         greatest(ep.date, obs.f) AS lo, least(coalesce(ep.next_date, obs.t + 1) - 1, obs.t) AS hi
    FROM ep JOIN obs ON obs.id = ep.participant_id
   WHERE ep.weeks IS NOT NULL
),
given AS (
  SELECT obs.id, count(ep.id) FILTER (WHERE ep.date BETWEEN obs.f AND obs.t) AS n,
         min(ep.date) FILTER (WHERE ep.date BETWEEN obs.f AND obs.t) AS first_date, obs.t
    FROM obs LEFT JOIN ep ON ep.participant_id = obs.id
   GROUP BY obs.id, obs.t
),
tr AS (
  SELECT ${bandSql('ep.weeks')} AS band, t.concentration_ug_per_ml::float8 AS c
    FROM trough_sample t JOIN obs ON obs.id = t.participant_id JOIN ep ON ep.id = t.precedes_infusion_id
   WHERE t.deleted_at IS NULL AND t.concentration_ug_per_ml IS NOT NULL AND t.sampled_on BETWEEN obs.f AND obs.t AND ep.weeks IS NOT NULL
),
-- An episode is counted in every month whose last day lies in [lo, hi]: the months from lo's to the one before
-- hi + 1 day's (one row per episode-month instead of testing every episode against every month).
by_month AS (
  SELECT to_char(m, 'YYYY-MM') AS month, c.band, count(*)::int AS n
    FROM clipped c
    CROSS JOIN LATERAL generate_series(date_trunc('month', c.lo::timestamp), date_trunc('month', (c.hi + 1)::timestamp) - interval '1 month', interval '1 month') m
   WHERE c.lo <= c.hi
   GROUP BY 1, 2
)
SELECT (SELECT count(*) FROM obs)::int AS participants,
       (SELECT json_agg(x ORDER BY x.band) FROM (SELECT band, sum(days)::int AS days FROM clipped WHERE days > 0 GROUP BY band) x) AS time,
       (SELECT count(DISTINCT participant_id) FROM clipped WHERE weeks >= 6 AND days > 0)::int AS reached6,
       (SELECT json_agg(x ORDER BY x.band) FROM (
          SELECT band, count(*)::int AS n,
                 round(percentile_cont(0.5) WITHIN GROUP (ORDER BY c)::numeric, 2)::float8 AS median,
                 round(percentile_cont(0.25) WITHIN GROUP (ORDER BY c)::numeric, 2)::float8 AS q1,
                 round(percentile_cont(0.75) WITHIN GROUP (ORDER BY c)::numeric, 2)::float8 AS q3
            FROM tr GROUP BY band) x) AS troughs,
       (SELECT coalesce(sum(n), 0) FROM given)::int AS given,
       (SELECT coalesce(sum(floor((t - first_date) / 28.0) + 1), 0) FROM given WHERE first_date IS NOT NULL)::int AS standard,
       (SELECT count(*) FROM dosing_decision d JOIN obs ON obs.id = d.participant_id WHERE d.action = 'confirm' AND d.decided_on BETWEEN obs.f AND obs.t)::int AS confirmed,
       (SELECT count(*) FROM dosing_decision d JOIN obs ON obs.id = d.participant_id WHERE d.action = 'override' AND d.decided_on BETWEEN obs.f AND obs.t)::int AS overridden,
       (SELECT json_agg(x ORDER BY x.month, x.band) FROM by_month x) AS months`;
