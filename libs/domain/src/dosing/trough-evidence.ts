import { IsoDate } from '../dates';
import { DecisionRecord, TroughRecord } from '../history';
import { TroughScope } from '../protocol/protocol.types';
import { IntervalInForce, judgeGap, ScheduleGap, ScheduleTolerance } from './schedule-adherence';

/** A sampling occasion that is a trough (docs/science/protocols.md rules of evidence). */
export interface Trough {
  date: IsoDate;
  /** null = "< LLOQ": a trough below every threshold. The lowest result of the occasion (EV-OCCASION). */
  ugPerMl: number | null;
  /** The interval in force for the gap this trough closes (EV-INTERVAL), not the floored weeks. */
  intervalWeeks: number;
  previousInfusion: IsoDate;
  /** The gap previous infusion → sample date against the interval in force and the A7 tolerance. */
  gap: ScheduleGap;
  /** Results recorded for this date (> 1 = same-day duplicate). */
  results: number;
}

export type NotCountingWhy = 'off-schedule' | 'before-change' | 'other-interval';

export interface TroughEvidence {
  /** Troughs that count for the rule table, oldest first. */
  counting: Trough[];
  /** Troughs that do not count, with why (shown on the proposal). */
  notCounting: { trough: Trough; why: NotCountingWhy }[];
  /** Dates ≤ asOf with samples but neither a value nor "< LLOQ": not troughs (do not count for P3). */
  withoutResult: IsoDate[];
  /** Samples with no infusion before them: cannot be classed as troughs (docs/science/natalizumab.md §6). */
  noPreviousInfusion: IsoDate[];
  /** Troughs dropped because A9(b) excludes the screening trough. */
  screeningExcluded: Trough[];
  /** Dates with more than one result: one occasion, the lowest counts; a data-quality flag. */
  duplicateDates: IsoDate[];
}

export interface TroughEvidenceInput {
  troughs: readonly TroughRecord[];
  infusionDates: readonly IsoDate[]; // sorted, unique, ≤ asOf
  decisions: readonly DecisionRecord[]; // sorted by date, ≤ asOf
  startWeeks: number;
  tolerance: ScheduleTolerance;
  asOf: IsoDate;
  scope: TroughScope;
  currentWeeks: number;
  changedOn: IsoDate | null;
  belowLloqIsTrough: boolean;
  /** A9(b): troughs dated ≤ this are screening samples and do not count; null = no exclusion. */
  excludeOnOrBefore: IsoDate | null;
}

interface Occasion {
  date: IsoDate;
  lowest: number | null; // null = < LLOQ
  results: number;
}

/**
 * EV-OCCASION: all results of one date are one occasion; the lowest value is kept ("< LLOQ" lowest of all),
 * so the outcome does not depend on the order of entry. Dates without any result are listed apart.
 */
export function samplingOccasions(
  troughs: readonly TroughRecord[],
  asOf: IsoDate,
  belowLloqIsTrough: boolean,
): { occasions: Occasion[]; withoutResult: IsoDate[] } {
  const byDate = new Map<IsoDate, Occasion>();
  const sampled = new Set<IsoDate>();
  for (const s of troughs) {
    if (s.date > asOf) continue;
    sampled.add(s.date);
    // A sample with no result is not a trough — even when flagged, a NaN value is no result.
    const hasValue = typeof s.ugPerMl === 'number' && Number.isFinite(s.ugPerMl);
    const lloq = !hasValue && s.belowLloq === true && belowLloqIsTrough;
    if (!hasValue && !lloq) continue;
    const v = hasValue ? (s.ugPerMl as number) : null;
    const o = byDate.get(s.date);
    if (!o) byDate.set(s.date, { date: s.date, lowest: v, results: 1 });
    else {
      o.results++;
      if (v === null || (o.lowest !== null && v < o.lowest)) o.lowest = v;
    }
  }
  const occasions = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
  const withoutResult = [...sampled].filter((d) => !byDate.has(d)).sort();
  return { occasions, withoutResult };
}

/** Linear after the sort: one pass with pointers into the sorted infusions and decisions. */
export function classifyTroughs(input: TroughEvidenceInput): TroughEvidence {
  const { occasions, withoutResult } = samplingOccasions(input.troughs, input.asOf, input.belowLloqIsTrough);
  const ev: TroughEvidence = {
    counting: [],
    notCounting: [],
    withoutResult,
    noPreviousInfusion: [],
    screeningExcluded: [],
    duplicateDates: [],
  };
  const inf = input.infusionDates;
  const inForce = new IntervalInForce(input.decisions, input.startWeeks);
  let p = -1; // index of the latest infusion strictly before the sample date
  for (const o of occasions) {
    if (o.results > 1) ev.duplicateDates.push(o.date);
    while (p + 1 < inf.length && inf[p + 1] < o.date) p++;
    if (p < 0) {
      ev.noPreviousInfusion.push(o.date);
      continue;
    }
    // A trough dated on an infusion day is that infusion's pre-infusion sample: the gap it closes runs from
    // the previous infusion to the sample date (the visit), judged against the interval in force then.
    const weeks = inForce.before(o.date);
    const gap = judgeGap(inf[p], o.date, weeks, input.tolerance);
    const t: Trough = { date: o.date, ugPerMl: o.lowest, intervalWeeks: weeks, previousInfusion: inf[p], gap, results: o.results };
    if (input.excludeOnOrBefore !== null && t.date <= input.excludeOnOrBefore) {
      ev.screeningExcluded.push(t);
      continue;
    }
    const why: NotCountingWhy | null = !gap.onSchedule
      ? 'off-schedule'
      : input.scope === 'anyRecent'
        ? null
        : input.changedOn !== null && t.date <= input.changedOn
          ? 'before-change'
          : weeks !== input.currentWeeks
            ? 'other-interval'
            : null;
    if (why) ev.notCounting.push({ trough: t, why });
    else ev.counting.push(t);
  }
  return ev;
}

export function formatTrough(t: Trough): string {
  const dup = t.results > 1 ? `, lowest of ${t.results} results that day` : '';
  return `${t.ugPerMl === null ? '< LLOQ' : `${t.ugPerMl} µg/mL`} on ${t.date} (${t.intervalWeeks}-week interval after ${t.previousInfusion}${dup})`;
}

const WHY_TEXT: Record<NotCountingWhy, string> = {
  'off-schedule': 'the gap it closes is outside the A7 tolerance (schedule deviation)',
  'before-change': 'drawn on or before the last interval change',
  'other-interval': 'drawn at another interval',
};

export function describeNotCounting(n: { trough: Trough; why: NotCountingWhy }): string {
  const extra =
    n.why === 'off-schedule'
      ? `: ${n.trough.gap.offsetDays < 0 ? -n.trough.gap.offsetDays + ' day(s) early' : n.trough.gap.offsetDays + ' day(s) late'} against due ${n.trough.gap.due}`
      : '';
  return `${formatTrough(n.trough)} — ${WHY_TEXT[n.why]}${extra}`;
}
