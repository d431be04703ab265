import { Type } from '@nestjs/common';
import { AuditModule } from '@eid/audit';
import { AuditApiModule } from '@eid/audit-api';
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

/** Queue consumers and scheduled jobs; the API runs them in-process unless RUN_WORKERS=false (then apps/worker does). */
export function workerModules(): Type[] {
  return [
    // Its AuditSealer sweep seals audit events left unsealed by a process that died (docs/audit-trail.md).
    AuditModule,
    ExportsWorkerModule,
    // Catches up the report facts every second: reports only read (libs/reporting report-facts-catch-up.service.ts).
    ReportFactsWorkerModule,
  ];
}
