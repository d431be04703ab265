import { Module, OnModuleInit, Optional } from '@nestjs/common';
import { AuditModule } from '@eid/audit';
import { ScopeResolverRegistry } from '@eid/identity';
import { TrialModule } from '@eid/trial';
import { OverdueController } from './overdue/overdue.controller';
import { OverdueService } from './overdue/overdue.service';
import { ScheduleDeviationsController } from './schedule-deviations/schedule-deviations.controller';
import { ScheduleDeviationsService } from './schedule-deviations/schedule-deviations.service';
import { QueriesController } from './queries/queries.controller';
import { QueryCorrectionListener } from './queries/query-correction.listener';
import { QueryService } from './queries/query.service';
import { QuerySummaryService } from './queries/query-summary.service';
import { SignatureBreakListener } from './signatures/signature-break.listener';
import { SignatureService } from './signatures/signature.service';
import { SignaturesController } from './signatures/signatures.controller';

/** Data quality and monitoring (issue #5): queries, electronic signatures, overdue lists. */
@Module({
  imports: [AuditModule, TrialModule],
  controllers: [QueriesController, SignaturesController, OverdueController, ScheduleDeviationsController],
  providers: [
    QueryService,
    QuerySummaryService,
    QueryCorrectionListener,
    SignatureService,
    SignatureBreakListener,
    OverdueService,
    ScheduleDeviationsService,
  ],
  exports: [QueryService, SignatureService, OverdueService],
})
export class QualityModule implements OnModuleInit {
  constructor(@Optional() private readonly scopeResolvers?: ScopeResolverRegistry) {}

  /** `:queryId` routes: the query carries study and site, so the AuthGuard answers 404 outside the caller's sites. */
  onModuleInit(): void {
    this.scopeResolvers?.register('queryId', async (em, id) => {
      const rows = (await em.query('SELECT study_id AS "studyId", site_id AS "siteId" FROM data_query WHERE id = $1', [id])) as Array<{
        studyId: string;
        siteId: string;
      }>;
      return rows[0] ?? null;
    });
  }
}
