import { Type } from '@nestjs/common';
import { AuditModule } from '@eid/audit';

/** Feature modules served over HTTP. Each owns its entities, DTOs, services and controllers (STYLE.md). */
export function featureModules(): Type[] {
  return [
    AuditModule,
  ];
}

/** Queue consumers; the API runs them in-process unless RUN_WORKERS=false (then apps/worker does). */
export function workerModules(): Type[] {
  return [];
}
