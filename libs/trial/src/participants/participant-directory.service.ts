import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { decodeCursor, encodeCursor, Page, pageLimit, RequestContext, TransactionService } from '@eid/core';
import { findProtocol } from '@eid/domain';
import { readsPseudonymised, sitesReadIdentified } from '@eid/identity';
import { ageBand } from './age-band';
import { datesForReader, readerDateShifter, shiftDates } from '../pseudonymisation/date-shift';
import { Clock } from '../common/clock';
import { assertCanInStudy } from '../common/trial-access';
import { ParticipantListQueryDto } from './dto/participant-list-query.dto';
import { ParticipantOverviewDto, ParticipantOverviewFields } from './dto/participant-overview.dto';
import { Participant } from './participant.entity';
import { ParticipantAccessService } from './participant-access.service';
import {
  OverviewFilter,
  overviewCursorKey,
  overviewCursorValue,
  OverviewRow,
  participantOverviewSql,
  StudyScope,
} from './participant-overview.sql';
import { Study } from '@eid/study';

/**
 * What a pseudonymised reader (statistician) never sees of a participant (issue 16 item 2, the same classes the
 * pseudonymised export withholds): the birth year (ageBandAtScreening instead), the site's screening number, free
 * text (diagnostic criteria as typed, screen-failure, withdrawal and freeze reasons) and staff ids.
 */
const PSEUDONYMISED_PARTICIPANT = {
  birthYear: null,
  screeningNumber: null,
  diagnosticCriteria: null,
  screenFailReason: null,
  withdrawalReason: null,
  freezeReason: null,
  frozenBy: null,
  createdBy: null,
} as const;

/**
 * A search by screening number covers only the sites the caller reads identified: where the number is withheld
 * (pseudonymised reads), matching on it would reveal it one prefix at a time.
 */
function identifiedOnly(ctx: RequestContext, s: StudyScope): StudyScope {
  const identified = sitesReadIdentified(ctx.actor, s.studyId);
  if (identified === 'all') return s;
  return { ...s, sites: s.sites === 'all' ? identified : s.sites.filter((id) => identified.includes(id)) };
}

@Injectable()
export class ParticipantDirectoryService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ParticipantAccessService,
    private readonly clock: Clock,
  ) {}

  async get(ctx: RequestContext, participantId: string): Promise<ParticipantOverviewDto> {
    return this.tx.run(ctx, async (ctx) => {
      const p = await this.access.loadVisible(ctx, participantId);
      assertCanInStudy(ctx, 'read', p.studyId, p.siteId);
      const scopes = await this.scopes(ctx, [p.studyId]);
      const { sql, params } = participantOverviewSql(this.clock.now(), scopes, { participantId }, 'screeningDate', 'ASC', null, 1);
      const [row] = (await ctx.em.query(sql, params)) as OverviewRow[];
      return datesForReader(ctx, ctx.em, p, this.merge(ctx, p, row));
    });
  }

  /**
   * The participants the caller may see, with what the participants screen shows (issue #7): site scope, flags,
   * sort and keyset cursor all in one SQL query (participant-overview.sql.ts); the page's participant records are
   * then read by id in a second query, so the entity mapping stays TypeORM's.
   */
  async list(ctx: RequestContext, q: ParticipantListQueryDto): Promise<Page<ParticipantOverviewDto>> {
    ctx.requireActor();
    return this.tx.run(ctx, async (ctx) => {
      const limit = pageLimit(q);
      const sort = q.sort ?? 'screeningDate';
      const dir = q.order === 'desc' ? 'DESC' : 'ASC';
      if (q.studyId) assertCanInStudy(ctx, 'read', q.studyId);
      const studies = ctx.studyIds().filter((s) => !q.studyId || s === q.studyId);
      const scopes = (await this.scopes(ctx, studies))
        .map((s) => (q.screeningNumber ? identifiedOnly(ctx, s) : s))
        .filter((s) => s.sites === 'all' || s.sites.length > 0);
      if (scopes.length === 0) return { items: [], nextCursor: null };
      let cursor: { value: string; id: string } | null = null;
      if (q.cursor) {
        const [value, id] = decodeCursor(q.cursor);
        // A reader whose dates are shifted got the last row's shifted date: moved back to the stored one here.
        cursor = { value: shiftDates(overviewCursorValue(sort, value), -(await this.readerShiftOf(ctx, id))), id };
      }
      const filter: OverviewFilter = {
        siteId: q.siteId,
        status: q.status,
        search: q.search,
        screeningNumber: q.screeningNumber,
        overdue: q.overdue,
        sae: q.sae,
        pml: q.pml,
        openQueries: q.openQueries,
      };
      const { sql, params } = participantOverviewSql(this.clock.now(), scopes, filter, sort, dir, cursor, limit + 1);
      const rows = (await ctx.em.query(sql, params)) as OverviewRow[];
      const page = rows.slice(0, limit);
      const byId = new Map((await ctx.em.getRepository(Participant).findBy({ id: In(page.map((r) => r.id)) })).map((p) => [p.id, p]));
      const items: ParticipantOverviewDto[] = [];
      for (const r of page) {
        const p = byId.get(r.id) as Participant;
        // Dates shifted per participant for pseudonymised readers of a study that shifts dates (date-shift.ts).
        items.push(await datesForReader(ctx, ctx.em, p, this.merge(ctx, p, r)));
      }
      const last = page[page.length - 1];
      if (!(rows.length > limit && last)) return { items, nextCursor: null };
      const days = await this.readerShiftOf(ctx, last.id);
      const key = overviewCursorKey(sort, last);
      // The cursor of a reader whose dates are shifted carries the shifted date (never the real one).
      return { items, nextCursor: encodeCursor(days ? key.replace(/\d{4}-\d{2}-\d{2}$/, (d) => shiftDates(d, days)) : key, last.id) };
    });
  }

  /** The caller's date shift for one participant (0 unless they read it shifted; date-shift.ts). */
  private async readerShiftOf(ctx: RequestContext, participantId: string): Promise<number> {
    const [p] = (await ctx.em.query('SELECT study_id, site_id FROM participant WHERE id = $1', [participantId])) as Array<{
      study_id: string;
      site_id: string;
    }>;
    const shifter = p ? await readerDateShifter(ctx, ctx.em, { studyId: p.study_id, siteId: p.site_id }) : null;
    return shifter ? shifter.days(participantId) : 0;
  }

  /** Per study: the caller's visible sites and the protocol's A7 tolerance (one read per study, not per row). */
  private async scopes(ctx: RequestContext, studyIds: string[]): Promise<StudyScope[]> {
    if (studyIds.length === 0) return [];
    const studies = await ctx.em.getRepository(Study).findBy({ id: In(studyIds) });
    return studies.map((s) => {
      const tol = findProtocol(s.protocolId, s.protocolVersion)?.visits.infusionTolerance;
      return {
        studyId: s.id,
        sites: ctx.siteScope(s.id),
        toleranceDaysAfter: tol?.daysAfter ?? null,
        toleranceStatus: tol?.status ?? null,
      };
    });
  }

  private merge(ctx: RequestContext, p: Participant, r: OverviewRow): ParticipantOverviewDto {
    const fields: ParticipantOverviewFields = {
      currentIntervalWeeks: r.interval_weeks,
      intervalSource: r.interval_source,
      lastInfusionDate: r.last_infusion_date,
      nextInfusionDue: r.next_infusion_due,
      latestTroughUgPerMl: r.trough_ug_per_ml,
      latestTroughDate: r.trough_date,
      latestTroughBelowLloq: r.trough_below_lloq,
      openQueryCount: r.open_query_count,
      seriousAdverseEventCount: r.sae_count,
      pmlSuspected: r.pml_suspected,
      dosingSuspended: r.dosing_suspended,
      overdueVisitCount: r.overdue_visit_count,
      infusionOverdue: r.infusion_overdue,
      overdue: r.infusion_overdue || r.overdue_visit_count > 0,
      infusionToleranceStatus: r.tolerance_status,
    };
    // The age band is shown to every reader; it is what pseudonymised readers get instead of the birth year.
    const ageBandAtScreening = p.birthYear != null && p.screeningDate ? ageBand(p.birthYear, p.screeningDate) : null;
    return Object.assign({}, this.forReader(ctx, p), fields, { ageBandAtScreening }) as ParticipantOverviewDto;
  }

  /**
   * Statisticians see pseudonymised data only (GDPR art. 89): the year of birth and the site's screening-log
   * number, which together with the site could point to a person, are withheld.
   */
  private forReader(ctx: RequestContext, p: Participant): Participant {
    if (!readsPseudonymised(ctx.actor, p.studyId, p.siteId)) return p;
    return Object.assign(new Participant(), p, PSEUDONYMISED_PARTICIPANT);
  }
}
