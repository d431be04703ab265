import { Injectable } from '@nestjs/common';
import { AppError, RequestContext, TransactionService } from '@eid/core';
import { evaluateShadowDecisions, ShadowDecision, summariseShadow } from '@eid/domain';
import { assertCan } from '@eid/identity';
import { assertRealTimeViewAllowed, Participant, ParticipantAccessService, SiteCalendar } from '@eid/trial';
import { DosingHistoryService } from '../dosing-history.service';
import { ShadowMipdReportDto } from './shadow-mipd.dto';

export const SHADOW_MIPD_DEFINITION =
  "Current (not superseded) decisions. Interval prediction error PE = (interval − reference) / reference × 100 %, mean (signed) and mean |PE|, for the protocol's proposed " +
  "interval and the PK model's recommendation stored with each decision. Reference = the interval the same model recommends at the same " +
  'target from all troughs up to today (point rule, docs/science/pk-model.md §3d); a decision counts once a trough at the new interval exists ' +
  '(whole weeks since its preceding infusion = the chosen interval, counted from the last infusion before the decision). ' +
  "[derived] from van den Berg et al. 2025 (mean prediction error of the chosen interval, 4.8 % vs 24 %); the paper's exact reference procedure is unconfirmed.";

interface Row {
  id: string;
  participant_id: string;
  decided_on: string;
  proposed_interval_weeks: number;
  interval_weeks: number;
  shadow_interval_weeks: number | null;
  shadow_model_id: string | null;
  shadow_target_ug_per_ml: number | null;
}

/**
 * GET /studies/:studyId/reports/shadow-mipd — protocol vs model, per participant and pooled (issue 15 item 8).
 * Site scope as every report: investigators see their sites; another site's participant is 404.
 */
@Injectable()
export class ShadowMipdService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ParticipantAccessService,
    private readonly histories: DosingHistoryService,
    private readonly calendar: SiteCalendar,
  ) {}

  async report(ctx: RequestContext, studyId: string, participantId?: string): Promise<ShadowMipdReportDto> {
    return this.tx.run(ctx, async (ctx) => {
      assertCan(ctx, 'read', studyId);
      // Computed as of the real today: refused to readers whose dates are shifted (date-shift.ts).
      await assertRealTimeViewAllowed(ctx, ctx.em, { studyId, siteId: null });
      const protocol = await this.access.protocolOf(ctx, studyId);
      const scope = ctx.siteScope(studyId);
      if (participantId) {
        const p = await this.access.loadVisible(ctx, participantId);
        if (p.studyId !== studyId) throw AppError.notFound('Participant', participantId);
      }
      const rows = (await ctx.em.query(
        `SELECT id, participant_id, decided_on::text AS decided_on, proposed_interval_weeks, interval_weeks, shadow_interval_weeks, shadow_model_id, shadow_target_ug_per_ml
           FROM dosing_decision
          WHERE study_id = $1 AND superseded_at IS NULL AND ($2::uuid[] IS NULL OR site_id = ANY($2::uuid[])) AND ($3::uuid IS NULL OR participant_id = $3::uuid)
          ORDER BY participant_id, decided_on, created_at`,
        [studyId, scope === 'all' ? null : scope, participantId ?? null],
      )) as Row[];
      const byParticipant = new Map<string, Row[]>();
      for (const r of rows) byParticipant.set(r.participant_id, [...(byParticipant.get(r.participant_id) ?? []), r]);
      const bounds = { minIntervalWeeks: protocol.dosing.minIntervalWeeks.value, maxIntervalWeeks: protocol.dosing.maxIntervalWeeks.value };
      const participants = [];
      for (const [pid, list] of byParticipant) {
        const participant = await ctx.em.getRepository(Participant).findOneByOrFail({ id: pid });
        const history = await this.histories.historyOf(ctx, participant);
        const asOf = await this.calendar.today(ctx.em, participant.siteId); // the participant's site-local date
        const decisions: ShadowDecision[] = list.map((r) => ({
          decisionId: r.id,
          decidedOn: r.decided_on,
          protocolIntervalWeeks: r.proposed_interval_weeks,
          chosenIntervalWeeks: r.interval_weeks,
          modelIntervalWeeks: r.shadow_interval_weeks,
          modelId: r.shadow_model_id,
          targetUgPerMl: r.shadow_target_ug_per_ml,
        }));
        const evaluations = evaluateShadowDecisions(history, decisions, bounds, asOf);
        participants.push({
          participantId: pid,
          code: participant.code,
          asOf,
          decisions: evaluations,
          summary: summariseShadow(evaluations),
        });
      }
      return {
        studyId,
        definition: SHADOW_MIPD_DEFINITION,
        pooled: summariseShadow(participants.flatMap((p) => p.decisions)),
        participants,
      };
    });
  }
}
