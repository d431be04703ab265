import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../../common/iso-date.validator';
import { RANGE } from '../../forms/change-envelope.dto';
import { MriLesionCountsDto } from '../../forms/mri/mri.dto';
import { MS_TYPES, PRIOR_IMMUNOSUPPRESSANT_ANSWERS, type PriorImmunosuppressant, SEXES } from '../participant.entity';

export class ScreeningRelapseDto {
  @ApiProperty({ example: '2025-06-10' })
  @IsCalendarDate()
  onsetDate: string;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  confirmedByNeurologist?: boolean;

  @ApiPropertyOptional({
    type: 'integer',
    example: 72,
    minimum: 0,
    maximum: 8760,
    description: 'Duration in hours (outcomes.md §1 R1: < 24 h is not a relapse)',
  })
  @IsOptional()
  @IsInt()
  @Min(0, RANGE)
  @Max(8760, RANGE)
  durationHours?: number;

  @ApiPropertyOptional({ example: false, description: 'Fever or concurrent infection at onset (outcomes.md §1 R2)' })
  @IsOptional()
  @IsBoolean()
  feverOrInfection?: boolean;
}

export class ScreeningMriDto extends MriLesionCountsDto {}

export class ScreeningEdssDto {
  @ApiProperty({ example: '2026-01-05' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: 2.5 })
  @IsNumber()
  @Min(0, RANGE)
  @Max(10, RANGE)
  score: number;
}

export class ScreeningTroughDto {
  @ApiProperty({ example: '2026-01-05' })
  @IsCalendarDate()
  sampledOn: string;

  @ApiPropertyOptional({ example: 21.4 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0, RANGE)
  @Max(500, RANGE)
  concentrationUgPerMl?: number;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  belowLloq?: boolean;
}

export class ScreeningInfusionDto {
  @ApiProperty({ example: '2025-12-08' })
  @IsCalendarDate()
  date: string;

  @ApiPropertyOptional({ example: 300 })
  @IsOptional()
  @IsInt()
  @Min(1, RANGE)
  @Max(1000, RANGE)
  doseMg?: number;
}

/** Entry-criteria evidence of the past 12 months (issue #5 "Screening"): relapses, MRI, EDSS, trough, infusions. */
export class ScreeningEvidenceDto {
  @ApiPropertyOptional({ type: [ScreeningRelapseDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ScreeningRelapseDto)
  relapses?: ScreeningRelapseDto[];

  @ApiPropertyOptional({ type: [ScreeningMriDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ScreeningMriDto)
  mri?: ScreeningMriDto[];

  @ApiPropertyOptional({ type: [ScreeningEdssDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ScreeningEdssDto)
  edss?: ScreeningEdssDto[];

  @ApiPropertyOptional({ type: ScreeningTroughDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScreeningTroughDto)
  screeningTrough?: ScreeningTroughDto;

  @ApiPropertyOptional({ type: [ScreeningInfusionDto], description: 'Recent infusions (for the no-missed-doses and count criteria)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(400)
  @ValidateNested({ each: true })
  @Type(() => ScreeningInfusionDto)
  infusions?: ScreeningInfusionDto[];
}

export class CreateScreeningDto {
  @ApiProperty({ format: 'uuid', description: 'Site of the screening (one the caller works at)' })
  @IsUUID()
  siteId: string;

  @ApiProperty({
    example: 'SCR-012',
    minLength: 1,
    pattern: '\\S',
    description: 'Site screening-log number, unique per study and site; not empty or blank',
  })
  @IsString()
  @Matches(/\S/, { message: 'screeningNumber must not be empty or blank', context: { code: 'EMPTY' } })
  @MaxLength(40)
  screeningNumber: string;

  @ApiProperty({ example: '2026-01-05' })
  @IsCalendarDate()
  screeningDate: string;

  @ApiProperty({ example: 1984, description: 'Year of birth: the only directly identifying datum kept' })
  @IsInt()
  @Min(1900, RANGE)
  @Max(2100, RANGE)
  birthYear: number;

  @ApiProperty({ enum: SEXES, example: 'female' })
  @IsIn(SEXES)
  sex: (typeof SEXES)[number];

  @ApiProperty({ enum: MS_TYPES, example: 'RRMS' })
  @IsIn(MS_TYPES)
  msType: (typeof MS_TYPES)[number];

  @ApiPropertyOptional({ example: 'McDonald 2010' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  diagnosticCriteria?: string;

  @ApiProperty({ example: '2022-03-14' })
  @IsCalendarDate()
  natalizumabStartDate: string;

  @ApiProperty({ example: 48 })
  @IsInt()
  @Min(0, RANGE)
  @Max(1000, RANGE)
  infusionsBeforeScreening: number;

  @ApiPropertyOptional({ example: 68.5 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(20, RANGE)
  @Max(300, RANGE)
  weightKg?: number;

  @ApiPropertyOptional({ example: true, description: 'Able to undergo frequent MRI' })
  @IsOptional()
  @IsBoolean()
  mriPossible?: boolean;

  @ApiPropertyOptional({ example: false, description: 'Takes an immunomodulatory drug other than natalizumab' })
  @IsOptional()
  @IsBoolean()
  otherImmunomodulatoryMedication?: boolean;

  @ApiPropertyOptional({
    enum: PRIOR_IMMUNOSUPPRESSANT_ANSWERS,
    example: 'no',
    description: 'Immunosuppressant treatment before natalizumab (a row key of the PML risk table for anti-JCV-positive patients)',
  })
  @IsOptional()
  @IsIn(PRIOR_IMMUNOSUPPRESSANT_ANSWERS as unknown as string[], { context: { code: 'INVALID_OPTION' } })
  priorImmunosuppressant?: PriorImmunosuppressant;

  @ApiProperty({ type: ScreeningEvidenceDto })
  @ValidateNested()
  @Type(() => ScreeningEvidenceDto)
  evidence: ScreeningEvidenceDto;
}
