import { Type } from '@nestjs/common';
import { AuditApiModule, AuditModule } from '@eid/audit';
import { IdentityModule } from '@eid/identity';
import { TrialModule } from '@eid/trial';
import { QualityModule } from '@eid/quality';
import { DemoModule } from '@eid/demo';
import { DosingModule } from '@eid/dosing';
import { ReportFactsWorkerModule, ReportingModule } from '@eid/reporting';
import { ExportsModule, ExportsWorkerModule } from '@eid/exports';
import { WebModule } from './web/web.module';

/** Feature modules served over HTTP. Each owns its entities, DTOs, services and controllers (STYLE.md). */
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
    // Serves the web app at /; it hooks in after every API route is mounted (web/web.module.ts).
    WebModule,
  ];
}

/** Queue consumers; the API runs them in-process unless RUN_WORKERS=false (then apps/worker does). */
export function workerModules(): Type[] {
  return [
    // Its AuditSealer sweep seals audit events left unsealed by a process that died (docs/audit-trail.md).
    AuditModule,
    ExportsWorkerModule,
    // Catches up the report facts every second: reports only read (libs/reporting report-facts-catch-up.service.ts).
    ReportFactsWorkerModule,
  ];
}
