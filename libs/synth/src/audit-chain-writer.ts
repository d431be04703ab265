import type { PoolClient } from 'pg';
import type { QueryRunner } from 'typeorm';
import * as auditLib from '@eid/audit';
import { auditRowHash, type AuditChanges, type ChainedAuditFields } from '@eid/audit';
import type { BulkColumn } from './bulk-insert';
import { copyInto, copyLine } from './copy-text';

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

/** The sealed-after-commit design's link hash and batch sealer (libs/audit chain-sealing.ts), when present. */
type LinkHash = (content: Omit<ChainedAuditFields, 'seq' | 'prevHash'>, seq: string, prevHash: string | null) => string;
type SealBatch = (q: QueryRunner, chain: string, fromEventSeq?: string, limit?: number) => Promise<{ locked: boolean; sealed: number }>;
const sealed = auditLib as unknown as { chainLinkHash?: LinkHash; sealChainBatch?: SealBatch };

const SEALED_EVENT_COLUMNS: BulkColumn[] = [
  { name: 'id', type: 'bigint' },
  ...COLUMNS.filter((c) => !['prev_hash', 'hash'].includes(c.name)),
];
const LINK_COLUMNS: BulkColumn[] = [
  { name: 'chain', type: 'text' },
  { name: 'seq', type: 'bigint' },
  { name: 'audit_event_id', type: 'bigint' },
  { name: 'prev_hash', type: 'text' },
  { name: 'hash', type: 'text' },
];

const nonEmpty = (c: AuditChanges | null) => (c && Object.keys(c).length > 0 ? c : null);

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

  /** Whether rows carry their own chain link (known after begin()). */
  get inRow(): boolean {
    return this.chainedInRow;
  }

  async begin(): Promise<void> {
    // The audit trail may chain in the writing transaction (hash columns on audit_event) or seal committed
    // rows afterwards (audit_chain_link, docs/audit-trail.md): write what AuditService.record writes in each.
    const [col] = (await this.q.query(
      `SELECT 1 AS ok FROM information_schema.columns WHERE table_name = 'audit_event' AND column_name = 'hash'`,
    )) as unknown[];
    this.chainedInRow = Boolean(col);
    // Held in both designs: in-row it orders the chain; sealed-after-commit it keeps the AuditSealer's sweeps
    // (pg_try_advisory_xact_lock on the same key) off the chain until the loader seals it in large batches.
    await this.q.query(`SELECT pg_advisory_lock(hashtextextended('audit:' || $1, 0))`, [this.chain]);
    if (!this.chainedInRow) {
      if (!sealed.chainLinkHash || !sealed.sealChainBatch)
        throw new Error('synth: audit_event has no chain columns and @eid/audit exports no chainLinkHash/sealChainBatch');
      // Events of the study committed before the load (study set-up) get their links first, as the sealer would.
      for (;;) {
        await this.q.startTransaction();
        const r = await sealed.sealChainBatch(this.q, this.chain);
        await this.q.commitTransaction();
        if (r.sealed === 0) break;
      }
      const [head] = (await this.q.query(
        `SELECT l.hash, l.seq::text AS seq FROM audit_chain_link l WHERE l.chain = $1 ORDER BY l.seq DESC LIMIT 1`,
        [this.chain],
      )) as Array<{ hash: string; seq: string }>;
      this.prevHash = head?.hash ?? null;
      this.seq = head ? BigInt(head.seq) : 0n;
      return;
    }
    // Qualified e.seq: the bare name would sort by the text alias ('9' > '15').
    const [head] = (await this.q.query(`SELECT hash, seq::text AS seq FROM audit_event e WHERE e.chain = $1 ORDER BY e.seq DESC LIMIT 1`, [
      this.chain,
    ])) as Array<{ hash: string; seq: string }>;
    this.prevHash = head?.hash ?? null;
    this.seq = head ? BigInt(head.seq) : 0n;
  }

  async end(): Promise<void> {
    await this.q.query(`SELECT pg_advisory_unlock(hashtextextended('audit:' || $1, 0))`, [this.chain]);
  }

  /**
   * Sealed-after-commit design, bulk: the events with their ids, write order and database-clock time reserved
   * up front, and their chain links computed here with the audit library's own link hash — what AuditSealer
   * would write for them, in the same order (write order), but in the loading transaction instead of
   * 1.4 million events later. The chain's lock (held since begin()) keeps the sealer off meanwhile.
   */
  async copySealed(client: PoolClient, events: BulkAuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    const reserved = (await this.q.query(
      `SELECT nextval(pg_get_serial_sequence('audit_event', 'id'))::text AS id, nextval(pg_get_serial_sequence('audit_event', 'seq'))::text AS seq FROM generate_series(1, $1)`,
      [events.length],
    )) as Array<{ id: string; seq: string }>;
    reserved.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
    const [{ us }] = (await this.q.query(`SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint::text AS us`)) as Array<{
      us: string;
    }>;
    this.clockMicros = Math.max(Number(us), this.clockMicros + 1);
    let eventText = '';
    let linkText = '';
    events.forEach((e, i) => {
      const content = {
        chain: this.chain,
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
        // One JSON round trip: what the sealer hashes is what jsonb gives back.
        changes: nonEmpty(e.changes) ? (JSON.parse(JSON.stringify(e.changes)) as AuditChanges) : null,
        reason: e.reason,
        correlationId: this.correlationId,
        clientIp: null,
      };
      this.seq += 1n;
      const hash = sealed.chainLinkHash!(content, this.seq.toString(), this.prevHash);
      const { id, seq } = reserved[i];
      eventText += copyLine(SEALED_EVENT_COLUMNS, [
        id,
        content.chain,
        seq,
        content.occurredAt,
        content.actorUserId,
        content.actorRole,
        content.actorSiteId,
        content.action,
        content.entityType,
        content.entityId,
        content.studyId,
        content.siteId,
        content.participantId,
        content.changes,
        content.reason,
        content.correlationId,
        content.clientIp,
      ]);
      linkText += copyLine(LINK_COLUMNS, [this.chain, this.seq.toString(), id, this.prevHash, hash]);
      this.prevHash = hash;
    });
    await copyInto(client, 'audit_event', SEALED_EVENT_COLUMNS, eventText);
    await copyInto(client, 'audit_chain_link', LINK_COLUMNS, linkText);
  }

  /** In-row design: hashes the events in order (occurred_at = the database clock, 1 µs apart) and copies them in. */
  async copyChained(client: PoolClient, events: BulkAuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    const [{ us }] = (await this.q.query(`SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint::text AS us`)) as Array<{
      us: string;
    }>;
    this.clockMicros = Math.max(Number(us), this.clockMicros + 1);
    let text = '';
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
        changes: nonEmpty(e.changes) ? (JSON.parse(JSON.stringify(e.changes)) as AuditChanges) : null,
        reason: e.reason,
        correlationId: this.correlationId,
        clientIp: null,
        prevHash: this.prevHash,
      };
      const hash = auditRowHash(fields);
      text += copyLine(COLUMNS, [
        fields.chain,
        fields.seq,
        fields.occurredAt,
        fields.actorUserId,
        fields.actorRole,
        fields.actorSiteId,
        fields.action,
        fields.entityType,
        fields.entityId,
        fields.studyId,
        fields.siteId,
        fields.participantId,
        fields.changes,
        fields.reason,
        fields.correlationId,
        fields.clientIp,
        fields.prevHash,
        hash,
      ]);
      this.prevHash = hash;
    }
    await copyInto(client, 'audit_event', COLUMNS, text);
  }
}

/** `YYYY-MM-DDTHH:MM:SS.ffffffZ`, the format audit_chain_head() and the verifier use. */
export function formatMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  return `${new Date(ms).toISOString().slice(0, 23)}${String(us % 1000).padStart(3, '0')}Z`;
}
