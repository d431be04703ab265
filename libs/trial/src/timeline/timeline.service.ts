import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { RequestContext, TransactionService } from '@eid/core';
import { daysBetween } from '@eid/domain';
import { assertCanInStudy } from '../common/trial-access';
import { AdverseEvent } from '../forms/adverse-event/adverse-event.entity';
import { ClinicVisit } from '../forms/clinic-visit/clinic-visit.entity';
import { EdssAssessment } from '../forms/edss/edss-assessment.entity';
import { Infusion } from '../forms/infusion/infusion.entity';
import { JcvTest } from '../forms/jcv/jcv-test.entity';
import { MriScan } from '../forms/mri/mri-scan.entity';
import { Relapse } from '../forms/relapse/relapse.entity';
import { TroughSample } from '../forms/trough/trough-sample.entity';
import { ECRF_FORMS } from '../forms/ecrf-forms';
import { EcrfFormDefinition } from '../forms/ecrf-form.definition';
import { EcrfRecord } from '../forms/ecrf-record.base';
import { recordsWithheldForReader } from '../forms/record-reader-view';
import { readerDateShifter, shiftDates } from '../pseudonymisation/date-shift';
import { Participant } from '../participants/participant.entity';
import { ParticipantAccessService } from '../participants/participant-access.service';
import { ScheduleService, ScheduleView } from '../schedule/schedule.service';
import { decisionsForReader, dosingDecisionMetadata } from './decision-reader-view';
import { DosingDecisionSummaryDto } from './dosing-decision-summary.dto';

/** The stored columns the timeline lists of each decision (DosingDecisionSummaryDto without the derived name). */
const SUMMARY_FIELDS = [
  'id',
  'action',
  'decidedOn',
  'protocolId',
  'protocolVersion',
  'proposedDecision',
  'proposedIntervalWeeks',
  'currentIntervalWeeks',
  'intervalWeeks',
  'nextInfusionDue',
  'reason',
  'decidedBy',
  'supersededBy',
  'supersededAt',
  'createdAt',
] as const satisfies ReadonlyArray<keyof DosingDecisionSummaryDto>;

type StoredSummary = Omit<DosingDecisionSummaryDto, 'decidedByName' | 'supersededAt' | 'createdAt'> & {
  supersededAt: Date | null;
  createdAt: Date;
};

export type InfusionWithInterval = Infusion & { intervalDays: number | null; intervalWeeks: number | null };

export interface Timeline {
  participant: Pick<Participant, 'id' | 'code' | 'studyId' | 'siteId' | 'status' | 'enrolmentDate' | 'consentDate' | 'frozenAt'>;
  infusions: InfusionWithInterval[];
  troughs: TroughSample[];
  jcv: JcvTest[];
  relapses: Relapse[];
  mri: MriScan[];
  edss: EdssAssessment[];
  adverseEvents: AdverseEvent[];
  clinicVisits: ClinicVisit[];
  /** The dosing decisions recorded, superseded ones included and marked (supersededAt). */
  decisions: DosingDecisionSummaryDto[];
  /** The screening trough of the screening evidence (drawn on the course plot), null when none. */
  screeningTrough: { sampledOn: string; concentrationUgPerMl: number | null; belowLloq: boolean } | null;
  /** `asOf` is null for readers whose dates are shifted: the real today beside shifted dates gives the shift away. */
  schedule: Omit<ScheduleView, 'asOf'> & { asOf: string | null };
}

/**
 * Interval since the previous administered infusion, derived (issue #5: never typed). The first study
 * infusion counts from the last pre-study infusion of the screening evidence when there is one.
 */
export function withIntervals(infusions: Infusion[], priorDates: string[] = []): InfusionWithInterval[] {
  let previous: string | null =
    priorDates
      .filter((d) => !infusions.length || d < infusions[0].date)
      .sort()
      .pop() ?? null;
  return infusions.map((i) => {
    const intervalDays = i.administered && previous ? daysBetween(previous, i.date) : null;
    if (i.administered) previous = i.date;
    return Object.assign(i, { intervalDays, intervalWeeks: intervalDays === null ? null : Math.round((intervalDays / 7) * 10) / 10 });
  });
}

@Injectable()
export class TimelineService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ParticipantAccessService,
    private readonly schedule: ScheduleService,
  ) {}

  async get(ctx: RequestContext, participantId: string): Promise<Timeline> {
    return this.tx.run(ctx, async (ctx) => {
      const p = await this.access.loadVisible(ctx, participantId);
      assertCanInStudy(ctx, 'read', p.studyId, p.siteId);
      const where = { participantId: p.id, deletedAt: IsNull() };
      const em = ctx.em;
      const infusions = await em.getRepository(Infusion).find({ where, order: { date: 'ASC' } });
      const troughs = await em.getRepository(TroughSample).find({ where, order: { sampledOn: 'ASC' } });
      const jcv = await em.getRepository(JcvTest).find({ where, order: { date: 'ASC' } });
      const relapses = await em.getRepository(Relapse).find({ where, order: { onsetDate: 'ASC' } });
      const mri = await em.getRepository(MriScan).find({ where, order: { date: 'ASC' } });
      const edss = await em.getRepository(EdssAssessment).find({ where, order: { date: 'ASC' } });
      const adverseEvents = await em.getRepository(AdverseEvent).find({ where, order: { onsetDate: 'ASC' } });
      const clinicVisits = await em.getRepository(ClinicVisit).find({ where, order: { date: 'ASC' } });
      // Pseudonymised readers get no free text or staff ids (record-reader-view.ts, issue 16 item 2).
      const view = <T extends EcrfRecord>(rows: T[]): T[] => {
        const form = ECRF_FORMS.find((f) => rows[0] instanceof f.entity) as EcrfFormDefinition<T> | undefined;
        return form ? recordsWithheldForReader(ctx, em, form, p, rows) : rows;
      };
      const evidence = p.screeningEvidence as {
        infusions?: Array<{ date: string }>;
        screeningTrough?: { sampledOn: string; concentrationUgPerMl?: number; belowLloq?: boolean };
      };
      const prior = (evidence.infusions ?? []).map((i) => i.date);
      const st = evidence.screeningTrough;
      // Pseudonymised readers of a study that shifts dates get the whole timeline shifted by the participant's
      // offset (date-shift.ts); intervals are computed on real dates first and stay exact.
      const shifter = await readerDateShifter(ctx, em, p);
      const schedule = await this.schedule.viewOf(ctx, p);
      const timeline: Timeline = {
        participant: {
          id: p.id,
          code: p.code,
          studyId: p.studyId,
          siteId: p.siteId,
          status: p.status,
          enrolmentDate: p.enrolmentDate,
          consentDate: p.consentDate,
          frozenAt: p.frozenAt,
        },
        infusions: withIntervals(view(infusions), prior),
        troughs: view(troughs),
        jcv: view(jcv),
        relapses: view(relapses),
        mri: view(mri),
        edss: view(edss),
        adverseEvents: view(adverseEvents),
        clinicVisits: view(clinicVisits),
        decisions: await this.decisions(ctx, p),
        screeningTrough: st
          ? { sampledOn: st.sampledOn, concentrationUgPerMl: st.concentrationUgPerMl ?? null, belowLloq: st.belowLloq === true }
          : null,
        schedule: shifter ? { ...schedule, asOf: null } : schedule,
      };
      return shifter ? shiftDates(timeline, shifter.days(p.id)) : timeline;
    });
  }

  /** The participant's dosing decisions, oldest first, as this reader may see them (decision-reader-view.ts). */
  private async decisions(ctx: RequestContext, p: Participant): Promise<DosingDecisionSummaryDto[]> {
    const meta = dosingDecisionMetadata(ctx);
    if (!meta) return []; // an application without the dosing module maps no decisions: none to list
    const select = Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, true]));
    const rows = (await ctx.em
      .getRepository<Record<string, unknown>>(meta.target)
      .find({ select, where: { participantId: p.id }, order: { createdAt: 'ASC', id: 'ASC' } })) as StoredSummary[];
    // Copied field by field: an entity read with `select` still carries every class field, as undefined.
    const summaries = rows.map((r) => ({
      ...(Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, r[f]])) as StoredSummary),
      supersededAt: r.supersededAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    }));
    return decisionsForReader(ctx, p, summaries);
  }
}
