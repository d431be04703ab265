import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError } from '@eid/core';
import { IsoDate } from '@eid/domain';
import { Clock } from './clock';

/**
 * "Today" of a participant's site (issue 13 item 9): the calendar date at the Clock's instant in the site's IANA
 * time zone. Every edit check, proposal and schedule asks here, so an entry at a site whose local date is ahead
 * of (or behind) UTC is judged by that site's calendar. A site's zone is set when the site is created and never
 * changes (there is no endpoint to change it), so a zone once read is remembered for the life of the process.
 */
@Injectable()
export class SiteCalendar {
  private readonly zones = new Map<string, string>();

  constructor(private readonly clock: Clock) {}

  async timeZoneOf(em: EntityManager, siteId: string): Promise<string> {
    const known = this.zones.get(siteId);
    if (known) return known;
    const rows = (await em.query('SELECT timezone FROM site WHERE id = $1', [siteId])) as Array<{ timezone: string }>;
    if (!rows[0]) throw AppError.notFound('Site', siteId);
    this.zones.set(siteId, rows[0].timezone);
    return rows[0].timezone;
  }

  /** The site's local calendar date now. */
  async today(em: EntityManager, siteId: string): Promise<IsoDate> {
    return this.clock.todayIn(await this.timeZoneOf(em, siteId));
  }
}
