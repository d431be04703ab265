import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/iso-date.validator';

export class EnrolmentDto {
  @ApiProperty({ example: '2026-01-12', description: 'Informed consent date: not in the future, not before screening' })
  @IsCalendarDate()
  consentDate: string;

  @ApiPropertyOptional({ example: '2026-01-12', description: 'Enrolment (baseline) date; defaults to the consent date' })
  @IsOptional()
  @IsCalendarDate()
  enrolmentDate?: string;

  @ApiProperty({ example: 1, description: 'Participant version the enrolment is based on' })
  @IsInt()
  @Min(1)
  version: number;
}
