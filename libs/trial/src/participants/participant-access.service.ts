import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { AppError, RequestContext } from '@eid/core';
import { findProtocol, Protocol } from '@eid/domain';
import { assertInScope, Study } from '@eid/identity';
import { PlannedVisit } from '../schedule/planned-visit.entity';
import { Participant } from './participant.entity';

export type RowLock = 'none' | 'share' | 'update';

/**
 * The single gate to a participant's data: site-scoped loading (another site's participant is "not found",
 * never "forbidden", so existence does not leak) and the write guards (study lock, participant/visit freeze).
 * Every participant-scoped route goes through here (STYLE.md habit 7).
 */
@Injectable()
export class ParticipantAccessService {
  /** Load a participant the caller may see, or 404. `share` blocks a concurrent freeze until commit. */
  async loadVisible(ctx: RequestContext, participantId: string, lock: RowLock = 'none'): Promise<Participant> {
    return this.loadParticipant(ctx, participantId, lock, false);
  }

  /**
   * As loadVisible, plus the participant's study in the same read (writers need its status and protocol). The
   * row lock covers the participant only (`FOR … OF p`): every writer sharing the study row would serialise on it.
   */
  async loadVisibleWithStudy(ctx: RequestContext, participantId: string, lock: RowLock = 'none'): Promise<Participant & { study: Study }> {
    return (await this.loadParticipant(ctx, participantId, lock, true)) as Participant & { study: Study };
  }

  private async loadParticipant(ctx: RequestContext, participantId: string, lock: RowLock, withStudy: boolean): Promise<Participant> {
    ctx.requireActor();
    const qb = ctx.em.getRepository(Participant).createQueryBuilder('p').where('p.id = :id', { id: participantId });
    if (withStudy) qb.innerJoinAndSelect('p.study', 's');
    if (lock === 'share') qb.setLock('pessimistic_read', undefined, ['p']);
    if (lock === 'update') qb.setLock('pessimistic_write', undefined, ['p']);
    const p = await qb.getOne();
    if (!p) throw AppError.notFound('Participant', participantId);
    assertInScope(ctx, p, 'Participant', participantId);
    return p;
  }

  async study(ctx: RequestContext, studyId: string): Promise<Study> {
    const study = await ctx.em.getRepository(Study).findOne({ where: { id: studyId } });
    if (!study) throw AppError.notFound('Study', studyId);
    return study;
  }

  async protocolOf(ctx: RequestContext, studyId: string): Promise<Protocol> {
    return this.protocolOfStudy(await this.study(ctx, studyId));
  }

  protocolOfStudy(study: Study): Protocol {
    const protocol = findProtocol(study.protocolId, study.protocolVersion);
    if (!protocol) throw AppError.conflict('PROTOCOL_UNKNOWN', `Protocol ${study.protocolId} v${study.protocolVersion} is not available`);
    return protocol;
  }

  /**
   * A locked study takes no change at all (ICH E6(R3): database lock); a frozen study neither.
   * Reads and exports still work — only writers call this.
   */
  async assertStudyWritable(ctx: RequestContext, studyId: string): Promise<Study> {
    return this.assertStudyRowWritable(await this.study(ctx, studyId));
  }

  assertStudyRowWritable(study: Study): Study {
    if (study.status === 'locked') throw AppError.conflict('STUDY_LOCKED', 'The study database is locked: no changes are possible');
    if (study.status === 'frozen') throw AppError.conflict('STUDY_FROZEN', 'The study database is frozen: no changes until it is unfrozen');
    return study;
  }

  /** Study lock, participant freeze and the freeze of any planned visit the change touches. */
  async assertWritable(ctx: RequestContext, participant: Participant, plannedVisitIds: Array<string | null | undefined> = []): Promise<void> {
    // The study read with the participant (loadVisibleWithStudy) when there is one, else read now.
    if (participant.study && participant.study.id === participant.studyId) this.assertStudyRowWritable(participant.study);
    else await this.assertStudyWritable(ctx, participant.studyId);
    if (participant.frozenAt) throw AppError.conflict('PARTICIPANT_FROZEN', `Participant is frozen by data management: ${participant.freezeReason ?? ''}`.trim());
    const ids = [...new Set(plannedVisitIds.filter((v): v is string => typeof v === 'string'))];
    if (ids.length === 0) return;
    const visits = await ctx.em.getRepository(PlannedVisit).find({ where: { id: In(ids), participantId: participant.id } });
    const frozen = visits.find((v) => v.frozenAt);
    if (frozen) throw AppError.conflict('VISIT_FROZEN', `Visit ${frozen.number} is frozen by data management`);
  }
}
