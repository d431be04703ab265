import { Injectable } from '@nestjs/common';
import { cursorKey, pageLimit, pageOf, RequestContext, SqlParams, TransactionService } from '@eid/core';
import { assertCan } from '@eid/identity';
import { calendarDateIn } from '@eid/domain';
import { assertRealTimeViewAllowed, Clock, overdueBaseSql, ParticipantAccessService, TROUGH_EARLY_DAYS } from '@eid/trial';
import { siteScopePredicate } from '../common/site-scope-sql';
import { OverdueKind, OverdueQueryDto } from './dto/overdue-query.dto';

export interface OverdueItem {
  id: string;
  participantId: string;
  participantCode: string | null;
  siteId: string;
  /** The last day it was still on time (window end, or the infusion date for a missing trough). */
  dueBy: string;
  daysOverdue: number;
  detail: Record<string, unknown>;
}

export interface OverdueList {
  studyId: string;
  kind: OverdueKind;
  /**
   * The local calendar date the list was computed for, when every site in scope is on that date; null when the
   * sites' zones put them on different dates at this instant (each site's own date is `sites[].asOf`).
   */
  asOf: string | null;
  /** False when the protocol does not drive dosing by troughs: none are expected, so none are missing. */
  expected: boolean;
  total: number;
  /** Per site with overdue items: its count and its local "today" (issue 13 item 9). */
  sites: Array<{ siteId: string; siteCode: string; asOf: string; count: number }>;
  items: OverdueItem[];
  nextCursor: string | null;
}

/** Overdue visits, missing troughs and infusions past due, per site and study, as of the trial Clock (issue #5). */
@Injectable()
export class OverdueService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ParticipantAccessService,
    private readonly clock: Clock,
  ) {}

  async list(ctx: RequestContext, studyId: string, dto: OverdueQueryDto): Promise<OverdueList> {
    const kind = dto.kind ?? 'visits';
    const now = this.clock.now();
    return this.tx.run(ctx, async (ctx) => {
      assertCan(ctx, 'read', studyId);
      // Computed as of the real today: refused to readers whose dates are shifted (date-shift.ts).
      await assertRealTimeViewAllowed(ctx, ctx.em, { studyId, siteId: null });
      const asOf = await this.commonLocalDate(ctx, studyId, dto.site, now);
      const protocol = await this.access.protocolOf(ctx, studyId);
      const expected = kind !== 'troughs' || protocol.dosing.kind !== 'fixed';
      if (!expected) return { studyId, kind, asOf, expected, total: 0, sites: [], items: [], nextCursor: null };

      // $3 exists only where the SQL uses it: PostgreSQL cannot type an unreferenced parameter.
      const params = new SqlParams(
        kind === 'troughs'
          ? [studyId, now.toISOString(), TROUGH_EARLY_DAYS]
          : kind === 'infusions'
            ? [studyId, now.toISOString(), protocol.visits.infusionTolerance?.daysAfter ?? null]
            : [studyId, now.toISOString()],
      );
      const filters: string[] = [];
      const scope = siteScopePredicate(ctx, studyId, 'o', params);
      if (scope) filters.push(scope);
      if (dto.site) filters.push(`o.site_id = ${params.add(dto.site)}::uuid`);
      const base = `(${overdueBaseSql(kind)}) o`;
      const where = filters.length ? `WHERE ${filters.join(' AND ')}` : '';
      const siteRows = (await ctx.em.query(
        `SELECT o.site_id AS "siteId", s.code AS "siteCode", s.timezone, count(*)::int AS count FROM ${base} JOIN site s ON s.id = o.site_id ${where} GROUP BY o.site_id, s.code, s.timezone ORDER BY s.code`,
        params.values,
      )) as Array<{ siteId: string; siteCode: string; timezone: string; count: number }>;
      const sites = siteRows.map(({ siteId, siteCode, timezone, count }) => ({
        siteId,
        siteCode,
        asOf: calendarDateIn(now, timezone),
        count,
      }));

      const limit = pageLimit(dto);
      const pageParams = params.copy();
      const pageFilters = [...filters];
      const key = cursorKey(dto.cursor);
      if (key) pageFilters.push(`(o.due_by, o.id) > (${pageParams.add(String(key.value))}, ${pageParams.add(key.id)}::uuid)`);
      const rows = (await ctx.em.query(
        `SELECT * FROM ${base} ${pageFilters.length ? `WHERE ${pageFilters.join(' AND ')}` : ''} ORDER BY o.due_by, o.id LIMIT ${pageParams.add(limit + 1)}`,
        pageParams.values,
      )) as Array<
        Record<string, unknown> & {
          id: string;
          participant_id: string;
          code: string | null;
          site_id: string;
          due_by: string;
          days_overdue: number;
        }
      >;
      const page = pageOf(rows, limit, (r) => r.due_by);
      return {
        studyId,
        kind,
        asOf,
        expected,
        total: sites.reduce((n, s) => n + s.count, 0),
        sites,
        items: page.items.map(({ id, participant_id, code, site_id, due_by, days_overdue, ...detail }) => ({
          id,
          participantId: participant_id,
          participantCode: code,
          siteId: site_id,
          dueBy: due_by,
          daysOverdue: Number(days_overdue),
          detail,
        })),
        nextCursor: page.nextCursor,
      };
    });
  }

  /** The local date shared by every site of the study in the caller's scope (and `site`, if given), else null. */
  private async commonLocalDate(ctx: RequestContext, studyId: string, site: string | undefined, now: Date): Promise<string | null> {
    const params = new SqlParams([studyId]);
    const filters = ['ss.study_id = $1'];
    const scope = siteScopePredicate(ctx, studyId, 'ss', params);
    if (scope) filters.push(scope);
    if (site) filters.push(`ss.site_id = ${params.add(site)}::uuid`);
    const zones = (await ctx.em.query(
      `SELECT DISTINCT s.timezone FROM study_site ss JOIN site s ON s.id = ss.site_id WHERE ${filters.join(' AND ')}`,
      params.values,
    )) as Array<{ timezone: string }>;
    const dates = new Set(zones.map((z) => calendarDateIn(now, z.timezone)));
    return dates.size === 1 ? [...dates][0] : null;
  }
}
