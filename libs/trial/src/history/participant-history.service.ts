import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { RequestContext, TransactionService } from '@eid/core';
import { ParticipantHistory } from '@eid/domain';
import { AdverseEvent } from '../forms/adverse-event/adverse-event.entity';
import { EdssAssessment } from '../forms/edss/edss-assessment.entity';
import { Infusion } from '../forms/infusion/infusion.entity';
import { JcvTest } from '../forms/jcv/jcv-test.entity';
import { MriScan } from '../forms/mri/mri-scan.entity';
import { Relapse } from '../forms/relapse/relapse.entity';
import { TroughSample } from '../forms/trough/trough-sample.entity';
import { Participant } from '../participants/participant.entity';
import { infusionHistory } from './infusion-history';
import { ParticipantAccessService } from '../participants/participant-access.service';

interface ScreeningEvidence {
  infusions?: Array<{ date: string; doseMg?: number }>;
  screeningTrough?: { sampledOn: string; concentrationUgPerMl?: number; belowLloq?: boolean };
  mriPossible?: boolean;
  otherImmunomodulatoryMedication?: boolean;
  edss?: Array<{ date: string; score: number }>;
  relapses?: Array<{ onsetDate: string; confirmedByNeurologist?: boolean; durationHours?: number; feverOrInfection?: boolean }>;
}

/**
 * The eCRF as the domain's `ParticipantHistory` (libs/domain/src/history.ts) for the dosing engine and the
 * reports. Soft-deleted records are left out. The screening trough and the pre-study infusions come from the
 * screening evidence: A9 lets the screening trough count towards the first extension; so do the screening relapses.
 */
@Injectable()
export class ParticipantHistoryService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ParticipantAccessService,
  ) {}

  async toParticipantHistory(ctx: RequestContext, participantId: string): Promise<ParticipantHistory> {
    return this.tx.run(ctx, async (ctx) => this.historyOf(ctx, await this.access.loadVisible(ctx, participantId)));
  }

  /** For a participant already loaded (and scope-checked) in the caller's transaction. */
  async historyOf(ctx: RequestContext, p: Participant): Promise<ParticipantHistory> {
    const where = { participantId: p.id, deletedAt: IsNull() };
    // One after another: they share the transaction's single connection, which runs one query at a time anyway
    // (pg deprecates queueing concurrent queries on one client).
    const infusions = await ctx.em.getRepository(Infusion).find({ where, order: { date: 'ASC' } });
    const troughs = await ctx.em.getRepository(TroughSample).find({ where, order: { sampledOn: 'ASC' } });
    const jcv = await ctx.em.getRepository(JcvTest).find({ where, order: { date: 'ASC' } });
    const relapses = await ctx.em.getRepository(Relapse).find({ where, order: { onsetDate: 'ASC' } });
    const mri = await ctx.em.getRepository(MriScan).find({ where, order: { date: 'ASC' } });
    const edss = await ctx.em.getRepository(EdssAssessment).find({ where, order: { date: 'ASC' } });
    // Only what dosing reads (rule P0: an open PML suspicion suspends dosing).
    const aes = await ctx.em.getRepository(AdverseEvent).find({
      where,
      select: { id: true, onsetDate: true, resolutionDate: true, pmlSuspected: true, term: true },
      order: { onsetDate: 'ASC' },
    });
    const ev = (p.screeningEvidence ?? {}) as ScreeningEvidence;
    const screeningTrough = ev.screeningTrough
      ? [{ date: ev.screeningTrough.sampledOn, ugPerMl: ev.screeningTrough.concentrationUgPerMl, belowLloq: ev.screeningTrough.belowLloq }]
      : [];
    // Screening-form relapses join the classification (docs/science/outcomes.md §1: R4 compares with the previous counted
    // relapse, whenever recorded); outcomes count only onsets in the observation window. Same date as an eCRF relapse = that one.
    const studyRelapseDates = new Set(relapses.map((r) => r.onsetDate));
    const screeningRelapses = (ev.relapses ?? [])
      .filter((r) => !studyRelapseDates.has(r.onsetDate))
      .map((r) => ({
        onset: r.onsetDate,
        confirmedByNeurologist: r.confirmedByNeurologist ?? undefined,
        durationHours: r.durationHours ?? undefined,
        feverOrInfection: r.feverOrInfection ?? undefined,
      }));
    const studyEdssDates = new Set(edss.map((e) => e.date));
    const screeningEdss = (ev.edss ?? []).filter((e) => !studyEdssDates.has(e.date)).map((e) => ({ date: e.date, score: e.score }));
    return {
      participant: {
        weightKg: p.weightKg ?? undefined,
        birthYear: p.birthYear,
        diagnosis: p.msType,
        diagnosticCriteria: p.diagnosticCriteria ?? undefined,
        firstNatalizumabDate: p.natalizumabStartDate,
        mriPossible: ev.mriPossible,
        otherImmunomodulatoryMedication: ev.otherImmunomodulatoryMedication,
      },
      infusions: infusionHistory(ev.infusions, infusions),
      troughs: [
        ...screeningTrough,
        ...troughs.map((t) => ({ date: t.sampledOn, ugPerMl: t.concentrationUgPerMl ?? undefined, belowLloq: t.belowLloq })),
      ],
      jcv: jcv.map((j) => ({ date: j.date, status: j.status, index: j.index ?? undefined })),
      relapses: [
        ...screeningRelapses,
        ...relapses.map((r) => ({
          id: r.id,
          onset: r.onsetDate,
          confirmedByNeurologist: r.confirmedByNeurologist ?? undefined,
          durationHours: r.durationHours ?? undefined,
          feverOrInfection: r.feverOrInfection ?? undefined,
        })),
      ].sort((a, b) => (a.onset < b.onset ? -1 : a.onset > b.onset ? 1 : 0)),
      mri: mri.map((m) => ({
        id: m.id,
        date: m.date,
        newOrEnlargingT2: m.newOrEnlargingT2Count,
        gadoliniumEnhancing: m.gadoliniumEnhancingCount,
      })),
      // The screening EDSS is a baseline score (docs/science/outcomes.md §5; issue 14): kept unless the eCRF has a score that day.
      edss: [...screeningEdss, ...edss.map((e) => ({ date: e.date, score: e.score }))].sort((a, b) =>
        a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
      ),
      decisions: [],
      adverseEvents: aes.map((a) => ({
        id: a.id,
        onset: a.onsetDate,
        resolvedOn: a.resolutionDate,
        pmlSuspected: a.pmlSuspected,
        term: a.term,
      })),
    };
  }
}
