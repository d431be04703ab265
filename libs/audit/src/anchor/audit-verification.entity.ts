import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type VerificationStatus = 'queued' | 'running' | 'done' | 'failed';

/** One chain verification run as a job (issue 16 item 4): progress in links, the report when done. */
@Entity('audit_verification')
@Index('ix_audit_verification_chain', ['chain', 'createdAt'])
export class AuditVerification {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_audit_verification' })
  id: string;

  /** Study id, or `platform`. */
  @Column({ type: 'varchar', length: 64 })
  chain: string;

  @Column({ type: 'uuid' })
  requestedBy: string;

  @Column({ type: 'varchar', length: 16 })
  status: VerificationStatus;

  @Column({ type: 'integer', default: 0 })
  checkedLinks: number;

  /** Links in the chain when the run started (the progress denominator). */
  @Column({ type: 'integer', default: 0 })
  totalLinks: number;

  /**
   * The exported checkpoints handed in with the request (SignedCheckpoint[] of @eid/audit-api; [] for none), so the
   * run can be enqueued again with them; NULL on runs from before they were kept.
   */
  @Column({ type: 'jsonb', nullable: true })
  anchors: unknown[] | null;

  @Column({ type: 'jsonb', nullable: true })
  report: unknown;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
