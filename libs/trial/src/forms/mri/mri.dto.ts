import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/iso-date.validator';
import { ChangeEnvelopeDto, RANGE, VisitLinkDto } from '../change-envelope.dto';

/** A scan's date and lesion counts: the eCRF MRI form and the screening's MRI evidence of the past 12 months. */
export class MriLesionCountsDto {
  @ApiProperty({ example: '2026-04-14' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: 0 })
  @IsInt()
  @Min(0, RANGE)
  @Max(999, RANGE)
  newOrEnlargingT2Count: number;

  @ApiProperty({ example: 0 })
  @IsInt()
  @Min(0, RANGE)
  @Max(999, RANGE)
  gadoliniumEnhancingCount: number;
}

export class CreateMriDto extends IntersectionType(VisitLinkDto, MriLesionCountsDto) {
  @ApiPropertyOptional({ example: '2026-01-10', description: 'Date of the reference scan the counts are relative to' })
  @IsOptional()
  @IsCalendarDate()
  comparedWithDate?: string;
}

export class UpdateMriDto extends IntersectionType(PartialType(CreateMriDto, { skipNullProperties: false }), ChangeEnvelopeDto) {}
