import { addMonths, IsoDate } from '../dates';
import { JcvRecord, JcvStatus, ParticipantHistory } from '../history';

/**
 * Anti-JCV antibody index risk bands, docs/science/pml-risk.md §4a: ≤ 0.9, > 0.9 to ≤ 1.5, > 1.5
 * [confirmed thresholds: Schwab 2016, UpToDate compilation; SmPC band table itself: memory].
 * Bands are closed on the upper end (§4e): 0.9 → LE_0_9; 1.5 → GT_0_9_LE_1_5.
 */
export type JcvIndexBand = 'LE_0_9' | 'GT_0_9_LE_1_5' | 'GT_1_5';

export const JCV_INDEX_LOW_MAX = 0.9;
export const JCV_INDEX_MID_MAX = 1.5;

/** §4e platform convention: a test should be ≤ 6 months old (US PI 6-monthly TOUCH re-authorisation). */
export const JCV_MAX_AGE_MONTHS = 6;

export function jcvIndexBand(index: number | undefined): JcvIndexBand | undefined {
  if (index === undefined || !Number.isFinite(index) || index < 0) return undefined;
  if (index <= JCV_INDEX_LOW_MAX) return 'LE_0_9';
  if (index <= JCV_INDEX_MID_MAX) return 'GT_0_9_LE_1_5';
  return 'GT_1_5';
}

export interface LatestJcv {
  /** undefined when no test is on record on or before asOf. */
  status: JcvStatus | undefined;
  date: IsoDate | undefined;
  /** Only meaningful for a positive result; a negative test's index is reported but not banded. */
  index: number | undefined;
  indexBand: JcvIndexBand | undefined;
  /** Test date earlier than asOf − 6 calendar months (§4e): flag, do not discard. */
  stale: boolean;
}

// Same-day conflicting results: keep the more cautious one (platform choice; notes are silent).
const CAUTION: Record<JcvStatus, number> = { negative: 0, indeterminate: 1, positive: 2 };

/** Latest test on or before asOf (§4e "use the latest test result"); linear, no sort. */
export function latestJcv(history: Pick<ParticipantHistory, 'jcv'>, asOf: IsoDate, maxAgeMonths: number = JCV_MAX_AGE_MONTHS): LatestJcv {
  let latest: JcvRecord | undefined;
  for (const test of history.jcv ?? []) {
    if (test.date > asOf) continue;
    if (latest === undefined || test.date > latest.date || (test.date === latest.date && CAUTION[test.status] > CAUTION[latest.status])) {
      latest = test;
    }
  }
  if (latest === undefined) return { status: undefined, date: undefined, index: undefined, indexBand: undefined, stale: false };
  return {
    status: latest.status,
    date: latest.date,
    index: latest.index,
    indexBand: latest.status === 'positive' ? jcvIndexBand(latest.index) : undefined,
    stale: latest.date < addMonths(asOf, -maxAgeMonths),
  };
}
