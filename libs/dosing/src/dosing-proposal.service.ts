import { Injectable } from '@nestjs/common';
import { AppError, RequestContext, TransactionService } from '@eid/core';
import {
  decideInterval,
  DEFAULT_PK_MODEL_ID,
  getPkModel,
  IntervalDecision,
  IsoDate,
  listPkModels,
  ParticipantHistory,
  PkModelSummary,
  PkTargetSettings,
  predictTroughs,
  resolvePkTarget,
  Protocol,
  TroughPrediction,
} from '@eid/domain';
import { assertRealTimeViewAllowed, Participant, ParticipantAccessService, SiteCalendar } from '@eid/trial';
import { assertCan } from '@eid/identity';
import { DosingHistoryService } from './dosing-history.service';
import { InputsSummary, summariseInputs } from './inputs-summary';

export interface PkOptions {
  model?: string;
  target?: number;
  /** Candidate interval whose projected course to return (pk.course). */
  course?: number;
}

/** GET /participants/:id/dosing: the proposal, the advisory PK table and the data both used. */
export interface DosingView {
  participantId: string;
  asOf: IsoDate;
  protocol: { id: string; version: string; title: string; caveat: string | null };
  proposal: IntervalDecision;
  pk: TroughPrediction;
  pkModels: PkModelSummary[];
  /** The protocol's PK targets the investigator may choose from (none for PDNMS) and the probability rule. */
  pkTargets: Omit<PkTargetSettings, 'targetUgPerMl'>;
  inputs: InputsSummary;
}

/** The shadow-MIPD columns of a decision (dosing_decision.shadow_*). */
export interface ShadowColumns {
  shadowModelId: string;
  shadowModelVersion: string;
  shadowTargetUgPerMl: number | null;
  shadowMinProbability: number;
  shadowIntervalWeeks: number | null;
  shadowProbability: number | null;
}

/** A proposal with what it was computed from (the decision service stores both). */
export interface ComputedProposal {
  protocol: Protocol;
  history: ParticipantHistory;
  asOf: IsoDate;
  proposal: IntervalDecision;
}

/**
 * The proposal is computed on read, never stored: a trough, infusion or outcome entered a minute ago is already
 * in it, so no cache can go stale (issue #4; the cost per participant is measured by `npm run bench -- dosing`).
 * "Today" is the participant's site-local date (trial SiteCalendar, issue 13 item 9): the domain library reads no clock.
 */
@Injectable()
export class DosingProposalService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ParticipantAccessService,
    private readonly history: DosingHistoryService,
    private readonly calendar: SiteCalendar,
  ) {}

  async view(ctx: RequestContext, participantId: string, pk: PkOptions = {}): Promise<DosingView> {
    const modelId = pk.model ?? DEFAULT_PK_MODEL_ID;
    if (!getPkModel(modelId))
      throw AppError.fieldProblems([
        {
          field: 'model',
          code: 'UNKNOWN_PK_MODEL',
          reason: `unknown PK model ${modelId}; known: ${listPkModels()
            .map((m) => m.id)
            .join(', ')}`,
        },
      ]);
    return this.tx.run(ctx, async (ctx) => {
      const participant = await this.access.loadVisible(ctx, participantId);
      assertCan(ctx, 'read', participant.studyId, participant.siteId);
      // Computed as of the real today: refused to readers whose dates are shifted (date-shift.ts).
      await assertRealTimeViewAllowed(ctx, ctx.em, participant);
      const c = await this.compute(ctx, participant);
      const { min, max } = { min: c.protocol.dosing.minIntervalWeeks.value, max: c.protocol.dosing.maxIntervalWeeks.value };
      if (pk.course !== undefined && (pk.course < min || pk.course > max))
        throw AppError.fieldProblems([
          {
            field: 'course',
            code: 'VALUE_OUT_OF_RANGE',
            reason: `course interval must be ${min}–${max} weeks (the protocol's candidates)`,
          },
        ]);
      const { prediction, settings } = this.predict(c, modelId, pk.target, pk.course);
      return {
        participantId: participant.id,
        asOf: c.asOf,
        protocol: { id: c.protocol.id, version: c.protocol.version, title: c.protocol.title, caveat: c.protocol.caveat ?? null },
        proposal: c.proposal,
        pk: prediction,
        pkModels: listPkModels(),
        pkTargets: {
          minProbability: settings.minProbability,
          allowedTargets: settings.allowedTargets,
          defaultTarget: settings.defaultTarget,
          clause: settings.clause,
          minProbabilityClause: settings.minProbabilityClause,
        },
        inputs: summariseInputs(c.history, c.asOf, participant.enrolmentDate ?? null),
      };
    });
  }

  /**
   * The PK table under the protocol's target rule (issue 15 item 6): the protocol's default target, or one of its
   * allowed targets the investigator chose — any other value is 400 naming `target`. PDNMS defines none.
   */
  predict(
    c: ComputedProposal,
    modelId: string,
    requestedTarget?: number,
    courseIntervalWeeks?: number,
  ): { prediction: TroughPrediction; settings: PkTargetSettings } {
    const resolved = resolvePkTarget(c.protocol, requestedTarget);
    if (!resolved.ok) throw AppError.fieldProblems([{ field: 'target', code: 'TARGET_NOT_IN_PROTOCOL', reason: resolved.reason }]);
    const d = c.protocol.dosing;
    const prediction = predictTroughs(c.history, {
      modelId,
      minIntervalWeeks: d.minIntervalWeeks.value,
      maxIntervalWeeks: d.maxIntervalWeeks.value,
      targetUgPerMl: resolved.settings.targetUgPerMl,
      minProbability: resolved.settings.minProbability,
      asOf: c.asOf,
      courseIntervalWeeks,
    });
    return { prediction, settings: resolved.settings };
  }

  /**
   * Shadow MIPD (issue 15 item 8): the default model's recommendation at the protocol's default target, stored with
   * every decision. PDNMS defines no target: model id and version only.
   */
  shadowOf(c: ComputedProposal): ShadowColumns {
    const { prediction, settings } = this.predict(c, DEFAULT_PK_MODEL_ID);
    const weeks = prediction.recommendedIntervalWeeks;
    return {
      shadowModelId: prediction.model.id,
      shadowModelVersion: prediction.model.version,
      shadowTargetUgPerMl: settings.targetUgPerMl ?? null,
      shadowMinProbability: settings.minProbability,
      shadowIntervalWeeks: weeks,
      shadowProbability: weeks === null ? null : prediction.candidates.find((x) => x.intervalWeeks === weeks)!.probabilityAtOrAboveTarget,
    };
  }

  /** The current proposal for a participant loaded in the caller's transaction, under the study's protocol version. */
  async compute(ctx: RequestContext, participant: Participant): Promise<ComputedProposal> {
    const protocol = await this.access.protocolOf(ctx, participant.studyId);
    const history = await this.history.historyOf(ctx, participant);
    const asOf = await this.calendar.today(ctx.em, participant.siteId);
    // A9(b) needs the inclusion date to recognise the screening trough; enrolment is inclusion here.
    const proposal = decideInterval(protocol, history, asOf, participant.enrolmentDate ? { inclusionDate: participant.enrolmentDate } : {});
    return { protocol, history, asOf, proposal };
  }
}
