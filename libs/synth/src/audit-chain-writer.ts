import type { QueryRunner } from 'typeorm';
import { auditRowHash, type AuditChanges, type ChainedAuditFields } from '@eid/audit';
import { bulkInsert, type BulkColumn } from './bulk-insert';

export interface BulkAuditEvent {
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  siteId: string | null;
  participantId: string | null;
  changes: AuditChanges | null;
  reason: string | null;
}

const COLUMNS: BulkColumn[] = [
  { name: 'chain', type: 'text' },
  { name: 'seq', type: 'bigint' },
  { name: 'occurred_at', type: 'timestamptz' },
  { name: 'actor_user_id', type: 'uuid' },
  { name: 'actor_role', type: 'text' },
  { name: 'actor_site_id', type: 'uuid' },
  { name: 'action', type: 'text' },
  { name: 'entity_type', type: 'text' },
  { name: 'entity_id', type: 'text' },
  { name: 'study_id', type: 'uuid' },
  { name: 'site_id', type: 'uuid' },
  { name: 'participant_id', type: 'uuid' },
  { name: 'changes', type: 'jsonb' },
  { name: 'reason', type: 'text' },
  { name: 'correlation_id', type: 'text' },
  { name: 'client_ip', type: 'text' },
  { name: 'prev_hash', type: 'text' },
  { name: 'hash', type: 'text' },
];

const CONTENT_COLUMNS: BulkColumn[] = COLUMNS.filter((c) => !['seq', 'occurred_at', 'prev_hash', 'hash'].includes(c.name));

/**
 * Appends audit rows to a study's chain in bulk, computing exactly what AuditService.record computes
 * (same canonical JSON, same SHA-256 link to the previous row), so GET /api/v1/audit/verify accepts them.
 *
 * Concurrency: `begin()` takes the chain's advisory lock at SESSION level on this connection — the same
 * lock key audit_chain_head() takes per transaction — so no other writer can append to the study while the
 * load runs (they wait), yet the load can commit in batches. `end()` releases it.
 */
export class AuditChainWriter {
  private prevHash: string | null = null;
  private seq = 0n;
  private clockMicros = 0;
  /** true: rows carry seq/prev_hash/hash (chained in the writing transaction); false: a sealer chains them after commit. */
  private chainedInRow = true;

  constructor(
    private readonly q: QueryRunner,
    private readonly chain: string,
    private readonly actorRole: string | null,
    private readonly correlationId: string,
  ) {}

  async begin(): Promise<void> {
    // The audit trail may chain in the writing transaction (hash columns on audit_event) or seal committed
    // rows afterwards (audit_chain_link, docs/audit-trail.md): write what AuditService.record writes in each.
    const [col] = (await this.q.query(`SELECT 1 AS ok FROM information_schema.columns WHERE table_name = 'audit_event' AND column_name = 'hash'`)) as unknown[];
    this.chainedInRow = Boolean(col);
    if (!this.chainedInRow) return;
    await this.q.query(`SELECT pg_advisory_lock(hashtextextended('audit:' || $1, 0))`, [this.chain]);
    // Qualified e.seq: the bare name would sort by the text alias ('9' > '15').
    const [head] = (await this.q.query(`SELECT hash, seq::text AS seq FROM audit_event e WHERE e.chain = $1 ORDER BY e.seq DESC LIMIT 1`, [this.chain])) as Array<{ hash: string; seq: string }>;
    this.prevHash = head?.hash ?? null;
    this.seq = head ? BigInt(head.seq) : 0n;
  }

  async end(): Promise<void> {
    if (!this.chainedInRow) return;
    await this.q.query(`SELECT pg_advisory_unlock(hashtextextended('audit:' || $1, 0))`, [this.chain]);
  }

  /** Writes the events (in order) inside the caller's transaction; occurred_at = the database clock, 1 µs apart. */
  async append(events: BulkAuditEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    if (!this.chainedInRow) {
      // Content only; seq and occurred_at come from the column defaults and the sealer links the rows.
      const content = events.map((e) => [this.chain, e.actorUserId, this.actorRole, e.siteId, e.action, e.entityType, e.entityId, this.chain, e.siteId, e.participantId,
        e.changes && Object.keys(e.changes).length > 0 ? e.changes : null, e.reason, this.correlationId, null]);
      return bulkInsert(this.q, 'audit_event', CONTENT_COLUMNS, content);
    }
    const [{ us }] = (await this.q.query(`SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint::text AS us`)) as Array<{ us: string }>;
    this.clockMicros = Math.max(Number(us), this.clockMicros + 1);
    const rows: unknown[][] = [];
    for (const e of events) {
      this.seq += 1n;
      const fields: ChainedAuditFields = {
        chain: this.chain,
        seq: this.seq.toString(),
        occurredAt: formatMicros(this.clockMicros++),
        actorUserId: e.actorUserId,
        actorRole: this.actorRole,
        actorSiteId: e.siteId,
        action: e.action,
        entityType: e.entityType,
        entityId: e.entityId,
        studyId: this.chain,
        siteId: e.siteId,
        participantId: e.participantId,
        // One JSON round trip, as AuditService does: what is hashed is what jsonb gives back.
        changes: e.changes && Object.keys(e.changes).length > 0 ? (JSON.parse(JSON.stringify(e.changes)) as AuditChanges) : null,
        reason: e.reason,
        correlationId: this.correlationId,
        clientIp: null,
        prevHash: this.prevHash,
      };
      const hash = auditRowHash(fields);
      rows.push([fields.chain, fields.seq, fields.occurredAt, fields.actorUserId, fields.actorRole, fields.actorSiteId, fields.action, fields.entityType, fields.entityId, fields.studyId, fields.siteId, fields.participantId, fields.changes, fields.reason, fields.correlationId, fields.clientIp, fields.prevHash, hash]);
      this.prevHash = hash;
    }
    return bulkInsert(this.q, 'audit_event', COLUMNS, rows);
  }
}

/** `YYYY-MM-DDTHH:MM:SS.ffffffZ`, the format audit_chain_head() and the verifier use. */
export function formatMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  return `${new Date(ms).toISOString().slice(0, 23)}${String(us % 1000).padStart(3, '0')}Z`;
}
