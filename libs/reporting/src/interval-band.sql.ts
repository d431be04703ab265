/**
 * Dosing interval bands of the reports (issue #6): 4, 5, 6, 7 and ≥ 8 weeks. An interval is the gap between
 * two consecutive administered infusions in whole weeks (rounded: the A7 tolerance of ±3 days keeps a
 * 6-week interval at 6). A participant's band is the interval in force at the end of their observation
 * window: the gap between their last two infusions on or before it ('unknown' with fewer than two).
 */
export const INTERVAL_BANDS = ['4', '5', '6', '7', '>=8', 'unknown'] as const;
export type IntervalBand = (typeof INTERVAL_BANDS)[number];

export function bandSql(weeksExpr: string): string {
  return `CASE WHEN ${weeksExpr} IS NULL THEN 'unknown' WHEN ${weeksExpr} <= 4 THEN '4' WHEN ${weeksExpr} >= 8 THEN '>=8' ELSE (${weeksExpr})::int::text END`;
}

/**
 * LEFT JOIN LATERAL of the interval (weeks) in force at `atExpr` for participant `pidExpr`, as `alias.weeks`
 * (NULL with fewer than two administered infusions): one index probe per participant, evaluated once however
 * often the band expression repeats it.
 */
export function currentIntervalJoin(alias: string, pidExpr: string, atExpr: string): string {
  return `LEFT JOIN LATERAL (SELECT round((max(d) - min(d)) / 7.0)::int AS weeks FROM (
            SELECT i.date AS d FROM infusion i
             WHERE i.participant_id = ${pidExpr} AND i.deleted_at IS NULL AND i.administered AND i.date <= ${atExpr}
             ORDER BY i.date DESC LIMIT 2) last2 HAVING count(*) = 2) ${alias} ON true`;
}
