import { Module } from '@nestjs/common';
import { MaintenanceJobs, MaintenanceWorker } from './maintenance-jobs';

/**
 * The maintenance queue's registry and its one worker. Imported by the capabilities' worker modules only
 * (ExportsWorkerModule, ReportFactsWorkerModule, AuditWorkerModule), so it runs exactly where the workers run:
 * in the API process on the embedded default or with RUN_WORKERS, else in apps/worker.
 */
@Module({ providers: [MaintenanceJobs, MaintenanceWorker], exports: [MaintenanceJobs] })
export class MaintenanceModule {}
