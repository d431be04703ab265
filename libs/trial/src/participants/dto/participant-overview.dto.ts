import { ApiProperty } from '@nestjs/swagger';
import { MS_TYPES, PARTICIPANT_STATUSES, PRIOR_IMMUNOSUPPRESSANT_ANSWERS, SCREEN_FAIL_CATEGORIES, SEXES } from '../participant.entity';
import { EligibilityResultDto } from './participant-responses.dto';
import { pageDtoOf } from '@eid/core';

export const INTERVAL_SOURCES = ['decision', 'protocol-start'] as const;
export type IntervalSource = (typeof INTERVAL_SOURCES)[number];

/** What the participants screen shows per row besides the participant record (issue #7), computed in SQL. */
export class ParticipantOverviewFields {
  @ApiProperty({ type: 'integer', nullable: true, description: 'Current dosing interval in weeks' })
  currentIntervalWeeks: number | null;

  @ApiProperty({
    enum: INTERVAL_SOURCES,
    nullable: true,
    description:
      'decision: the latest confirmed/overridden dosing decision; protocol-start: no decision yet, the protocol start interval the plan was generated with',
  })
  intervalSource: IntervalSource | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'Last administered infusion recorded in the eCRF' })
  lastInfusionDate: string | null;

  @ApiProperty({
    type: 'string',
    format: 'date',
    nullable: true,
    description: 'A7: last infusion + interval × 7 days (enrolled participants only)',
  })
  nextInfusionDue: string | null;

  @ApiProperty({ type: 'number', nullable: true, description: 'Latest result-bearing trough in µg/mL (null when below LLOQ or none)' })
  latestTroughUgPerMl: number | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  latestTroughDate: string | null;

  @ApiProperty({ description: 'The latest trough was below the assay LLOQ' })
  latestTroughBelowLloq: boolean;

  @ApiProperty({ type: 'integer' })
  openQueryCount: number;

  @ApiProperty({ type: 'integer' })
  seriousAdverseEventCount: number;

  @ApiProperty({ description: 'An adverse event with PML suspected is recorded (withhold natalizumab: label warning)' })
  pmlSuspected: boolean;

  @ApiProperty({
    description: 'Dosing is suspended today (rule P0): an adverse event with PML suspicion is open (onset on/before today, not resolved)',
  })
  dosingSuspended: boolean;

  @ApiProperty({ type: 'integer', description: 'Planned visits whose window closed without a clinic visit' })
  overdueVisitCount: number;

  @ApiProperty({ description: 'Today is past nextInfusionDue + the protocol A7 tolerance' })
  infusionOverdue: boolean;

  @ApiProperty({ description: 'infusionOverdue or overdueVisitCount > 0' })
  overdue: boolean;

  @ApiProperty({
    enum: ['confirmed', 'derived', 'unconfirmed'],
    nullable: true,
    description: 'Status of the protocol A7 tolerance clause used for infusionOverdue (a placeholder stays visible)',
  })
  infusionToleranceStatus: string | null;
}

/**
 * A participant as listed and read. Pseudonymised for statisticians (docs/security.md "Pseudonymisation"): birth
 * year, screening number, free text (diagnosticCriteria, screenFailReason, withdrawalReason, freezeReason) and staff
 * ids (frozenBy, createdBy) are null.
 */
export class ParticipantOverviewDto extends ParticipantOverviewFields {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) studyId: string;
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'AMS-0007' }) code: string | null;
  @ApiProperty({ type: 'string', nullable: true }) screeningNumber: string | null;
  @ApiProperty({ type: 'string', format: 'date' }) screeningDate: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Null when pseudonymised (statisticians): see ageBandAtScreening' })
  birthYear: number | null;
  @ApiProperty({
    type: 'string',
    nullable: true,
    example: '40-49',
    description: 'Screening year minus birth year in 10-year bands (derived; docs/security.md "Pseudonymisation")',
  })
  ageBandAtScreening: string | null;
  @ApiProperty({ enum: SEXES }) sex: string;
  @ApiProperty({ enum: MS_TYPES }) msType: string;
  @ApiProperty({ type: 'string', nullable: true }) diagnosticCriteria: string | null;
  @ApiProperty({ type: 'string', format: 'date' }) natalizumabStartDate: string;
  @ApiProperty({ enum: PRIOR_IMMUNOSUPPRESSANT_ANSWERS, nullable: true }) priorImmunosuppressant: string | null;
  @ApiProperty({ type: 'integer' }) infusionsBeforeScreening: number;
  @ApiProperty({ type: 'number', nullable: true }) weightKg: number | null;
  @ApiProperty({ enum: PARTICIPANT_STATUSES }) status: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) screeningEvidence: Record<string, unknown>;
  @ApiProperty({
    type: () => EligibilityResultDto,
    description: 'The eligibility evaluation stored at screening (or on completed evidence)',
  })
  eligibility: Record<string, unknown>; // the entity's jsonb snapshot, documented as what it holds
  @ApiProperty({ type: 'string', nullable: true }) screenFailReason: string | null;
  @ApiProperty({ enum: SCREEN_FAIL_CATEGORIES, nullable: true }) screenFailCategory: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) consentDate: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) enrolmentDate: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) completionDate: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) withdrawalDate: string | null;
  @ApiProperty({ type: 'string', nullable: true }) withdrawalReason: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) frozenAt: Date | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) frozenBy: string | null;
  @ApiProperty({ type: 'string', nullable: true }) freezeReason: string | null;
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'When an electronic signature was last applied to this participant; null = never signed',
  })
  lastSignedAt: Date | null;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) createdBy: string | null;
  @ApiProperty({ type: 'string', format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ type: 'integer' }) version: number;
}

export class ParticipantPageDto extends pageDtoOf(ParticipantOverviewDto) {}
