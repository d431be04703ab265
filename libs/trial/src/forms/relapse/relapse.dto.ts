import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/iso-date.validator';
import { ChangeEnvelopeDto, RANGE, VisitLinkDto } from '../change-envelope.dto';

/** Kurtzke functional systems (docs/science/outcomes.md §5). */
export const FUNCTIONAL_SYSTEMS = [
  'pyramidal',
  'cerebellar',
  'brainstem',
  'sensory',
  'bowel-bladder',
  'visual',
  'cerebral',
  'ambulation',
] as const;

export class CreateRelapseDto extends VisitLinkDto {
  @ApiProperty({ example: '2026-04-03' })
  @IsCalendarDate()
  onsetDate: string;

  @ApiPropertyOptional({ enum: FUNCTIONAL_SYSTEMS, isArray: true, example: ['visual'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8)
  @IsIn(FUNCTIONAL_SYSTEMS, { each: true })
  functionalSystems?: string[];

  @ApiPropertyOptional({ example: 'Blurred vision right eye, pain on eye movement' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  symptoms?: string;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  steroidTreatment?: boolean;

  @ApiPropertyOptional({
    example: true,
    description:
      "New neurological signs confirmed on the examining neurologist's examination (outcomes.md §1 R3); false = unconfirmed, counted only if the protocol says so (EV-R3)",
  })
  @IsOptional()
  @IsBoolean()
  confirmedByNeurologist?: boolean;

  @ApiPropertyOptional({
    type: 'integer',
    example: 72,
    minimum: 0,
    maximum: 8760,
    description: 'Duration of the symptoms in hours (outcomes.md §1 R1: < 24 h is not a relapse); absent = not recorded',
  })
  @IsOptional()
  @IsInt()
  @Min(0, RANGE)
  @Max(8760, RANGE)
  durationHours?: number;

  @ApiPropertyOptional({
    example: false,
    description: 'Fever or concurrent infection documented at onset (outcomes.md §1 R2: a pseudo-relapse)',
  })
  @IsOptional()
  @IsBoolean()
  feverOrInfection?: boolean;
}

export class UpdateRelapseDto extends IntersectionType(PartialType(CreateRelapseDto, { skipNullProperties: false }), ChangeEnvelopeDto) {}
