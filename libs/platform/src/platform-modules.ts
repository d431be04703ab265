import { Type } from '@nestjs/common';
import { AuditModule, AuditWorkerModule } from '@eid/audit';
import { AuditApiModule, AuditVerificationWorkerModule } from '@eid/audit-api';
import { IdentityModule } from '@eid/identity';
import { TrialModule } from '@eid/trial';
import { QualityModule } from '@eid/quality';
import { DemoModule } from '@eid/demo';
import { DosingModule } from '@eid/dosing';
import { ReportFactsWorkerModule, ReportingModule } from '@eid/reporting';
import { ExportsModule, ExportsWorkerModule } from '@eid/exports';

/**
 * Feature modules of the platform: what the API serves over HTTP and the CLI uses in-process. Each owns its
 * entities, DTOs, services and controllers (STYLE.md).
 */
export function featureModules(): Type[] {
  return [
    AuditModule,
    AuditApiModule,
    IdentityModule,
    TrialModule,
    QualityModule,
    DosingModule,
    ReportingModule,
    ExportsModule,
    DemoModule,
  ];
}

/**
 * Queue consumers and scheduled jobs; the API runs them in-process unless RUN_WORKERS=false (then apps/worker does).
 * Periodic work is a BullMQ job scheduler on the maintenance queue, run by the one MaintenanceWorker of the process
 * (libs/core/src/queue/maintenance-jobs.ts): no timers.
 */
export function workerModules(): Type[] {
  return [
    // The sealer's sweep (events left unsealed by a process that died, docs/audit-trail.md) and the checkpoints.
    AuditWorkerModule,
    // Chain verification runs (POST …/verifications only enqueues).
    AuditVerificationWorkerModule,
    ExportsWorkerModule,
    // Catches up the report facts every second: reports only read (libs/reporting report-facts-catch-up.service.ts).
    ReportFactsWorkerModule,
  ];
}
