import { decodeCursor, encodeCursor } from '@eid/core';
import { shiftCursor, shiftDates } from './date-shift';

class Row {
  constructor(
    public date: string,
    public at: Date,
  ) {}
}

describe('shiftDates (pseudonymisation date shift, docs/security.md)', () => {
  it('moves dates, Date objects and ISO instants at any depth, leaving other values', () => {
    const out = shiftDates(
      {
        date: '2026-02-02',
        instant: '2026-03-29T01:30:00Z',
        millis: '2026-03-29T01:30:00.250Z',
        at: new Date('2025-12-31T23:00:00.000Z'),
        weeks: 6,
        rule: 'P4',
        time: '09:30',
        nested: [{ onset: '2025-12-30' }],
        none: null,
      },
      3,
    );
    // Worked by hand: 2 Feb + 3 = 5 Feb; 29 Mar 01:30 UTC + 3 days = 1 Apr 01:30 UTC; 31 Dec 23:00 + 3 = 3 Jan 23:00;
    // 30 Dec 2025 + 3 = 2 Jan 2026 (over the year's end).
    expect(out).toEqual({
      date: '2026-02-05',
      instant: '2026-04-01T01:30:00Z',
      millis: '2026-04-01T01:30:00.250Z',
      at: new Date('2026-01-03T23:00:00.000Z'),
      weeks: 6,
      rule: 'P4',
      time: '09:30',
      nested: [{ onset: '2026-01-02' }],
      none: null,
    });
  });

  it('shifts backwards across a leap day, keeps class instances, and changes nothing for 0 days', () => {
    const row = new Row('2028-03-01', new Date('2028-03-01T12:00:00.000Z'));
    const back = shiftDates(row, -2);
    // 2028 is a leap year: 1 Mar − 2 days = 28 Feb (29 Feb in between).
    expect(back).toBeInstanceOf(Row);
    expect(back).toEqual(new Row('2028-02-28', new Date('2028-02-28T12:00:00.000Z')));
    expect(row.date).toBe('2028-03-01'); // the input is not modified
    expect(shiftDates(row, 0)).toBe(row);
  });

  it('moves a cursor into shifted time and back', () => {
    const real = encodeCursor('2026-02-02T10:00:00.000Z', 'r1');
    const shifted = shiftCursor(real, -40);
    // 2 Feb − 40 days = 24 Dec 2025
    expect(decodeCursor(shifted)).toEqual(['2025-12-24T10:00:00.000Z', 'r1']);
    expect(decodeCursor(shiftCursor(shifted, 40))).toEqual(['2026-02-02T10:00:00.000Z', 'r1']);
  });
});
