import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AuditEvent } from './audit-event.entity';

/**
 * One link of a study's (or the platform's) hash chain: `hash` = SHA-256(canonical JSON of the event's content
 * + `seq` + `prevHash`), so altering or deleting any sealed event, or any link, breaks the chain from there on
 * (Part 11 §11.10(e): changes must not obscure previously recorded information). Insert-only like audit_event
 * (trigger in migration 1764000600000-AuditChainLinks); written only by AuditSealer after the event committed.
 *
 * The foreign key has no ON DELETE action: deleting a sealed event is refused even with the append-only
 * trigger disabled. Someone who gets past that too (a superuser disabling all triggers, FK triggers included)
 * leaves a link without its event, which the verifier reports as `event-missing`.
 */
@Entity('audit_chain_link')
@Index('uq_audit_chain_link_event', ['auditEventId'], { unique: true })
export class AuditChainLink {
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_audit_chain_link' })
  chain: string;

  /** Position in the chain, 1, 2, 3 … without gaps: the order in which events were sealed. */
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_audit_chain_link' })
  seq: string;

  @Column({ type: 'bigint' })
  auditEventId: string;

  @ManyToOne(() => AuditEvent, { nullable: false, onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'audit_event_id', foreignKeyConstraintName: 'fk_audit_chain_link_event' })
  event?: AuditEvent;

  /** null for the first link of a chain. */
  @Column({ type: 'char', length: 64, nullable: true })
  prevHash: string | null;

  @Column({ type: 'char', length: 64 })
  hash: string;

  /** Database clock when the link was written; sealedAt − event.occurredAt is the seal lag. */
  @CreateDateColumn({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  sealedAt: Date;
}
