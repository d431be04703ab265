import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditSealer } from '../audit-sealer.service';
import { AuditEventContent, chainLinkHash, EVENT_CONTENT_SQL } from '../chain-sealing';

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

export interface ChainReport {
  chain: string;
  checkedEvents: number;
  /** No broken link and no event left unsealed past the grace period. */
  intact: boolean;
  firstBrokenLink: ChainBreak | null;
  unsealed: UnsealedFinding | null;
  lastHash: string | null;
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
  ) {}

  async verify(chain: string): Promise<ChainReport> {
    await this.sealer.sealPending(chain, { deep: true, waitMs: SEAL_WAIT_MS });
    const walked = await this.walk(chain);
    const unsealed = await this.unsealed(chain);
    return { chain, ...walked, intact: walked.firstBrokenLink === null && unsealed === null, unsealed };
  }

  private async walk(chain: string): Promise<Pick<ChainReport, 'checkedEvents' | 'firstBrokenLink' | 'lastHash'>> {
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
      )) as Array<AuditEventContent & { linkSeq: string; eventId: string; linkPrevHash: string | null; linkHash: string; missing: boolean }>;
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
