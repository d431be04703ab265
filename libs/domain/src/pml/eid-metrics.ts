import { addMonths, DateWindow, daysBetween, inWindow, IsoDate } from '../dates';
import { InfusionRecord, ParticipantHistory } from '../history';

/**
 * Platform EID metrics, docs/science/pml-risk.md §3 (platform definitions).
 * The 18-month count and the average dosing interval (ADI) are two independent metrics that can
 * disagree near the boundary (§3 "Why 15 and 5.2 weeks"): both are reported, neither is derived
 * from the other.
 */

/** W18 length in calendar months, docs/science/pml-risk.md §3 (Zhovtis Ryerson 2019 primary analysis: last 18 months). */
export const EID_WINDOW_MONTHS = 18;

/**
 * "≤ 15 infusions in 18 months" — background-text criterion, source [unconfirmed] (docs/science/pml-risk.md §1, §3).
 * Not traceable to Ho 2017 or Zhovtis Ryerson 2019.
 */
export const EID_MAX_INFUSIONS_18M = 15;

/** ADI bands in days, Zhovtis Ryerson 2019 primary analysis (docs/science/pml-risk.md §2, §3) [confirmed]. */
export const SID_MIN_ADI_DAYS = 21; // ≥ 3 weeks
export const SID_MAX_ADI_DAYS = 35; // ≤ 5 weeks
export const EID_MAX_ADI_DAYS = 84; // ≤ 12 weeks

/**
 * `span` (default): (last − first infusion in W18) / (count − 1) — docs/science/pml-risk.md §3;
 * Ryerson's exact formula is [unconfirmed], so alternative (b) is selectable:
 * `windowLength`: W18 length in days / count.
 */
export type AdiFormula = 'span' | 'windowLength';

/**
 * `NOT_COMPUTABLE` is a platform addition: the ADI is undefined (< 2 infusions in W18 for `span`,
 * 0 for `windowLength`), so no band applies. §3 reserves `UNCLASSIFIED` for an ADI outside 3–12 weeks.
 */
export type DosingClass = 'SID' | 'EID' | 'UNCLASSIFIED' | 'NOT_COMPUTABLE';

export interface EidMetrics {
  /** W18(asOf) = [asOf − 18 calendar months (clamped to month end), asOf], both ends inclusive. */
  window: DateWindow;
  infusionCount18m: number;
  /** undefined when not computable (see AdiFormula). */
  adi18mDays: number | undefined;
  adiFormula: AdiFormula;
  /** `infusionCount18m ≤ 15` [unconfirmed criterion]. */
  eidByCount: boolean;
  dosingClassByAdi: DosingClass;
  /** First-ever infusion date > window start (or no infusion at all): not comparable to the TOUCH primary cohort. */
  historyShorterThanWindow: boolean;
  firstEverInfusion: IsoDate | undefined;
  /** docs/science/pml-risk.md §3 TOUCH rule [confirmed: AAN 2022 abstract]: a gap < 3 or > 12 weeks between consecutive infusions in W18. */
  excludedByTouchRule: boolean;
  /** Whether the recorded infusions cover W18 (see eidHistoryCoverage); INSUFFICIENT_HISTORY → the metrics are not computed. */
  history: EidHistoryCoverage;
  /** Status of each criterion, carried from the notes so a report can print it. */
  statuses: {
    eidByCount: 'unconfirmed';
    dosingClassByAdi: 'confirmed';
    adiFormula: 'unconfirmed';
    excludedByTouchRule: 'confirmed';
    history: 'unconfirmed';
  };
}

/** TOUCH exclusion bounds in days (docs/science/pml-risk.md §3): < 3 weeks or > 12 weeks. */
export const TOUCH_MIN_GAP_DAYS = 21;
export const TOUCH_MAX_GAP_DAYS = 84;

export type EidHistoryCoverage = 'SUFFICIENT' | 'INSUFFICIENT_HISTORY';

/**
 * docs/science/pml-risk.md §2: the metrics need the dates of the infusions in the window; never computed from study infusions
 * alone. Platform convention [unconfirmed]: the history covers W18 when natalizumab started inside the window (the
 * whole history is then on record), or the earliest recorded infusion date (screening form or eCRF) is no more than
 * 12 weeks (the longest TOUCH gap) after the window start. Otherwise INSUFFICIENT_HISTORY.
 */
export function eidHistoryCoverage(history: Pick<ParticipantHistory, 'infusions' | 'participant'>, asOf: IsoDate): EidHistoryCoverage {
  const from = eidWindow(asOf).from;
  const start = history.participant?.firstNatalizumabDate;
  if (start !== undefined && start >= from) return 'SUFFICIENT';
  let earliest: IsoDate | undefined;
  for (const i of history.infusions) if (isGivenBy(i, asOf) && (earliest === undefined || i.date < earliest)) earliest = i.date;
  return earliest !== undefined && daysBetween(from, earliest) <= TOUCH_MAX_GAP_DAYS ? 'SUFFICIENT' : 'INSUFFICIENT_HISTORY';
}

/** docs/science/pml-risk.md §3 `excludedByTouchRule` over the given infusions in W18, in date order. */
export function excludedByTouchRule(history: Pick<ParticipantHistory, 'infusions'>, asOf: IsoDate): boolean {
  const dates = [...givenDatesIn18m(history, asOf)].sort();
  for (let k = 1; k < dates.length; k++) {
    const gap = daysBetween(dates[k - 1], dates[k]);
    if (gap < TOUCH_MIN_GAP_DAYS || gap > TOUCH_MAX_GAP_DAYS) return true;
  }
  return false;
}

export interface EidMetricsOptions {
  adiFormula?: AdiFormula;
}

/** An infusion counts when it was given (`administered` absent or true, history.ts) on or before `asOf`. */
export function isGivenBy(infusion: InfusionRecord, asOf: IsoDate): boolean {
  return infusion.administered !== false && infusion.date <= asOf;
}

/** docs/science/pml-risk.md §3 window; month subtraction clamps to month end (2025-08-31 → 2024-02-29). */
export function eidWindow(asOf: IsoDate): DateWindow {
  return { from: addMonths(asOf, -EID_WINDOW_MONTHS), to: asOf };
}

/**
 * The dates of the given infusions in W18, each once: two records on one date are one infusion occasion (the same
 * administration entered twice, or one interrupted and restarted), as the report facts count them (DISTINCT dates,
 * sql/functions/report_facts_v3.sql eidinf). Counted twice, a duplicate record would add an infusion and a 0-day gap
 * (< 3 weeks: the TOUCH exclusion) that the patient never had.
 */
function givenDatesIn18m(history: Pick<ParticipantHistory, 'infusions'>, asOf: IsoDate): Set<IsoDate> {
  const window = eidWindow(asOf);
  const dates = new Set<IsoDate>();
  for (const infusion of history.infusions) if (isGivenBy(infusion, asOf) && inWindow(infusion.date, window)) dates.add(infusion.date);
  return dates;
}

export function infusionCount18m(history: Pick<ParticipantHistory, 'infusions'>, asOf: IsoDate): number {
  return givenDatesIn18m(history, asOf).size;
}

export function adi18mDays(
  history: Pick<ParticipantHistory, 'infusions'>,
  asOf: IsoDate,
  formula: AdiFormula = 'span',
): number | undefined {
  const window = eidWindow(asOf);
  const dates = givenDatesIn18m(history, asOf);
  const count = dates.size;
  let first: IsoDate | undefined;
  let last: IsoDate | undefined;
  // One pass, no sort: only the extremes are needed (linear over 10,000 × 5 years).
  for (const date of dates) {
    if (first === undefined || date < first) first = date;
    if (last === undefined || date > last) last = date;
  }
  if (formula === 'windowLength') return count === 0 ? undefined : daysBetween(window.from, window.to) / count;
  if (count < 2 || first === undefined || last === undefined) return undefined;
  return daysBetween(first, last) / (count - 1);
}

export function eidByCount(count18m: number): boolean {
  return count18m <= EID_MAX_INFUSIONS_18M;
}

/** Bands per docs/science/pml-risk.md §3: SID 21 ≤ ADI ≤ 35; EID 35 < ADI ≤ 84; otherwise UNCLASSIFIED. */
export function dosingClassByAdi(adiDays: number | undefined): DosingClass {
  if (adiDays === undefined || !Number.isFinite(adiDays)) return 'NOT_COMPUTABLE';
  if (adiDays >= SID_MIN_ADI_DAYS && adiDays <= SID_MAX_ADI_DAYS) return 'SID';
  if (adiDays > SID_MAX_ADI_DAYS && adiDays <= EID_MAX_ADI_DAYS) return 'EID';
  return 'UNCLASSIFIED';
}

/**
 * First-ever infusion: the earliest given infusion on record, or `participant.firstNatalizumabDate`
 * when that is earlier (treatment started elsewhere and the early records are missing).
 */
export function firstEverInfusion(history: Pick<ParticipantHistory, 'infusions' | 'participant'>, asOf: IsoDate): IsoDate | undefined {
  let first = history.participant?.firstNatalizumabDate;
  if (first !== undefined && first > asOf) first = undefined;
  for (const infusion of history.infusions) {
    if (isGivenBy(infusion, asOf) && (first === undefined || infusion.date < first)) first = infusion.date;
  }
  return first;
}

export function historyShorterThanWindow(history: Pick<ParticipantHistory, 'infusions' | 'participant'>, asOf: IsoDate): boolean {
  const first = firstEverInfusion(history, asOf);
  return first === undefined || first > eidWindow(asOf).from;
}

export function eidMetrics(
  history: Pick<ParticipantHistory, 'infusions' | 'participant'>,
  asOf: IsoDate,
  options: EidMetricsOptions = {},
): EidMetrics {
  const adiFormula = options.adiFormula ?? 'span';
  const count = infusionCount18m(history, asOf);
  const adi = adi18mDays(history, asOf, adiFormula);
  const first = firstEverInfusion(history, asOf);
  const window = eidWindow(asOf);
  return {
    window,
    infusionCount18m: count,
    adi18mDays: adi,
    adiFormula,
    eidByCount: eidByCount(count),
    dosingClassByAdi: dosingClassByAdi(adi),
    historyShorterThanWindow: first === undefined || first > window.from,
    firstEverInfusion: first,
    excludedByTouchRule: excludedByTouchRule(history, asOf),
    history: eidHistoryCoverage(history, asOf),
    statuses: {
      eidByCount: 'unconfirmed',
      dosingClassByAdi: 'confirmed',
      adiFormula: 'unconfirmed',
      excludedByTouchRule: 'confirmed',
      history: 'unconfirmed',
    },
  };
}
