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
  predictTroughs,
  Protocol,
  TroughPrediction,
} from '@eid/domain';
import { Participant, ParticipantAccessService, SiteCalendar } from '@eid/trial';
import { assertCan } from '@eid/identity';
import { DosingHistoryService } from './dosing-history.service';
import { InputsSummary, summariseInputs } from './inputs-summary';

export interface PkOptions {
  model?: string;
  target?: number;
}

/** GET /participants/:id/dosing: the proposal, the advisory PK table and the data both used. */
export interface DosingView {
  participantId: string;
  asOf: IsoDate;
  protocol: { id: string; version: string; title: string; caveat: string | null };
  proposal: IntervalDecision;
  pk: TroughPrediction;
  pkModels: PkModelSummary[];
  inputs: InputsSummary;
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
        { field: 'model', code: 'UNKNOWN_PK_MODEL', reason: `unknown PK model ${modelId}; known: ${listPkModels().map((m) => m.id).join(', ')}` },
      ]);
    return this.tx.run(ctx, async (ctx) => {
      const participant = await this.access.loadVisible(ctx, participantId);
      assertCan(ctx, 'read', participant.studyId);
      const c = await this.compute(ctx, participant);
      const d = c.protocol.dosing;
      // A target-trough protocol carries its target as a parameter; the trough-table protocols have none, so
      // the PK table recommends nothing unless the caller asks for a target (pk-model.md §3d).
      const target = pk.target ?? d.parameters.target?.value;
      const prediction = predictTroughs(c.history, {
        modelId,
        minIntervalWeeks: d.minIntervalWeeks.value,
        maxIntervalWeeks: d.maxIntervalWeeks.value,
        targetUgPerMl: target,
        asOf: c.asOf,
      });
      return {
        participantId: participant.id,
        asOf: c.asOf,
        protocol: { id: c.protocol.id, version: c.protocol.version, title: c.protocol.title, caveat: c.protocol.caveat ?? null },
        proposal: c.proposal,
        pk: prediction,
        pkModels: listPkModels(),
        inputs: summariseInputs(c.history, c.asOf, participant.enrolmentDate ?? null),
      };
    });
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
