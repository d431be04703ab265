import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RequestContext } from '@eid/core';
import { DecisionRecord, ParticipantHistory } from '@eid/domain';
import { Participant, ParticipantHistoryService } from '@eid/trial';

/**
 * The participant history the dosing engine reads: the eCRF (trial module's adapter) plus the confirmed and
 * overridden decisions of `dosing_decision`, so the next proposal counts from the last decision (docs/science/protocols.md
 * "since the last interval decision"; A5 troughs at the current interval since it changed). Exported for any
 * module that needs the complete history (reports) without importing the trial adapter's internals.
 */
@Injectable()
export class DosingHistoryService {
  constructor(private readonly trialHistory: ParticipantHistoryService) {}

  /**
   * Current (not superseded) decisions of one participant as history records, oldest first, with the rule of the
   * proposal each answered and the ids of the activity records it saw (issue 13: activity is answered only by a
   * decision that saw it; a decision on the activity rule restarts the trough count).
   */
  async decisionsOf(em: EntityManager, participantId: string): Promise<DecisionRecord[]> {
    const rows = (await em.query(
      `SELECT to_char(d.decided_on, 'YYYY-MM-DD') AS date, d.interval_weeks AS "intervalWeeks", d.proposal->>'rule' AS rule,
              d.seen_activity_ids::text[] AS "seenActivityIds"
         FROM dosing_decision d
        WHERE d.participant_id = $1 AND d.superseded_at IS NULL
        ORDER BY d.decided_on, d.created_at`,
      [participantId],
    )) as { date: string; intervalWeeks: number; rule: string | null; seenActivityIds: string[] | null }[];
    return rows.map((r) => ({
      date: r.date,
      intervalWeeks: r.intervalWeeks,
      ...(r.rule ? { rule: r.rule } : {}),
      ...(r.seenActivityIds ? { seenActivityIds: r.seenActivityIds } : {}),
    }));
  }
  /** For a participant already loaded and scope-checked in the caller's transaction. */
  async historyOf(ctx: RequestContext, participant: Participant): Promise<ParticipantHistory> {
    // Sequential: both run on the transaction's single connection.
    const history = await this.trialHistory.historyOf(ctx, participant);
    const decisions = await this.decisionsOf(ctx.em, participant.id);
    return { ...history, decisions: [...(history.decisions ?? []), ...decisions] };
  }
}
