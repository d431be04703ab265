import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Participant, ParticipantScopedRow } from '@eid/trial';

export const SIGNATURE_SCOPES = ['visit', 'casebook'] as const;
export type SignatureScope = (typeof SIGNATURE_SCOPES)[number];
export const SIGNATURE_STATUSES = ['valid', 'broken'] as const;
export type SignatureStatus = (typeof SIGNATURE_STATUSES)[number];

/**
 * An investigator's electronic signature (21 CFR Part 11 §11.50 manifestation: printed name, date/time,
 * meaning; §11.70 linking: the SHA-256 of the canonical signed data, so the signature cannot be carried over to
 * other data). Never deleted or re-validated: a change of the signed data marks it broken, and a new signature
 * is a new row.
 */
@Entity('e_signature')
@Index('ix_e_signature_participant_status', ['participantId', 'status'])
@Index('ix_e_signature_study_site', ['studyId', 'siteId'])
export class ESignature extends ParticipantScopedRow {
  @ManyToOne(() => Participant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'fk_e_signature_participant' })
  participant?: Participant;

  @Column({ type: 'varchar', length: 10 })
  scope: SignatureScope;

  /** The signed planned visit (scope 'visit'). */
  @Column({ type: 'uuid', nullable: true })
  plannedVisitId: string | null;

  /** The visit window as signed: records dated in it belong to the signed data (snapshot, see signed-data.ts). */
  @Column({ type: 'date', nullable: true })
  windowFrom: string | null;

  @Column({ type: 'date', nullable: true })
  windowTo: string | null;

  @Column({ type: 'uuid' })
  signerId: string;

  @Column({ type: 'varchar', length: 200 })
  printedName: string;

  @Column({ type: 'varchar', length: 200 })
  meaning: string;

  /** Database clock at signing (Part 11 §11.50(a)(2)). */
  /** Millisecond precision: the value round-trips exactly through a cursor (JS Dates hold milliseconds). */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  signedAt: Date;

  @Column({ type: 'char', length: 64 })
  dataHash: string;

  @Column({ type: 'integer' })
  recordCount: number;

  @Column({ type: 'varchar', length: 10, default: 'valid' })
  status: SignatureStatus;

  @Column({ type: 'timestamptz', nullable: true })
  brokenAt: Date | null;

  /** The change that broke it: "update trough_sample <id>", its actor and the correlation id shared with its audit row. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  brokenByChange: string | null;

  @Column({ type: 'uuid', nullable: true })
  brokenBy: string | null;

  @Column({ type: 'text', nullable: true })
  brokenCorrelationId: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
