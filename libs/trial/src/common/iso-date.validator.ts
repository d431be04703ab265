import { registerDecorator, ValidationOptions } from 'class-validator';
import { isIsoDate } from '@eid/domain';

/** A real calendar date `YYYY-MM-DD` (rejects 2025-02-30, unlike a regex). Code `INVALID_DATE`. */
export function IsCalendarDate(options: ValidationOptions = {}): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a calendar date YYYY-MM-DD`, context: { code: 'INVALID_DATE' }, ...options },
      validator: { validate: (v: unknown) => isIsoDate(v) },
    });
}
