import { registerDecorator } from 'class-validator';
import { isIsoDate } from '@eid/domain';

/** A real calendar date `YYYY-MM-DD` (rejects 2025-02-30, unlike a regex); code `INVALID_DATE` as in the eCRF forms. */
export function IsCalendarDate(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a calendar date YYYY-MM-DD`, context: { code: 'INVALID_DATE' } },
      validator: { validate: (v: unknown) => isIsoDate(v) },
    });
}
