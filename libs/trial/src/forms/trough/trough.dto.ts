import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/iso-date.validator';
import { ChangeEnvelopeDto, RANGE, VisitLinkDto } from '../change-envelope.dto';

export class CreateTroughDto extends VisitLinkDto {
  @ApiProperty({ example: '2026-02-27' })
  @IsCalendarDate()
  sampledOn: string;

  @ApiPropertyOptional({ example: '08:45', description: 'Local time HH:MM' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { context: { code: 'INVALID_TIME' } })
  sampledTime?: string;

  @ApiPropertyOptional({ example: 18.35, description: 'µg/mL, 0–500, up to 2 decimals; omit when below LLOQ' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 }, { context: { code: 'VALUE_OUT_OF_RANGE' } })
  @Min(0, RANGE)
  @Max(500, RANGE)
  concentrationUgPerMl?: number;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  belowLloq?: boolean;

  @ApiPropertyOptional({ example: 'Sanquin ELISA' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  assay?: string;

  @ApiPropertyOptional({ example: 'Sanquin Amsterdam' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  lab?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The infusion this trough precedes' })
  @IsOptional()
  @IsUUID()
  precedesInfusionId?: string;
}

export class UpdateTroughDto extends IntersectionType(PartialType(CreateTroughDto, { skipNullProperties: false }), ChangeEnvelopeDto) {}
