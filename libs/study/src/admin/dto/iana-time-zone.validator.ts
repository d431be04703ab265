import { registerDecorator, ValidationOptions } from 'class-validator';
import { isIanaTimeZoneName } from '@eid/domain';

/** An IANA time zone name the runtime knows (`Europe/Amsterdam`; never a bare offset). Code `TIMEZONE_UNKNOWN`. */
export function IsIanaTimeZone(options: ValidationOptions = {}): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be an IANA time zone name such as Europe/Amsterdam`,
        context: { code: 'TIMEZONE_UNKNOWN' },
        ...options,
      },
      validator: { validate: (v: unknown) => isIanaTimeZoneName(v) },
    });
}
