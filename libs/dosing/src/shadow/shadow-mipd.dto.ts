import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class ShadowMipdQueryDto {
  @ApiPropertyOptional({ description: 'Only this participant (their site must be visible to the caller: else 404)' })
  @IsOptional()
  @IsUUID()
  participantId?: string;
}

export class ShadowSummaryDto {
  @ApiProperty({ description: 'Decisions with a stored model recommendation and at least one trough at the new interval' })
  evaluable: number;
  @ApiProperty({ nullable: true, type: Number, description: "Mean signed prediction error of the protocol's proposed interval, %" })
  protocolMeanErrorPct: number | null;
  @ApiProperty({ nullable: true, type: Number }) protocolMeanAbsErrorPct: number | null;
  @ApiProperty({ nullable: true, type: Number, description: "Mean signed prediction error of the model's recommended interval, %" })
  modelMeanErrorPct: number | null;
  @ApiProperty({ nullable: true, type: Number }) modelMeanAbsErrorPct: number | null;
}

export class ShadowEvaluationDto {
  @ApiProperty() decisionId: string;
  @ApiProperty({ example: '2026-03-02' }) decidedOn: string;
  @ApiProperty() evaluable: boolean;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: Number }) referenceIntervalWeeks: number | null;
  @ApiProperty() protocolIntervalWeeks: number;
  @ApiProperty({ nullable: true, type: Number }) modelIntervalWeeks: number | null;
  @ApiProperty({ nullable: true, type: Number }) protocolErrorPct: number | null;
  @ApiProperty({ nullable: true, type: Number }) modelErrorPct: number | null;
}

export class ShadowParticipantDto {
  @ApiProperty() participantId: string;
  @ApiProperty({ nullable: true, type: String, description: 'Participant code (never the screening number)' }) code: string | null;
  @ApiProperty({ example: '2026-12-07', description: "Reference computed as of this day (the participant's site-local date)" })
  asOf: string;
  @ApiProperty({ type: [ShadowEvaluationDto] }) decisions: ShadowEvaluationDto[];
  @ApiProperty({ type: ShadowSummaryDto }) summary: ShadowSummaryDto;
}

export class ShadowMipdReportDto {
  @ApiProperty() studyId: string;
  @ApiProperty({ description: 'How the reference interval and the prediction error are defined, and their status' }) definition: string;
  @ApiProperty({ type: ShadowSummaryDto, description: 'All evaluable decisions in scope, pooled' }) pooled: ShadowSummaryDto;
  @ApiProperty({ type: [ShadowParticipantDto] }) participants: ShadowParticipantDto[];
}
