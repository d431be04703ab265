import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';

/** Carried by every change of saved data: the version it was based on (lost-update guard) and why (Part 11). */
export class ChangeEnvelopeDto {
  @ApiProperty({ description: 'The record version this change is based on; a stale one gets 409 with the current record', example: 1 })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({
    description: 'Reason for change (required; 400 REASON_REQUIRED without)',
    example: 'Transcription error, corrected from source',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class VerifyRecordDto {
  @ApiProperty({ description: 'The record version the monitor compared with the source', example: 1 })
  @IsInt()
  @Min(1)
  version: number;
}

/** Attach a record to a planned visit (freezing that visit then freezes the record). */
export class VisitLinkDto {
  @ApiPropertyOptional({ description: 'Planned visit this record belongs to', example: '3f0c1c52-7d5e-4f0c-9a55-2f1e4c1f0a11' })
  @IsOptional()
  @IsUUID()
  plannedVisitId?: string;
}

export const RANGE = { context: { code: 'VALUE_OUT_OF_RANGE' } };
