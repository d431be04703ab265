import { IsoDate } from '../dates';
import { DecisionRecord, InfusionRecord } from '../history';

/**
 * The interval in force (EV-INTERVAL [derived], docs/science/protocols.md "since it was last changed"):
 *
 * 1. If `decisions[]` dated ≤ asOf exist, the latest one's `intervalWeeks` is in force. The interval "last
 *    changed" on the earliest decision of the trailing run with that same interval. If that run starts at the
 *    very first decision and equals the protocol's start interval, it never changed (the participant was already
 *    on it, e.g. Q4W before inclusion), so troughs from before the first decision (the screening trough, A9) may
 *    count.
 * 2. Else the protocol's start interval, never changed. It is never inferred from the gaps between infusions:
 *    a missed or postponed infusion is a schedule deviation (schedule-adherence.ts), not a new interval.
 */
export interface IntervalState {
  currentWeeks: number;
  /** Troughs must be dated strictly after this to count (A5a); null = since the start. */
  changedOn: IsoDate | null;
  /** Interval before the last change (for A4 option b); null = none known. */
  previousWeeks: number | null;
  source: 'decisions' | 'protocol-start';
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
  decisions: readonly DecisionRecord[],
  startWeeks: number,
  /** The protocol's disease-activity rule id: a decision on it restarts the trough count (P1 "stop extending"). */
  activityRuleId: string | null = null,
): IntervalState {
  if (!decisions.length) return { currentWeeks: startWeeks, changedOn: null, previousWeeks: null, source: 'protocol-start' };
  const current = decisions[decisions.length - 1].intervalWeeks;
  let i = decisions.length - 1;
  while (i > 0 && decisions[i - 1].intervalWeeks === current) i--;
  const unchanged = i === 0 && current === startWeeks;
  let changedOn: IsoDate | null = unchanged ? null : decisions[i].date;
  // A decision answering disease activity restarts the count even when it keeps the interval (already 4 weeks):
  // troughs seen before the activity must not extend after it [derived, safety first].
  for (let k = decisions.length - 1; k >= 0; k--)
    if (activityRuleId !== null && decisions[k].rule === activityRuleId) {
      if (changedOn === null || decisions[k].date > changedOn) changedOn = decisions[k].date;
      break;
    }
  return {
    currentWeeks: current,
    changedOn,
    previousWeeks: unchanged ? null : i > 0 ? decisions[i - 1].intervalWeeks : startWeeks,
    source: 'decisions',
  };
}
