import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { CreateScreeningDto, ScreeningEvidenceDto } from './screening.dto';

/**
 * The evidence a candidate in screening still lacks (issue 17 item 7): the screening form's own fields that feed
 * the entry criteria, validated by the same classes. Lists are added to what was recorded (evidence is never
 * dropped); the screening trough and the answers replace the recorded ones, each change audited old → new.
 */
export class ScreeningEvidenceChangeDto extends PickType(CreateScreeningDto, [
  'diagnosticCriteria',
  'mriPossible',
  'otherImmunomodulatoryMedication',
] as const) {
  @ApiPropertyOptional({ type: ScreeningEvidenceDto, description: 'Relapses, MRI, EDSS, infusions added; screening trough replaced' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScreeningEvidenceDto)
  evidence?: ScreeningEvidenceDto;

  @ApiPropertyOptional({ example: 'MRI report of 2025-12-01 received', description: 'Required (400 REASON_REQUIRED without)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiProperty({ example: 1, description: 'Participant version the change is based on (409 STALE_VERSION otherwise)' })
  @IsInt()
  @Min(1)
  version: number;
}
