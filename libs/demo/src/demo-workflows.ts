import { ModuleRef } from '@nestjs/core';
import { RequestContext, TransactionService } from '@eid/core';
import type { IsoDate } from '@eid/domain';
import { DosingDecisionService, DosingProposalService } from '@eid/dosing';
import { QueryService } from '@eid/quality';
import { Clock, ParticipantAccessService } from '@eid/trial';
// Screening and enrolment are internal to the trial module (not in its public index); the demo still goes
// through them rather than writing rows, so it gets the same eligibility evaluation, codes and schedules.
import { EnrolmentService } from '@eid/trial/participants/enrolment.service';
import { ScreeningService } from '@eid/trial/participants/screening.service';

/** The lifecycle steps of the demo (screen → enrol → dosing decisions), each one service call of the API. */
export class DemoWorkflows {
  constructor(private readonly moduleRef: ModuleRef) {}

  private get<T>(type: new (...args: never[]) => T): T {
    return this.moduleRef.get(type, { strict: false });
  }

  async screen(
    ctx: RequestContext,
    studyId: string,
    siteId: string,
    form: Record<string, unknown>,
  ): Promise<{ id: string; version: number; status: string }> {
    const { participant } = await this.get(ScreeningService).screen(ctx, studyId, { ...form, siteId } as never);
    return { id: participant.id, version: participant.version, status: participant.status };
  }

  async enrol(ctx: RequestContext, participantId: string, version: number, consentDate: IsoDate): Promise<void> {
    await this.get(EnrolmentService).enrol(ctx, participantId, { consentDate, enrolmentDate: consentDate, version });
  }

  /**
   * Confirms the protocol's proposal as the investigator did on `date`. The trial clock is pinned to that day
   * so the proposal is computed as of then — seeding runs before the API listens (after-start) or in the CLI,
   * so no request can observe the pinned clock.
   */
  async confirmDecision(ctx: RequestContext, participantId: string, date: IsoDate): Promise<{ decision: string; intervalWeeks: number }> {
    const clock = this.get(Clock);
    clock.pin(date);
    try {
      // The proposal alone (no PK prediction table): what the confirmation is checked against.
      const { proposal } = await this.get(TransactionService).run(ctx, async (ctx) =>
        this.get(DosingProposalService).compute(ctx, await this.get(ParticipantAccessService).loadVisible(ctx, participantId)),
      );
      const basedOnProposal = { decision: proposal.decision, nextIntervalWeeks: proposal.nextIntervalWeeks, asOf: proposal.asOf };
      const saved = await this.get(DosingDecisionService).record(ctx, participantId, { action: 'confirm', basedOnProposal } as never);
      return { decision: proposal.decision, intervalWeeks: saved.intervalWeeks };
    } finally {
      clock.pin(undefined);
    }
  }

  /** A monitor's query on one field of one record; `answer` is the site's reply, when it has replied. */
  async query(
    monitor: RequestContext,
    site: RequestContext,
    participantId: string,
    target: { entityType: string; recordId: string; field: string; text: string },
    answer?: string,
  ): Promise<void> {
    const raised = await this.get(QueryService).raise(monitor, participantId, target as never);
    if (answer) await this.get(QueryService).answer(site, raised.id, { version: raised.version, text: answer });
  }
}
