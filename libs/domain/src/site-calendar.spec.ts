import { calendarDateIn, isIanaTimeZoneName } from './site-calendar';

/*
 * Expected dates worked by hand from the zones' UTC offsets (IANA tz database):
 *   Pacific/Kiritimati UTC+14 all year; America/Adak UTC−10 (HST) in winter, UTC−9 (HDT) in summer;
 *   Europe/Amsterdam UTC+1 (CET) in winter, UTC+2 (CEST) from the last Sunday of March 01:00 UTC (2026-03-29).
 */
describe('calendarDateIn — the site-local calendar date of an instant', () => {
  it.each([
    // instant (UTC)               zone                  local wall time                      → date
    ['2026-01-01T09:59:59.999Z', 'Pacific/Kiritimati', '09:59:59.999 + 14 h = 23:59:59.999 on 01-01', '2026-01-01'],
    ['2026-01-01T10:00:00.000Z', 'Pacific/Kiritimati', '10:00 + 14 h = 24:00 = 00:00 on 01-02 (already "tomorrow")', '2026-01-02'],
    ['2026-01-01T09:59:59.000Z', 'America/Adak', '09:59:59 − 10 h = 23:59:59 on 2025-12-31', '2025-12-31'],
    ['2026-01-01T10:00:00.000Z', 'America/Adak', '10:00 − 10 h = 00:00 on 01-01', '2026-01-01'],
    ['2026-07-01T08:59:59.000Z', 'America/Adak', 'summer: 08:59:59 − 9 h = 23:59:59 on 06-30', '2026-06-30'],
    ['2026-07-01T09:00:00.000Z', 'America/Adak', 'summer: 09:00 − 9 h = 00:00 on 07-01', '2026-07-01'],
    // issue 13: a Dutch site between midnight and 01:00 local was refused as "future" (UTC date still 01-15)
    ['2026-01-15T23:30:00.000Z', 'Europe/Amsterdam', 'winter: 23:30 + 1 h = 00:30 on 01-16', '2026-01-16'],
    ['2026-01-15T22:59:59.000Z', 'Europe/Amsterdam', 'winter: 22:59:59 + 1 h = 23:59:59 on 01-15', '2026-01-15'],
    ['2026-07-01T22:00:00.000Z', 'Europe/Amsterdam', 'summer: 22:00 + 2 h = 00:00 on 07-02', '2026-07-02'],
    ['2026-07-01T21:59:59.000Z', 'Europe/Amsterdam', 'summer: 21:59:59 + 2 h = 23:59:59 on 07-01', '2026-07-01'],
    ['2026-03-28T23:30:00.000Z', 'Europe/Amsterdam', 'before the 03-29 01:00 UTC switch: + 1 h = 00:30 on 03-29', '2026-03-29'],
    ['2026-12-31T23:59:59.999Z', 'UTC', 'no offset', '2026-12-31'],
    ['2028-02-29T12:00:00.000Z', 'Pacific/Kiritimati', '12:00 + 14 h = 02:00 on 03-01 (leap year)', '2028-03-01'],
  ])('%s in %s (%s) → %s', (instant, zone, _why, expected) => {
    expect(calendarDateIn(new Date(instant), zone)).toBe(expected);
  });

  it('does not depend on the process TZ: the same instant gives one date per zone', () => {
    const at = new Date('2026-01-01T10:00:00.000Z');
    expect([calendarDateIn(at, 'Pacific/Kiritimati'), calendarDateIn(at, 'UTC'), calendarDateIn(at, 'America/Adak')]).toEqual([
      '2026-01-02',
      '2026-01-01',
      '2026-01-01',
    ]);
  });

  it('refuses an unknown zone and an invalid instant instead of guessing', () => {
    expect(() => calendarDateIn(new Date('2026-01-01T00:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
    expect(() => calendarDateIn(new Date('nope'), 'UTC')).toThrow(RangeError);
  });
});

describe('isIanaTimeZoneName', () => {
  it.each(['Europe/Amsterdam', 'Pacific/Kiritimati', 'America/Adak', 'America/Argentina/Buenos_Aires', 'UTC', 'Etc/GMT+5'])(
    'accepts %s',
    (z) => {
      expect(isIanaTimeZoneName(z)).toBe(true);
    },
  );
  // A bare offset is refused: PostgreSQL reads '+01:00' as a POSIX zone with the sign inverted.
  it.each(['+01:00', 'UTC+1', 'Foo/Bar', '', ' Europe/Amsterdam', 'Europe Amsterdam', 'Europe/Amsterdam\n', 42, null])(
    'refuses %p',
    (z) => {
      expect(isIanaTimeZoneName(z)).toBe(false);
    },
  );
});
