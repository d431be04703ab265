import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/*
 * The advisory PK part of the dosing view (OpenAPI): it mirrors the domain's TroughPrediction
 * (libs/domain/src/pk/predict-troughs.ts, candidate-table.ts, pk-registry.ts). Concentrations in µg/mL,
 * intervals in weeks, dates YYYY-MM-DD.
 */

export class PkCovariateNotAppliedDto {
  @ApiProperty({ example: 'weight' })
  name: string;

  @ApiProperty({ example: 'unconfirmed' })
  status: string;
}

export class PkModelRefDto {
  @ApiProperty({ example: 'natalizumab-2cmt-mm-vandenberg2025' })
  id: string;

  @ApiProperty({ example: '1.0.0' })
  version: string;

  @ApiProperty()
  label: string;

  @ApiProperty({ example: 'published, externally unvalidated' })
  validationStatus: string;

  @ApiProperty({ type: [PkCovariateNotAppliedDto], description: 'Covariates the source reports but the platform does not apply' })
  covariatesNotApplied: PkCovariateNotAppliedDto[];
}

export class PkModelSummaryDto extends PkModelRefDto {
  @ApiProperty({ enum: ['one-compartment-linear-iv', 'two-compartment-linear-mm-iv'] })
  structure: string;

  @ApiProperty()
  isDefault: boolean;
}

export class PkTargetUsedDto {
  @ApiProperty({ example: 10, description: 'µg/mL' })
  ugPerMl: number;

  @ApiProperty({ example: 0.9, description: 'P(steady-state trough ≥ target) the recommendation must reach' })
  minProbability: number;
}

export class PkPosteriorDto {
  @ApiProperty({ enum: ['importance-resampling-of-laplace-draws'] })
  method: string;

  @ApiProperty({ example: 400 })
  samples: number;

  @ApiProperty({ example: 2000 })
  proposals: number;

  @ApiProperty({ description: 'Kish effective sample size of the importance weights' })
  effectiveSampleSize: number;

  @ApiProperty()
  seed: number;
}

export class PkValidityDto {
  @ApiProperty({ type: Number, nullable: true, description: "The model's limit on candidate intervals (weeks)" })
  maxIntervalWeeks: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Whole weeks from the last administered infusion to the as-of day' })
  weeksSinceLastInfusion: number | null;

  @ApiProperty({ description: "The as-of day is beyond the model's validity after the last infusion (wash-out)" })
  washout: boolean;

  @ApiProperty({ type: [String] })
  messages: string[];
}

export class PkFitPointDto {
  @ApiProperty({ example: '2026-05-25' })
  date: string;

  @ApiProperty({ description: 'µg/mL; for a below-LLOQ trough, the LLOQ used as the censoring limit' })
  observedUgPerMl: number;

  @ApiProperty({ description: 'µg/mL at the MAP parameters' })
  predictedUgPerMl: number;

  @ApiPropertyOptional({ enum: [true] })
  belowLloq?: true;
}

export class PkRandomEffectDto {
  @ApiProperty({ example: 'CL' })
  parameter: string;

  @ApiProperty()
  eta: number;

  @ApiProperty()
  standardError: number;
}

export class PkFitQualityDto {
  @ApiProperty({ description: 'Troughs used in the fit (quantified + below LLOQ)' })
  n: number;

  @ApiProperty()
  nBelowLloq: number;

  @ApiProperty({ description: 'Samples not usable as troughs (no preceding infusion)' })
  nExcluded: number;

  @ApiProperty({ description: "Troughs drawn beyond the model's validity after their infusion" })
  nOutsideValidity: number;

  @ApiProperty({ type: Number, nullable: true, description: 'µg/mL over quantified troughs' })
  rmseUgPerMl: number | null;

  @ApiProperty({ description: 'MAP objective (−2 log posterior up to a constant)' })
  ofv: number;

  @ApiProperty()
  converged: boolean;

  @ApiProperty()
  iterations: number;

  @ApiProperty({ description: "No troughs: the prediction is the model's typical value" })
  typicalValuesOnly: boolean;

  @ApiProperty({ type: Number, nullable: true })
  weightKg: number | null;

  @ApiProperty({ type: [PkRandomEffectDto] })
  randomEffects: PkRandomEffectDto[];

  @ApiProperty({
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: { value: { type: 'number' }, unit: { type: 'string' } },
      required: ['value', 'unit'],
    },
    description: 'Individual parameters in the units of the model file',
  })
  individualParameters: Record<string, { value: number; unit: string }>;
}

export class PkCandidateDto {
  @ApiProperty({ example: 6 })
  intervalWeeks: number;

  @ApiProperty({ description: 'µg/mL at the MAP parameters' })
  steadyStateTroughUgPerMl: number;

  @ApiProperty({ description: '95 % credible interval of the true steady-state trough (µg/mL)' })
  lower: number;

  @ApiProperty()
  upper: number;

  @ApiProperty({ description: '95 % prediction interval of a measured steady-state trough (µg/mL)' })
  steadyStatePredictionLower: number;

  @ApiProperty()
  steadyStatePredictionUpper: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Trough at the last infusion + this interval (µg/mL)' })
  firstTroughAfterSwitchUgPerMl: number | null;

  @ApiProperty({ type: Number, nullable: true, description: '95 % prediction interval of the measured first trough' })
  firstTroughLower: number | null;

  @ApiProperty({ type: Number, nullable: true })
  firstTroughUpper: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'P(true steady-state trough ≥ target); null without a target' })
  probabilityAtOrAboveTarget: number | null;

  @ApiProperty({ type: String, nullable: true })
  firstTroughOnlyWarning: string | null;
}

export class PkConcentrationPointDto {
  @ApiProperty({ example: '2026-06-15' })
  date: string;

  @ApiProperty({ description: 'µg/mL' })
  ugPerMl: number;
}

export class PkBandPointDto {
  @ApiProperty({ example: '2026-06-15' })
  date: string;

  @ApiProperty({ description: 'µg/mL, median of the true concentration' })
  median: number;

  @ApiProperty({ description: 'µg/mL, 2.5th percentile' })
  lower: number;

  @ApiProperty({ description: 'µg/mL, 97.5th percentile' })
  upper: number;
}

export class PkProjectionDto {
  @ApiProperty({ example: 6 })
  intervalWeeks: number;

  @ApiProperty({ type: [PkBandPointDto] })
  points: PkBandPointDto[];
}

export class PkCourseDto {
  @ApiProperty({ type: [PkConcentrationPointDto], description: 'At the MAP parameters through the real infusions up to the as-of day' })
  fitted: PkConcentrationPointDto[];

  @ApiProperty({ type: PkProjectionDto, description: 'From the last infusion, three intervals: median and 95 % band' })
  projection: PkProjectionDto;
}

export class PkPredictionDto {
  @ApiProperty({ type: PkModelRefDto })
  model: PkModelRefDto;

  @ApiProperty({ type: PkTargetUsedDto, nullable: true, description: 'null when the protocol defines no target' })
  target: PkTargetUsedDto | null;

  @ApiProperty({ type: PkPosteriorDto })
  posterior: PkPosteriorDto;

  @ApiProperty({ type: PkValidityDto })
  validity: PkValidityDto;

  @ApiProperty({ type: [PkFitPointDto] })
  fit: PkFitPointDto[];

  @ApiProperty({ type: PkFitQualityDto })
  fitQuality: PkFitQualityDto;

  @ApiProperty({ type: [PkCandidateDto] })
  candidates: PkCandidateDto[];

  @ApiProperty({ type: Number, nullable: true, description: 'null when no target was given' })
  recommendedIntervalWeeks: number | null;

  @ApiProperty({ description: 'Even the minimum interval misses the target (the minimum is returned)' })
  targetNotMetAtMinimum: boolean;

  @ApiProperty()
  rationale: string;

  @ApiProperty({ example: 'Predictions are advisory; the protocol rule decides.' })
  advisory: string;

  @ApiPropertyOptional({ type: PkCourseDto, description: 'Only when ?course= was given' })
  course?: PkCourseDto;
}
