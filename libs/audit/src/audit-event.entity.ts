import { Column, Entity, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AuditAction } from './audit-action';

/**
 * One immutable audit record (21 CFR Part 11 §11.10(e); ICH E6(R3) 4.2.2): the event's CONTENT only. It is
 * written in the transaction of the change it records; its place in the study's hash chain (`chain` = study
 * id, or 'platform') is added after commit by AuditSealer as an AuditChainLink row, so writers never queue
 * on a per-study lock. UPDATE/DELETE/TRUNCATE are refused by a trigger (migration 1764000001000-Audit).
 */
@Entity('audit_event')
@Index('uq_audit_event_chain_seq', ['chain', 'seq'], { unique: true })
@Index('ix_audit_event_study_occurred', ['studyId', 'occurredAt'])
@Index('ix_audit_event_participant', ['participantId'])
@Index('ix_audit_event_entity', ['entityType', 'entityId'])
@Index('ix_audit_event_actor', ['actorUserId'])
export class AuditEvent {
  /** bigint: the pg driver returns it as a string. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  chain: string;

  /**
   * Write order in the trail (a database sequence, gap-tolerant, allocated lock-free at INSERT). NOT the
   * position in the hash chain: that is AuditChainLink.seq. Rows written before migration
   * 1764000600000-AuditChainLinks keep their old chain position here, which equals their link's seq.
   */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq: string;

  /** The database clock (clock_timestamp(), UTC), never the client's. */
  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  occurredAt: Date;

  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  /** The actor's role(s) in the study at the time, comma-separated; 'admin', 'system' or null (anonymous). */
  @Column({ type: 'varchar', length: 120, nullable: true })
  actorRole: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorSiteId: string | null;

  @Column({ type: 'varchar', length: 40 })
  action: AuditAction;

  @Column({ type: 'varchar', length: 60 })
  entityType: string;

  @Column({ type: 'varchar', length: 100 })
  entityId: string;

  @Column({ type: 'uuid', nullable: true })
  studyId: string | null;

  @Column({ type: 'uuid', nullable: true })
  siteId: string | null;

  @Column({ type: 'uuid', nullable: true })
  participantId: string | null;

  /** field → { old, new } for the fields that changed. */
  @Column({ type: 'jsonb', nullable: true })
  changes: Record<string, { old: unknown; new: unknown }> | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  correlationId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  clientIp: string | null;
}
