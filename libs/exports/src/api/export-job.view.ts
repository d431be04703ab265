import { ApiProperty } from '@nestjs/swagger';
import { EXPORT_FORMATS, EXPORT_SHAPES, EXPORT_STATUSES, ExportJob, PSEUDONYMISATION_LEVELS } from '../export-job.entity';

export class ExportProgressView {
  @ApiProperty({ example: 12000 })
  rowsDone: number;

  @ApiProperty({ type: Number, example: 48000, nullable: true })
  rowsTotal: number | null;
}

export class ExportJobView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  studyId: string;

  @ApiProperty({ enum: EXPORT_STATUSES, example: 'running' })
  status: string;

  @ApiProperty({ enum: EXPORT_FORMATS })
  format: string;

  @ApiProperty({ enum: EXPORT_SHAPES })
  shape: string;

  @ApiProperty({ enum: PSEUDONYMISATION_LEVELS, description: 'As applied (a statistician’s request is pseudonymised whatever was asked)' })
  pseudonymisation: string;

  @ApiProperty({ type: [String] })
  forms: string[];

  @ApiProperty({ type: [String], nullable: true, description: 'null: every site of the study' })
  sites: string[] | null;

  @ApiProperty()
  includeAudit: boolean;

  @ApiProperty({ type: ExportProgressView })
  progress: ExportProgressView;

  @ApiProperty({ type: String, nullable: true, example: 'PDN-01_csv_long_20260615T101500.zip' })
  fileName: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 1048576 })
  sizeBytes: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'SHA-256 of the file, hex' })
  sha256: string | null;

  @ApiProperty({ type: String, nullable: true })
  error: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Database time of the snapshot the export reads' })
  snapshotAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt: Date | null;

  static of(j: ExportJob): ExportJobView {
    return {
      id: j.id,
      studyId: j.studyId,
      status: j.status,
      format: j.format,
      shape: j.shape,
      pseudonymisation: j.pseudonymisation,
      forms: j.forms,
      sites: j.sites,
      includeAudit: j.includeAudit,
      progress: { rowsDone: j.rowsDone, rowsTotal: j.rowsTotal },
      fileName: j.status === 'completed' ? j.fileName : null,
      sizeBytes: j.status === 'completed' && j.sizeBytes !== null ? Number(j.sizeBytes) : null,
      sha256: j.status === 'completed' ? j.sha256 : null,
      error: j.error,
      snapshotAt: j.snapshotAt,
      createdAt: j.createdAt,
      completedAt: j.completedAt,
      expiresAt: j.expiresAt,
    };
  }
}

/** One line of the export history: the job, and whether the caller requested it (only the requester downloads). */
export class ExportHistoryItemView extends ExportJobView {
  @ApiProperty({ description: 'You requested this export (only the requester may download it)' })
  mine: boolean;

  static ofFor(j: ExportJob, userId: string): ExportHistoryItemView {
    return { ...ExportJobView.of(j), mine: j.requestedBy === userId };
  }
}
