import { ValidateIf } from 'class-validator';

/**
 * A field that may be left out of a change (PATCH) but not set to null: `@IsOptional()` skips validation for null
 * too, and a NOT NULL column then failed with a 500 (issue 16 item 6). With this, null is validated like any value
 * and refused with 400 naming the field. For nullable (clearable) fields keep `@IsOptional()`.
 */
export function OptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
