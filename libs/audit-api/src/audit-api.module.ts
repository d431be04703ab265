import { Module } from '@nestjs/common';
import { AuditModule } from '@eid/audit';
import { AuditChainVerifier } from './audit-chain-verifier.service';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditVerificationService } from './audit-verification.service';
import { AuditController } from './audit.controller';
import { AuditQueryService } from './audit-query.service';

/** The audit trail's HTTP API: list with filters, chain verification (a job) and the signed checkpoints. */
@Module({
  // AuditSealer: verification seals pending events first.
  imports: [AuditModule],
  controllers: [AuditController],
  providers: [AuditQueryService, AuditChainVerifier, AuditVerificationService, AuditCheckpointService],
  exports: [AuditChainVerifier],
})
export class AuditApiModule {}
