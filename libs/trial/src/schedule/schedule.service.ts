import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { AppError, RequestContext, TransactionService } from '@eid/core';
import { AuditService } from '@eid/audit';
import { addMonths, IsoDate, openPmlSuspicions, planInfusions, planVisits, Protocol, visitStatuses, VisitStatus } from '@eid/domain';
import { SiteCalendar } from '../common/site-calendar';
import { assertRealTimeViewAllowed } from '../pseudonymisation/date-shift';
import { assertCanInStudy } from '../common/trial-access';
import { AdverseEvent } from '../forms/adverse-event/adverse-event.entity';
import { ClinicVisit } from '../forms/clinic-visit/clinic-visit.entity';
import { Participant } from '../participants/participant.entity';
import { ParticipantAccessService } from '../participants/participant-access.service';
import { infusionDueJoins } from './overdue-sql';
import { PlannedInfusion } from './planned-infusion.entity';
import { PlannedVisit } from './planned-visit.entity';

export interface ScheduleVisitView {
  id: string;
  number: number;
  kind: string;
  targetDate: IsoDate;
  windowFrom: IsoDate;
  windowTo: IsoDate;
  plannedStatus: PlannedVisit['status'];
  /** As of today, from the recorded clinic visits (domain `visitStatuses`). */
  status: VisitStatus | 'cancelled';
  recordedDate: IsoDate | null;
  frozen: boolean;
  version: number;
}

export interface ScheduleView {
  participantId: string;
  asOf: IsoDate;
  visits: ScheduleVisitView[];
  /** Derived from the next infusion due (plannedInfusionsOf); `id` is the stored plan row of that date, if any. */
  infusions: Array<Pick<PlannedInfusion, 'dueDate' | 'windowFrom' | 'windowTo' | 'intervalWeeks' | 'status'> & { id: string | null }>;
  nextVisitDue: IsoDate | null;
  nextInfusionDue: IsoDate | null;
  /** Rule P0: an open PML suspicion suspends dosing — the planned infusions are not to be given until it is resolved. */
  dosingSuspended: boolean;
}

/**
 * The visit plan and infusion plan of a participant, generated from the study's protocol file by
 * `@eid/domain` (planVisits / planInfusions) and replanned when a confirmed dosing decision changes the
 * interval. No cadence, window or interval numbers live here.
 */
@Injectable()
export class ScheduleService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ParticipantAccessService,
    private readonly audit: AuditService,
    private readonly calendar: SiteCalendar,
  ) {}

  /** End of follow-up: baseline + the protocol's duration (V-DURATION). */
  followUpEnd(protocol: Protocol, enrolmentDate: IsoDate): IsoDate {
    return addMonths(enrolmentDate, protocol.visits.durationMonths.value);
  }

  /** At enrolment (same transaction): visits from baseline, infusions from the last infusion at the start interval. */
  async generate(
    ctx: RequestContext,
    participant: Participant,
    protocol: Protocol,
    enrolmentDate: IsoDate,
    lastInfusionDate: IsoDate,
  ): Promise<void> {
    const visits = planVisits(protocol, enrolmentDate).map((v) =>
      ctx.em.getRepository(PlannedVisit).create({
        studyId: participant.studyId,
        siteId: participant.siteId,
        participantId: participant.id,
        kind: v.includes.includes('mri') ? 'clinic+mri' : 'clinic',
        number: v.number,
        targetDate: v.target,
        windowFrom: v.window.from,
        windowTo: v.window.to,
        status: 'planned',
      }),
    );
    await ctx.em.getRepository(PlannedVisit).save(visits);
    await this.planInfusionsFrom(
      ctx,
      participant,
      protocol,
      lastInfusionDate,
      protocol.dosing.startIntervalWeeks.value,
      this.followUpEnd(protocol, enrolmentDate),
    );
  }

  /**
   * Follow a confirmed dosing decision: planned infusions after `fromDate` are superseded and replanned
   * every `intervalWeeks` from `fromDate` (the infusion the decision applies from, A7). Called by the dosing
   * module inside its own transaction; audited here.
   */
  async applyInterval(ctx: RequestContext, participantId: string, intervalWeeks: number, fromDate: IsoDate): Promise<PlannedInfusion[]> {
    return this.tx.run(ctx, async (ctx) => {
      const participant = await this.access.loadVisible(ctx, participantId, 'share');
      if (participant.status !== 'enrolled')
        throw AppError.conflict('PARTICIPANT_NOT_ACTIVE', `Participant is ${participant.status}: no schedule to change`);
      await this.access.assertWritable(ctx, participant);
      const protocol = await this.access.protocolOf(ctx, participant.studyId);
      const { minIntervalWeeks: min, maxIntervalWeeks: max } = protocol.dosing;
      if (!Number.isInteger(intervalWeeks) || intervalWeeks < min.value || intervalWeeks > max.value)
        throw AppError.fieldProblems([
          {
            field: 'intervalWeeks',
            code: 'VALUE_OUT_OF_RANGE',
            reason: `interval must be ${min.value}–${max.value} weeks (${min.id}, ${max.id})`,
          },
        ]);
      const superseded = await this.supersedeFrom(ctx, participant.id, fromDate, 'superseded');
      const plan = await this.planInfusionsFrom(
        ctx,
        participant,
        protocol,
        fromDate,
        intervalWeeks,
        this.followUpEnd(protocol, participant.enrolmentDate as string),
      );
      await this.audit.record(ctx, {
        action: 'update',
        entityType: 'infusion_plan',
        entityId: participant.id,
        studyId: participant.studyId,
        siteId: participant.siteId,
        participantId: participant.id,
        changes: {
          intervalWeeks: { old: superseded[0]?.intervalWeeks ?? null, new: intervalWeeks },
          fromDate: { old: null, new: fromDate },
        },
        reason: 'dosing decision confirmed',
      });
      return plan;
    });
  }

  /** Withdrawal / completion / loss to follow-up: nothing further is planned; recorded data stay. */
  async stop(ctx: RequestContext, participant: Participant, fromDate: IsoDate): Promise<void> {
    await this.supersedeFrom(ctx, participant.id, fromDate, 'cancelled');
    await ctx.em
      .createQueryBuilder()
      .update(PlannedVisit)
      .set({ status: 'cancelled' })
      .where('participant_id = :pid AND status = :s AND target_date > :d', { pid: participant.id, s: 'planned', d: fromDate })
      .execute();
  }

  async view(ctx: RequestContext, participantId: string): Promise<ScheduleView> {
    return this.tx.run(ctx, async (ctx) => {
      const participant = await this.access.loadVisible(ctx, participantId);
      assertCanInStudy(ctx, 'read', participant.studyId, participant.siteId);
      // Computed as of the real today: refused to readers whose dates are shifted (date-shift.ts).
      await assertRealTimeViewAllowed(ctx, ctx.em, participant);
      return this.viewOf(ctx, participant);
    });
  }

  /** The schedule of an already loaded (visible) participant, for the timeline. */
  async viewOf(ctx: RequestContext, participant: Participant): Promise<ScheduleView> {
    const asOf = await this.calendar.today(ctx.em, participant.siteId);
    const visits = await ctx.em.getRepository(PlannedVisit).find({ where: { participantId: participant.id }, order: { number: 'ASC' } });
    const infusions = await ctx.em
      .getRepository(PlannedInfusion)
      .find({ where: { participantId: participant.id, status: 'planned' }, order: { dueDate: 'ASC' } });
    const recorded = await ctx.em
      .getRepository(ClinicVisit)
      .find({ where: { participantId: participant.id, deletedAt: IsNull() }, select: { date: true } });
    const protocol = participant.enrolmentDate ? await this.access.protocolOf(ctx, participant.studyId) : undefined;
    const statuses =
      protocol && participant.enrolmentDate
        ? visitStatuses(
            protocol,
            participant.enrolmentDate,
            recorded.map((r) => r.date),
            asOf,
          )
        : [];
    const byNumber = new Map(statuses.map((s) => [s.number, s]));
    // The same SQL as the participants list (overdue-sql.ts), so both screens show one next-infusion date.
    const [due] = (await ctx.em.query(
      `SELECT to_char(nd.next_due, 'YYYY-MM-DD') AS next_due, to_char(li.last_date, 'YYYY-MM-DD') AS last_date, iv.interval_weeks
         FROM participant p ${infusionDueJoins('p', '$1', 'NULL::int')} WHERE p.id = $2`,
      [asOf, participant.id],
    )) as Array<{ next_due: string | null; last_date: string | null; interval_weeks: number | null }>;
    const pml = await ctx.em.getRepository(AdverseEvent).find({
      select: { id: true, onsetDate: true, resolutionDate: true },
      where: { participantId: participant.id, pmlSuspected: true, deletedAt: IsNull() },
    });
    const suspended =
      openPmlSuspicions({ adverseEvents: pml.map((a) => ({ onset: a.onsetDate, resolvedOn: a.resolutionDate, pmlSuspected: true })) }, asOf)
        .length > 0;
    const views: ScheduleVisitView[] = visits.map((v) => {
      const s = byNumber.get(v.number);
      return {
        id: v.id,
        number: v.number,
        kind: v.kind,
        targetDate: v.targetDate,
        windowFrom: v.windowFrom,
        windowTo: v.windowTo,
        plannedStatus: v.status,
        status: v.status === 'cancelled' && s?.status !== 'done' ? 'cancelled' : (s?.status ?? 'upcoming'),
        recordedDate: s?.recordedDate ?? null,
        frozen: v.frozenAt !== null,
        version: v.version,
      };
    });
    const next = views.find((v) => v.status === 'due' || v.status === 'upcoming' || v.status === 'overdue');
    return {
      participantId: participant.id,
      asOf,
      visits: views,
      infusions: this.plannedInfusionsOf(participant, protocol, infusions, due),
      nextVisitDue: next?.targetDate ?? null,
      nextInfusionDue: due?.next_due ?? null,
      dosingSuspended: suspended,
    };
  }

  /**
   * The planned infusions as the one next-due rule has them (issue 14 item 7): from the next infusion due (the
   * participants list's SQL), every interval in force, to the end of follow-up. The rows stored at enrolment are
   * chained from the screening's last infusion and only replanned on a decision, so after a real infusion (given
   * late, early) they drift; they are shown as stored only before any study infusion, when they are that rule.
   * Nothing is planned while dosing is suspended or after withdrawal/completion (next due null). A derived date
   * that a stored row also has keeps that row's id.
   */
  private plannedInfusionsOf(
    participant: Participant,
    protocol: Protocol | undefined,
    stored: PlannedInfusion[],
    due: { next_due: string | null; last_date: string | null; interval_weeks: number | null } | undefined,
  ): ScheduleView['infusions'] {
    const pick = ({ id, dueDate, windowFrom, windowTo, intervalWeeks, status }: PlannedInfusion) => ({
      id,
      dueDate,
      windowFrom,
      windowTo,
      intervalWeeks,
      status,
    });
    if (!due?.next_due || !protocol || !participant.enrolmentDate) return [];
    if (!due.last_date || due.interval_weeks === null) return stored.filter((r) => r.dueDate >= due.next_due!).map(pick);
    const ids = new Map(stored.map((r) => [`${r.dueDate}/${r.intervalWeeks}`, r.id]));
    return planInfusions(protocol, due.last_date, due.interval_weeks, this.followUpEnd(protocol, participant.enrolmentDate)).map((p) => ({
      id: ids.get(`${p.target}/${p.intervalWeeks}`) ?? null,
      dueDate: p.target,
      windowFrom: p.window.from,
      windowTo: p.window.to,
      intervalWeeks: p.intervalWeeks,
      status: 'planned' as const,
    }));
  }

  private async planInfusionsFrom(
    ctx: RequestContext,
    participant: Participant,
    protocol: Protocol,
    fromDate: IsoDate,
    intervalWeeks: number,
    until: IsoDate,
  ): Promise<PlannedInfusion[]> {
    const rows = planInfusions(protocol, fromDate, intervalWeeks, until).map((p) =>
      ctx.em.getRepository(PlannedInfusion).create({
        studyId: participant.studyId,
        siteId: participant.siteId,
        participantId: participant.id,
        dueDate: p.target,
        windowFrom: p.window.from,
        windowTo: p.window.to,
        intervalWeeks: p.intervalWeeks,
        status: 'planned',
      }),
    );
    return rows.length ? ctx.em.getRepository(PlannedInfusion).save(rows) : [];
  }

  private async supersedeFrom(
    ctx: RequestContext,
    participantId: string,
    fromDate: IsoDate,
    to: 'superseded' | 'cancelled',
  ): Promise<PlannedInfusion[]> {
    const repo = ctx.em.getRepository(PlannedInfusion);
    const current = await repo.find({ where: { participantId, status: 'planned' } });
    const affected = current.filter((p) => p.dueDate > fromDate);
    if (affected.length) await repo.update({ id: In(affected.map((a) => a.id)) }, { status: to });
    return affected;
  }
}
