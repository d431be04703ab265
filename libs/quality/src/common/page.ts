import { decodeCursor, encodeCursor, Page } from '@eid/trial';

/** Keyset page from `limit + 1` rows ordered by (sortKey, id): the extra row only says there is a next page. */
export function pageOf<T extends { id: string }>(rows: T[], limit: number, sortKey: (row: T) => string | number | null): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(sortKey(last), last.id) : null };
}

/** The (sortValue, id) of a cursor this API issued (400 INVALID_CURSOR otherwise). */
export function cursorKey(cursor: string | undefined): { value: string | number | null; id: string } | null {
  if (!cursor) return null;
  const [value, id] = decodeCursor(cursor);
  return { value, id };
}
