import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

/** Query strings carry text: only the literal `true` / `false` become booleans, anything else fails IsBoolean (400). */
const queryBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** An optional `?name=true|false` filter of a list query. */
export const BooleanQueryFlag = (description: string, example?: boolean) =>
  applyDecorators(
    ApiPropertyOptional({ description, ...(example === undefined ? {} : { example }) }),
    IsOptional(),
    Transform(queryBoolean),
    IsBoolean(),
  );
