import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RequestContext } from '@eid/core';
import { DecisionRecord, ParticipantHistory } from '@eid/domain';
import { Participant, ParticipantHistoryService } from '@eid/trial';
import { DosingDecision } from './dosing-decision.entity';

/**
 * The participant history the dosing engine reads: the eCRF (trial module's adapter) plus the confirmed and
 * overridden decisions of `dosing_decision`, so the next proposal counts from the last decision (protocols.md
 * "since the last interval decision"; A5 troughs at the current interval since it changed). Exported for any
 * module that needs the complete history (reports) without importing the trial adapter's internals.
 */
@Injectable()
export class DosingHistoryService {
  constructor(private readonly trialHistory: ParticipantHistoryService) {}

  /** Decisions of one participant as history records, oldest first. */
  async decisionsOf(em: EntityManager, participantId: string): Promise<DecisionRecord[]> {
    const rows = await em.getRepository(DosingDecision).find({
      where: { participantId },
      select: { decidedOn: true, intervalWeeks: true, createdAt: true },
      order: { decidedOn: 'ASC', createdAt: 'ASC' },
    });
    return rows.map((r) => ({ date: r.decidedOn, intervalWeeks: r.intervalWeeks }));
  }

  /** For a participant already loaded and scope-checked in the caller's transaction. */
  async historyOf(ctx: RequestContext, participant: Participant): Promise<ParticipantHistory> {
    // Sequential: both run on the transaction's single connection.
    const history = await this.trialHistory.historyOf(ctx, participant);
    const decisions = await this.decisionsOf(ctx.em, participant.id);
    return { ...history, decisions: [...(history.decisions ?? []), ...decisions] };
  }
}
