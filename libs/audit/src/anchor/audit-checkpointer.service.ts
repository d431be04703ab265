import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@eid/core';
import { anchorKeyId, signCheckpoint } from './anchor-signature';

/** Every chain that has links, by a loose index scan over audit_chain_link's primary key (chain, seq). */
const CHAINS_SQL = `WITH RECURSIVE c AS (
    SELECT min(chain) AS chain FROM audit_chain_link
    UNION ALL SELECT (SELECT min(l.chain) FROM audit_chain_link l WHERE l.chain > c.chain) FROM c WHERE c.chain IS NOT NULL
  ) SELECT chain FROM c WHERE chain IS NOT NULL`;

/**
 * Writes a signed checkpoint of every chain whose head moved since its last checkpoint, every
 * AUDIT_CHECKPOINT_SECONDS, as a maintenance job of the worker (AuditWorkerModule; one at a time: advisory lock). The
 * signing key comes from the environment or the secrets file, never from the database, so verification
 * detects a chain recomputed with the application's own hash and a cut tail (docs/security.md → Threat model).
 */
@Injectable()
export class AuditCheckpointer implements OnModuleDestroy {
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.running.catch(() => undefined);
  }

  /** One pass over every chain; returns how many checkpoints were written. */
  checkpointNow(): Promise<number> {
    const pass = this.running.catch(() => undefined).then(() => this.pass());
    this.running = pass;
    return pass;
  }

  private async pass(): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const [{ locked }] = await em.query(`SELECT pg_try_advisory_xact_lock(hashtextextended('audit:checkpoint', 0)) AS locked`);
      if (!locked) return 0;
      const keyId = anchorKeyId(this.config.auditAnchorKey);
      let written = 0;
      for (const { chain } of (await em.query(CHAINS_SQL)) as Array<{ chain: string }>) {
        const [head] = (await em.query(
          `SELECT l.seq::text AS seq, l.hash FROM audit_chain_link l WHERE l.chain = $1 ORDER BY l.seq DESC LIMIT 1`,
          [chain],
        )) as Array<{ seq: string; hash: string }>;
        const [last] = (await em.query(`SELECT c.seq::text AS seq FROM audit_checkpoint c WHERE c.chain = $1 ORDER BY c.seq DESC LIMIT 1`, [
          chain,
        ])) as Array<{ seq: string }>;
        if (!head || (last && BigInt(last.seq) >= BigInt(head.seq))) continue;
        const claim = { chain, seq: head.seq, headHash: head.hash, createdAt: new Date().toISOString() };
        await em.query(
          `INSERT INTO audit_checkpoint (chain, seq, head_hash, created_at, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [chain, claim.seq, claim.headHash, claim.createdAt, keyId, signCheckpoint(this.config.auditAnchorKey, claim)],
        );
        written++;
      }
      return written;
    });
  }
}
