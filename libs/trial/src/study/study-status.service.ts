import { Injectable } from '@nestjs/common';
import { AppError, RequestContext, TransactionService } from '@eid/core';
import { AuditService, requireReason } from '@eid/audit';
import { assertCanInStudy } from '../common/trial-access';
import { Study, StudyStatus } from '@eid/study';

export type StudyTransition = 'freeze' | 'unfreeze' | 'lock';

/** frozen = temporary soft lock (data review), locked = final (ICH E6(R3): database lock; never reopened here). */
const TRANSITIONS: Record<StudyTransition, { from: StudyStatus[]; to: StudyStatus }> = {
  freeze: { from: ['design', 'active'], to: 'frozen' },
  unfreeze: { from: ['frozen'], to: 'active' },
  lock: { from: ['design', 'active', 'frozen'], to: 'locked' },
};

@Injectable()
export class StudyStatusService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async transition(ctx: RequestContext, studyId: string, transition: StudyTransition, reasonInput: string | undefined): Promise<Study> {
    const reason = requireReason(reasonInput);
    ctx.requireActor();
    if (ctx.rolesIn(studyId).length === 0) throw AppError.notFound('Study', studyId);
    assertCanInStudy(ctx, 'lock', studyId, null);
    return this.tx.run(ctx, async (ctx) => {
      // FOR UPDATE: waits for data writers that read the status in their transaction to finish.
      const study = await ctx.em
        .getRepository(Study)
        .createQueryBuilder('s')
        .setLock('pessimistic_write')
        .where('s.id = :id', { id: studyId })
        .getOne();
      if (!study) throw AppError.notFound('Study', studyId);
      const t = TRANSITIONS[transition];
      if (!t.from.includes(study.status))
        throw AppError.conflict(
          study.status === 'locked' ? 'STUDY_LOCKED' : 'INVALID_STUDY_TRANSITION',
          `Cannot ${transition} a study that is ${study.status}`,
        );
      const old = study.status;
      study.status = t.to;
      const saved = await ctx.em.getRepository(Study).save(study);
      await this.audit.record(ctx, {
        action: transition === 'lock' ? 'lock' : transition,
        entityType: 'study',
        entityId: study.id,
        studyId: study.id,
        changes: { status: { old, new: saved.status } },
        reason,
      });
      return saved;
    });
  }
}
