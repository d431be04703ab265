import { ModuleRef } from '@nestjs/core';
import { RequestContext } from '@eid/core';
import type { IsoDate } from '@eid/domain';
// Screening and enrolment are internal to the trial module (not in its public index); the demo still goes
// through them rather than writing rows, so it gets the same eligibility evaluation, codes and schedules.
import { EnrolmentService } from '@eid/trial/participants/enrolment.service';
import { ScreeningService } from '@eid/trial/participants/screening.service';

/** The lifecycle steps of the demo (screen → enrol), each one service call of the API. */
export class DemoWorkflows {
  constructor(private readonly moduleRef: ModuleRef) {}

  private get<T>(type: new (...args: never[]) => T): T {
    return this.moduleRef.get(type, { strict: false });
  }

  async screen(ctx: RequestContext, studyId: string, siteId: string, form: Record<string, unknown>): Promise<{ id: string; version: number; status: string }> {
    const { participant } = await this.get(ScreeningService).screen(ctx, studyId, { ...form, siteId } as never);
    return { id: participant.id, version: participant.version, status: participant.status };
  }

  async enrol(ctx: RequestContext, participantId: string, version: number, consentDate: IsoDate): Promise<void> {
    await this.get(EnrolmentService).enrol(ctx, participantId, { consentDate, enrolmentDate: consentDate, version });
  }
}
