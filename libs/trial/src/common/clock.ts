import { Injectable } from '@nestjs/common';
import { IsoDate } from '@eid/domain';

/**
 * The one source of "today" for edit checks ("date not in the future") and schedules. Injected rather than
 * read from `new Date()` in each check, so tests can pin the calendar and every check agrees on the same day.
 */
@Injectable()
export class Clock {
  private pinned: Date | undefined;

  now(): Date {
    return this.pinned ? new Date(this.pinned) : new Date();
  }

  /** The calendar date in UTC (STYLE.md: dates in UTC). */
  today(): IsoDate {
    return this.now().toISOString().slice(0, 10);
  }

  /** Fix the clock (tests, replaying a data set); `undefined` releases it. */
  pin(at: IsoDate | Date | undefined): void {
    this.pinned = at === undefined ? undefined : typeof at === 'string' ? new Date(`${at}T12:00:00.000Z`) : at;
  }
}
