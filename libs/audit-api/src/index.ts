// The audit trail's HTTP API: queries, chain verification jobs, checkpoints. Its own library because it depends
// on @eid/identity (route policies), which itself records audit events through @eid/audit.
export * from './audit-api.module';
export * from './audit-chain-verifier.service';
export * from './audit-verification.service';
export * from './audit-verification.job';
export * from './audit-verification.worker';
