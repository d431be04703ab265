import { AppError } from '@eid/core';

/** A page of a list; `nextCursor` is null on the last page (keyset pagination, stable under inserts). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Opaque cursor = base64url JSON of the sort key of the last row returned: [sortValue, id]. */
export function encodeCursor(sortValue: string | number | null, id: string): string {
  return Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [string | number | null, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[1] === 'string') return v as [string | number | null, string];
  } catch {
    // fall through to the coded error below
  }
  throw AppError.fieldProblems([{ field: 'cursor', code: 'INVALID_CURSOR', reason: 'cursor is not one this API issued' }]);
}
