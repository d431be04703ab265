import { Type } from '@nestjs/common';
import { ELIGIBILITY_INPUT_NAMES, type EligibilityInputName } from '@eid/domain';
import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { ADVERSE_EVENT_FORM } from '../../forms/adverse-event/adverse-event.form';
import { CLINIC_VISIT_FORM } from '../../forms/clinic-visit/clinic-visit.form';
import { recordResponseDto } from '../../forms/ecrf-record.response';
import { EDSS_FORM } from '../../forms/edss/edss.form';
import { INFUSION_FORM } from '../../forms/infusion/infusion.form';
import { JCV_FORM } from '../../forms/jcv/jcv.form';
import { MRI_FORM } from '../../forms/mri/mri.form';
import { RELAPSE_FORM } from '../../forms/relapse/relapse.form';
import { TROUGH_FORM } from '../../forms/trough/trough.form';
import { PLANNED_INFUSION_STATUSES, PlannedInfusionStatus } from '../../schedule/planned-infusion.entity';
import { PLANNED_VISIT_STATUSES, PlannedVisitStatus } from '../../schedule/planned-visit.entity';
import { DosingDecisionSummaryDto } from '../../timeline/dosing-decision-summary.dto';
import {
  MS_TYPES,
  MsType,
  PARTICIPANT_STATUSES,
  ParticipantStatus,
  PRIOR_IMMUNOSUPPRESSANT_ANSWERS,
  PriorImmunosuppressant,
  SCREEN_FAIL_CATEGORIES,
  ScreenFailCategory,
  SEXES,
  Sex,
} from '../participant.entity';

/*
 * Response shapes of the participant routes (OpenAPI), mirroring the Participant and PlannedVisit entities,
 * ScreeningResult, ScheduleView and Timeline. Calendar dates are YYYY-MM-DD; instants are ISO 8601.
 */

const FREE = { type: 'object', additionalProperties: true } as const;
const DATE = { format: 'date', description: 'YYYY-MM-DD' } as const;

/** A screened candidate or trial participant (the Participant entity). */
export class ParticipantDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  studyId: string;

  @ApiProperty({ format: 'uuid' })
  siteId: string;

  @ApiProperty({ nullable: true, type: String, example: 'AMS-0007', description: 'Assigned at enrolment' })
  code: string | null;

  @ApiProperty()
  screeningNumber: string;

  @ApiProperty({ ...DATE })
  screeningDate: string;

  @ApiProperty({ example: 1984 })
  birthYear: number;

  @ApiProperty({ enum: SEXES })
  sex: Sex;

  @ApiProperty({ enum: MS_TYPES })
  msType: MsType;

  @ApiProperty({ nullable: true, type: String })
  diagnosticCriteria: string | null;

  @ApiProperty({ ...DATE })
  natalizumabStartDate: string;

  @ApiProperty({ enum: PRIOR_IMMUNOSUPPRESSANT_ANSWERS, nullable: true, type: String })
  priorImmunosuppressant: PriorImmunosuppressant | null;

  @ApiProperty()
  infusionsBeforeScreening: number;

  @ApiProperty({ nullable: true, type: Number })
  weightKg: number | null;

  @ApiProperty({ enum: PARTICIPANT_STATUSES })
  status: ParticipantStatus;

  @ApiProperty({ ...FREE, description: 'The screening form evidence as entered' })
  screeningEvidence: Record<string, unknown>;

  @ApiProperty({ type: () => EligibilityResultDto, description: 'The eligibility result stored at screening (or on completed evidence)' })
  eligibility: Record<string, unknown>; // the entity's jsonb snapshot (declared below: no design-type reference to it here)

  @ApiProperty({ nullable: true, type: String })
  screenFailReason: string | null;

  @ApiProperty({ nullable: true, enum: SCREEN_FAIL_CATEGORIES, description: 'Class of the screen failure (screening log)' })
  screenFailCategory: ScreenFailCategory | null;

  @ApiProperty({ ...DATE, nullable: true, type: String })
  consentDate: string | null;

  @ApiProperty({ ...DATE, nullable: true, type: String })
  enrolmentDate: string | null;

  @ApiProperty({ ...DATE, nullable: true, type: String })
  completionDate: string | null;

  @ApiProperty({ ...DATE, nullable: true, type: String })
  withdrawalDate: string | null;

  @ApiProperty({ nullable: true, type: String })
  withdrawalReason: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  frozenAt: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  frozenBy: string | null;

  @ApiProperty({ nullable: true, type: String })
  freezeReason: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastSignedAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  createdBy: string | null;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty()
  version: number;
}

class EligibilityProtocolRefDto {
  @ApiProperty({ example: 'pdnms' })
  id: string;

  @ApiProperty({ example: '1' })
  version: string;
}

class EligibilityDateWindowDto {
  @ApiProperty({ ...DATE })
  from: string;

  @ApiProperty({ ...DATE })
  to: string;
}

/** One entry criterion evaluated (domain CriterionResult). */
export class EligibilityCriterionDto {
  @ApiProperty({ example: 'I1' })
  id: string;

  @ApiProperty()
  label: string;

  @ApiProperty({ enum: ['met', 'not_met', 'unknown'] })
  status: 'met' | 'not_met' | 'unknown';

  @ApiProperty({ description: 'Readable sentence with the data used' })
  evidence: string;

  @ApiPropertyOptional({ type: EligibilityDateWindowDto })
  window?: EligibilityDateWindowDto;

  @ApiProperty()
  source: string;

  @ApiProperty({ enum: ['confirmed', 'memory', 'derived', 'unconfirmed'] })
  clauseStatus: 'confirmed' | 'memory' | 'derived' | 'unconfirmed';

  @ApiPropertyOptional({
    enum: ELIGIBILITY_INPUT_NAMES,
    isArray: true,
    description: 'The evidence the criterion reads (what to complete when it is unknown); absent on evaluations stored before it existed',
  })
  inputs?: EligibilityInputName[];
}

/** The protocol's entry criteria applied to the screening data (domain EligibilityResult). */
export class EligibilityResultDto {
  @ApiProperty({ enum: ['eligible', 'not_eligible', 'unknown'] })
  eligible: 'eligible' | 'not_eligible' | 'unknown';

  @ApiProperty({ type: EligibilityProtocolRefDto })
  protocol: EligibilityProtocolRefDto;

  @ApiProperty({ ...DATE })
  inclusionDate: string;

  @ApiProperty({ type: [EligibilityCriterionDto] })
  criteria: EligibilityCriterionDto[];
}

/** POST /studies/{studyId}/screenings (ScreeningResult). */
export class ScreeningResultDto {
  @ApiProperty({ type: ParticipantDto })
  participant: ParticipantDto;

  @ApiProperty({ type: EligibilityResultDto })
  eligibility: EligibilityResultDto;
}

/** A planned visit (the PlannedVisit entity). */
export class PlannedVisitDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  studyId: string;

  @ApiProperty({ format: 'uuid' })
  siteId: string;

  @ApiProperty({ format: 'uuid' })
  participantId: string;

  @ApiProperty({ example: 'baseline' })
  kind: string;

  @ApiProperty()
  number: number;

  @ApiProperty({ ...DATE })
  targetDate: string;

  @ApiProperty({ ...DATE })
  windowFrom: string;

  @ApiProperty({ ...DATE })
  windowTo: string;

  @ApiProperty({ enum: PLANNED_VISIT_STATUSES })
  status: PlannedVisitStatus;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  frozenAt: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  frozenBy: string | null;

  @ApiProperty({ nullable: true, type: String })
  freezeReason: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty()
  version: number;
}

/** One visit of the schedule (ScheduleVisitView). */
export class ScheduleVisitDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  number: number;

  @ApiProperty({ example: 'baseline' })
  kind: string;

  @ApiProperty({ ...DATE })
  targetDate: string;

  @ApiProperty({ ...DATE })
  windowFrom: string;

  @ApiProperty({ ...DATE })
  windowTo: string;

  @ApiProperty({ enum: PLANNED_VISIT_STATUSES })
  plannedStatus: PlannedVisitStatus;

  @ApiProperty({
    enum: ['done', 'out-of-window', 'due', 'overdue', 'upcoming', 'cancelled'],
    description: 'As of today, from the recorded clinic visits',
  })
  status: 'done' | 'out-of-window' | 'due' | 'overdue' | 'upcoming' | 'cancelled';

  @ApiProperty({ ...DATE, nullable: true, type: String })
  recordedDate: string | null;

  @ApiProperty()
  frozen: boolean;

  @ApiProperty()
  version: number;
}

/** One planned infusion of the schedule. */
export class ScheduleInfusionDto {
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The stored enrolment-plan row of this date, if any: the list is derived from the next infusion due (issue 14 item 7).',
  })
  id: string | null;

  @ApiProperty({ ...DATE })
  dueDate: string;

  @ApiProperty({ ...DATE })
  windowFrom: string;

  @ApiProperty({ ...DATE })
  windowTo: string;

  @ApiProperty({ example: 6 })
  intervalWeeks: number;

  @ApiProperty({ enum: PLANNED_INFUSION_STATUSES })
  status: PlannedInfusionStatus;
}

/** GET /participants/{participantId}/schedule (ScheduleView). */
export class ScheduleViewDto {
  @ApiProperty({ format: 'uuid' })
  participantId: string;

  @ApiProperty({
    ...DATE,
    type: String,
    nullable: true,
    description:
      "Today at the participant's site (YYYY-MM-DD); null in the timeline of a reader whose dates are shifted (docs/security.md)",
  })
  asOf: string | null;

  @ApiProperty({ type: [ScheduleVisitDto] })
  visits: ScheduleVisitDto[];

  @ApiProperty({ type: [ScheduleInfusionDto] })
  infusions: ScheduleInfusionDto[];

  @ApiProperty({ ...DATE, nullable: true, type: String })
  nextVisitDue: string | null;

  @ApiProperty({ ...DATE, nullable: true, type: String })
  nextInfusionDue: string | null;

  @ApiProperty({ description: 'Rule P0: an open PML suspicion suspends dosing' })
  dosingSuspended: boolean;
}

class TimelineParticipantDto extends PickType(ParticipantDto, [
  'id',
  'code',
  'studyId',
  'siteId',
  'status',
  'enrolmentDate',
  'consentDate',
  'frozenAt',
] as const) {}

const InfusionRecord = recordResponseDto(INFUSION_FORM) as Type<object>;

/** An infusion record with the interval since the previous infusion. */
export class TimelineInfusionDto extends InfusionRecord {
  @ApiProperty({ nullable: true, type: Number, description: 'Days since the previous infusion' })
  intervalDays: number | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Weeks since the previous infusion' })
  intervalWeeks: number | null;
}

const AdverseEventRecord = recordResponseDto(ADVERSE_EVENT_FORM) as Type<object>;

/** An adverse event with the seriousness the form derives from the ICH E2A criteria (docs/science/outcomes.md §7). */
export class TimelineAdverseEventDto extends AdverseEventRecord {
  @ApiProperty({ description: 'Derived: at least one ICH E2A seriousness criterion (SAE)' })
  serious: boolean;
}

/** The trough sampled at screening (screening evidence): A9 lets it count towards the first extension. */
export class TimelineScreeningTroughDto {
  @ApiProperty({ example: '2026-01-12' })
  sampledOn: string;

  @ApiProperty({ type: Number, nullable: true, example: 21.4, description: 'µg/mL; null when below LLOQ' })
  concentrationUgPerMl: number | null;

  @ApiProperty()
  belowLloq: boolean;
}

/** GET /participants/{participantId}/timeline (Timeline). */
export class TimelineDto {
  @ApiProperty({ type: TimelineParticipantDto })
  participant: TimelineParticipantDto;

  @ApiProperty({ type: [TimelineInfusionDto] })
  infusions: TimelineInfusionDto[];

  @ApiProperty({ type: [recordResponseDto(TROUGH_FORM)] })
  troughs: unknown[];

  @ApiProperty({ type: [recordResponseDto(JCV_FORM)] })
  jcv: unknown[];

  @ApiProperty({ type: [recordResponseDto(RELAPSE_FORM)] })
  relapses: unknown[];

  @ApiProperty({ type: [recordResponseDto(MRI_FORM)] })
  mri: unknown[];

  @ApiProperty({ type: [recordResponseDto(EDSS_FORM)] })
  edss: unknown[];

  @ApiProperty({ type: [TimelineAdverseEventDto] })
  adverseEvents: TimelineAdverseEventDto[];

  @ApiProperty({ type: [recordResponseDto(CLINIC_VISIT_FORM)] })
  clinicVisits: unknown[];

  @ApiProperty({ type: [DosingDecisionSummaryDto], description: 'The dosing decisions recorded, oldest first; superseded ones marked' })
  decisions: DosingDecisionSummaryDto[];

  @ApiProperty({ type: TimelineScreeningTroughDto, nullable: true, description: 'From the screening evidence; null when none' })
  screeningTrough: TimelineScreeningTroughDto | null;

  @ApiProperty({ type: ScheduleViewDto })
  schedule: ScheduleViewDto;
}
