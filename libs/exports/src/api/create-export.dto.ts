import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { ECRF_FORMS } from '@eid/trial';
import { EXPORT_FORMATS, EXPORT_SHAPES, ExportFormat, ExportShape, PSEUDONYMISATION_LEVELS, PseudonymisationLevel } from '../export-job.entity';

const FORM_NAMES = ECRF_FORMS.map((f) => f.entityType);

export class CreateExportDto {
  @ApiProperty({ enum: EXPORT_FORMATS, example: 'csv', description: 'csv = a zip of UTF-8 CSVs; xlsx = one sheet per table; odm = CDISC ODM 1.3.2 XML; json / ndjson = a zip of CDISC Dataset-JSON 1.1 datasets, one per table' })
  @IsIn(EXPORT_FORMATS, { context: { code: 'INVALID_FORMAT' } })
  format: ExportFormat;

  @ApiProperty({ enum: EXPORT_SHAPES, example: 'long', description: 'long = one row per observation; wide adds one row per participant-visit' })
  @IsIn(EXPORT_SHAPES, { context: { code: 'INVALID_SHAPE' } })
  shape: ExportShape;

  @ApiPropertyOptional({ enum: FORM_NAMES, isArray: true, example: ['infusion', 'trough_sample'], description: 'Forms to include (default: all)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(FORM_NAMES, { each: true, context: { code: 'UNKNOWN_FORM' } })
  forms?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Sites to include (default: all). Pseudonymised-only roles (statistician) always get all: naming sites is refused with 403 SITE_SELECTION_FORBIDDEN' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  sites?: string[];

  @ApiProperty({ enum: PSEUDONYMISATION_LEVELS, example: 'pseudonymised', description: 'A pseudonymised-only role (statistician) asking for "none" is refused with 403 PSEUDONYMISATION_REQUIRED' })
  @IsIn(PSEUDONYMISATION_LEVELS, { context: { code: 'INVALID_PSEUDONYMISATION' } })
  pseudonymisation: PseudonymisationLevel;

  @ApiPropertyOptional({ example: false, description: 'Include the audit trail (data managers only, with pseudonymisation "none")' })
  @IsOptional()
  @IsBoolean()
  includeAudit?: boolean;
}
