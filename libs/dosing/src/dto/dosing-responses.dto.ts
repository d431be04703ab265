import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DECISION_CODES, DecisionCode } from '@eid/domain';
import { pageDtoOf } from '@eid/core';
import { DosingDecisionSummaryDto } from '@eid/trial';
import { PkModelSummaryDto, PkPredictionDto } from './pk-responses.dto';

/*
 * Response shapes of the dosing routes (OpenAPI). They mirror the domain's IntervalDecision
 * (libs/domain/src/dosing/interval-decision.types.ts); dates are calendar dates YYYY-MM-DD.
 */

const FREE = { type: 'object', additionalProperties: true } as const;

export class DecisionReasonDto {
  @ApiProperty({ example: 'P4', description: 'Protocol clause id (rule, parameter, evidence clause) or engine:*' })
  clause: string;

  @ApiProperty()
  text: string;

  @ApiProperty({ ...FREE, description: 'The data points the reason used (dates, values)' })
  data: Record<string, unknown>;

  @ApiPropertyOptional({ example: 15 })
  threshold?: number;

  @ApiPropertyOptional({ enum: ['>', '>=', '<', '<='] })
  comparison?: string;
}

export class DateWindowDto {
  @ApiProperty({ example: '2026-06-26' })
  from: string;

  @ApiProperty({ example: '2026-07-02' })
  to: string;
}

export class ProtocolRefDto {
  @ApiProperty({ example: 'pdnms' })
  id: string;

  @ApiProperty({ example: '1' })
  version: string;
}

export class ScheduleDeviationDto {
  @ApiProperty({ example: '2026-03-30', description: 'Infusion opening the gap' })
  from: string;

  @ApiProperty({ example: '2026-05-04', description: 'Infusion closing the gap' })
  to: string;

  @ApiProperty({ example: 4, description: 'Interval in force for the gap' })
  intervalWeeks: number;

  @ApiProperty({ example: '2026-04-27', description: 'from + intervalWeeks × 7 days (A7)' })
  due: string;

  @ApiProperty({ example: 35 })
  gapDays: number;

  @ApiProperty({ example: 7, description: 'to − due in days (negative = early)' })
  offsetDays: number;

  @ApiProperty({ example: false })
  onSchedule: boolean;

  @ApiProperty({ enum: ['early', 'late'] })
  kind: 'early' | 'late';
}

export class TroughSummaryDto {
  @ApiProperty({ example: '2026-05-25' })
  date: string;

  @ApiProperty({ type: Number, nullable: true, example: 16.2, description: 'null = below LLOQ' })
  ugPerMl: number | null;

  @ApiProperty({ example: 4, description: 'Interval in force for the gap the trough closes' })
  intervalWeeks: number;

  @ApiProperty({ example: 1, description: 'Results recorded that day (> 1 = same-day duplicate; the lowest is used)' })
  results: number;
}

export class NotCountingTroughDto extends TroughSummaryDto {
  @ApiProperty({ enum: ['off-schedule', 'before-change', 'other-interval'] })
  why: string;
}

export class ActivityEventDto {
  @ApiProperty({ enum: ['relapse', 'gadolinium', 't2'] })
  kind: string;

  @ApiProperty({ example: '2026-05-20' })
  date: string;

  @ApiProperty({ example: 'relapse with onset 2026-05-20' })
  detail: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The relapse or MRI record' })
  recordId?: string;
}

export class PmlSuspicionRefDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The adverse event' })
  id?: string;

  @ApiProperty({ example: '2026-06-10' })
  onset: string;

  @ApiPropertyOptional({ example: 'New cognitive symptoms — PML to be excluded' })
  term?: string;
}

export class ProposalDto {
  @ApiProperty({ example: '2', description: 'Version of the rules of evidence the proposal was computed under' })
  rulesVersion: string;

  @ApiProperty({ enum: DECISION_CODES })
  decision: DecisionCode;

  @ApiProperty({ example: 4, description: 'Interval in force' })
  currentIntervalWeeks: number;

  @ApiProperty({ example: 5 })
  nextIntervalWeeks: number;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-06-29',
    description: 'null when no infusion was given yet or dosing is suspended',
  })
  nextInfusionDue: string | null;

  @ApiProperty({ type: DateWindowDto, nullable: true })
  nextInfusionWindow: DateWindowDto | null;

  @ApiProperty({ type: ProtocolRefDto })
  protocol: ProtocolRefDto;

  @ApiProperty({ example: 'P4' })
  rule: string;

  @ApiProperty()
  investigatorReview: boolean;

  @ApiProperty({ example: '2026-06-15' })
  asOf: string;

  @ApiProperty({ enum: ['decisions', 'protocol-start', 'no-infusions'] })
  intervalSource: string;

  @ApiProperty({ type: [DecisionReasonDto] })
  reasons: DecisionReasonDto[];

  @ApiProperty({ type: [ScheduleDeviationDto] })
  scheduleDeviations: ScheduleDeviationDto[];

  @ApiProperty({ type: [TroughSummaryDto] })
  countingTroughs: TroughSummaryDto[];

  @ApiProperty({ type: [NotCountingTroughDto] })
  notCountingTroughs: NotCountingTroughDto[];

  @ApiProperty({ type: [String], example: [] })
  duplicateTroughDates: string[];

  @ApiProperty({ type: [ActivityEventDto] })
  unansweredActivity: ActivityEventDto[];

  @ApiProperty({ type: [PmlSuspicionRefDto], description: 'Non-empty exactly when the decision is SUSPEND (rule P0)' })
  pmlSuspicions: PmlSuspicionRefDto[];
}

export class DosingProtocolDto extends ProtocolRefDto {
  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  caveat: string | null;
}

export class PkClauseRefDto {
  @ApiProperty({ example: 'PK-TARGET' })
  id: string;

  @ApiProperty({ example: 'confirmed' })
  status: string;
}

export class PkTargetsDto {
  @ApiProperty({ example: 0.9, description: 'P(steady-state trough ≥ target) the recommendation must reach' })
  minProbability: number;

  @ApiProperty({
    type: [Number],
    example: [10, 5],
    description: 'Targets (µg/mL) the investigator may choose; empty = the protocol defines none',
  })
  allowedTargets: number[];

  @ApiProperty({ type: Number, nullable: true, example: 10 })
  defaultTarget: number | null;

  @ApiProperty({ type: PkClauseRefDto, nullable: true })
  clause: PkClauseRefDto | null;

  @ApiProperty({ type: PkClauseRefDto, nullable: true })
  minProbabilityClause: PkClauseRefDto | null;
}

export class DosingViewDto {
  @ApiProperty({ format: 'uuid' })
  participantId: string;

  @ApiProperty({ example: '2026-06-15' })
  asOf: string;

  @ApiProperty({ type: DosingProtocolDto })
  protocol: DosingProtocolDto;

  @ApiProperty({ type: ProposalDto })
  proposal: ProposalDto;

  @ApiProperty({ type: PkPredictionDto, description: 'Advisory PK prediction table (libs/domain/src/pk)' })
  pk: PkPredictionDto;

  @ApiProperty({ type: [PkModelSummaryDto], description: 'The PK models the investigator may choose' })
  pkModels: PkModelSummaryDto[];

  @ApiProperty({
    type: PkTargetsDto,
    description: "The protocol's PK targets the investigator may choose (none for PDNMS) and the probability rule",
  })
  pkTargets: PkTargetsDto;

  @ApiProperty({ ...FREE, description: 'Counts and key dates of the data the proposal used' })
  inputs: Record<string, unknown>;
}

/** A stored decision as the decisions list and POST …/dosing/decisions answer it: the timeline's summary and more. */
export class DosingDecisionDto extends DosingDecisionSummaryDto {
  @ApiProperty({ format: 'uuid' })
  studyId: string;

  @ApiProperty({ format: 'uuid' })
  siteId: string;

  @ApiProperty({ format: 'uuid' })
  participantId: string;

  @ApiProperty({ type: ProposalDto, nullable: true, description: 'The full proposal as shown; null for pseudonymised readers' })
  proposal: ProposalDto | null;

  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'Ids of the relapse and MRI records the proposal saw; null before issue 13 and for pseudonymised readers',
  })
  seenActivityIds: string[] | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Shadow MIPD (issue 15): the PK model that gave the stored recommendation; null for pseudonymised readers',
  })
  shadowModelId: string | null;

  @ApiProperty({ type: String, nullable: true })
  shadowModelVersion: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Target (µg/mL); null when the protocol defines none' })
  shadowTargetUgPerMl: number | null;

  @ApiProperty({ type: Number, nullable: true })
  shadowMinProbability: number | null;

  @ApiProperty({ type: Number, nullable: true, description: "The model's recommended interval (weeks)" })
  shadowIntervalWeeks: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'P(steady-state trough ≥ target) at that interval' })
  shadowProbability: number | null;
}

export class DosingDecisionPageDto extends pageDtoOf(DosingDecisionDto) {}
