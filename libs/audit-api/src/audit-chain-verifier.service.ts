import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@eid/core';
import { AuditEventContent, AuditSealer, chainLinkHash, CheckpointClaim, checkpointSignatureValid, EVENT_CONTENT_SQL } from '@eid/audit';

export interface ChainBreak {
  /** Chain position of the first link that does not hold. */
  seq: string;
  /** The audit event that link seals. */
  id: string;
  /**
   * hash-mismatch: the event's content (or the link's hash) was altered; event-missing: the sealed event was
   * deleted; prev-hash-mismatch / sequence-gap: a link before it was removed or altered.
   */
  problem: 'hash-mismatch' | 'event-missing' | 'prev-hash-mismatch' | 'sequence-gap';
  /** null when the event is missing. */
  occurredAt: string | null;
}

export interface UnsealedFinding {
  /** Events written more than UNSEALED_GRACE_S seconds ago that still have no link after sealing. */
  count: number;
  oldestId: string;
  oldestOccurredAt: string;
}

/** A signed checkpoint (from audit_checkpoint, or an exported copy handed in) as verification sees it. */
export interface SignedCheckpoint extends CheckpointClaim {
  signature: string;
}

export interface CheckpointFailure {
  seq: string;
  createdAt: string;
  /**
   * bad-signature: not signed with this deployment's anchor key (forged or altered checkpoint);
   * tail-cut: the chain ends before a position it was anchored at (its newest links were removed);
   * head-differs: the link at that position has another hash (the chain was rewritten and recomputed).
   */
  problem: 'bad-signature' | 'tail-cut' | 'head-differs';
}

export interface CheckpointFindings {
  /** Checkpoints checked (the database's and any exported ones handed in). */
  checked: number;
  latestSeq: string | null;
  latestAt: string | null;
  firstFailure: CheckpointFailure | null;
}

export interface ChainReport {
  chain: string;
  checkedEvents: number;
  /** No broken link, no failed checkpoint and no event left unsealed past the grace period. */
  intact: boolean;
  firstBrokenLink: ChainBreak | null;
  unsealed: UnsealedFinding | null;
  checkpoints: CheckpointFindings;
  lastHash: string | null;
}

export interface VerifyOptions {
  /** Checkpoints exported earlier (kept outside the database); checked like the stored ones. */
  anchors?: SignedCheckpoint[];
  /** Called after each batch of links with the number checked so far. */
  onProgress?: (checkedLinks: number) => Promise<void> | void;
}

const BATCH = 2000;
/** Sealing normally follows commit within ~2 s; older unlinked events are a finding. */
export const UNSEALED_GRACE_S = 5;
/** How long verification waits for another session that is sealing the chain. */
const SEAL_WAIT_MS = 3000;

/** Seals what is pending, then re-computes a chain from its first link and reports the first link that does not hold. */
@Injectable()
export class AuditChainVerifier {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sealer: AuditSealer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async verify(chain: string, options: VerifyOptions = {}): Promise<ChainReport> {
    await this.sealer.sealPending(chain, { deep: true, waitMs: SEAL_WAIT_MS });
    const walked = await this.walk(chain, options.onProgress);
    const unsealed = await this.unsealed(chain);
    const checkpoints = await this.checkCheckpoints(chain, options.anchors ?? []);
    const intact = walked.firstBrokenLink === null && unsealed === null && checkpoints.firstFailure === null;
    return { chain, ...walked, intact, unsealed, checkpoints };
  }

  /** Number of links of a chain (the progress denominator). */
  async linkCount(chain: string): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT coalesce(max(seq), 0)::int AS n FROM audit_chain_link WHERE chain = $1`, [chain]);
    return row.n;
  }

  /**
   * Every checkpoint must carry a valid signature, and the chain must still have, at the checkpoint's
   * position, a link with the anchored hash. The links themselves were re-computed from the events by walk().
   */
  private async checkCheckpoints(chain: string, anchors: SignedCheckpoint[]): Promise<CheckpointFindings> {
    const stored = (await this.dataSource.query(
      `SELECT c.chain, c.seq::text AS seq, c.head_hash AS "headHash", c.signature,
              to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"
         FROM audit_checkpoint c WHERE c.chain = $1`,
      [chain],
    )) as SignedCheckpoint[];
    const all = [...stored, ...anchors.filter((a) => a.chain === chain)].sort((a, b) =>
      BigInt(a.seq) < BigInt(b.seq) ? -1 : BigInt(a.seq) > BigInt(b.seq) ? 1 : 0,
    );
    const links = new Map<string, string>(
      all.length === 0
        ? []
        : (
            (await this.dataSource.query(
              `SELECT seq::text AS seq, hash FROM audit_chain_link WHERE chain = $1 AND seq = ANY($2::bigint[])`,
              [chain, all.map((c) => c.seq)],
            )) as Array<{
              seq: string;
              hash: string;
            }>
          ).map((l) => [l.seq, l.hash]),
    );
    let firstFailure: CheckpointFailure | null = null;
    for (const c of all) {
      const problem = !checkpointSignatureValid(this.config.auditAnchorKey, c, c.signature)
        ? 'bad-signature'
        : !links.has(c.seq)
          ? 'tail-cut'
          : links.get(c.seq) !== c.headHash
            ? 'head-differs'
            : null;
      if (problem) {
        firstFailure = { seq: c.seq, createdAt: c.createdAt, problem };
        break;
      }
    }
    const latest = stored.length ? stored.reduce((a, b) => (BigInt(b.seq) > BigInt(a.seq) ? b : a)) : null;
    return { checked: all.length, latestSeq: latest?.seq ?? null, latestAt: latest?.createdAt ?? null, firstFailure };
  }

  private async walk(
    chain: string,
    onProgress?: VerifyOptions['onProgress'],
  ): Promise<Pick<ChainReport, 'checkedEvents' | 'firstBrokenLink' | 'lastHash'>> {
    let prevHash: string | null = null;
    let prevSeq = 0n;
    let checked = 0;
    for (;;) {
      // LEFT JOIN: a link whose event was deleted (possible only with every trigger disabled) still shows.
      const rows = (await this.dataSource.query(
        `SELECT l.seq::text AS "linkSeq", l.audit_event_id::text AS "eventId", l.prev_hash AS "linkPrevHash", l.hash AS "linkHash",
                e.id IS NULL AS missing, ${EVENT_CONTENT_SQL}
           FROM audit_chain_link l LEFT JOIN audit_event e ON e.id = l.audit_event_id
          WHERE l.chain = $1 AND l.seq > $2::bigint
          ORDER BY l.seq
          LIMIT $3`,
        [chain, prevSeq.toString(), BATCH],
      )) as Array<
        AuditEventContent & { linkSeq: string; eventId: string; linkPrevHash: string | null; linkHash: string; missing: boolean }
      >;
      for (const row of rows) {
        const { linkSeq, eventId, linkPrevHash, linkHash, missing, ...content } = row;
        const seq = BigInt(linkSeq);
        const brk = (problem: ChainBreak['problem']) => ({
          checkedEvents: checked,
          firstBrokenLink: { seq: linkSeq, id: eventId, problem, occurredAt: missing ? null : content.occurredAt },
          lastHash: prevHash,
        });
        if (seq !== prevSeq + 1n) return brk('sequence-gap');
        if (linkPrevHash !== prevHash) return brk('prev-hash-mismatch');
        if (missing) return brk('event-missing');
        if (chainLinkHash(content, linkSeq, linkPrevHash) !== linkHash) return brk('hash-mismatch');
        prevHash = linkHash;
        prevSeq = seq;
        checked++;
      }
      if (rows.length < BATCH) return { checkedEvents: checked, firstBrokenLink: null, lastHash: prevHash };
      await onProgress?.(checked);
    }
  }

  private async unsealed(chain: string): Promise<UnsealedFinding | null> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS count, (array_agg(e.id::text ORDER BY e.id))[1] AS "oldestId",
              to_char(min(e.occurred_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "oldestOccurredAt"
         FROM audit_event e
        WHERE e.chain = $1 AND e.occurred_at < clock_timestamp() - make_interval(secs => $2)
          AND NOT EXISTS (SELECT 1 FROM audit_chain_link l WHERE l.audit_event_id = e.id)`,
      [chain, UNSEALED_GRACE_S],
    )) as Array<{ count: number; oldestId: string | null; oldestOccurredAt: string | null }>;
    return row.count > 0 ? { count: row.count, oldestId: row.oldestId!, oldestOccurredAt: row.oldestOccurredAt! } : null;
  }
}
