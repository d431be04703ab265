import { addDays, addMonths, assertIsoDate, DateWindow, daysBetween, IsoDate } from '../dates';
import { ClauseStatus, Protocol } from '../protocol/protocol.types';

/**
 * 3-monthly clinic + MRI visits (PDNMS: MRI, relapse assessment and EDSS every 3 months
 * [confirmed, van Kempen 2020]); cadence, follow-up length and windows come from the protocol
 * file. The visit window is a platform placeholder in every bundled file [unconfirmed].
 */
export interface PlannedVisit {
  /** 1 = first follow-up visit (baseline/inclusion itself is visit 0 and not planned here). */
  number: number;
  monthsFromBaseline: number;
  /** Baseline + n calendar months, clamped to month end (31 Aug + 6 months = 28/29 Feb). */
  target: IsoDate;
  /** [target − daysBefore, target + daysAfter], both ends inclusive. */
  window: DateWindow;
  includes: string[];
  windowStatus: ClauseStatus;
}

/** upcoming = window not open yet (added to due/overdue/done/out-of-window for completeness). */
export type VisitStatus = 'done' | 'out-of-window' | 'due' | 'overdue' | 'upcoming';

export interface VisitStatusEntry extends PlannedVisit {
  status: VisitStatus;
  /** The recorded visit date matched to this planned visit, if any. */
  recordedDate?: IsoDate;
}

export function planVisits(protocol: Protocol, baseline: IsoDate): PlannedVisit[] {
  assertIsoDate(baseline, 'baseline');
  const v = protocol.visits;
  const out: PlannedVisit[] = [];
  // Each target is computed from the baseline, not chained from the previous visit, so month-end
  // clamping never drifts (31 Aug → 30 Nov → 28 Feb → 31 May, not → 28 May).
  for (let n = 1; n * v.cadence.everyMonths <= v.durationMonths.value; n++) {
    const months = n * v.cadence.everyMonths;
    const target = addMonths(baseline, months);
    out.push({
      number: n,
      monthsFromBaseline: months,
      target,
      window: { from: addDays(target, -v.window.daysBefore), to: addDays(target, v.window.daysAfter) },
      includes: v.cadence.includes.slice(),
      windowStatus: v.window.status,
    });
  }
  return out;
}

/**
 * Status of each planned visit as of `asOf`, given the dates visits actually took place.
 * Each recorded date (≤ asOf) is matched to the planned visit with the nearest target (tie → the
 * earlier visit). A visit is done when a matched date lies in its window, out-of-window when
 * matched dates exist but none in the window; otherwise overdue after the window, due inside
 * it, upcoming before it.
 */
export function visitStatuses(
  protocol: Protocol,
  baseline: IsoDate,
  recordedVisits: readonly IsoDate[],
  asOf: IsoDate,
): VisitStatusEntry[] {
  assertIsoDate(asOf, 'asOf');
  const planned = planVisits(protocol, baseline);
  const matched: IsoDate[][] = planned.map(() => []);
  for (const d of recordedVisits) {
    if (d > asOf || planned.length === 0) continue;
    let best = 0;
    for (let i = 1; i < planned.length; i++)
      if (Math.abs(daysBetween(planned[i].target, d)) < Math.abs(daysBetween(planned[best].target, d))) best = i;
    matched[best].push(d);
  }
  return planned.map((p, i) => {
    const inWin = matched[i].filter((d) => d >= p.window.from && d <= p.window.to);
    const closest = (ds: IsoDate[]) =>
      ds.reduce((a, b) => (Math.abs(daysBetween(p.target, b)) < Math.abs(daysBetween(p.target, a)) ? b : a));
    if (inWin.length) return { ...p, status: 'done', recordedDate: closest(inWin) };
    if (matched[i].length) return { ...p, status: 'out-of-window', recordedDate: closest(matched[i]) };
    if (asOf > p.window.to) return { ...p, status: 'overdue' };
    if (asOf >= p.window.from) return { ...p, status: 'due' };
    return { ...p, status: 'upcoming' };
  });
}
