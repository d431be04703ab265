import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CursorQueryDto, pageLimit } from './cursor-query.dto';
import { cursorKey, Page, pageOf } from './cursor';

/**
 * Keyset pagination of a query builder on (sortColumn, id): stable while rows are inserted, no OFFSET scans.
 * `sortColumn` is a property path (`s.createdAt`); its value is carried in the cursor as text.
 */
export async function paginate<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  query: CursorQueryDto,
  sort: { column: string; value: (row: T) => string; direction?: 'ASC' | 'DESC' },
): Promise<Page<T>> {
  const limit = pageLimit(query);
  const direction = sort.direction ?? 'ASC';
  const idColumn = `${qb.alias}.id`;
  const key = cursorKey(query.cursor);
  if (key) {
    const op = direction === 'ASC' ? '>' : '<';
    qb.andWhere(`(${sort.column}, ${idColumn}) ${op} (:cursorValue, :cursorId)`, { cursorValue: key.value, cursorId: key.id });
  }
  const rows = await qb
    .orderBy(sort.column, direction)
    .addOrderBy(idColumn, direction)
    .limit(limit + 1)
    .getMany();
  return pageOf(rows, limit, sort.value);
}
