import { IsoDate } from '../dates';
import { fastEpochDay } from './epoch-day';
import { DecisionRecord, InfusionRecord } from '../history';

/**
 * How the current interval is derived from a history (documented rule; protocols.md does not
 * say, so this is a platform choice [derived]):
 *
 * 1. If `decisions[]` dated ≤ asOf exist, the latest one's `intervalWeeks` is current. The
 *    interval "last changed" on the earliest decision of the trailing run with that same
 *    interval. If that run starts at the very first decision and equals the protocol's start
 *    interval, it never changed (the participant was already on it, e.g. Q4W before inclusion),
 *    so troughs from before the first decision (the screening trough, A9) may count.
 * 2. Else, from the infusions actually given (≤ asOf): current = whole weeks of the last gap.
 *    The change happened at the infusion that opened the trailing run of gaps with the same
 *    whole-week length (the trough drawn at that infusion belonged to the old interval).
 * 3. Else (0 or 1 infusion): the protocol's start interval, never changed.
 */
export interface IntervalState {
  currentWeeks: number;
  /** Troughs must be dated strictly after this to count (A5a); null = since the start. */
  changedOn: IsoDate | null;
  /** Interval before the last change (for A4 option b); null = none known. */
  previousWeeks: number | null;
  source: 'decisions' | 'infusion-gaps' | 'protocol-start';
}

export function sortedInfusionDates(infusions: readonly InfusionRecord[], asOf: IsoDate): IsoDate[] {
  const dates = new Set<IsoDate>();
  for (const i of infusions) if (i.administered !== false && i.date <= asOf) dates.add(i.date);
  return [...dates].sort();
}

export function sortedDecisions(decisions: readonly DecisionRecord[] | undefined, asOf: IsoDate): DecisionRecord[] {
  return (decisions ?? [])
    .filter((d) => d.date <= asOf)
    .slice()
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.intervalWeeks - b.intervalWeeks));
}

export function deriveIntervalState(
  infusionDates: readonly IsoDate[],
  decisions: readonly DecisionRecord[],
  startWeeks: number,
): IntervalState {
  if (decisions.length) {
    const current = decisions[decisions.length - 1].intervalWeeks;
    let i = decisions.length - 1;
    while (i > 0 && decisions[i - 1].intervalWeeks === current) i--;
    if (i === 0 && current === startWeeks) return { currentWeeks: current, changedOn: null, previousWeeks: null, source: 'decisions' };
    return {
      currentWeeks: current,
      changedOn: decisions[i].date,
      previousWeeks: i > 0 ? decisions[i - 1].intervalWeeks : startWeeks,
      source: 'decisions',
    };
  }
  if (infusionDates.length >= 2) {
    const n = infusionDates.length;
    const weeks = (k: number) => Math.floor((fastEpochDay(infusionDates[k]) - fastEpochDay(infusionDates[k - 1])) / 7);
    const current = weeks(n - 1);
    let m = n - 1;
    while (m > 1 && weeks(m - 1) === current) m--;
    return {
      currentWeeks: current,
      changedOn: m > 1 ? infusionDates[m - 1] : null,
      previousWeeks: m > 1 ? weeks(m - 1) : null,
      source: 'infusion-gaps',
    };
  }
  return { currentWeeks: startWeeks, changedOn: null, previousWeeks: null, source: 'protocol-start' };
}
