import { AppError } from '../errors/app-error';

/** A page of a list; `nextCursor` is null on the last page (keyset pagination, stable under inserts). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The sort value a cursor carries (text, a number, or null for a missing key). */
export type CursorValue = string | number | null;

/** Opaque cursor = base64url JSON of the sort key of the last row returned: [sortValue, id]. */
export function encodeCursor(sortValue: CursorValue, id: string): string {
  return Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
}

/** The [sortValue, id] of a cursor this API issued; anything else is a 400 naming `cursor` (never a 5xx). */
export function decodeCursor(cursor: string): [CursorValue, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[1] === 'string' && isCursorValue(v[0])) return [v[0], v[1]];
  } catch {
    // fall through to the coded error below
  }
  throw invalidCursor();
}

/** The (sortValue, id) of an optional cursor; null for the first page. */
export function cursorKey(cursor: string | undefined): { value: CursorValue; id: string } | null {
  if (!cursor) return null;
  const [value, id] = decodeCursor(cursor);
  return { value, id };
}

/** Keyset page from `limit + 1` rows ordered by (sortKey, id): the extra row only says there is a next page. */
export function pageOf<T extends { id: string }>(rows: T[], limit: number, sortKey: (row: T) => CursorValue): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(sortKey(last), last.id) : null };
}

/** The 400 answer for a cursor this API did not issue. */
export function invalidCursor(): AppError {
  return AppError.fieldProblems([{ field: 'cursor', code: 'INVALID_CURSOR', reason: 'cursor is not one this API issued' }]);
}

function isCursorValue(v: unknown): v is CursorValue {
  return v === null || typeof v === 'string' || typeof v === 'number';
}

/** Cursor of a list keyed by one unique text column (a study or participant code): the key is its own tie-breaker. */
export function encodeKeyCursor(key: string): string {
  return encodeCursor(key, key);
}

/** The key of a cursor from encodeKeyCursor; null for the first page, 400 naming `cursor` for any other cursor. */
export function decodeKeyCursor(cursor: string | undefined): string | null {
  const key = cursorKey(cursor);
  if (!key) return null;
  if (typeof key.value !== 'string' || key.value !== key.id) throw invalidCursor();
  return key.value;
}
