import { Module } from '@nestjs/common';
import { AuditSealer } from './audit-sealer.service';
import { AuditService } from './audit.service';

/**
 * The audit trail: AuditService for writers, AuditSealer chaining committed events. Loaded by the API and by
 * the worker (apps/api/src/feature-modules.ts), so every running process sweeps for unsealed events.
 */
@Module({
  providers: [AuditService, AuditSealer],
  exports: [AuditService, AuditSealer],
})
export class AuditModule {}
