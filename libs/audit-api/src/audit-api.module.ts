import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { QUEUES } from '@eid/core';
import { AuditModule } from '@eid/audit';
import { AuditChainVerifier } from './audit-chain-verifier.service';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditVerificationService } from './audit-verification.service';
import { AuditController } from './audit.controller';
import { AuditQueryService } from './audit-query.service';

/** The audit trail's HTTP API: list with filters, chain verification (a job) and the signed checkpoints. */
@Module({
  // The API enqueues verification runs; AuditVerificationWorkerModule (a worker module) runs them.
  imports: [AuditModule, BullModule.registerQueue({ name: QUEUES.auditVerification })],
  controllers: [AuditController],
  providers: [AuditQueryService, AuditChainVerifier, AuditVerificationService, AuditCheckpointService],
  exports: [AuditChainVerifier],
})
export class AuditApiModule {}
