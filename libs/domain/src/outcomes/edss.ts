/**
 * EDSS values, docs/science/outcomes.md §5 (Kurtzke 1983 [memory]). Valid: 0.0, 1.0, 1.5, … 9.5, 10.0
 * [confirmed: 0–10 in 0.5 increments]; 0.5 itself is not a score [memory] — `allowHalf` admits it
 * for data sets that use it.
 */
export interface EdssValidation {
  valid: boolean;
  reason?: 'NOT_A_NUMBER' | 'OUT_OF_RANGE' | 'NOT_A_HALF_STEP' | 'HALF_NOT_A_SCORE';
}

export function validateEdss(score: unknown, options: { allowHalf?: boolean } = {}): EdssValidation {
  if (typeof score !== 'number' || !Number.isFinite(score)) return { valid: false, reason: 'NOT_A_NUMBER' };
  if (score < 0 || score > 10) return { valid: false, reason: 'OUT_OF_RANGE' };
  if (!Number.isInteger(score * 2)) return { valid: false, reason: 'NOT_A_HALF_STEP' };
  if (score === 0.5 && !options.allowHalf) return { valid: false, reason: 'HALF_NOT_A_SCORE' };
  return { valid: true };
}

export function isValidEdssScore(score: unknown, options: { allowHalf?: boolean } = {}): boolean {
  return validateEdss(score, options).valid;
}

/**
 * Increase needed for confirmed disability progression, docs/science/outcomes.md §5 (platform default, the common
 * trial convention [memory]): baseline 0.0 → ≥ 1.5; 1.0–5.5 → ≥ 1.0; ≥ 6.0 → ≥ 0.5.
 * A baseline of 0.5 (only with allowHalf) is not in the table; it takes the 1.0 step (platform choice:
 * AFFIRM's "≥ 1.5 from 0" names 0 only).
 */
export function cdpThreshold(baseline: number): number {
  if (baseline === 0) return 1.5;
  if (baseline <= 5.5) return 1.0;
  return 0.5;
}
