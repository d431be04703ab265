import { addDays, assertIsoDate, DateWindow, IsoDate } from '../dates';
import { ClauseStatus, Protocol } from '../protocol/protocol.types';

export interface PlannedInfusion {
  number: number;
  /** A7: previous infusion + interval × 7 days (chained from the last given infusion). */
  target: IsoDate;
  /** A7 tolerance around the target; [unconfirmed] in every bundled protocol file. */
  window: DateWindow;
  toleranceStatus: ClauseStatus;
  intervalWeeks: number;
  doseMg: number;
}

/** Upper bound on planned infusions per call (10 years at 1-week steps) — guards bad input. */
const MAX_PLANNED = 520;

/**
 * Infusions planned from the last given infusion at a fixed interval (the current/next interval
 * from decideInterval), with target dates on or before `until`. The interval can only change at
 * the next decision, so later entries are provisional.
 */
export function planInfusions(protocol: Protocol, lastInfusion: IsoDate, intervalWeeks: number, until: IsoDate): PlannedInfusion[] {
  assertIsoDate(lastInfusion, 'lastInfusion');
  assertIsoDate(until, 'until');
  if (!Number.isInteger(intervalWeeks) || intervalWeeks < 1)
    throw new RangeError(`intervalWeeks must be a whole number ≥ 1, got ${intervalWeeks}`);
  const tol = protocol.visits.infusionTolerance;
  const out: PlannedInfusion[] = [];
  for (let n = 1; n <= MAX_PLANNED; n++) {
    const target = addDays(lastInfusion, n * intervalWeeks * 7);
    if (target > until) break;
    out.push({
      number: n,
      target,
      window: { from: addDays(target, -tol.daysBefore), to: addDays(target, tol.daysAfter) },
      toleranceStatus: tol.status,
      intervalWeeks,
      doseMg: protocol.dosing.doseMg.value,
    });
  }
  return out;
}
