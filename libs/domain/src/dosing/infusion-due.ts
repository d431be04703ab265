import { addDays, assertIsoDate, daysBetween, IsoDate } from '../dates';
import { ClauseStatus, Protocol } from '../protocol/protocol.types';

/** The protocol's tolerance after a due date (A7); absent = no tolerance, late from the day after. */
export interface InfusionTolerance {
  daysAfter: number;
  status: ClauseStatus;
}

export interface InfusionDue {
  /** A7: last administered infusion + current interval × 7 days. */
  nextDue: IsoDate;
  /** The last day still on time: nextDue + tolerance (or nextDue when the protocol has none). */
  lateAfter: IsoDate;
  /** asOf is past lateAfter. */
  overdue: boolean;
  /** Days past lateAfter (0 when not overdue). */
  daysOverdue: number;
  /** The tolerance clause's status, so an unconfirmed placeholder stays visible next to the flag. */
  toleranceStatus: ClauseStatus | null;
}

/** A7 tolerance of a protocol file, in the shape infusionDue takes. */
export function infusionToleranceOf(protocol: Protocol): InfusionTolerance {
  const t = protocol.visits.infusionTolerance;
  return { daysAfter: t.daysAfter, status: t.status };
}

/**
 * When the next infusion is due and whether it is overdue (issue #7, participants list). The SQL of the
 * list (libs/trial/src/schedule/overdue-sql.ts) computes the same for many participants at once; this is the
 * reviewable definition and the e2e test checks the two agree.
 */
export function infusionDue(
  lastInfusionDate: IsoDate,
  intervalWeeks: number,
  asOf: IsoDate,
  tolerance?: InfusionTolerance | null,
): InfusionDue {
  assertIsoDate(lastInfusionDate, 'lastInfusionDate');
  assertIsoDate(asOf, 'asOf');
  if (!Number.isInteger(intervalWeeks) || intervalWeeks < 1)
    throw new RangeError(`intervalWeeks must be a whole number ≥ 1, got ${intervalWeeks}`);
  if (tolerance && (!Number.isInteger(tolerance.daysAfter) || tolerance.daysAfter < 0))
    throw new RangeError(`tolerance.daysAfter must be a whole number ≥ 0, got ${tolerance.daysAfter}`);
  const nextDue = addDays(lastInfusionDate, intervalWeeks * 7);
  const lateAfter = addDays(nextDue, tolerance?.daysAfter ?? 0);
  const late = daysBetween(lateAfter, asOf);
  return { nextDue, lateAfter, overdue: late > 0, daysOverdue: Math.max(0, late), toleranceStatus: tolerance?.status ?? null };
}
