import { auditRowHash, ChainedAuditFields } from './canonical-json';

/** Anything that runs SQL: a DataSource, an EntityManager or a QueryRunner. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** The content of an audit_event row as it is hashed (everything but id, write seq and chain position). */
export type AuditEventContent = Omit<ChainedAuditFields, 'seq' | 'prevHash'>;

/**
 * SELECT list giving the hashed content of `audit_event e` (occurred_at in the fixed microsecond format, so
 * the text hashed is independent of the session's time zone and of the pg driver's Date parsing).
 */
export const EVENT_CONTENT_SQL = `e.chain,
  to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt",
  e.actor_user_id AS "actorUserId", e.actor_role AS "actorRole", e.actor_site_id AS "actorSiteId", e.action,
  e.entity_type AS "entityType", e.entity_id AS "entityId", e.study_id AS "studyId", e.site_id AS "siteId",
  e.participant_id AS "participantId", e.changes, e.reason, e.correlation_id AS "correlationId", e.client_ip AS "clientIp"`;

/** The advisory-lock key of a chain; the same key the pre-1764000600000 writers and the synth loader use. */
export const CHAIN_LOCK_KEY_SQL = `hashtextextended('audit:' || $1, 0)`;

/** Events per seal batch: one SELECT and one multi-row INSERT each, a short transaction. */
export const SEAL_BATCH = 2000;

export interface SealBatchResult {
  /** false: another session holds the chain's seal lock; nothing was done. */
  locked: boolean;
  sealed: number;
  /** Highest audit_event.seq sealed in this batch (null if none). */
  lastEventSeq: string | null;
}

/**
 * Seals one batch of a chain inside the CALLER's transaction: takes the chain's transaction-scoped advisory
 * lock without waiting (a session that already holds the lock, like the synth loader's, gets it again), reads
 * the chain head and the committed events that have no link yet (write order, from `fromEventSeq` on),
 * computes each link's hash in order and inserts all links with one INSERT. Events are chained in the order
 * they are SEALED: an event whose transaction commits after later-written events were sealed gets a later
 * chain position than them. Its content hash is what protects it, not its position.
 */
export async function sealChainBatch(q: Queryable, chain: string, fromEventSeq = '0', limit = SEAL_BATCH): Promise<SealBatchResult> {
  const [{ locked }] = (await q.query(`SELECT pg_try_advisory_xact_lock(${CHAIN_LOCK_KEY_SQL}) AS locked`, [chain])) as Array<{
    locked: boolean;
  }>;
  if (!locked) return { locked: false, sealed: 0, lastEventSeq: null };
  const [head] = (await q.query(
    `SELECT l.seq::text AS seq, l.hash FROM audit_chain_link l WHERE l.chain = $1 ORDER BY l.seq DESC LIMIT 1`,
    [chain],
  )) as Array<{
    seq: string;
    hash: string;
  }>;
  // Qualified e.seq: the write-order column, sorted as a number (the text alias would sort '10' < '9').
  const events = (await q.query(
    `SELECT e.id::text AS id, e.seq::text AS "eventSeq", ${EVENT_CONTENT_SQL}
       FROM audit_event e
      WHERE e.chain = $1 AND e.seq >= $2::bigint
        AND NOT EXISTS (SELECT 1 FROM audit_chain_link l WHERE l.audit_event_id = e.id)
      ORDER BY e.seq
      LIMIT $3`,
    [chain, fromEventSeq, limit],
  )) as Array<AuditEventContent & { id: string; eventSeq: string }>;
  if (events.length === 0) return { locked: true, sealed: 0, lastEventSeq: null };

  let seq = head ? BigInt(head.seq) : 0n;
  let prevHash: string | null = head?.hash ?? null;
  const seqs: string[] = [];
  const ids: string[] = [];
  const prevs: Array<string | null> = [];
  const hashes: string[] = [];
  for (const event of events) {
    seq += 1n;
    const { id, eventSeq, ...content } = event;
    void eventSeq; // write order only; not part of the hashed content
    const hash = chainLinkHash(content, seq.toString(), prevHash);
    seqs.push(seq.toString());
    ids.push(id);
    prevs.push(prevHash);
    hashes.push(hash);
    prevHash = hash;
  }
  await q.query(
    `INSERT INTO audit_chain_link (chain, seq, audit_event_id, prev_hash, hash)
     SELECT $1, s.seq, s.event_id, s.prev_hash, s.hash FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[]) AS s(seq, event_id, prev_hash, hash)`,
    [chain, seqs, ids, prevs, hashes],
  );
  return { locked: true, sealed: events.length, lastEventSeq: events[events.length - 1].eventSeq };
}

/** hash of a link = SHA-256(canonical JSON of the event content + chain position + previous link's hash). */
export function chainLinkHash(content: AuditEventContent, seq: string, prevHash: string | null): string {
  return auditRowHash({ ...content, seq, prevHash });
}
