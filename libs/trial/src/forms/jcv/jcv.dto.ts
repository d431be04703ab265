import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/iso-date.validator';
import { ChangeEnvelopeDto, RANGE, VisitLinkDto } from '../change-envelope.dto';

export const JCV_STATUSES = ['positive', 'negative', 'indeterminate'] as const;

export class CreateJcvDto extends VisitLinkDto {
  @ApiProperty({ example: '2026-02-02' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ enum: JCV_STATUSES, example: 'positive' })
  @IsIn(JCV_STATUSES)
  status: (typeof JCV_STATUSES)[number];

  @ApiPropertyOptional({ example: 1.23, description: 'Antibody index ≥ 0' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 }, { context: { code: 'VALUE_OUT_OF_RANGE' } })
  @Min(0, RANGE)
  @Max(999.99, RANGE)
  index?: number;

  @ApiPropertyOptional({ example: 'STRATIFY JCV DxSelect' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  assay?: string;
}

export class UpdateJcvDto extends IntersectionType(PartialType(CreateJcvDto, { skipNullProperties: false }), ChangeEnvelopeDto) {}
