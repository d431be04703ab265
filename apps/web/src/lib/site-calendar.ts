/**
 * A site's "today" in the browser: the same definition the API uses (libs/domain/src/site-calendar.ts, issue 13
 * item 9) — the calendar date at this instant in the site's IANA zone, never the browser's zone or UTC.
 */
import { calendarDateIn } from '../../../../libs/domain/src/site-calendar';

export function siteToday(timeZone: string): string {
  return calendarDateIn(new Date(), timeZone);
}
