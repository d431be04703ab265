import { Injectable } from '@nestjs/common';
import { AppError, RequestContext, TransactionService } from '@eid/core';
import { AuditService } from '@eid/audit';
import { addDays } from '@eid/domain';
import { assertCan, CursorQueryDto, Page, paginate } from '@eid/identity';
import { ParticipantAccessService, ScheduleService } from '@eid/trial';
import { DosingDecision } from './dosing-decision.entity';
import { DosingProposalService } from './dosing-proposal.service';
import { RecordDecisionDto } from './dto/record-decision.dto';
import { lastInfusionOf, sameProposal } from './inputs-summary';

/** A stored decision as the API returns it (the input snapshot is kept in the table, not repeated in lists). */
export type DosingDecisionView = Omit<DosingDecision, 'inputs' | 'participant'>;

function toView(d: DosingDecision): DosingDecisionView {
  const { inputs: _inputs, participant: _p, ...view } = d;
  return view;
}

/**
 * The investigator's decision on the current proposal: confirm it or override it with a reason, in ONE
 * transaction with the replanned infusion schedule and the audit record (Part 11 §11.10(e); ICH E6(R3)).
 */
@Injectable()
export class DosingDecisionService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ParticipantAccessService,
    private readonly proposals: DosingProposalService,
    private readonly schedule: ScheduleService,
    private readonly audit: AuditService,
  ) {}

  async record(ctx: RequestContext, participantId: string, dto: RecordDecisionDto): Promise<DosingDecisionView> {
    const actor = ctx.requireActor();
    const reason = dto.reason?.trim() ? dto.reason.trim() : null;
    // Checked before anything is read, so a bad request writes nothing and learns nothing.
    if (dto.action === 'override') {
      if (dto.intervalWeeks === undefined)
        throw AppError.fieldProblems([{ field: 'intervalWeeks', code: 'REQUIRED', reason: 'an override needs the chosen intervalWeeks' }]);
      if (!reason) throw AppError.fieldProblems([{ field: 'reason', code: 'REASON_REQUIRED', reason: 'an override of the protocol proposal needs a reason' }]);
    } else if (dto.intervalWeeks !== undefined) {
      throw AppError.fieldProblems([{ field: 'intervalWeeks', code: 'NOT_ALLOWED', reason: 'a confirmation takes the proposal\'s interval; use action "override" to choose another' }]);
    }

    return this.tx.run(ctx, async (ctx) => {
      // Row lock: two investigators deciding at once are serialised, and the second sees the first's decision
      // in its recomputed proposal (→ 409 PROPOSAL_CHANGED) instead of both being stored.
      const participant = await this.access.loadVisible(ctx, participantId, 'update');
      assertCan(ctx, 'decide-dosing', participant.studyId);
      if (participant.status !== 'enrolled')
        throw AppError.conflict('PARTICIPANT_NOT_ACTIVE', `Participant is ${participant.status}: no dosing decision can be recorded`);
      await this.access.assertWritable(ctx, participant);

      const computed = await this.proposals.compute(ctx, participant);
      const { protocol, history, asOf, proposal } = computed;
      if (!sameProposal(proposal, dto.basedOnProposal))
        throw AppError.conflict(
          'PROPOSAL_CHANGED',
          `The proposal changed since it was loaded (now ${proposal.decision}, ${proposal.nextIntervalWeeks} weeks): review it and decide again`,
          { current: proposal },
        );
      const lastInfusion = lastInfusionOf(history, asOf);
      if (!lastInfusion) throw AppError.conflict('NO_INFUSION', 'No infusion has been given yet: there is no interval to decide');

      const { minIntervalWeeks: min, maxIntervalWeeks: max } = protocol.dosing;
      const chosen = dto.action === 'override' ? (dto.intervalWeeks as number) : proposal.nextIntervalWeeks;
      if (chosen < min.value || chosen > max.value)
        throw AppError.fieldProblems([
          { field: 'intervalWeeks', code: 'VALUE_OUT_OF_RANGE', reason: `interval must be ${min.value}–${max.value} weeks under ${protocol.id} v${protocol.version} (${min.id}, ${max.id})` },
        ]);
      // One decision per participant per day: the engine orders decisions by date, so two on one day would be
      // ambiguous. A same-day correction is an override on the next day or a data-management action.
      const sameDay = await ctx.em.getRepository(DosingDecision).exists({ where: { participantId: participant.id, decidedOn: asOf } });
      if (sameDay) throw AppError.conflict('DECISION_EXISTS', `A dosing decision was already recorded for this participant on ${asOf}`);

      const shadow = this.proposals.shadowOf(computed); // issue 15: the model's recommendation beside the protocol's
      const saved = await ctx.em.getRepository(DosingDecision).save(
        ctx.em.getRepository(DosingDecision).create({
          studyId: participant.studyId,
          siteId: participant.siteId,
          participantId: participant.id,
          action: dto.action,
          decidedOn: asOf,
          protocolId: protocol.id,
          protocolVersion: protocol.version,
          proposedDecision: proposal.decision,
          proposedIntervalWeeks: proposal.nextIntervalWeeks,
          currentIntervalWeeks: proposal.currentIntervalWeeks,
          intervalWeeks: chosen,
          // A7: the next infusion is due one chosen interval after the last infusion.
          nextInfusionDue: addDays(lastInfusion, chosen * 7),
          proposal,
          inputs: { history, basedOnProposal: { ...dto.basedOnProposal } },
          ...shadow,
          reason,
          decidedBy: actor.userId,
        }),
      );
      await this.schedule.applyInterval(ctx, participant.id, chosen, lastInfusion);
      // Last statement of the transaction (AuditService holds the study chain lock until COMMIT).
      await this.audit.record(ctx, {
        action: dto.action === 'override' ? 'decision-override' : 'decision-confirm',
        entityType: 'dosing_decision',
        entityId: saved.id,
        studyId: participant.studyId,
        siteId: participant.siteId,
        participantId: participant.id,
        changes: {
          intervalWeeks: { old: proposal.currentIntervalWeeks, new: chosen },
          proposal: { old: null, new: { decision: proposal.decision, nextIntervalWeeks: proposal.nextIntervalWeeks, rule: proposal.rule } },
          protocol: { old: null, new: `${protocol.id}@${protocol.version}` },
          nextInfusionDue: { old: proposal.nextInfusionDue, new: saved.nextInfusionDue },
          shadowMipd: { old: null, new: shadow },
        },
        reason,
      });
      return toView(saved);
    });
  }

  async list(ctx: RequestContext, participantId: string, query: CursorQueryDto): Promise<Page<DosingDecisionView>> {
    return this.tx.run(ctx, async (ctx) => {
      const participant = await this.access.loadVisible(ctx, participantId);
      assertCan(ctx, 'read', participant.studyId);
      const qb = ctx.em
        .getRepository(DosingDecision)
        .createQueryBuilder('d')
        .select(['d.id', 'd.studyId', 'd.siteId', 'd.participantId', 'd.action', 'd.decidedOn', 'd.protocolId', 'd.protocolVersion'])
        .addSelect(['d.proposedDecision', 'd.proposedIntervalWeeks', 'd.currentIntervalWeeks', 'd.intervalWeeks', 'd.nextInfusionDue'])
        .addSelect(['d.proposal', 'd.reason', 'd.decidedBy', 'd.createdAt'])
        .addSelect(['d.shadowModelId', 'd.shadowModelVersion', 'd.shadowTargetUgPerMl', 'd.shadowMinProbability', 'd.shadowIntervalWeeks', 'd.shadowProbability'])
        .where('d.participantId = :pid', { pid: participant.id });
      // Newest first: the investigator looks for the latest decision.
      const page = await paginate(qb, query, { column: 'd.createdAt', value: (r) => r.createdAt.toISOString(), direction: 'DESC' });
      return { items: page.items.map(toView), nextCursor: page.nextCursor };
    });
  }
}
