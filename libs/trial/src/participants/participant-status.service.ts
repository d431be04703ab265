import { Injectable } from '@nestjs/common';
import { AppError, RequestContext, TransactionService } from '@eid/core';
import { AuditService, requireReason } from '@eid/audit';
import { SiteCalendar } from '../common/site-calendar';
import { assertCanInStudy } from '../common/trial-access';
import { ScheduleService } from '../schedule/schedule.service';
import { StatusAction, StatusChangeDto } from './dto/status-change.dto';
import { Participant, ParticipantStatus } from './participant.entity';
import { ParticipantAccessService } from './participant-access.service';

/** Allowed transitions: screening → screen-failed; enrolled → completed | withdrawn | lost-to-follow-up. */
const TRANSITIONS: Record<StatusAction, { from: ParticipantStatus; to: ParticipantStatus }> = {
  'screen-fail': { from: 'screening', to: 'screen-failed' },
  complete: { from: 'enrolled', to: 'completed' },
  withdraw: { from: 'enrolled', to: 'withdrawn' },
  'lost-to-follow-up': { from: 'enrolled', to: 'lost-to-follow-up' },
};

@Injectable()
export class ParticipantStatusService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ParticipantAccessService,
    private readonly schedule: ScheduleService,
    private readonly audit: AuditService,
    private readonly calendar: SiteCalendar,
  ) {}

  /** End of participation stops the schedules; recorded data stay (ICH E6(R3): data collected before withdrawal are kept). */
  async change(ctx: RequestContext, participantId: string, dto: StatusChangeDto): Promise<Participant> {
    const reason = requireReason(dto.reason);
    if (dto.action === 'screen-fail' && !dto.screenFailCategory)
      throw AppError.fieldProblems([{ field: 'screenFailCategory', code: 'REQUIRED', reason: 'a screen failure needs its category' }]);
    if (dto.action !== 'screen-fail' && dto.screenFailCategory)
      throw AppError.fieldProblems([
        { field: 'screenFailCategory', code: 'NOT_APPLICABLE', reason: `only a screen failure has a category` },
      ]);
    return this.tx.run(ctx, async (ctx) => {
      const p = await this.access.loadVisible(ctx, participantId, 'update');
      assertCanInStudy(ctx, 'edit-data', p.studyId, p.siteId);
      await this.access.assertWritable(ctx, p);
      if (p.version !== dto.version) throw AppError.staleVersion(p);
      const t = TRANSITIONS[dto.action];
      if (p.status !== t.from)
        throw AppError.conflict('INVALID_STATUS_TRANSITION', `Cannot ${dto.action} a participant who is ${p.status}`);
      const today = await this.calendar.today(ctx.em, p.siteId);
      if (dto.date > today)
        throw AppError.fieldProblems([{ field: 'date', code: 'DATE_IN_FUTURE', reason: `date ${dto.date} is after today (${today})` }]);
      const start = p.enrolmentDate ?? p.screeningDate;
      if (dto.date < start)
        throw AppError.fieldProblems([{ field: 'date', code: 'DATE_BEFORE_ENROLMENT', reason: `date ${dto.date} is before ${start}` }]);
      const before = {
        status: p.status,
        withdrawalDate: p.withdrawalDate,
        withdrawalReason: p.withdrawalReason,
        completionDate: p.completionDate,
        screenFailReason: p.screenFailReason,
        screenFailCategory: p.screenFailCategory,
      };
      p.status = t.to;
      if (dto.action === 'withdraw' || dto.action === 'lost-to-follow-up') {
        p.withdrawalDate = dto.date;
        p.withdrawalReason = reason;
      }
      if (dto.action === 'complete') p.completionDate = dto.date;
      if (dto.action === 'screen-fail') Object.assign(p, { screenFailReason: reason, screenFailCategory: dto.screenFailCategory });
      const saved = await ctx.em.getRepository(Participant).save(p);
      if (t.from === 'enrolled') await this.schedule.stop(ctx, saved, dto.date);
      const changes: Record<string, { old: unknown; new: unknown }> = { status: { old: before.status, new: saved.status } };
      for (const k of ['withdrawalDate', 'withdrawalReason', 'completionDate', 'screenFailReason', 'screenFailCategory'] as const)
        if (before[k] !== saved[k]) changes[k] = { old: before[k], new: saved[k] };
      await this.audit.record(ctx, {
        action: 'status-change',
        entityType: 'participant',
        entityId: saved.id,
        studyId: saved.studyId,
        siteId: saved.siteId,
        participantId: saved.id,
        changes,
        reason,
      });
      return saved;
    });
  }
}
