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
