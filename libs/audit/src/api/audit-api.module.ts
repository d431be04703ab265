import { Module } from '@nestjs/common';
import { AuditChainVerifier } from './audit-chain-verifier.service';
import { AuditController } from './audit.controller';
import { AuditQueryService } from './audit-query.service';

/** The audit trail's HTTP API: list with filters, and chain verification. */
@Module({
  controllers: [AuditController],
  providers: [AuditQueryService, AuditChainVerifier],
  exports: [AuditChainVerifier],
})
export class AuditApiModule {}
