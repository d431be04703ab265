import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * A required reason for change (Part 11 §11.10(e)): non-blank text of at most `maxLength` characters, refused
 * with ONE problem `REASON_REQUIRED` naming the field, so the OpenAPI document (required) and validation agree
 * (issue 16 item 7).
 */
export function RequiredReason(maxLength: number, options: ValidationOptions = {}): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'requiredReason',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `$property is required: non-blank text of at most ${maxLength} characters`,
        context: { code: 'REASON_REQUIRED' },
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0 && value.length <= maxLength,
      },
    });
}
