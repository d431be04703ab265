import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { AppError, CursorQueryDto, Page, paginate, RequestContext, TransactionService } from '@eid/core';
import { AuditService } from '@eid/audit';
import { addDays, IntervalDecision, IsoDate, ParticipantHistory } from '@eid/domain';
import { assertCan } from '@eid/identity';
import { decisionsForReader, ParticipantAccessService, readerDateShifter, ScheduleService, shiftCursor, shiftDates } from '@eid/trial';
import { DosingDecision } from './dosing-decision.entity';
import { DosingProposalService } from './dosing-proposal.service';
import { RecordDecisionDto } from './dto/record-decision.dto';
import { lastInfusionOf, sameProposal } from './inputs-summary';

/** A stored decision as the API returns it (the input snapshot is kept in the table, not repeated in lists). */
export type DosingDecisionView = Omit<DosingDecision, 'inputs' | 'participant' | 'supersededByDecision'>;

/** A decision as answered: the view with the decider's display name (null for pseudonymised readers). */
export type DosingDecisionListItem = DosingDecisionView & { decidedByName: string | null };

function toView(d: DosingDecision): DosingDecisionView {
  const { inputs: _inputs, participant: _p, supersededByDecision: _s, ...view } = d;
  return view;
}

/** Proposals a same-day decision may be superseded for (issue 13 item 5: new activity or a safety stop). */
const SUPERSEDING_PROPOSALS = new Set(['ACTIVITY_REVIEW', 'SUSPEND']);

/** Ids of the relapse and MRI records dated ≤ asOf: the activity the proposal was computed from. */
export function seenActivityIdsOf(history: ParticipantHistory, asOf: IsoDate): string[] {
  const ids: string[] = [];
  for (const r of history.relapses ?? []) if (r.id && r.onset <= asOf) ids.push(r.id);
  for (const m of history.mri ?? []) if (m.id && m.date <= asOf) ids.push(m.id);
  return ids;
}

function checkRequest(dto: RecordDecisionDto, reason: string | null): void {
  // Checked before anything is read, so a bad request writes nothing and learns nothing.
  if (dto.action === 'override') {
    if (dto.intervalWeeks === undefined)
      throw AppError.fieldProblems([{ field: 'intervalWeeks', code: 'REQUIRED', reason: 'an override needs the chosen intervalWeeks' }]);
    if (!reason)
      throw AppError.fieldProblems([
        { field: 'reason', code: 'REASON_REQUIRED', reason: 'an override of the protocol proposal needs a reason' },
      ]);
  } else if (dto.intervalWeeks !== undefined) {
    throw AppError.fieldProblems([
      {
        field: 'intervalWeeks',
        code: 'NOT_ALLOWED',
        reason: 'a confirmation takes the proposal\'s interval; use action "override" to choose another',
      },
    ]);
  }
  if (dto.supersede && !reason)
    throw AppError.fieldProblems([{ field: 'reason', code: 'REASON_REQUIRED', reason: 'a superseding decision needs a reason' }]);
}

/** SUSPEND (rule P0): only the suspension itself can be recorded; no interval, least of all an extension. */
function refuseWhileSuspended(proposal: IntervalDecision, dto: RecordDecisionDto): void {
  if (proposal.decision !== 'SUSPEND') return;
  if (dto.action === 'confirm' && dto.basedOnProposal.decision === 'SUSPEND') return;
  const what = proposal.pmlSuspicions.map((a) => `${a.term ?? 'adverse event'} (onset ${a.onset})`).join('; ');
  throw AppError.conflict(
    'DOSING_SUSPENDED',
    `Dosing is suspended (rule P0): open PML suspicion — ${what}. No interval can be confirmed or overridden until it is resolved.`,
    { current: proposal },
  );
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

  async record(ctx: RequestContext, participantId: string, dto: RecordDecisionDto): Promise<DosingDecisionListItem> {
    const actor = ctx.requireActor();
    const reason = dto.reason?.trim() ? dto.reason.trim() : null;
    checkRequest(dto, reason);
    return this.tx.run(ctx, async (ctx) => {
      // Row lock: two investigators deciding at once are serialised, and the second sees the first's decision
      // in its recomputed proposal (→ 409 PROPOSAL_CHANGED) instead of both being stored.
      const participant = await this.access.loadVisible(ctx, participantId, 'update');
      assertCan(ctx, 'decide-dosing', participant.studyId, participant.siteId);
      if (participant.status !== 'enrolled')
        throw AppError.conflict('PARTICIPANT_NOT_ACTIVE', `Participant is ${participant.status}: no dosing decision can be recorded`);
      await this.access.assertWritable(ctx, participant);
      const computed = await this.proposals.compute(ctx, participant);
      const { protocol, history, asOf, proposal } = computed;
      refuseWhileSuspended(proposal, dto);
      if (!sameProposal(proposal, dto.basedOnProposal))
        throw AppError.conflict(
          'PROPOSAL_CHANGED',
          `The proposal changed since it was loaded (now ${proposal.decision}, ${proposal.nextIntervalWeeks} weeks): review it and decide again`,
          { current: proposal },
        );
      const lastInfusion = lastInfusionOf(history, asOf);
      if (!lastInfusion && proposal.decision !== 'SUSPEND')
        throw AppError.conflict('NO_INFUSION', 'No infusion has been given yet: there is no interval to decide');
      const { minIntervalWeeks: min, maxIntervalWeeks: max } = protocol.dosing;
      const chosen = dto.action === 'override' ? (dto.intervalWeeks as number) : proposal.nextIntervalWeeks;
      // Never clamped: outside the protocol bounds is refused, naming the field and the bounds.
      if (chosen < min.value || chosen > max.value)
        throw AppError.fieldProblems([
          {
            field: 'intervalWeeks',
            code: 'VALUE_OUT_OF_RANGE',
            reason: `intervalWeeks ${chosen} is outside ${min.value}–${max.value} weeks under ${protocol.id} v${protocol.version} (${min.id}, ${max.id}); it is refused, not corrected`,
          },
        ]);
      const repo = ctx.em.getRepository(DosingDecision);
      // One current decision per participant per day (unique index): the engine orders decisions by date.
      const earlier = await repo.findOne({ where: { participantId: participant.id, decidedOn: asOf, supersededAt: IsNull() } });
      if (earlier && !dto.supersede)
        throw AppError.conflict(
          'DECISION_EXISTS',
          `A dosing decision was already recorded for this participant on ${asOf}; if the proposal changed because of new disease activity or a safety stop, record a superseding decision (supersede: true, with a reason)`,
        );
      if (!earlier && dto.supersede)
        throw AppError.conflict('NOTHING_TO_SUPERSEDE', `No dosing decision was recorded on ${asOf} to supersede`);
      if (
        earlier &&
        !(
          SUPERSEDING_PROPOSALS.has(proposal.decision) &&
          !sameProposal(proposal, { decision: earlier.proposedDecision, nextIntervalWeeks: earlier.proposedIntervalWeeks })
        )
      )
        throw AppError.conflict(
          'SUPERSEDE_NOT_ALLOWED',
          `Today's decision can be superseded only when the proposal changed to ACTIVITY_REVIEW or SUSPEND after it (was ${earlier.proposedDecision}, now ${proposal.decision})`,
        );

      const shadow = this.proposals.shadowOf(computed); // issue 15: the model's recommendation beside the protocol's
      const id = randomUUID();
      const suspended = proposal.decision === 'SUSPEND';
      // A suspension keeps the interval in force; superseding today's decision undoes that decision's change, so
      // the interval kept is the one in force before it (an extension confirmed this morning does not survive).
      const recorded = suspended && earlier ? earlier.currentIntervalWeeks : chosen;
      if (earlier) {
        // Marked before the insert (deferred foreign key): the unique index allows one current decision per day.
        await repo.update({ id: earlier.id }, { supersededBy: id, supersededAt: new Date() });
        await this.audit.record(ctx, {
          action: 'decision-supersede',
          entityType: 'dosing_decision',
          entityId: earlier.id,
          studyId: participant.studyId,
          siteId: participant.siteId,
          participantId: participant.id,
          changes: { supersededBy: { old: null, new: id }, proposal: { old: earlier.proposedDecision, new: proposal.decision } },
          reason,
        });
      }
      const saved = await repo.save(
        repo.create({
          id,
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
          intervalWeeks: recorded,
          // A7: the next infusion is due one chosen interval after the last infusion; none while suspended.
          nextInfusionDue: suspended || !lastInfusion ? null : addDays(lastInfusion, chosen * 7),
          proposal,
          inputs: { history, basedOnProposal: { ...dto.basedOnProposal } },
          ...shadow,
          // A suspension answers no disease activity: the activity rule was never reached.
          seenActivityIds: suspended ? [] : seenActivityIdsOf(history, asOf),
          supersededBy: null,
          supersededAt: null,
          reason,
          decidedBy: actor.userId,
        }),
      );
      // A suspension replans nothing (the plan is on hold), unless it undoes this morning's change of interval.
      if (lastInfusion && (!suspended || earlier)) await this.schedule.applyInterval(ctx, participant.id, recorded, lastInfusion);
      // Last statement of the transaction (AuditService holds the study chain lock until COMMIT).
      await this.audit.record(ctx, {
        action: dto.action === 'override' ? 'decision-override' : 'decision-confirm',
        entityType: 'dosing_decision',
        entityId: saved.id,
        studyId: participant.studyId,
        siteId: participant.siteId,
        participantId: participant.id,
        changes: {
          intervalWeeks: { old: proposal.currentIntervalWeeks, new: recorded },
          proposal: { old: null, new: { decision: proposal.decision, nextIntervalWeeks: proposal.nextIntervalWeeks, rule: proposal.rule } },
          protocol: { old: null, new: `${protocol.id}@${protocol.version}` },
          nextInfusionDue: { old: proposal.nextInfusionDue, new: saved.nextInfusionDue },
          ...(earlier ? { supersedes: { old: null, new: earlier.id } } : {}),
          shadowMipd: { old: null, new: shadow },
        },
        reason,
      });
      // The decider is the actor: the answer names them as the decisions list does.
      return { ...toView(saved), decidedByName: actor.displayName };
    });
  }

  async list(ctx: RequestContext, participantId: string, query: CursorQueryDto): Promise<Page<DosingDecisionListItem>> {
    return this.tx.run(ctx, async (ctx) => {
      const participant = await this.access.loadVisible(ctx, participantId);
      assertCan(ctx, 'read', participant.studyId, participant.siteId);
      const qb = ctx.em
        .getRepository(DosingDecision)
        .createQueryBuilder('d')
        .select(['d.id', 'd.studyId', 'd.siteId', 'd.participantId', 'd.action', 'd.decidedOn', 'd.protocolId', 'd.protocolVersion'])
        .addSelect(['d.proposedDecision', 'd.proposedIntervalWeeks', 'd.currentIntervalWeeks', 'd.intervalWeeks', 'd.nextInfusionDue'])
        .addSelect(['d.proposal', 'd.reason', 'd.decidedBy', 'd.createdAt', 'd.seenActivityIds', 'd.supersededBy', 'd.supersededAt'])
        .addSelect([
          'd.shadowModelId',
          'd.shadowModelVersion',
          'd.shadowTargetUgPerMl',
          'd.shadowMinProbability',
          'd.shadowIntervalWeeks',
          'd.shadowProbability',
        ])
        .where('d.participantId = :pid', { pid: participant.id });
      // Readers whose dates are shifted (date-shift.ts) page with cursors in shifted time, moved back here.
      const shifter = await readerDateShifter(ctx, ctx.em, participant);
      const days = shifter ? shifter.days(participant.id) : 0;
      const cursor = query.cursor && days ? shiftCursor(query.cursor, -days) : query.cursor;
      // Newest first: the investigator looks for the latest decision. Superseded ones are listed too, marked.
      const page = await paginate(
        qb,
        { ...query, cursor },
        { column: 'd.createdAt', value: (r) => r.createdAt.toISOString(), direction: 'DESC' },
      );
      // Who decided, by name, or staff ids and free text withheld: the same rule as the timeline's decisions.
      const withheld = await decisionsForReader(ctx, participant, page.items.map(toView));
      if (!days) return { items: withheld, nextCursor: page.nextCursor };
      return { items: shiftDates(withheld, days), nextCursor: page.nextCursor && shiftCursor(page.nextCursor, days) };
    });
  }
}
