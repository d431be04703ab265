import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsCalendarDate } from '../../common/iso-date.validator';
import { ChangeEnvelopeDto, VisitLinkDto } from '../change-envelope.dto';

/** ICH E2A seriousness criteria (docs/science/outcomes.md §7). */
export const SERIOUSNESS_CRITERIA = [
  'DEATH',
  'LIFE_THREATENING',
  'HOSPITALISATION',
  'PERSISTENT_DISABILITY',
  'CONGENITAL_ANOMALY',
  'IMPORTANT_MEDICAL_EVENT',
] as const;
export const AE_SEVERITIES = ['mild', 'moderate', 'severe'] as const;
export const AE_RELATEDNESS = ['not-related', 'unlikely', 'possible', 'probable', 'definite', 'not-assessed'] as const;
export const AE_ACTIONS = ['none', 'dose-delayed', 'drug-interrupted', 'drug-withdrawn', 'not-applicable', 'unknown'] as const;
export const AE_OUTCOMES = ['recovered', 'recovering', 'not-recovered', 'recovered-with-sequelae', 'fatal', 'unknown'] as const;

export class CreateAdverseEventDto extends VisitLinkDto {
  @ApiProperty({ example: 'Urinary tract infection', description: 'Verbatim term (MedDRA-codable later)' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  term: string;

  @ApiProperty({ example: '2026-03-10' })
  @IsCalendarDate()
  onsetDate: string;

  @ApiPropertyOptional({ example: '2026-03-17' })
  @IsOptional()
  @IsCalendarDate()
  resolutionDate?: string;

  @ApiProperty({ enum: AE_SEVERITIES, example: 'moderate' })
  @IsIn(AE_SEVERITIES)
  severity: (typeof AE_SEVERITIES)[number];

  @ApiPropertyOptional({ enum: SERIOUSNESS_CRITERIA, isArray: true, example: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @IsIn(SERIOUSNESS_CRITERIA, { each: true })
  seriousnessCriteria?: Array<(typeof SERIOUSNESS_CRITERIA)[number]>;

  @ApiProperty({ enum: AE_RELATEDNESS, example: 'unlikely' })
  @IsIn(AE_RELATEDNESS)
  relatedness: string;

  @ApiProperty({ enum: AE_ACTIONS, example: 'none' })
  @IsIn(AE_ACTIONS)
  actionTaken: string;

  @ApiProperty({ enum: AE_OUTCOMES, example: 'recovered' })
  @IsIn(AE_OUTCOMES)
  outcome: string;

  @ApiPropertyOptional({ example: false, description: 'PML suspected: surfaces on the monitor dashboard at once' })
  @IsOptional()
  @IsBoolean()
  pmlSuspected?: boolean;
}

export class UpdateAdverseEventDto extends IntersectionType(
  PartialType(CreateAdverseEventDto, { skipNullProperties: false }),
  ChangeEnvelopeDto,
) {}

/** What the server derives from the ICH E2A seriousness criteria (deriveSeriousness); in answers only, never accepted. */
export class AdverseEventDerivedDto {
  @ApiProperty({
    readOnly: true,
    example: false,
    description: 'Serious by ICH E2A: any seriousness criterion (docs/science/outcomes.md §7)',
  })
  serious: boolean;

  @ApiProperty({
    readOnly: true,
    example: false,
    description:
      'Serious and not ruled out for expedited reporting (suspected related and unexpected, or not yet assessed) (docs/science/outcomes.md §7)',
  })
  expeditedReview: boolean;
}
