import { DateWindow, IsoDate } from '../dates';

/**
 * Observation time for person-time (docs/science/outcomes.md §2, patient-years = observed days / 365.25): from the start of
 * observation (enrolment, or the period start when later) to the earlier of the period end and the last follow-up.
 * Last follow-up [platform convention, docs/science/outcomes.md §2]:
 * - completed or withdrawn: the completion or withdrawal date (the end-of-study / withdrawal visit);
 * - lost to follow-up: the last assessment (clinic visit, EDSS or MRI), never later than the date the loss was
 *   recorded — time after the last contact is not observed, and counting it would lower the ARR;
 * - still enrolled: the last assessment.
 * Without any assessment the last follow-up is the enrolment date (no observed time).
 */
export type ObservationEnd = { reason: 'completed' | 'withdrawn' | 'lost-to-follow-up'; date: IsoDate };

export interface FollowUpInput {
  enrolment: IsoDate;
  /** Absent while the participant is still enrolled. */
  ended?: ObservationEnd;
  /** Dates of the participant's clinic visits, EDSS assessments and MRI scans (any order). */
  assessmentDates: readonly IsoDate[];
}

export function lastFollowUp(i: FollowUpInput): IsoDate {
  if (i.ended && i.ended.reason !== 'lost-to-follow-up') return i.ended.date;
  let last = i.enrolment;
  for (const d of i.assessmentDates) if (d > last) last = d;
  return i.ended && i.ended.date < last ? i.ended.date : last;
}

/** The participant's observed part of a report period; undefined when follow-up ended before the period began. */
export function observedWindow(i: FollowUpInput, period: DateWindow): DateWindow | undefined {
  const from = i.enrolment > period.from ? i.enrolment : period.from;
  const fu = lastFollowUp(i);
  const to = fu < period.to ? fu : period.to;
  return from <= to ? { from, to } : undefined;
}
