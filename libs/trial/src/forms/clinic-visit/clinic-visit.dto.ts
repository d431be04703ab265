import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsCalendarDate } from '../../common/iso-date.validator';
import { ChangeEnvelopeDto } from '../change-envelope.dto';

export class CreateClinicVisitDto {
  @ApiProperty({ format: 'uuid', description: 'The planned visit this visit fulfils (from GET …/schedule)' })
  @IsUUID()
  plannedVisitId: string;

  @ApiProperty({ example: '2026-04-14' })
  @IsCalendarDate()
  date: string;

  @ApiPropertyOptional({ example: 'Stable; no new symptoms' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;
}

export class UpdateClinicVisitDto extends IntersectionType(
  PartialType(CreateClinicVisitDto, { skipNullProperties: false }),
  ChangeEnvelopeDto,
) {}

/** What the server derives from the planned visit's window; in answers only, never accepted. */
export class ClinicVisitDerivedDto {
  @ApiProperty({
    readOnly: true,
    enum: ['early', 'in-window', 'late'],
    example: 'in-window',
    description: "The visit date against its planned window (windowFrom–windowTo, in the site's calendar)",
  })
  windowFlag: 'early' | 'in-window' | 'late';
}
