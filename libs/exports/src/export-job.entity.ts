import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Study } from '@eid/study';

/** json / ndjson: CDISC Dataset-JSON 1.1, one dataset per table, in a zip. */
export const EXPORT_FORMATS = ['csv', 'xlsx', 'odm', 'json', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_SHAPES = ['long', 'wide'] as const;
export type ExportShape = (typeof EXPORT_SHAPES)[number];
export const PSEUDONYMISATION_LEVELS = ['none', 'pseudonymised', 'pseudonymised-date-shifted'] as const;
export type PseudonymisationLevel = (typeof PSEUDONYMISATION_LEVELS)[number];
export const EXPORT_STATUSES = ['queued', 'running', 'completed', 'failed', 'expired'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/**
 * One requested export: what was asked (as effectively applied: a statistician's request is stored already
 * pseudonymised), where the job is, and — once completed — the file with its size and SHA-256. The file path
 * is set in the same UPDATE that flips the status to completed, after the file was fsynced and renamed, so a
 * row never points at a half-written file.
 */
@Entity('export_job')
@Index('ix_export_job_study_created', ['studyId', 'createdAt'])
@Index('ix_export_job_status_expires', ['status', 'expiresAt'])
@Index('uq_export_job_idempotency', ['requestedBy', 'idempotencyKey'], { unique: true })
export class ExportJob {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  studyId: string;

  @ManyToOne(() => Study, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'study_id', foreignKeyConstraintName: 'fk_export_job_study' })
  study?: Study;

  @Column({ type: 'uuid' })
  requestedBy: string;

  /** The requester's roles in the study at request time (comma-separated), which decided what the export may hold. */
  @Column({ type: 'varchar', length: 120 })
  requestedRoles: string;

  @Column({ type: 'varchar', length: 8 })
  format: ExportFormat;

  @Column({ type: 'varchar', length: 8 })
  shape: ExportShape;

  @Column({ type: 'varchar', length: 32 })
  pseudonymisation: PseudonymisationLevel;

  /** Form entity types (e.g. 'infusion'); every form when the request named none. */
  @Column({ type: 'text', array: true })
  forms: string[];

  /** Site ids; null = every site of the study. */
  @Column({ type: 'uuid', array: true, nullable: true })
  sites: string[] | null;

  @Column({ type: 'boolean', default: false })
  includeAudit: boolean;

  @Column({ type: 'varchar', length: 12, default: 'queued' })
  status: ExportStatus;

  @Column({ type: 'integer', default: 0 })
  rowsDone: number;

  @Column({ type: 'integer', nullable: true })
  rowsTotal: number | null;

  /** How many times a worker started the job (>1 after a crashed worker's job was recovered). */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  fileName: string | null;

  @Column({ type: 'text', nullable: true })
  filePath: string | null;

  @Column({ type: 'bigint', nullable: true })
  sizeBytes: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  sha256: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** Database time at which the export's REPEATABLE READ snapshot was taken. */
  @Column({ type: 'timestamptz', nullable: true })
  snapshotAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  /** The requester's Idempotency-Key header: a retried request returns this job instead of creating another. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  idempotencyKey: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
