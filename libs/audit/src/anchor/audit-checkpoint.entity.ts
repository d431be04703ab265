import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A signed anchor of a chain's head (issue 16 item 4): `signature` = HMAC-SHA256 under AUDIT_ANCHOR_KEY over
 * (chain, seq, headHash, createdAt) — see anchor-signature.ts. The key never reaches the database, so someone
 * who rewrites the chain and recomputes its hashes cannot make matching checkpoints. Insert-only (trigger in
 * migration 1765600000000-AuditCheckpoints). docs/security.md → Threat model.
 */
@Entity('audit_checkpoint')
export class AuditCheckpoint {
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_audit_checkpoint' })
  chain: string;

  /** The chain position (audit_chain_link.seq) of the head when the checkpoint was taken. */
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_audit_checkpoint' })
  seq: string;

  @Column({ type: 'char', length: 64 })
  headHash: string;

  /** Application clock (signed, so set in Node, not by the database). */
  @Column({ type: 'timestamptz' })
  createdAt: Date;

  /** Which key signed it (first 16 hex digits of SHA-256 of the key), so a rotated key is recognisable. */
  @Column({ type: 'varchar', length: 16 })
  keyId: string;

  @Column({ type: 'char', length: 64 })
  signature: string;
}
