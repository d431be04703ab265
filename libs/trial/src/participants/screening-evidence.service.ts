import { Injectable } from '@nestjs/common';
import { AppError, RequestContext, TransactionService } from '@eid/core';
import { AuditService, requireReason } from '@eid/audit';
import { evaluateEligibility } from '@eid/domain';
import { SiteCalendar } from '../common/site-calendar';
import { assertCanInStudy } from '../common/trial-access';
import { ScreeningEvidenceChangeDto } from './dto/screening-evidence.dto';
import { CreateScreeningDto, ScreeningEvidenceDto } from './dto/screening.dto';
import { Participant } from './participant.entity';
import { ParticipantAccessService } from './participant-access.service';
import { eligibilityInputOf, ScreeningResult, screeningDateProblems, screeningOutcome, storedScreeningEvidence } from './screening.service';

type Change = { old: unknown; new: unknown };
const LISTS = ['relapses', 'mri', 'edss', 'infusions'] as const;
const ANSWERS = ['diagnosticCriteria', 'mriPossible', 'otherImmunomodulatoryMedication'] as const;

/** The screening form as recorded (the answers to E7/E8 are kept with the evidence, screening.service.ts). */
export function screeningFormOf(p: Participant): CreateScreeningDto {
  const { mriPossible, otherImmunomodulatoryMedication, ...evidence } = p.screeningEvidence as ScreeningEvidenceDto & {
    mriPossible?: boolean;
    otherImmunomodulatoryMedication?: boolean;
  };
  return {
    siteId: p.siteId,
    screeningNumber: p.screeningNumber,
    screeningDate: p.screeningDate,
    birthYear: p.birthYear,
    sex: p.sex,
    msType: p.msType,
    diagnosticCriteria: p.diagnosticCriteria ?? undefined,
    natalizumabStartDate: p.natalizumabStartDate,
    infusionsBeforeScreening: p.infusionsBeforeScreening,
    weightKg: p.weightKg ?? undefined,
    priorImmunosuppressant: p.priorImmunosuppressant ?? undefined,
    mriPossible,
    otherImmunomodulatoryMedication,
    evidence,
  };
}

/** Lists are added to (evidence already recorded is never dropped); the trough and the answers are replaced. */
function withChange(form: CreateScreeningDto, dto: ScreeningEvidenceChangeDto): CreateScreeningDto {
  const evidence: ScreeningEvidenceDto = { ...form.evidence };
  for (const k of LISTS) {
    const added = dto.evidence?.[k];
    if (added?.length) (evidence[k] as unknown[]) = [...(form.evidence[k] ?? []), ...added];
  }
  if (dto.evidence?.screeningTrough) evidence.screeningTrough = dto.evidence.screeningTrough;
  const next: CreateScreeningDto = { ...form, evidence };
  for (const k of ANSWERS) if (dto[k] !== undefined) (next[k] as unknown) = dto[k];
  return next;
}

function changesOf(before: CreateScreeningDto, after: CreateScreeningDto): Record<string, Change> {
  const out: Record<string, Change> = {};
  const put = (key: string, o: unknown, n: unknown) => {
    if (JSON.stringify(o ?? null) !== JSON.stringify(n ?? null)) out[key] = { old: o ?? null, new: n ?? null };
  };
  for (const k of ANSWERS) put(k, before[k], after[k]);
  for (const k of [...LISTS, 'screeningTrough'] as const) put(`evidence.${k}`, before.evidence[k], after.evidence[k]);
  return out;
}

@Injectable()
export class ScreeningEvidenceService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ParticipantAccessService,
    private readonly audit: AuditService,
    private readonly calendar: SiteCalendar,
  ) {}

  /**
   * Complete the evidence of a candidate still in screening and evaluate the entry criteria again with the one
   * domain function, at the screening date (the inclusion date the candidate was screened for). A failed
   * criterion makes the candidate a screen failure, exactly as at screening (screeningOutcome).
   */
  async complete(ctx: RequestContext, participantId: string, dto: ScreeningEvidenceChangeDto): Promise<ScreeningResult> {
    const reason = requireReason(dto.reason);
    return this.tx.run(ctx, async (ctx) => {
      const p = await this.access.loadVisible(ctx, participantId, 'update');
      assertCanInStudy(ctx, 'enter-data', p.studyId, p.siteId);
      await this.access.assertWritable(ctx, p);
      if (p.version !== dto.version) throw AppError.staleVersion(p);
      if (p.status !== 'screening')
        throw AppError.conflict('SCREENING_CLOSED', `The candidate is ${p.status}: screening evidence can no longer change`);
      const before = screeningFormOf(p);
      // Dates are checked on the request's own items, so a problem names the field as sent (evidence.mri.0.date).
      const problems = screeningDateProblems({ ...before, evidence: dto.evidence ?? {} }, await this.calendar.today(ctx.em, p.siteId));
      if (problems.length) throw AppError.fieldProblems(problems);
      const after = withChange(before, dto);
      const changes = changesOf(before, after);
      if (Object.keys(changes).length === 0)
        throw AppError.fieldProblems([{ field: 'evidence', code: 'NOTHING_TO_CHANGE', reason: 'no evidence or answer was given' }]);
      const protocol = await this.access.protocolOf(ctx, p.studyId);
      const eligibility = evaluateEligibility(protocol, eligibilityInputOf(after), p.screeningDate);
      const old = {
        eligible: (p.eligibility as { eligible?: string }).eligible ?? null,
        status: p.status,
        fail: p.screenFailReason,
        category: p.screenFailCategory,
      };
      const outcome = screeningOutcome(eligibility);
      Object.assign(p, outcome, {
        diagnosticCriteria: after.diagnosticCriteria ?? null,
        screeningEvidence: storedScreeningEvidence(after),
        eligibility: eligibility as unknown as Record<string, unknown>,
      });
      const saved = await ctx.em.getRepository(Participant).save(p);
      if (old.eligible !== eligibility.eligible) changes.eligible = { old: old.eligible, new: eligibility.eligible };
      if (old.status !== saved.status) changes.status = { old: old.status, new: saved.status };
      if (old.fail !== saved.screenFailReason) changes.screenFailReason = { old: old.fail, new: saved.screenFailReason };
      if (old.category !== saved.screenFailCategory) changes.screenFailCategory = { old: old.category, new: saved.screenFailCategory };
      await this.audit.record(ctx, {
        action: 'update',
        entityType: 'participant',
        entityId: saved.id,
        studyId: saved.studyId,
        siteId: saved.siteId,
        participantId: saved.id,
        changes,
        reason,
      });
      return { participant: saved, eligibility };
    });
  }
}
