export * from './audit-action';
export * from './audit-event.entity';
export * from './audit-chain-link.entity';
export * from './audit-sealer.service';
export * from './chain-sealing';
export * from './anchor/anchor-signature';
export * from './anchor/audit-checkpoint.entity';
export * from './anchor/audit-verification.entity';
export * from './anchor/audit-checkpointer.service';
export * from './audit.module';
export * from './audit.service';
export * from './canonical-json';
export * from './diff-changes';
// Last: the HTTP API depends on @eid/identity (route policies), which itself depends on AuditService above.
// Keeping it last lets either library be loaded first without a half-initialised import cycle.
export * from './api/audit-api.module';
export * from './api/audit-chain-verifier.service';
export * from './api/audit-verification.service';
