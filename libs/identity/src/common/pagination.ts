import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AppError } from '@eid/core';

export interface Page<T> {
  items: T[];
  /** Opaque; null on the last page. */
  nextCursor: string | null;
}

export class CursorQueryDto {
  @ApiPropertyOptional({ description: 'Page size', example: 50, minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page (`nextCursor`)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

function decode(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return v as [string, string];
  } catch {
    // reported below
  }
  throw AppError.fieldProblems([{ field: 'cursor', code: 'INVALID_CURSOR', reason: 'cursor is not one this API issued' }]);
}

/**
 * Keyset pagination on (sortColumn, id): stable while rows are inserted, no OFFSET scans. `sortColumn` is a
 * property path (`s.createdAt`); its value is carried in the cursor as text.
 */
export async function paginate<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  query: CursorQueryDto,
  sort: { column: string; value: (row: T) => string; direction?: 'ASC' | 'DESC' },
): Promise<Page<T>> {
  const limit = query.limit ?? 50;
  const direction = sort.direction ?? 'ASC';
  const idColumn = `${qb.alias}.id`;
  if (query.cursor) {
    const [value, id] = decode(query.cursor);
    const op = direction === 'ASC' ? '>' : '<';
    qb.andWhere(`(${sort.column}, ${idColumn}) ${op} (:cursorValue, :cursorId)`, { cursorValue: value, cursorId: id });
  }
  const rows = await qb
    .orderBy(sort.column, direction)
    .addOrderBy(idColumn, direction)
    .limit(limit + 1)
    .getMany();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? Buffer.from(JSON.stringify([sort.value(last), last.id])).toString('base64url') : null;
  return { items, nextCursor };
}
