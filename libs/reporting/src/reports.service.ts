import { Injectable } from '@nestjs/common';
import { RequestContext, TransactionService } from '@eid/core';
import { Clock } from '@eid/trial';
import { dataQualityReport } from './data-quality.report';
import { diseaseActivityReport } from './disease-activity.report';
import { dosingReport } from './dosing.report';
import { pmlRiskReport } from './pml-risk.report';
import { PmlRiskQueryDto } from './report-query.dto';
import { ReportFactsCatchUp } from './report-facts-catch-up.service';
import { resolveReportScope } from './report-scope';

export type ReportName = 'disease-activity' | 'dosing' | 'pml-risk' | 'data-quality';

@Injectable()
export class ReportsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    private readonly facts: ReportFactsCatchUp,
  ) {}

  /**
   * One REPEATABLE READ, READ ONLY transaction per report, so all its statements read one snapshot. Each report
   * is one or two analytic statements over the whole study: JIT compilation costs more than it saves at this
   * size (≈ 100–300 ms per statement), and 64 MB of work_mem keeps their sorts and hashes in memory — both
   * SET LOCAL, i.e. for this transaction only.
   */
  async build(name: ReportName, ctx: RequestContext, studyId: string, q: PmlRiskQueryDto) {
    // The facts first (their own short transactions): the report then includes every change committed before it.
    await this.facts.catchUp();
    const own = !ctx.inTransaction;
    return this.tx.run(ctx, async (ctx) => {
      if (own) await ctx.em.query('SET TRANSACTION READ ONLY');
      await ctx.em.query(`SET LOCAL jit = off`);
      await ctx.em.query(`SET LOCAL work_mem = '64MB'`);
      const scope = await resolveReportScope(ctx, studyId, q, this.clock.now());
      switch (name) {
        case 'disease-activity':
          return diseaseActivityReport(ctx, scope);
        case 'dosing': {
          const [study] = (await ctx.em.query(`SELECT protocol_id AS id, protocol_version AS version FROM study WHERE id = $1`, [studyId])) as Array<{ id: string; version: string }>;
          return dosingReport(ctx, scope, study);
        }
        case 'pml-risk':
          return pmlRiskReport(ctx, scope, { limit: q.limit ?? 100, cursor: q.cursor });
        case 'data-quality':
          return dataQualityReport(ctx, scope);
      }
    }, 'REPEATABLE READ');
  }
}
