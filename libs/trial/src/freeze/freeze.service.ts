import { Injectable } from '@nestjs/common';
import { AppError, RequestContext, TransactionService } from '@eid/core';
import { AuditService, requireReason } from '@eid/audit';
import { Clock } from '../common/clock';
import { assertCanInStudy } from '../common/trial-access';
import { Participant } from '../participants/participant.entity';
import { ParticipantAccessService } from '../participants/participant-access.service';
import { PlannedVisit } from '../schedule/planned-visit.entity';
import { FreezeDto } from './freeze.dto';

/**
 * Data-management freeze of a whole participant or one visit (no edits without unfreezing, reason required;
 * ICH E6(R3) 4.2 data handling). A frozen participant or visit can still be read, queried and verified.
 */
@Injectable()
export class FreezeService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ParticipantAccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async setParticipantFrozen(ctx: RequestContext, participantId: string, frozen: boolean, dto: FreezeDto): Promise<Participant> {
    const reason = requireReason(dto.reason);
    return this.tx.run(ctx, async (ctx) => {
      const p = await this.access.loadVisible(ctx, participantId, 'update');
      assertCanInStudy(ctx, 'freeze', p.studyId, p.siteId);
      await this.access.assertStudyWritable(ctx, p.studyId);
      if (p.version !== dto.version) throw AppError.staleVersion(p);
      if (!!p.frozenAt === frozen)
        throw AppError.conflict(
          frozen ? 'ALREADY_FROZEN' : 'NOT_FROZEN',
          frozen ? 'Participant is already frozen' : 'Participant is not frozen',
        );
      const old = p.frozenAt;
      p.frozenAt = frozen ? this.clock.now() : null;
      p.frozenBy = frozen ? (ctx.actor?.userId ?? null) : null;
      p.freezeReason = frozen ? reason : null;
      const saved = await ctx.em.getRepository(Participant).save(p);
      await this.audit.record(ctx, {
        action: frozen ? 'freeze' : 'unfreeze',
        entityType: 'participant',
        entityId: saved.id,
        studyId: saved.studyId,
        siteId: saved.siteId,
        participantId: saved.id,
        changes: { frozenAt: { old, new: saved.frozenAt } },
        reason,
      });
      return saved;
    });
  }

  async setVisitFrozen(
    ctx: RequestContext,
    participantId: string,
    visitId: string,
    frozen: boolean,
    dto: FreezeDto,
  ): Promise<PlannedVisit> {
    const reason = requireReason(dto.reason);
    return this.tx.run(ctx, async (ctx) => {
      const p = await this.access.loadVisible(ctx, participantId, 'share');
      assertCanInStudy(ctx, 'freeze', p.studyId, p.siteId);
      await this.access.assertStudyWritable(ctx, p.studyId);
      const visit = await ctx.em
        .getRepository(PlannedVisit)
        .createQueryBuilder('v')
        .setLock('pessimistic_write')
        .where('v.id = :id AND v.participantId = :pid', { id: visitId, pid: p.id })
        .getOne();
      if (!visit) throw AppError.notFound('Visit', visitId);
      if (visit.version !== dto.version) throw AppError.staleVersion(visit);
      if (!!visit.frozenAt === frozen)
        throw AppError.conflict(frozen ? 'ALREADY_FROZEN' : 'NOT_FROZEN', frozen ? 'Visit is already frozen' : 'Visit is not frozen');
      const old = visit.frozenAt;
      visit.frozenAt = frozen ? this.clock.now() : null;
      visit.frozenBy = frozen ? (ctx.actor?.userId ?? null) : null;
      visit.freezeReason = frozen ? reason : null;
      const saved = await ctx.em.getRepository(PlannedVisit).save(visit);
      await this.audit.record(ctx, {
        action: frozen ? 'freeze' : 'unfreeze',
        entityType: 'planned_visit',
        entityId: saved.id,
        studyId: p.studyId,
        siteId: p.siteId,
        participantId: p.id,
        changes: { frozenAt: { old, new: saved.frozenAt } },
        reason,
      });
      return saved;
    });
  }
}
