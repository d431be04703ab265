import { Injectable } from '@nestjs/common';
import { pageLimit, RequestContext, TransactionService } from '@eid/core';
import { Clock } from '@eid/trial';
import { dataQualityReport } from './data-quality.report';
import { diseaseActivityReport } from './disease-activity.report';
import { dosingReport } from './dosing.report';
import { pmlRiskReport } from './pml-risk.report';
import { PmlRiskQueryDto } from './report-query.dto';
import { ReportScope, resolveReportScope } from './report-scope';

export type ReportName = 'disease-activity' | 'dosing' | 'pml-risk' | 'data-quality';

@Injectable()
export class ReportsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  /**
   * One REPEATABLE READ, READ ONLY transaction per report, so all its statements read one snapshot; it never writes
   * (no catch-up, no mark deleted, no row lock — it could run on a read replica) and states its freshness. Each report
   * is one or two analytic statements over the whole study: JIT compilation costs more than it saves at this
   * size (≈ 100–300 ms per statement), and 64 MB of work_mem keeps their sorts and hashes in memory — both
   * SET LOCAL, i.e. for this transaction only.
   */
  async build(name: ReportName, ctx: RequestContext, studyId: string, q: PmlRiskQueryDto) {
    const own = !ctx.inTransaction;
    return this.tx.run(
      ctx,
      async (ctx) => {
        if (own) await ctx.em.query('SET TRANSACTION READ ONLY');
        await ctx.em.query(`SET LOCAL jit = off`);
        await ctx.em.query(`SET LOCAL work_mem = '64MB'`);
        const scope = await resolveReportScope(ctx, studyId, q, this.clock.now());
        const report = await this.figures(name, ctx, scope, studyId, q);
        return { ...report, freshness: await freshness(ctx, scope) };
      },
      'REPEATABLE READ',
    );
  }

  private async figures(name: ReportName, ctx: RequestContext, scope: ReportScope, studyId: string, q: PmlRiskQueryDto) {
    switch (name) {
      case 'disease-activity':
        return diseaseActivityReport(ctx, scope);
      case 'dosing': {
        const [study] = (await ctx.em.query(`SELECT protocol_id AS id, protocol_version AS version FROM study WHERE id = $1`, [
          studyId,
        ])) as Array<{ id: string; version: string }>;
        return dosingReport(ctx, scope, study);
      }
      case 'pml-risk':
        return pmlRiskReport(ctx, scope, { limit: pageLimit(q), cursor: q.cursor });
      case 'data-quality':
        return dataQualityReport(ctx, scope);
    }
  }
}

/** How fresh a report is (issue 14 item 8): the facts are caught up by the worker, never by the report itself. */
export interface ReportFreshness {
  /** The instant of the report's snapshot (UTC). */
  asOf: string;
  /** Participants in scope with changes committed but not yet in the facts (the worker's catch-up runs every second). */
  pendingParticipants: number;
}

async function freshness(ctx: RequestContext, s: ReportScope): Promise<ReportFreshness> {
  const [r] = (await ctx.em.query(
    `SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS as_of,
            (SELECT count(*)::int FROM report_facts_pending m JOIN participant p ON p.id = m.participant_id
              WHERE p.study_id = $1 AND ($2::uuid[] IS NULL OR p.site_id = ANY($2::uuid[]))) AS pending`,
    [s.studyId, s.siteIds],
  )) as Array<{ as_of: string; pending: number }>;
  return { asOf: r.as_of, pendingParticipants: r.pending };
}
