import { IsoDate } from '../dates';
import { fastEpochDay } from './epoch-day';
import { TroughRecord } from '../history';
import { TroughScope } from '../protocol/protocol.types';

/** A sample that is a trough (protocols.md rules of evidence). */
export interface Trough {
  date: IsoDate;
  /** null = "< LLOQ": a trough below every threshold. */
  ugPerMl: number | null;
  /** Whole weeks since the previous infusion = the interval this trough belongs to. */
  intervalWeeks: number;
  previousInfusion: IsoDate;
}

export interface TroughEvidence {
  /** Troughs that count for the rule table, oldest first. */
  counting: Trough[];
  /** Samples dated ≤ asOf with neither a value nor "< LLOQ": not troughs (do not count for P3). */
  withoutResult: IsoDate[];
  /** Troughs excluded because they belong to another interval or predate the last change. */
  otherInterval: Trough[];
  /** Samples with no infusion before them: cannot be classed as troughs (natalizumab.md §6). */
  noPreviousInfusion: IsoDate[];
  /** Troughs dropped because A9(b) excludes the screening trough. */
  screeningExcluded: Trough[];
}

export interface TroughEvidenceInput {
  troughs: readonly TroughRecord[];
  infusionDates: readonly IsoDate[]; // sorted, unique, ≤ asOf
  asOf: IsoDate;
  scope: TroughScope;
  currentWeeks: number;
  changedOn: IsoDate | null;
  belowLloqIsTrough: boolean;
  /** A9(b): troughs dated ≤ this are screening samples and do not count; null = no exclusion. */
  excludeOnOrBefore: IsoDate | null;
}

/**
 * Order: by date; same-date samples by value descending with "< LLOQ" last, so that the
 * "most recent" of two same-day results is the lower one (conservative, and independent of the
 * order in which the history arrives).
 */
function byDateThenValueDesc(a: TroughRecord, b: TroughRecord): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  const va = a.ugPerMl ?? -Infinity;
  const vb = b.ugPerMl ?? -Infinity;
  return vb - va;
}

/** Linear after the sort: one pass with a pointer into the sorted infusion dates. */
export function classifyTroughs(input: TroughEvidenceInput): TroughEvidence {
  const ev: TroughEvidence = { counting: [], withoutResult: [], otherInterval: [], noPreviousInfusion: [], screeningExcluded: [] };
  const samples = input.troughs.filter((t) => t.date <= input.asOf).sort(byDateThenValueDesc);
  const inf = input.infusionDates;
  const infDay: number[] = new Array(inf.length);
  for (let i = 0; i < inf.length; i++) infDay[i] = fastEpochDay(inf[i]);
  let p = -1; // index of the latest infusion strictly before the sample date
  for (const s of samples) {
    // A sample with no result is not a trough — even when flagged, a NaN value is no result.
    const hasValue = typeof s.ugPerMl === 'number' && Number.isFinite(s.ugPerMl);
    const lloq = !hasValue && s.belowLloq === true && input.belowLloqIsTrough;
    if (!hasValue && !lloq) {
      ev.withoutResult.push(s.date);
      continue;
    }
    while (p + 1 < inf.length && inf[p + 1] < s.date) p++;
    if (p < 0) {
      ev.noPreviousInfusion.push(s.date);
      continue;
    }
    // A trough dated on an infusion day is that infusion's pre-infusion sample, so the
    // previous infusion is the one strictly before it.
    const t: Trough = {
      date: s.date,
      ugPerMl: hasValue ? (s.ugPerMl as number) : null,
      intervalWeeks: Math.floor((fastEpochDay(s.date) - infDay[p]) / 7),
      previousInfusion: inf[p],
    };
    if (input.excludeOnOrBefore !== null && t.date <= input.excludeOnOrBefore) {
      ev.screeningExcluded.push(t);
      continue;
    }
    const counts =
      input.scope === 'anyRecent' ||
      (t.intervalWeeks === input.currentWeeks && (input.changedOn === null || t.date > input.changedOn));
    (counts ? ev.counting : ev.otherInterval).push(t);
  }
  return ev;
}

export function formatTrough(t: Trough): string {
  return `${t.ugPerMl === null ? '< LLOQ' : `${t.ugPerMl} µg/mL`} on ${t.date} (${t.intervalWeeks} wk after ${t.previousInfusion})`;
}
