import { Module } from '@nestjs/common';
import { AuditModule } from '../audit.module';
import { AuditChainVerifier } from './audit-chain-verifier.service';
import { AuditController } from './audit.controller';
import { AuditQueryService } from './audit-query.service';

/** The audit trail's HTTP API: list with filters, and chain verification. */
@Module({
  // AuditSealer: verification seals pending events first.
  imports: [AuditModule],
  controllers: [AuditController],
  providers: [AuditQueryService, AuditChainVerifier],
  exports: [AuditChainVerifier],
})
export class AuditApiModule {}
