import { Module } from '@nestjs/common';
import { TrialModule } from '@eid/trial';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [TrialModule],
  controllers: [ReportsController],
  providers: [ReportsService],
  exports: [ReportsService],
})
export class ReportingModule {}
