import { Injectable } from '@nestjs/common';
import { cursorKey, CursorQueryDto, encodeCursor, pageLimit, RequestContext, SqlParams, TransactionService } from '@eid/core';
import { assertCan } from '@eid/identity';
import { calendarDateIn, DecisionRecord, historyScheduleDeviations, ScheduleDeviation } from '@eid/domain';
import { assertRealTimeViewAllowed, Clock, infusionHistory, ParticipantAccessService, StoredInfusion } from '@eid/trial';
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
  /** Every deviation in scope (all pages). */
  total: number;
  sites: Array<{ siteId: string; siteCode: string; asOf: string; count: number }>;
  /** One page, by infusion date then participant id. */
  items: ScheduleDeviationItem[];
  nextCursor: string | null;
}

/** One participant with what the A7 rule reads: infusions (eCRF + screening) and the decisions in force. */
interface ParticipantRow {
  id: string;
  code: string | null;
  siteId: string;
  siteCode: string;
  timezone: string;
  screeningInfusions: Array<{ date: string; doseMg?: number }> | null;
  infusions: StoredInfusion[];
  decisions: DecisionRecord[];
}

/**
 * Schedule deviations for the monitor (issue 13): every gap between administered infusions outside the A7 tolerance,
 * per study and site scope. The rule is not re-written in SQL: one query loads, for every participant in scope, the
 * infusions and the interval decisions in force (as ParticipantHistoryService and the dosing engine read them), and
 * the domain's historyScheduleDeviations — the engine's own scheduleDeviations — judges each participant as of its
 * site's today, so the list and the proposal cannot disagree. `total` and the per-site counts cover every page, so
 * the whole scope is judged and the page is cut from the sorted deviations.
 */
@Injectable()
export class ScheduleDeviationsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ParticipantAccessService,
    private readonly clock: Clock,
  ) {}

  async list(ctx: RequestContext, studyId: string, site: string | undefined, page: CursorQueryDto): Promise<ScheduleDeviationList> {
    const now = this.clock.now();
    const limit = pageLimit(page);
    const after = cursorKey(page.cursor);
    return this.tx.run(ctx, async (ctx) => {
      assertCan(ctx, 'read', studyId);
      // Computed as of the real today: refused to readers whose dates are shifted (date-shift.ts).
      await assertRealTimeViewAllowed(ctx, ctx.em, { studyId, siteId: null });
      const protocol = await this.access.protocolOf(ctx, studyId);
      const rows = await this.participantsOf(ctx, studyId, site);
      const all: ScheduleDeviationItem[] = [];
      const sites = new Map<string, { siteId: string; siteCode: string; asOf: string; count: number }>();
      for (const r of rows) {
        const asOf = calendarDateIn(now, r.timezone);
        const history = { infusions: infusionHistory(r.screeningInfusions, r.infusions), decisions: r.decisions };
        const deviations = historyScheduleDeviations(protocol, history, asOf);
        if (!deviations.length) continue;
        const s = sites.get(r.siteId) ?? { siteId: r.siteId, siteCode: r.siteCode, asOf, count: 0 };
        s.count += deviations.length;
        sites.set(r.siteId, s);
        for (const d of deviations) all.push(itemOf(r, d));
      }
      all.sort(byKey);
      const rest = after ? all.filter((i) => byKey(i, { infusionDate: String(after.value), participantId: after.id }) > 0) : all;
      const items = rest.slice(0, limit);
      const last = items[items.length - 1];
      const siteList = [...sites.values()].sort((a, b) => a.siteCode.localeCompare(b.siteCode));
      const dates = new Set(rows.map((r) => calendarDateIn(now, r.timezone)));
      return {
        studyId,
        asOf: dates.size === 1 ? [...dates][0] : null,
        total: all.length,
        sites: siteList,
        items,
        nextCursor: rest.length > limit && last ? encodeCursor(last.infusionDate, last.participantId) : null,
      };
    });
  }

  /**
   * One query for every enrolled participant in scope with its eCRF infusions (not soft-deleted), the screening
   * evidence's pre-study infusions and the interval decisions in force (not superseded; @eid/dosing
   * DosingHistoryService.decisionsOf — dosing builds on this lib, so dosing_decision is read here as a table).
   */
  private async participantsOf(ctx: RequestContext, studyId: string, site: string | undefined): Promise<ParticipantRow[]> {
    const params = new SqlParams([studyId]);
    const filters = ['p.study_id = $1', 'p.enrolment_date IS NOT NULL'];
    const scope = siteScopePredicate(ctx, studyId, 'p', params);
    if (scope) filters.push(scope);
    if (site) filters.push(`p.site_id = ${params.add(site)}::uuid`);
    return (await ctx.em.query(
      `SELECT p.id, p.code, p.site_id AS "siteId", s.code AS "siteCode", s.timezone,
              p.screening_evidence -> 'infusions' AS "screeningInfusions",
              COALESCE((SELECT json_agg(json_build_object('date', to_char(i.date, 'YYYY-MM-DD'), 'doseMg', i.dose_mg,
                                                          'administered', i.administered) ORDER BY i.date)
                          FROM infusion i WHERE i.participant_id = p.id AND i.deleted_at IS NULL), '[]'::json) AS infusions,
              COALESCE((SELECT json_agg(json_build_object('date', to_char(d.decided_on, 'YYYY-MM-DD'), 'intervalWeeks', d.interval_weeks)
                                        ORDER BY d.decided_on, d.created_at)
                          FROM dosing_decision d WHERE d.participant_id = p.id AND d.superseded_at IS NULL), '[]'::json) AS decisions
         FROM participant p JOIN site s ON s.id = p.site_id
        WHERE ${filters.join(' AND ')}
        ORDER BY p.code, p.id`,
      params.values,
    )) as ParticipantRow[];
  }
}

function itemOf(r: ParticipantRow, d: ScheduleDeviation): ScheduleDeviationItem {
  return {
    participantId: r.id,
    participantCode: r.code,
    siteId: r.siteId,
    previousInfusionDate: d.from,
    infusionDate: d.to,
    gapDays: d.gapDays,
    expectedIntervalWeeks: d.intervalWeeks,
    dueDate: d.due,
    offsetDays: d.offsetDays,
    kind: d.kind,
    days: Math.abs(d.offsetDays),
  };
}

/** The list order and the cursor key: infusion date, then participant (a participant closes one gap per date). */
function byKey(
  a: Pick<ScheduleDeviationItem, 'infusionDate' | 'participantId'>,
  b: Pick<ScheduleDeviationItem, 'infusionDate' | 'participantId'>,
): number {
  if (a.infusionDate !== b.infusionDate) return a.infusionDate < b.infusionDate ? -1 : 1;
  return a.participantId < b.participantId ? -1 : a.participantId > b.participantId ? 1 : 0;
}
