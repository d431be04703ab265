import { Injectable } from '@nestjs/common';
import { calendarDateIn, IsoDate } from '@eid/domain';

/**
 * The one source of "now" for edit checks ("date not in the future"), proposals and schedules. Injected rather
 * than read from `new Date()` in each check, so tests can pin the calendar and every check agrees on the same
 * instant. There is deliberately no zone-less `today()`: a calendar date exists only on a site's wall clock
 * (issue 13 item 9) — use SiteCalendar for a participant's site, or `todayIn(zone)` for a known zone.
 */
@Injectable()
export class Clock {
  private pinned: Date | undefined;

  now(): Date {
    return this.pinned ? new Date(this.pinned) : new Date();
  }

  /** The calendar date at this instant in IANA zone `timeZone` (domain calendarDateIn — never the server's TZ). */
  todayIn(timeZone: string): IsoDate {
    return calendarDateIn(this.now(), timeZone);
  }

  /**
   * Fix the clock (tests, replaying a data set); `undefined` releases it. A date pins noon UTC of that day,
   * which is that same calendar date in every zone from UTC−11 to UTC+11 (not at UTC−12 or UTC+12..+14).
   */
  pin(at: IsoDate | Date | undefined): void {
    this.pinned = at === undefined ? undefined : typeof at === 'string' ? new Date(`${at}T12:00:00.000Z`) : at;
  }
}
