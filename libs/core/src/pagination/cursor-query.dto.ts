import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** The page size when a list request names no `limit`: one default for every list, stated by PageLimit in the document. */
export const DEFAULT_PAGE_LIMIT = 50;

/** The page size a request asked for (validated by PageLimit), else DEFAULT_PAGE_LIMIT. */
export function pageLimit(query: { limit?: number }): number {
  return query.limit ?? DEFAULT_PAGE_LIMIT;
}

/**
 * The `limit` query parameter of a paged list: an integer 1…max (400 naming `limit` otherwise). Lists that hand a
 * report or an audit trail to a reader allow longer pages than the usual maximum of 200.
 */
export function PageLimit(opts: { max?: number; example?: number } = {}): PropertyDecorator {
  const max = opts.max ?? 200;
  return applyDecorators(
    ApiPropertyOptional({
      description: 'Page size',
      example: opts.example ?? 50,
      minimum: 1,
      maximum: max,
      default: DEFAULT_PAGE_LIMIT,
    }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(max),
  );
}

/** The `cursor` query parameter: the `nextCursor` of the previous page, bounded in length. */
export function PageCursor(maxLength = 500): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description: 'Opaque cursor from the previous page (`nextCursor`)' }),
    IsOptional(),
    IsString(),
    MaxLength(maxLength),
  );
}

/** `?limit&cursor` of every keyset-paged list. */
export class CursorQueryDto {
  @PageLimit()
  limit?: number;

  @PageCursor()
  cursor?: string;
}
