import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { auditRowHash, ChainedAuditFields } from '../canonical-json';

export interface ChainBreak {
  seq: string;
  id: string;
  /** hash-mismatch: the row was altered; prev-hash-mismatch / sequence-gap: a row before it was removed or altered. */
  problem: 'hash-mismatch' | 'prev-hash-mismatch' | 'sequence-gap';
  occurredAt: string;
}

export interface ChainReport {
  chain: string;
  checkedEvents: number;
  intact: boolean;
  firstBrokenLink: ChainBreak | null;
  lastHash: string | null;
}

const BATCH = 2000;

/** Re-computes a chain from its first row and reports the first link that does not hold. */
@Injectable()
export class AuditChainVerifier {
  constructor(private readonly dataSource: DataSource) {}

  async verify(chain: string): Promise<ChainReport> {
    let prevHash: string | null = null;
    let prevSeq = 0n;
    let checked = 0;
    for (;;) {
      const rows = (await this.dataSource.query(
        // Qualified e.seq in ORDER BY: the bare name would sort by the text alias ('10' < '2').
        `SELECT id::text AS id, chain, seq::text AS seq,
                to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt",
                actor_user_id AS "actorUserId", actor_role AS "actorRole", actor_site_id AS "actorSiteId", action,
                entity_type AS "entityType", entity_id AS "entityId", study_id AS "studyId", site_id AS "siteId",
                participant_id AS "participantId", changes, reason, correlation_id AS "correlationId", client_ip AS "clientIp",
                prev_hash AS "prevHash", hash
           FROM audit_event e WHERE e.chain = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3`,
        [chain, prevSeq.toString(), BATCH],
      )) as Array<ChainedAuditFields & { id: string; hash: string }>;
      for (const row of rows) {
        const { id, hash, ...fields } = row;
        const seq = BigInt(row.seq);
        const brk = (problem: ChainBreak['problem']): ChainReport => ({
          chain,
          checkedEvents: checked,
          intact: false,
          firstBrokenLink: { seq: row.seq, id, problem, occurredAt: row.occurredAt },
          lastHash: prevHash,
        });
        if (seq !== prevSeq + 1n) return brk('sequence-gap');
        if (row.prevHash !== prevHash) return brk('prev-hash-mismatch');
        if (auditRowHash(fields) !== hash) return brk('hash-mismatch');
        prevHash = hash;
        prevSeq = seq;
        checked++;
      }
      if (rows.length < BATCH) return { chain, checkedEvents: checked, intact: true, firstBrokenLink: null, lastHash: prevHash };
    }
  }
}
