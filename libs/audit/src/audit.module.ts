import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** The audit trail: AuditService for writers; the query/verify API is registered here too. */
@Module({
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
