import { AppError } from '../errors/app-error';
import { cursorKey, decodeCursor, decodeKeyCursor, encodeCursor, encodeKeyCursor, pageOf } from './cursor';

describe('cursor pagination', () => {
  it('round-trips a (sortValue, id) key through an opaque base64url cursor', () => {
    const c = encodeCursor('2026-03-09', 'b3c1');
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    // By hand: base64url of the JSON text ["2026-03-09","b3c1"].
    expect(Buffer.from(c, 'base64url').toString('utf8')).toBe('["2026-03-09","b3c1"]');
    expect(decodeCursor(c)).toEqual(['2026-03-09', 'b3c1']);
    expect(cursorKey(encodeCursor(7, 'x'))).toEqual({ value: 7, id: 'x' });
    expect(cursorKey(undefined)).toBeNull();
  });

  it('answers 400 naming `cursor` for anything this API did not issue', () => {
    for (const bad of ['not-a-cursor', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[{},"x"]').toString('base64url')]) {
      try {
        decodeCursor(bad);
        throw new Error(`accepted ${bad}`);
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).statusCode).toBe(400);
        expect((e as AppError).details).toEqual([expect.objectContaining({ field: 'cursor', code: 'INVALID_CURSOR' })]);
      }
    }
  });

  it('a key cursor carries one unique text key; another cursor is refused', () => {
    expect(decodeKeyCursor(encodeKeyCursor('AMS-0007'))).toBe('AMS-0007');
    expect(decodeKeyCursor(undefined)).toBeNull();
    expect(() => decodeKeyCursor(encodeCursor('AMS-0007', 'some-id'))).toThrow(AppError);
  });

  it('pageOf: limit + 1 rows mean a next page whose cursor is the last row kept', () => {
    const rows = [
      { id: 'a', d: '2026-01-01' },
      { id: 'b', d: '2026-01-02' },
      { id: 'c', d: '2026-01-03' },
    ];
    const page = pageOf(rows, 2, (r) => r.d);
    expect(page.items.map((r) => r.id)).toEqual(['a', 'b']);
    expect(decodeCursor(page.nextCursor!)).toEqual(['2026-01-02', 'b']);
    expect(pageOf(rows, 3, (r) => r.d).nextCursor).toBeNull();
  });
});
