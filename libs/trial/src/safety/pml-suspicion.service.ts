import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor, Page, pageLimit, RequestContext, TransactionService } from '@eid/core';
import { openPmlSuspicions } from '@eid/domain';
import { SiteCalendar } from '../common/site-calendar';
import { scopeToSites } from '@eid/identity';
import { assertCanInStudy } from '../common/trial-access';
import { ADVERSE_EVENT_FORM } from '../forms/adverse-event/adverse-event.form';
import { recordsForReader } from '../forms/record-reader-view';
import { readerDateShifter } from '../pseudonymisation/date-shift';
import { AdverseEvent } from '../forms/adverse-event/adverse-event.entity';
import { PageQueryDto } from '../common/page-query.dto';

/**
 * Adverse events with PML suspected, for the monitor's dashboard: PML suspicion means withholding natalizumab
 * at once (label warning), so it is listed as soon as it is entered — before coding or seriousness review.
 * Served from the partial index ix_adverse_event_pml.
 */
@Injectable()
export class PmlSuspicionService {
  constructor(
    private readonly tx: TransactionService,
    private readonly calendar: SiteCalendar,
  ) {}

  /**
   * Each item says whether it suspends dosing today (rule P0: open = onset ≤ today and not resolved by today),
   * "today" being the calendar date of the event's site (issue 13 item 9).
   */
  async list(ctx: RequestContext, studyId: string, q: PageQueryDto): Promise<Page<AdverseEvent & { dosingSuspended: boolean }>> {
    assertCanInStudy(ctx, 'read', studyId);
    return this.tx.run(ctx, async (ctx) => {
      const limit = pageLimit(q);
      const dir = q.order === 'asc' ? 'ASC' : 'DESC';
      const qb = ctx.em.getRepository(AdverseEvent).createQueryBuilder('a').where('a.pmlSuspected AND a.deletedAt IS NULL');
      scopeToSites(qb, ctx, studyId);
      if (q.cursor) {
        const [d, id] = decodeCursor(q.cursor);
        // A cursor without a date was given to a reader whose dates are shifted: the sort key is read back here.
        if (d === null)
          qb.andWhere(
            `(a.onsetDate, a.id) ${dir === 'ASC' ? '>' : '<'} (SELECT x.onset_date, x.id FROM adverse_event x WHERE x.id = :cid)`,
            { cid: id },
          );
        else qb.andWhere(`(a.onsetDate, a.id) ${dir === 'ASC' ? '>' : '<'} (:cd, :cid)`, { cd: d, cid: id });
      }
      const rows = await qb
        .orderBy('a.onsetDate', dir)
        .addOrderBy('a.id', dir)
        .take(limit + 1)
        .getMany();
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      const open = new Set<string>();
      for (const a of items) {
        const today = await this.calendar.today(ctx.em, a.siteId);
        const stillOpen = openPmlSuspicions(
          { adverseEvents: [{ id: a.id, onset: a.onsetDate, resolvedOn: a.resolutionDate, pmlSuspected: a.pmlSuspected }] },
          today,
        );
        if (stillOpen.length) open.add(a.id);
      }
      // Pseudonymised readers (statisticians) get no free text or staff ids, decided per row's site (issue 16 item 2).
      const readable: AdverseEvent[] = [];
      for (const a of items) readable.push((await recordsForReader(ctx, ctx.em, ADVERSE_EVENT_FORM, a, [a]))[0]);
      return {
        items: readable.map((a) => Object.assign(a, { dosingSuspended: open.has(a.id) })),
        nextCursor:
          rows.length > limit && last ? encodeCursor((await readerDateShifter(ctx, ctx.em, last)) ? null : last.onsetDate, last.id) : null,
      };
    });
  }
}
