import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI response types of the reports (the interfaces in *.report.ts are the source; these describe them). */

export class ReportFreshnessDto {
  @ApiProperty({ example: '2026-06-15T10:04:11.123Z', description: "Instant of the report's snapshot (UTC)" })
  asOf: string;

  @ApiProperty({
    type: 'integer',
    description: 'Participants in scope with committed changes not yet in the report facts (the worker catches up every second)',
  })
  pendingParticipants: number;
}

class ReportPeriodDto {
  @ApiProperty({ example: '2026-01-12' }) from: string;
  @ApiProperty({ example: '2026-06-15' }) to: string;
}

class ReportEnvelopeDto {
  @ApiProperty({ format: 'uuid' }) studyId: string;
  @ApiProperty({ type: [String], nullable: true, description: 'Sites in scope; null = every site of the study' }) siteIds: string[] | null;
  @ApiProperty() protocolVersion: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Every rule as implemented, with its source and status',
  })
  definitions: Record<string, string>;
  @ApiProperty({ type: ReportFreshnessDto }) freshness: ReportFreshnessDto;
}

class DiseaseActivityGroupDto {
  @ApiProperty({ enum: ['overall', 'site', 'interval-band'] }) group: string;
  @ApiProperty() key: string;
  @ApiProperty({ type: 'integer' }) participants: number;
  @ApiProperty() patientYears: number;
  @ApiProperty({ type: 'integer' }) relapses: number;
  @ApiProperty({ nullable: true, type: Number }) arrPooled: number | null;
  @ApiProperty({ nullable: true, type: Number }) arrMeanPerParticipant: number | null;
  @ApiProperty({ type: 'integer' }) participantsWithMri: number;
  @ApiProperty({ type: 'integer' }) participantsWithMriActivity: number;
  @ApiProperty({ nullable: true, type: Number }) mriActivityProportion: number | null;
  @ApiProperty({ type: 'integer' }) confirmedProgression: number;
  @ApiProperty({ type: 'integer' }) neda3: number;
  @ApiProperty({ type: 'integer' }) evidenceOfActivity: number;
  @ApiProperty({ type: 'integer' }) insufficientData: number;
  @ApiProperty({ nullable: true, type: Number }) neda3Proportion: number | null;
}

class DiseaseActivityParametersDto {
  @ApiProperty({ description: "The protocol's EV-R3: relapses not confirmed by a neurologist are counted" })
  countUnconfirmedRelapses: boolean;
  @ApiProperty({ enum: [12, 24] }) confirmationWeeks: number;
}

export class DiseaseActivityReportDto extends ReportEnvelopeDto {
  @ApiProperty({ enum: ['disease-activity'] }) report: string;
  @ApiProperty({ type: ReportPeriodDto }) period: ReportPeriodDto;
  @ApiProperty({ type: DiseaseActivityParametersDto }) parameters: DiseaseActivityParametersDto;
  @ApiProperty({ type: [DiseaseActivityGroupDto] }) groups: DiseaseActivityGroupDto[];
}

class PmlRiskFigureDto {
  @ApiProperty({ enum: ['ESTIMATE', 'OUTSIDE_TABLE'] }) kind: string;
  @ApiProperty({ example: 'SMPC_HO_2017' }) table: string;
  @ApiProperty() source: string;
  @ApiProperty({ nullable: true, type: Number, example: 0.07 }) per1000: number | null;
  @ApiProperty({ nullable: true, enum: ['<', '≤', '≈', '='], description: 'A bound stays a bound' }) qualifier: string | null;
  @ApiProperty({ nullable: true, type: String, example: '< 0.07' }) display: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'confirmed' }) status: string | null;
  @ApiProperty({ type: [String] }) flags: string[];
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
}

class PmlRiskRowDto {
  @ApiProperty() participantCode: string;
  @ApiProperty() siteCode: string;
  @ApiProperty({ nullable: true, enum: ['positive', 'negative', 'indeterminate'] }) jcvStatus: string | null;
  @ApiProperty({ nullable: true, type: Number }) jcvIndex: number | null;
  @ApiProperty({ nullable: true, type: String }) jcvIndexBand: string | null;
  @ApiProperty({ nullable: true, type: String }) jcvTestDate: string | null;
  @ApiProperty() jcvStale: boolean;
  @ApiProperty({ enum: ['yes', 'no', 'unknown'] }) priorImmunosuppressant: string;
  @ApiProperty({ type: 'integer' }) infusionsTotal: number;
  @ApiProperty({ type: 'integer' }) monthsOnNatalizumab: number;
  @ApiProperty({ enum: ['SUFFICIENT', 'INSUFFICIENT_HISTORY'] }) eidHistory: string;
  @ApiProperty() historyShorterThanWindow: boolean;
  @ApiProperty({ nullable: true, type: 'integer' }) infusionsLast18Months: number | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Platform definition, status unconfirmed' }) eidByCount: boolean | null;
  @ApiProperty({ nullable: true, type: Number }) averageIntervalDays: number | null;
  @ApiProperty({ enum: ['SID', 'EID', 'UNCLASSIFIED', 'NOT_COMPUTABLE', 'EXCLUDED_TOUCH_RULE', 'INSUFFICIENT_HISTORY'] })
  averageIntervalClass: string;
  @ApiProperty({ nullable: true, type: Boolean }) excludedByTouchRule: boolean | null;
  @ApiProperty({ type: PmlRiskFigureDto }) risk: PmlRiskFigureDto;
}

class MetricLabelDto {
  @ApiProperty() label: string;
  @ApiProperty({ enum: ['confirmed', 'memory', 'derived', 'unconfirmed'] }) status: string;
  @ApiProperty() source: string;
}

class PmlRiskJcvGroupDto {
  @ApiProperty({ example: 'positive' }) status: string;
  @ApiProperty({ example: '> 1.5' }) indexBand: string;
  @ApiProperty({ type: 'integer' }) participants: number;
}

class PmlRiskGroupDto {
  @ApiProperty({ enum: ['ESTIMATE', 'OUTSIDE_TABLE'] }) kind: string;
  @ApiProperty({ example: 'SMPC_HO_2017' }) table: string;
  @ApiProperty({ nullable: true, type: Number, example: 0.07 }) per1000: number | null;
  @ApiProperty({ nullable: true, enum: ['<', '≤', '≈', '='], description: 'A bound stays a bound' }) qualifier: string | null;
  @ApiProperty({ nullable: true, type: String, example: '< 0.07' }) display: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'confirmed' }) status: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ type: 'integer' }) participants: number;
}

class PmlRiskAggregateDto {
  @ApiProperty({ type: 'integer' }) participants: number;
  @ApiProperty({ type: [PmlRiskJcvGroupDto] }) byJcv: PmlRiskJcvGroupDto[];
  @ApiProperty({ type: 'integer', description: 'Platform definition, status unconfirmed' }) eidByCount: number;
  @ApiProperty({ type: 'integer' }) insufficientHistory: number;
  @ApiProperty({ type: 'integer' }) excludedByTouchRule: number;
  @ApiProperty({ type: 'integer' }) jcvStale: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) byAverageIntervalClass: Record<string, number>;
  @ApiProperty({ type: [PmlRiskGroupDto], description: 'Each risk with its table, qualifier, display and status' })
  byRisk: PmlRiskGroupDto[];
}

export class PmlRiskReportDto extends ReportEnvelopeDto {
  @ApiProperty({ enum: ['pml-risk'] }) report: string;
  @ApiProperty({ example: '2026-06-15' }) asOf: string;
  @ApiProperty({ type: PmlRiskAggregateDto }) aggregate: PmlRiskAggregateDto;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/MetricLabelDto' } }) metrics: Record<
    string,
    MetricLabelDto
  >;
  @ApiProperty({ type: [PmlRiskRowDto] }) participants: PmlRiskRowDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor: string | null;
}

class DosingMonthDto {
  @ApiProperty({ example: '2026-03' }) month: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Participants by interval band (4, 5, 6, 7, >=8)',
  })
  bands: Record<string, number>;
}

class DosingTimeOnIntervalDto {
  @ApiProperty({ example: '6' }) band: string;
  @ApiProperty({ type: 'integer' }) participantDays: number;
  @ApiProperty({ nullable: true, type: Number }) share: number | null;
}

class DosingReachedDto {
  @ApiProperty({ type: 'integer' }) participants: number;
  @ApiProperty({ nullable: true, type: Number }) proportion: number | null;
}

class DosingTroughBandDto {
  @ApiProperty({ example: '6' }) band: string;
  @ApiProperty({ type: 'integer' }) n: number;
  @ApiProperty({ nullable: true, type: Number }) median: number | null;
  @ApiProperty({ nullable: true, type: Number }) q1: number | null;
  @ApiProperty({ nullable: true, type: Number }) q3: number | null;
}

class DosingDecisionCountsDto {
  @ApiProperty({ type: 'integer' }) confirmed: number;
  @ApiProperty({ type: 'integer' }) overridden: number;
}

class DosingInfusionCountsDto {
  @ApiProperty({ type: 'integer' }) given: number;
  @ApiProperty({ type: 'integer' }) standardQ4w: number;
  @ApiProperty({ type: 'integer' }) saved: number;
  @ApiProperty() doseMg: number;
  @ApiProperty() drugSavedMg: number;
}

export class DosingReportDto extends ReportEnvelopeDto {
  @ApiProperty({ enum: ['dosing'] }) report: string;
  @ApiProperty({ type: ReportPeriodDto }) period: ReportPeriodDto;
  @ApiProperty({ type: 'integer' }) participants: number;
  @ApiProperty({ type: [DosingMonthDto] }) intervalsByMonth: DosingMonthDto[];
  @ApiProperty({ type: [DosingTimeOnIntervalDto] }) timeOnInterval: DosingTimeOnIntervalDto[];
  @ApiProperty({ type: DosingReachedDto }) reachedSixWeeks: DosingReachedDto;
  @ApiProperty({ type: [DosingTroughBandDto] }) troughsByInterval: DosingTroughBandDto[];
  @ApiProperty({ type: DosingDecisionCountsDto }) decisions: DosingDecisionCountsDto;
  @ApiProperty({ type: DosingInfusionCountsDto }) infusions: DosingInfusionCountsDto;
}

class DataQualityQueriesDto {
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: "Open queries by age band ('0-7d', '8-30d', '31-90d', '>90d')",
  })
  byAge: Record<string, number>;
}

class DataQualitySdvDto {
  @ApiProperty({ type: 'integer' }) records: number;
  @ApiProperty({ type: 'integer' }) verified: number;
  @ApiProperty({ nullable: true, type: Number }) proportion: number | null;
}

class DataQualityFiguresDto {
  @ApiProperty({ type: DataQualityQueriesDto }) openQueries: DataQualityQueriesDto;
  @ApiProperty({ type: 'integer' }) answeredQueries: number;
  @ApiProperty({ type: DataQualitySdvDto }) sdv: DataQualitySdvDto;
  @ApiProperty({ type: 'integer' }) overdueVisits: number;
  @ApiProperty({ type: 'integer', description: 'Times an infusion was overdue by the participant list rule (definitions.missedInfusions)' })
  missedInfusions: number;
}

class DataQualitySiteDto extends DataQualityFiguresDto {
  @ApiProperty() siteCode: string;
}

export class DataQualityReportDto extends ReportEnvelopeDto {
  @ApiProperty({ enum: ['data-quality'] }) report: string;
  @ApiProperty({ example: '2026-06-15' }) asOf: string;
  @ApiProperty({ type: [DataQualitySiteDto] }) sites: DataQualitySiteDto[];
  @ApiProperty({ type: DataQualityFiguresDto }) overall: DataQualityFiguresDto;
}

export { MetricLabelDto };
