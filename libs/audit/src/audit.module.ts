import { Module } from '@nestjs/common';
import { AuditSealer } from './audit-sealer.service';
import { AuditCheckpointer } from './anchor/audit-checkpointer.service';
import { AuditService } from './audit.service';

/**
 * The audit trail: AuditService for writers, AuditSealer chaining committed events. Loaded by the API and by
 * the worker (libs/platform/src/platform-modules.ts), so every running process sweeps for unsealed events; the
 * AuditCheckpointer signs the chain heads regularly (docs/security.md).
 */
@Module({
  providers: [AuditService, AuditSealer, AuditCheckpointer],
  exports: [AuditService, AuditSealer, AuditCheckpointer],
})
export class AuditModule {}
