import { Injectable } from '@nestjs/common';
import { RequestContext, TransactionService } from '@eid/core';
import { Clock } from '@eid/trial';
import { dataQualityReport } from './data-quality.report';
import { diseaseActivityReport } from './disease-activity.report';
import { dosingReport } from './dosing.report';
import { pmlRiskReport } from './pml-risk.report';
import { PmlRiskQueryDto } from './report-query.dto';
import { resolveReportScope } from './report-scope';

export type ReportName = 'disease-activity' | 'dosing' | 'pml-risk' | 'data-quality';

@Injectable()
export class ReportsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  /** One read transaction per report, so its figures come from one snapshot. */
  async build(name: ReportName, ctx: RequestContext, studyId: string, q: PmlRiskQueryDto) {
    return this.tx.run(ctx, async (ctx) => {
      const scope = await resolveReportScope(ctx, studyId, q, this.clock.today());
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
    });
  }
}
