import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate } from '../../common/iso-date.validator';
import { ChangeEnvelopeDto, VisitLinkDto } from '../change-envelope.dto';

/** Kurtzke functional systems (outcomes.md §5). */
export const FUNCTIONAL_SYSTEMS = ['pyramidal', 'cerebellar', 'brainstem', 'sensory', 'bowel-bladder', 'visual', 'cerebral', 'ambulation'] as const;

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

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  confirmedByNeurologist?: boolean;
}

export class UpdateRelapseDto extends IntersectionType(PartialType(CreateRelapseDto, { skipNullProperties: false }), ChangeEnvelopeDto) {}
