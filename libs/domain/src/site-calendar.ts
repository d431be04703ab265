import { IsoDate } from './dates';

/**
 * A site's calendar (issue 13 item 9): "today" and every other calendar date the platform derives from an
 * instant is the date on the wall calendar of the participant's site, in the site's IANA time zone — never the
 * server's `TZ` and never UTC. Pure: the caller passes the instant (the library never reads the clock).
 * SQL uses the same rule as `(instant AT TIME ZONE site.timezone)::date`; both read the IANA tz database, and a
 * zone is accepted only when both know it by that exact name (isIanaTimeZoneName + pg_timezone_names).
 */

/** `Area/Location` (or `UTC`): never a bare offset — PostgreSQL reads `+01:00` as POSIX, with the sign inverted. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD, but the parts are read by type so no locale layout is relied on.
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      calendar: 'gregory',
      numberingSystem: 'latn',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `name` is an IANA zone name the runtime knows (e.g. `Europe/Amsterdam`, `Pacific/Kiritimati`, `UTC`). */
export function isIanaTimeZoneName(name: unknown): name is string {
  if (typeof name !== 'string' || name.length > 64 || !ZONE_NAME.test(name)) return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date `YYYY-MM-DD` at `instant` on a wall clock in `timeZone`. */
export function calendarDateIn(instant: Date, timeZone: string): IsoDate {
  if (!isIanaTimeZoneName(timeZone)) throw new RangeError(`not an IANA time zone name: ${timeZone}`);
  if (Number.isNaN(instant.getTime())) throw new RangeError('instant is not a valid time');
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const year = get('year');
  if (!/^\d{4}$/.test(year)) throw new RangeError(`year outside 0000–9999 at ${instant.toISOString()}`);
  return `${year}-${get('month')}-${get('day')}`;
}
