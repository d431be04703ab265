import { FieldProblem } from '@eid/core';
import { daysBetween, IsoDate } from '@eid/domain';
import { RecordWarning } from './ecrf-record.base';

/**
 * Shared edit checks with stable codes (issue #5 "Edit checks in the server"). Pure: today and the
 * consent date are passed in.
 */
export function clinicalDateProblems(
  field: string,
  value: IsoDate | null | undefined,
  today: IsoDate,
  consentDate: IsoDate | null,
): FieldProblem[] {
  if (!value) return [];
  if (value > today) return [{ field, code: 'DATE_IN_FUTURE', reason: `${field} ${value} is after today (${today})` }];
  if (consentDate && value < consentDate)
    return [
      {
        field,
        code: 'DATE_BEFORE_CONSENT',
        reason: `${field} ${value} is before informed consent (${consentDate}); trial data start at consent`,
      },
    ];
  return [];
}

/** A date that only has to be real and not in the future (e.g. a reference scan before the study). */
export function notFutureProblems(field: string, value: IsoDate | null | undefined, today: IsoDate): FieldProblem[] {
  if (!value || value <= today) return [];
  return [{ field, code: 'DATE_IN_FUTURE', reason: `${field} ${value} is after today (${today})` }];
}

export function orderProblems(
  startField: string,
  start: IsoDate | null | undefined,
  endField: string,
  end: IsoDate | null | undefined,
  code: string,
): FieldProblem[] {
  if (!start || !end || start <= end) return [];
  return [{ field: endField, code, reason: `${endField} ${end} is before ${startField} ${start}` }];
}

export function unusual(field: string, message: string): RecordWarning {
  return { field, code: 'UNUSUAL_VALUE', message };
}

export function daysFrom(a: IsoDate, b: IsoDate): number {
  return daysBetween(a, b);
}
