import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageCursor, PageLimit } from '@eid/core';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class ReportQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this site (must be one the caller may see; another site → 404)' })
  @IsOptional()
  @IsUUID()
  siteId?: string;

  @ApiPropertyOptional({
    example: '1',
    description: "Protocol version; the study's participants all follow the study's version, so another version gives an empty report",
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  protocolVersion?: string;

  @ApiPropertyOptional({ example: '2022-01-01', description: 'Start of the observation period (inclusive, YYYY-MM-DD)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { context: { code: 'DATE_FORMAT' } })
  from?: string;

  @ApiPropertyOptional({ example: '2025-12-31', description: 'End of the observation period (inclusive, YYYY-MM-DD); default today' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { context: { code: 'DATE_FORMAT' } })
  to?: string;

  @ApiPropertyOptional({
    enum: [12, 24],
    default: 12,
    description: 'Confirmed disability progression: the increase confirmed ≥ 12 or ≥ 24 weeks later (outcomes.md §5)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsIn([12, 24])
  confirmationWeeks?: 12 | 24;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'csv = UTF-8 with BOM (also chosen by Accept: text/csv)' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class PmlRiskQueryDto extends ReportQueryDto {
  @PageLimit({ max: 500 })
  limit?: number;

  @PageCursor(200)
  cursor?: string;
}
