import { Module } from '@nestjs/common';
import { TrialModule } from '@eid/trial';
import { ReportFactsCatchUp } from './report-facts-catch-up.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [TrialModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportFactsCatchUp],
  exports: [ReportsService, ReportFactsCatchUp],
})
export class ReportingModule {}
