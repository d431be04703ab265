import { Injectable } from '@nestjs/common';
import { AppError, FieldProblem, RequestContext, TransactionService } from '@eid/core';
import { AuditService } from '@eid/audit';
import { EligibilityInput, EligibilityResult, evaluateEligibility } from '@eid/domain';
import { actorCan } from '@eid/identity';
import { assertCanInStudy } from '../common/trial-access';
import { SiteCalendar } from '../common/site-calendar';
import { CreateScreeningDto } from './dto/screening.dto';
import { Participant } from './participant.entity';
import { ParticipantAccessService } from './participant-access.service';
import { StudySite } from '@eid/study';

export interface ScreeningResult {
  participant: Participant;
  eligibility: EligibilityResult;
}

/** The protocol's entry criteria are evaluated by `@eid/domain`; this only maps the screening form to its input. */
export function eligibilityInputOf(dto: CreateScreeningDto): EligibilityInput {
  const e = dto.evidence ?? {};
  return {
    participant: {
      birthYear: dto.birthYear,
      diagnosis: dto.msType,
      diagnosticCriteria: dto.diagnosticCriteria,
      firstNatalizumabDate: dto.natalizumabStartDate,
      weightKg: dto.weightKg,
      mriPossible: dto.mriPossible,
      otherImmunomodulatoryMedication: dto.otherImmunomodulatoryMedication,
    },
    infusions: e.infusions?.map((i) => ({ date: i.date, doseMg: i.doseMg })),
    relapses: e.relapses?.map((r) => ({
      onset: r.onsetDate,
      confirmedByNeurologist: r.confirmedByNeurologist,
      durationHours: r.durationHours,
      feverOrInfection: r.feverOrInfection,
    })),
    mri: e.mri?.map((m) => ({ date: m.date, newOrEnlargingT2: m.newOrEnlargingT2Count, gadoliniumEnhancing: m.gadoliniumEnhancingCount })),
    edss: e.edss?.map((x) => ({ date: x.date, score: x.score })),
    screeningTrough: e.screeningTrough
      ? { date: e.screeningTrough.sampledOn, ugPerMl: e.screeningTrough.concentrationUgPerMl, belowLloq: e.screeningTrough.belowLloq }
      : undefined,
  };
}

/**
 * The screening evidence as stored on the participant: the evidence lists with the answers to E7/E8 kept beside
 * them (screeningFormOf in screening-evidence.service.ts reads them back).
 */
export function storedScreeningEvidence(
  form: Pick<CreateScreeningDto, 'evidence' | 'mriPossible' | 'otherImmunomodulatoryMedication'>,
): Record<string, unknown> {
  return { ...form.evidence, mriPossible: form.mriPossible, otherImmunomodulatoryMedication: form.otherImmunomodulatoryMedication };
}

/**
 * What an evaluation means for a candidate still in screening (ICH E6(R3): screening log): a failed criterion is
 * a screen failure with the failed criteria as its reason; otherwise the candidate stays in screening.
 */
export function screeningOutcome(eligibility: EligibilityResult): Pick<Participant, 'status' | 'screenFailReason' | 'screenFailCategory'> {
  const failed = eligibility.criteria.filter((c) => c.status === 'not_met');
  return failed.length
    ? {
        status: 'screen-failed',
        screenFailReason: failed.map((c) => `${c.id} ${c.label}: ${c.evidence}`).join('; '),
        screenFailCategory: 'criterion-not-met',
      }
    : { status: 'screening', screenFailReason: null, screenFailCategory: null };
}

/** Dates of the screening form: nothing in the future, no evidence dated after the screening itself. */
export function screeningDateProblems(dto: CreateScreeningDto, today: string): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (dto.screeningDate > today)
    out.push({ field: 'screeningDate', code: 'DATE_IN_FUTURE', reason: `screening date ${dto.screeningDate} is after today (${today})` });
  const after = (field: string, d: string | undefined) => {
    if (d && d > dto.screeningDate)
      out.push({ field, code: 'DATE_AFTER_SCREENING', reason: `${field} ${d} is after the screening date ${dto.screeningDate}` });
  };
  after('natalizumabStartDate', dto.natalizumabStartDate);
  const e = dto.evidence ?? {};
  e.relapses?.forEach((r, i) => after(`evidence.relapses.${i}.onsetDate`, r.onsetDate));
  e.mri?.forEach((m, i) => after(`evidence.mri.${i}.date`, m.date));
  e.edss?.forEach((x, i) => after(`evidence.edss.${i}.date`, x.date));
  e.infusions?.forEach((x, i) => after(`evidence.infusions.${i}.date`, x.date));
  after('evidence.screeningTrough.sampledOn', e.screeningTrough?.sampledOn);
  if (e.screeningTrough?.belowLloq && e.screeningTrough.concentrationUgPerMl !== undefined)
    out.push({
      field: 'evidence.screeningTrough.concentrationUgPerMl',
      code: 'LLOQ_WITH_VALUE',
      reason: 'a sample below the LLOQ has no concentration',
    });
  return out;
}

@Injectable()
export class ScreeningService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ParticipantAccessService,
    private readonly audit: AuditService,
    private readonly calendar: SiteCalendar,
  ) {}

  /**
   * Register a candidate at a site the caller works at and evaluate the protocol's eligibility criterion by
   * criterion. A candidate failing a criterion is recorded as a screen failure with the failed criteria as
   * its reason (ICH E6(R3): screening log); an incomplete evaluation stays in screening.
   */
  async screen(ctx: RequestContext, studyId: string, dto: CreateScreeningDto): Promise<ScreeningResult> {
    const actor = ctx.requireActor();
    if (ctx.rolesIn(studyId).length === 0) throw AppError.notFound('Study', studyId);
    // Per membership (issue 16 item 1): a site the caller cannot see is absent (404); a visible site where no
    // membership grants data entry (investigator at A + study-wide monitor, screening at B) is refused (403).
    if (!actorCan(actor, 'read', studyId, dto.siteId)) throw AppError.notFound('Site', dto.siteId);
    assertCanInStudy(ctx, 'enter-data', studyId, dto.siteId);
    return this.tx.run(ctx, async (ctx) => {
      const studySite = await ctx.em.getRepository(StudySite).findOne({ where: { studyId, siteId: dto.siteId } });
      if (!studySite) throw AppError.notFound('Site', dto.siteId);
      const problems = screeningDateProblems(dto, await this.calendar.today(ctx.em, dto.siteId));
      if (problems.length) throw AppError.fieldProblems(problems);
      await this.access.assertStudyWritable(ctx, studyId);
      const protocol = await this.access.protocolOf(ctx, studyId);
      const repo = ctx.em.getRepository(Participant);
      if (await repo.exist({ where: { studyId, siteId: dto.siteId, screeningNumber: dto.screeningNumber } }))
        throw AppError.conflict('DUPLICATE_SCREENING_NUMBER', `Screening number ${dto.screeningNumber} is already used at this site`);
      const eligibility = evaluateEligibility(protocol, eligibilityInputOf(dto), dto.screeningDate);
      const participant = await repo.save(
        repo.create({
          studyId,
          siteId: dto.siteId,
          code: null,
          screeningNumber: dto.screeningNumber,
          screeningDate: dto.screeningDate,
          birthYear: dto.birthYear,
          sex: dto.sex,
          msType: dto.msType,
          diagnosticCriteria: dto.diagnosticCriteria ?? null,
          natalizumabStartDate: dto.natalizumabStartDate,
          priorImmunosuppressant: dto.priorImmunosuppressant ?? null,
          infusionsBeforeScreening: dto.infusionsBeforeScreening,
          weightKg: dto.weightKg ?? null,
          screeningEvidence: storedScreeningEvidence(dto),
          eligibility: eligibility as unknown as Record<string, unknown>,
          ...screeningOutcome(eligibility),
          createdBy: actor.userId,
        }),
      );
      await this.audit.record(ctx, {
        action: 'create',
        entityType: 'participant',
        entityId: participant.id,
        studyId,
        siteId: participant.siteId,
        participantId: participant.id,
        changes: {
          screeningNumber: { old: null, new: participant.screeningNumber },
          status: { old: null, new: participant.status },
          eligible: { old: null, new: eligibility.eligible },
          screenFailReason: { old: null, new: participant.screenFailReason },
          screenFailCategory: { old: null, new: participant.screenFailCategory },
        },
      });
      return { participant, eligibility };
    });
  }
}
