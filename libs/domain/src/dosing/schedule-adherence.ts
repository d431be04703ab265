import { IsoDate } from '../dates';
import { DecisionRecord } from '../history';
import { fastEpochDay, fastIsoDate } from './epoch-day';

/** The A7 tolerance around a due date, in days (visits.infusionTolerance of the protocol file). */
export interface ScheduleTolerance {
  daysBefore: number;
  daysAfter: number;
}

/** One gap between two given infusions (or an infusion and a trough visit) judged against the interval in force. */
export interface ScheduleGap {
  from: IsoDate;
  to: IsoDate;
  /** The interval in force for this gap: the last decision dated before `to`, else the start interval. */
  intervalWeeks: number;
  /** from + intervalWeeks × 7 days (A7). */
  due: IsoDate;
  gapDays: number;
  /** to − due in days: negative = early, positive = late. */
  offsetDays: number;
  onSchedule: boolean;
}

/** A gap outside the A7 tolerance, listed on the proposal and for the monitor. */
export interface ScheduleDeviation extends ScheduleGap {
  kind: 'early' | 'late';
}

/**
 * Interval in force at a day, by a forward-only pointer (callers ask in date order): the interval of the
 * last decision dated strictly before `day` — a decision on an infusion day is taken after that visit's
 * trough and governs the next gap — else the protocol start interval (docs/science/protocols.md A7,
 * EV-INTERVAL [derived]).
 */
export class IntervalInForce {
  private i = -1;
  constructor(
    private readonly decisions: readonly DecisionRecord[], // sorted by date
    private readonly startWeeks: number,
  ) {}
  before(day: IsoDate): number {
    while (this.i + 1 < this.decisions.length && this.decisions[this.i + 1].date < day) this.i++;
    return this.i < 0 ? this.startWeeks : this.decisions[this.i].intervalWeeks;
  }
}

/** Judge the gap from → to against `intervalWeeks` and the tolerance (both ends inclusive). */
export function judgeGap(from: IsoDate, to: IsoDate, intervalWeeks: number, tol: ScheduleTolerance): ScheduleGap {
  const fromDay = fastEpochDay(from);
  const gapDays = fastEpochDay(to) - fromDay;
  const offsetDays = gapDays - intervalWeeks * 7;
  const dueDay = fromDay + intervalWeeks * 7;
  return {
    from,
    to,
    intervalWeeks,
    due: fastIsoDate(dueDay),
    gapDays,
    offsetDays,
    onSchedule: offsetDays >= -tol.daysBefore && offsetDays <= tol.daysAfter,
  };
}

/** Every gap between consecutive given infusions that lies outside the tolerance, oldest first. */
export function scheduleDeviations(
  infusionDates: readonly IsoDate[], // sorted, unique
  decisions: readonly DecisionRecord[], // sorted by date
  startWeeks: number,
  tol: ScheduleTolerance,
): ScheduleDeviation[] {
  const inForce = new IntervalInForce(decisions, startWeeks);
  const out: ScheduleDeviation[] = [];
  let prevDay = infusionDates.length ? fastEpochDay(infusionDates[0]) : 0;
  for (let k = 1; k < infusionDates.length; k++) {
    const day = fastEpochDay(infusionDates[k]);
    const weeks = inForce.before(infusionDates[k]);
    const offset = day - prevDay - weeks * 7;
    prevDay = day;
    if (offset >= -tol.daysBefore && offset <= tol.daysAfter) continue; // on schedule: no object on the hot path
    const g = judgeGap(infusionDates[k - 1], infusionDates[k], weeks, tol);
    out.push({ ...g, kind: g.offsetDays < 0 ? 'early' : 'late' });
  }
  return out;
}

export function describeGap(g: ScheduleGap): string {
  const off = g.offsetDays === 0 ? 'on the due day' : `${Math.abs(g.offsetDays)} day(s) ${g.offsetDays < 0 ? 'early' : 'late'}`;
  return `${g.to} is ${off} (due ${g.due} = ${g.from} + ${g.intervalWeeks} × 7 days)`;
}
