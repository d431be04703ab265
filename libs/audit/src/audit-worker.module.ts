import { Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig, MaintenanceJobs, MaintenanceModule } from '@eid/core';
import { AuditModule } from './audit.module';
import { AuditSealer, SEAL_SWEEP_MS } from './audit-sealer.service';
import { AuditCheckpointer } from './anchor/audit-checkpointer.service';

/** Maintenance job names of the audit trail (MaintenanceJobs). */
export const AUDIT_SEAL_SWEEP_JOB = 'audit-seal-sweep';
export const AUDIT_CHECKPOINT_JOB = 'audit-checkpoint';

/**
 * The audit trail's background work as maintenance jobs (docs/audit-trail.md): the sealer's sweep, which seals
 * events a process left unsealed when it died (the after-commit seal stays in every process that writes), and the
 * signed checkpoints of the chain heads every AUDIT_CHECKPOINT_SECONDS (docs/security.md).
 */
@Injectable()
export class AuditMaintenance implements OnModuleInit {
  constructor(
    private readonly maintenance: MaintenanceJobs,
    private readonly sealer: AuditSealer,
    private readonly checkpointer: AuditCheckpointer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.maintenance.register({ name: AUDIT_SEAL_SWEEP_JOB, everyMs: SEAL_SWEEP_MS, run: () => this.sealer.sweepNow() });
    this.maintenance.register({
      name: AUDIT_CHECKPOINT_JOB,
      everyMs: this.config.auditCheckpointSeconds * 1000,
      run: () => this.checkpointer.checkpointNow(),
    });
  }
}

/** Worker-side module (libs/platform workerModules): the audit trail's sweep and checkpoints. */
@Module({ imports: [AuditModule, MaintenanceModule], providers: [AuditMaintenance] })
export class AuditWorkerModule {}
