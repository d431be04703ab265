import { IsoDate, toEpochDay } from '../dates';
import { EdssRecord, RelapseRecord } from '../history';
import { cdpThreshold, isValidEdssScore } from './edss';
import { ClassifiedRelapse, classifyRelapses, RelapseClassificationOptions } from './relapse-classification';
import { sortedByDate } from './sorted-by-date';

/**
 * Confirmed disability progression, docs/science/outcomes.md §5 (platform default; variants exist).
 * Onset: a visit whose score − baseline ≥ threshold(baseline). Confirmed: a visit ≥ 12 (or 24) weeks
 * after onset still ≥ threshold, with no intervening score below it. Scores taken within 30 days of a
 * relapse onset neither start nor confirm progression. NOVA used 24 weeks [confirmed]; AFFIRM 12 [memory].
 */
export type CdpStatus = 'CONFIRMED' | 'NOT_CONFIRMED' | 'PENDING' | 'INSUFFICIENT_DATA';

/** Relapse-affected visits: onset ≤ visit ≤ onset + 30 days (inclusive; platform reading of "within 30 days"). */
export const RELAPSE_EDSS_EXCLUSION_DAYS = 30;

export interface CdpOptions {
  confirmationWeeks?: 12 | 24;
  /** Baseline = the latest valid score on or before this date; default: the first valid score. */
  baselineDate?: IsoDate;
  /** Ignore visits after this date (end of the observation period). */
  until?: IsoDate;
  relapseOptions?: RelapseClassificationOptions;
  /** The same relapses already classified (saves a second pass when the caller has them, e.g. NEDA-3). */
  classifiedRelapses?: readonly ClassifiedRelapse[];
  allowHalf?: boolean;
}

export interface CdpResult {
  status: CdpStatus;
  confirmationWeeks: 12 | 24;
  baseline?: { date: IsoDate; score: number };
  thresholdIncrease?: number;
  onset?: { date: IsoDate; score: number };
  confirmation?: { date: IsoDate; score: number };
  /** Scores left out as invalid EDSS values (see edss.ts). */
  invalidScores: EdssRecord[];
  reason?: string;
}

/**
 * Linear after sorting: within each run of consecutive visits at or above the threshold, the earliest
 * eligible visit is the best onset (any later onset confirmed by a visit is also confirmed from it).
 */
export function confirmedDisabilityProgression(
  edss: readonly EdssRecord[] | undefined,
  relapses: readonly RelapseRecord[] | undefined,
  options: CdpOptions = {},
): CdpResult {
  const confirmationWeeks = options.confirmationWeeks ?? 12;
  const confirmDays = confirmationWeeks * 7;
  const invalidScores: EdssRecord[] = [];
  const visits: EdssRecord[] = [];
  for (const { item } of sortedByDate(edss ?? [], (e) => e.date)) {
    if (options.until !== undefined && item.date > options.until) continue;
    if (isValidEdssScore(item.score, { allowHalf: options.allowHalf })) visits.push(item);
    else invalidScores.push(item);
  }

  let baselineIdx = -1;
  if (options.baselineDate === undefined) baselineIdx = visits.length > 0 ? 0 : -1;
  else for (let i = 0; i < visits.length && visits[i].date <= options.baselineDate; i++) baselineIdx = i;
  if (baselineIdx < 0) return { status: 'INSUFFICIENT_DATA', confirmationWeeks, invalidScores, reason: 'no valid baseline EDSS' };

  const baseline = visits[baselineIdx];
  const threshold = cdpThreshold(baseline.score);
  const common = {
    confirmationWeeks,
    baseline: { date: baseline.date, score: baseline.score },
    thresholdIncrease: threshold,
    invalidScores,
  };

  // Relapse onsets that make a visit unusable: every event except R1 transients (NOT_RELAPSE);
  // pseudo-relapses (fever) also distort the examination. Sorted epoch days → two-pointer scan, so the
  // whole function is linear after sorting.
  const onsetDays = (options.classifiedRelapses ?? classifyRelapses(relapses ?? [], options.relapseOptions))
    .filter((c) => c.classification !== 'NOT_RELAPSE')
    .map((c) => toEpochDay(c.record.onset));
  let r = 0;
  const duringRelapse = (day: number): boolean => {
    while (r < onsetDays.length && onsetDays[r] + RELAPSE_EDSS_EXCLUSION_DAYS < day) r++;
    return r < onsetDays.length && onsetDays[r] <= day;
  };

  let onset: EdssRecord | undefined;
  let onsetDay = 0;
  for (let i = baselineIdx + 1; i < visits.length; i++) {
    const v = visits[i];
    const day = toEpochDay(v.date);
    const eligible = !duringRelapse(day);
    if (v.score - baseline.score < threshold) {
      onset = undefined; // a score below the threshold ends the run (no intervening lower score)
      continue;
    }
    if (onset === undefined) {
      if (eligible) {
        onset = v;
        onsetDay = day;
      }
      continue;
    }
    if (eligible && day - onsetDay >= confirmDays) {
      return {
        status: 'CONFIRMED',
        ...common,
        onset: { date: onset.date, score: onset.score },
        confirmation: { date: v.date, score: v.score },
      };
    }
  }
  const pending = onset;
  if (pending !== undefined) {
    return {
      status: 'PENDING',
      ...common,
      onset: { date: pending.date, score: pending.score },
      reason: `increase at ${pending.date} not yet confirmed ≥ ${confirmationWeeks} weeks later`,
    };
  }
  return { status: 'NOT_CONFIRMED', ...common };
}
