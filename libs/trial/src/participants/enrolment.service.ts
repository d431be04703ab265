import { Injectable } from '@nestjs/common';
import { AppError, FieldProblem, RequestContext, TransactionService } from '@eid/core';
import { AuditService } from '@eid/audit';
import { SiteCalendar } from '../common/site-calendar';
import { assertCanInStudy } from '../common/trial-access';
import { ScheduleService } from '../schedule/schedule.service';
import { EnrolmentDto } from './dto/enrolment.dto';
import { Participant } from './participant.entity';
import { ParticipantAccessService } from './participant-access.service';
import { Site } from '@eid/study';

/** Participant code: site code + zero-padded per-site number (pseudonymous, e.g. AMS-0007). */
export function participantCode(siteCode: string, n: number): string {
  return `${siteCode}-${String(n).padStart(4, '0')}`;
}

export function enrolmentDateProblems(dto: EnrolmentDto, screeningDate: string, today: string): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (dto.consentDate > today)
    out.push({ field: 'consentDate', code: 'DATE_IN_FUTURE', reason: `consent date ${dto.consentDate} is after today (${today})` });
  else if (dto.consentDate < screeningDate)
    out.push({
      field: 'consentDate',
      code: 'CONSENT_BEFORE_SCREENING',
      reason: `consent date ${dto.consentDate} is before the screening date ${screeningDate}`,
    });
  const enrol = dto.enrolmentDate ?? dto.consentDate;
  if (dto.enrolmentDate && enrol > today)
    out.push({ field: 'enrolmentDate', code: 'DATE_IN_FUTURE', reason: `enrolment date ${enrol} is after today (${today})` });
  else if (dto.enrolmentDate && enrol < dto.consentDate)
    out.push({
      field: 'enrolmentDate',
      code: 'DATE_BEFORE_CONSENT',
      reason: `enrolment date ${enrol} is before consent (${dto.consentDate})`,
    });
  return out;
}

@Injectable()
export class EnrolmentService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ParticipantAccessService,
    private readonly schedule: ScheduleService,
    private readonly audit: AuditService,
    private readonly calendar: SiteCalendar,
  ) {}

  /**
   * Enrol an eligible candidate: allocate the next code of the site, set consent and baseline dates, and
   * generate the visit and infusion plans — all in one transaction, so a failed enrolment leaves no gap.
   */
  async enrol(ctx: RequestContext, participantId: string, dto: EnrolmentDto): Promise<Participant> {
    return this.tx.run(ctx, async (ctx) => {
      const p = await this.access.loadVisible(ctx, participantId, 'update');
      assertCanInStudy(ctx, 'enter-data', p.studyId, p.siteId);
      await this.access.assertWritable(ctx, p);
      if (p.version !== dto.version) throw AppError.staleVersion(p);
      if (p.status !== 'screening')
        throw AppError.conflict('NOT_IN_SCREENING', `Participant is ${p.status}; only a candidate in screening can be enrolled`);
      const eligible = (p.eligibility as { eligible?: string }).eligible;
      if (eligible !== 'eligible')
        throw AppError.conflict('NOT_ELIGIBLE', `Eligibility is "${eligible}": every entry criterion must be met before enrolment`, {
          eligibility: p.eligibility,
        });
      const problems = enrolmentDateProblems(dto, p.screeningDate, await this.calendar.today(ctx.em, p.siteId));
      if (problems.length) throw AppError.fieldProblems(problems);

      const site = await ctx.em.getRepository(Site).findOneOrFail({ where: { id: p.siteId } });
      // Row-locking upsert: concurrent enrolments at one site queue here; rollback returns the number.
      const [{ last_number }] = (await ctx.em.query(
        `INSERT INTO participant_code_counter (study_id, site_id, last_number) VALUES ($1, $2, 1)
         ON CONFLICT (study_id, site_id) DO UPDATE SET last_number = participant_code_counter.last_number + 1
         RETURNING last_number`,
        [p.studyId, p.siteId],
      )) as Array<{ last_number: number }>;
      const before = { status: p.status, code: p.code, consentDate: p.consentDate, enrolmentDate: p.enrolmentDate };
      p.code = participantCode(site.code, last_number);
      p.status = 'enrolled';
      p.consentDate = dto.consentDate;
      p.enrolmentDate = dto.enrolmentDate ?? dto.consentDate;
      const saved = await ctx.em.getRepository(Participant).save(p);

      const protocol = await this.access.protocolOf(ctx, p.studyId);
      const evidence = (p.screeningEvidence as { infusions?: Array<{ date: string }> }).infusions ?? [];
      const lastInfusion =
        evidence
          .map((i) => i.date)
          .filter((d) => d <= saved.enrolmentDate!)
          .sort()
          .pop() ?? saved.enrolmentDate!;
      await this.schedule.generate(ctx, saved, protocol, saved.enrolmentDate!, lastInfusion);

      await this.audit.record(ctx, {
        action: 'status-change',
        entityType: 'participant',
        entityId: saved.id,
        studyId: saved.studyId,
        siteId: saved.siteId,
        participantId: saved.id,
        changes: {
          status: { old: before.status, new: saved.status },
          code: { old: before.code, new: saved.code },
          consentDate: { old: before.consentDate, new: saved.consentDate },
          enrolmentDate: { old: before.enrolmentDate, new: saved.enrolmentDate },
        },
      });
      return saved;
    });
  }
}
