import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { RequestContext, TransactionService } from '@eid/core';
import { assertCan } from '@eid/identity';
import { calendarDateIn, DecisionRecord, historyScheduleDeviations } from '@eid/domain';
import { assertRealTimeViewAllowed, Clock, Participant, ParticipantAccessService, ParticipantHistoryService } from '@eid/trial';
import { siteScopePredicate } from '../common/site-scope-sql';

export interface ScheduleDeviationItem {
  participantId: string;
  participantCode: string | null;
  siteId: string;
  previousInfusionDate: string;
  infusionDate: string;
  gapDays: number;
  expectedIntervalWeeks: number;
  dueDate: string;
  /** infusionDate − dueDate in days: negative = early, positive = late. */
  offsetDays: number;
  kind: 'early' | 'late';
  /** |offsetDays|: how many days early or late. */
  days: number;
}

export interface ScheduleDeviationList {
  studyId: string;
  /** The local date shared by every site in scope, else null (each site's own date is `sites[].asOf`). */
  asOf: string | null;
  total: number;
  sites: Array<{ siteId: string; siteCode: string; asOf: string; count: number }>;
  items: ScheduleDeviationItem[];
}

/**
 * Schedule deviations for the monitor (issue 13): every gap between administered infusions outside the A7 tolerance,
 * per study and site scope. Not re-written in SQL: each participant's history is loaded (ParticipantHistoryService,
 * as the dosing engine does) and judged by the domain's historyScheduleDeviations — the engine's own
 * scheduleDeviations — as of the participant's site today, so the list and the proposal cannot disagree.
 */
@Injectable()
export class ScheduleDeviationsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ParticipantAccessService,
    private readonly history: ParticipantHistoryService,
    private readonly clock: Clock,
  ) {}

  async list(ctx: RequestContext, studyId: string, site?: string): Promise<ScheduleDeviationList> {
    const now = this.clock.now();
    return this.tx.run(ctx, async (ctx) => {
      assertCan(ctx, 'read', studyId);
      // Computed as of the real today: refused to readers whose dates are shifted (date-shift.ts).
      await assertRealTimeViewAllowed(ctx, ctx.em, { studyId, siteId: null });
      const protocol = await this.access.protocolOf(ctx, studyId);
      const params: unknown[] = [studyId];
      const filters = ['p.study_id = $1', 'p.enrolment_date IS NOT NULL'];
      const scope = siteScopePredicate(ctx, studyId, 'p', params);
      if (scope) filters.push(scope);
      if (site) {
        params.push(site);
        filters.push(`p.site_id = $${params.length}::uuid`);
      }
      const rows = (await ctx.em.query(
        `SELECT p.id, s.code AS site_code, s.timezone FROM participant p JOIN site s ON s.id = p.site_id
          WHERE ${filters.join(' AND ')} ORDER BY p.code, p.id`,
        params,
      )) as Array<{ id: string; site_code: string; timezone: string }>;
      const participants = new Map(
        (await ctx.em.getRepository(Participant).findBy({ id: In(rows.map((r) => r.id)) })).map((p) => [p.id, p]),
      );
      const items: ScheduleDeviationItem[] = [];
      const sites = new Map<string, { siteId: string; siteCode: string; asOf: string; count: number }>();
      for (const r of rows) {
        const p = participants.get(r.id)!;
        const asOf = calendarDateIn(now, r.timezone);
        // Sequential: one transaction, one connection.
        const history = await this.history.historyOf(ctx, p);
        const deviations = historyScheduleDeviations(protocol, { ...history, decisions: await this.decisionsOf(ctx, p.id) }, asOf);
        if (!deviations.length) continue;
        const s = sites.get(p.siteId) ?? { siteId: p.siteId, siteCode: r.site_code, asOf, count: 0 };
        s.count += deviations.length;
        sites.set(p.siteId, s);
        for (const d of deviations)
          items.push({
            participantId: p.id,
            participantCode: p.code,
            siteId: p.siteId,
            previousInfusionDate: d.from,
            infusionDate: d.to,
            gapDays: d.gapDays,
            expectedIntervalWeeks: d.intervalWeeks,
            dueDate: d.due,
            offsetDays: d.offsetDays,
            kind: d.kind,
            days: Math.abs(d.offsetDays),
          });
      }
      items.sort((a, b) => (a.infusionDate < b.infusionDate ? -1 : a.infusionDate > b.infusionDate ? 1 : 0));
      const siteList = [...sites.values()].sort((a, b) => a.siteCode.localeCompare(b.siteCode));
      const dates = new Set(rows.map((r) => calendarDateIn(now, r.timezone)));
      return { studyId, asOf: dates.size === 1 ? [...dates][0] : null, total: items.length, sites: siteList, items };
    });
  }

  /**
   * The interval decisions in force (not superseded), as the engine's history reads them (@eid/dosing
   * DosingHistoryService.decisionsOf; dosing builds on this lib, so dosing_decision is read here as a table).
   * scheduleDeviations uses only the date and the interval.
   */
  private async decisionsOf(ctx: RequestContext, participantId: string): Promise<DecisionRecord[]> {
    return (await ctx.em.query(
      `SELECT to_char(d.decided_on, 'YYYY-MM-DD') AS date, d.interval_weeks AS "intervalWeeks" FROM dosing_decision d
        WHERE d.participant_id = $1 AND d.superseded_at IS NULL ORDER BY d.decided_on, d.created_at`,
      [participantId],
    )) as DecisionRecord[];
  }
}
