import { Column, CreateDateColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { ParticipantScopedRow } from '../common/participant-scoped-row';

/** A soft warning stored with the record (shown, never silently dropped): field + stable code. */
export interface RecordWarning {
  field: string;
  code: string;
  message: string;
}

/**
 * Columns every eCRF form row carries besides its participant scope (ParticipantScopedRow). Rows are never
 * physically deleted (ICH E6(R3) 4.2.2 — the audit trail must be able to show what was there): `deletedAt`
 * marks a soft delete.
 */
export abstract class EcrfRecord extends ParticipantScopedRow {
  /** The planned visit the record belongs to, if any: freezing that visit freezes the record. */
  @Column({ type: 'uuid', nullable: true })
  plannedVisitId: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  warnings: RecordWarning[];

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  deletedBy: string | null;

  @Column({ type: 'text', nullable: true })
  deleteReason: string | null;

  /** Source data verification by a monitor (ICH E6(R3) 3.11.4); any later change clears it. */
  @Column({ type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  verifiedBy: string | null;
}

/** Columns the generic machinery owns; a form's DTO can never write them. */
export const SYSTEM_FIELDS = [
  'id',
  'studyId',
  'siteId',
  'participantId',
  'warnings',
  'version',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
  'deletedAt',
  'deletedBy',
  'deleteReason',
  'verifiedAt',
  'verifiedBy',
] as const;
