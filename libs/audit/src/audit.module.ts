import { Module } from '@nestjs/common';
import { AuditSealer } from './audit-sealer.service';
import { AuditCheckpointer } from './anchor/audit-checkpointer.service';
import { AuditService } from './audit.service';

/**
 * The audit trail: AuditService for writers, AuditSealer chaining committed events (after commit, in every process
 * that writes), AuditCheckpointer signing the chain heads (docs/security.md). Their periodic runs are maintenance
 * jobs of the worker (AuditWorkerModule).
 */
@Module({
  providers: [AuditService, AuditSealer, AuditCheckpointer],
  exports: [AuditService, AuditSealer, AuditCheckpointer],
})
export class AuditModule {}
