import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/iso-date.validator';
import { ChangeEnvelopeDto, RANGE, VisitLinkDto } from '../change-envelope.dto';

export class CreateInfusionDto extends VisitLinkDto {
  @ApiProperty({ example: '2026-03-02', description: 'Infusion date (planned date when not administered)' })
  @IsCalendarDate()
  date: string;

  @ApiPropertyOptional({ example: 300, description: 'Dose in mg (required when administered)' })
  @IsOptional()
  @IsInt()
  @Min(1, RANGE)
  @Max(1000, RANGE)
  doseMg?: number;

  @ApiPropertyOptional({ example: 'NTZ24A117' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  lotNumber?: string;

  @ApiPropertyOptional({ example: true, default: true })
  @IsOptional()
  @IsBoolean()
  administered?: boolean;

  @ApiPropertyOptional({ example: 'Participant had fever; infusion postponed' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  notAdministeredReason?: string;
}

export class UpdateInfusionDto extends IntersectionType(PartialType(CreateInfusionDto, { skipNullProperties: false }), ChangeEnvelopeDto) {}
