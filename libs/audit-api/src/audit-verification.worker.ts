import { Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { getSharedConfigToken } from '@nestjs/bullmq';
import { Job, Queue, Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { closeWorker, QUEUES } from '@eid/core';
import { AuditModule, AuditVerification } from '@eid/audit';
import { AuditChainVerifier } from './audit-chain-verifier.service';
import { VerificationJobData, VerificationJobProgress } from './audit-verification.job';

/** A queued run older than this whose job is not in the queue is lost (failLost). */
const LOST_AFTER_S = 60;

/**
 * Runs chain verifications (issue 16 item 4: "verification is a job with progress") where the workers run:
 * in the API process on the embedded default or with RUN_WORKERS, else in apps/worker. Progress goes to the
 * job (job.updateProgress) and to the run's row, which GET …/verifications/:id reads. One run at a time per
 * process: a run is ~12 s of CPU on a large chain, and more at once would only slow the API beside them.
 */
@Injectable()
export class AuditVerificationWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AuditVerificationWorker.name);
  private worker: Worker<VerificationJobData> | undefined;

  constructor(
    @Inject(getSharedConfigToken()) private readonly bull: { connection: object; prefix?: string },
    private readonly dataSource: DataSource,
    private readonly verifier: AuditChainVerifier,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const common = { connection: this.bull.connection as never, prefix: this.bull.prefix };
    this.worker = new Worker<VerificationJobData>(QUEUES.auditVerification, (job) => this.process(job), { ...common, concurrency: 1 });
    this.worker.on('error', (e) => this.logger.warn({ err: e, queue: QUEUES.auditVerification }, 'Queue worker error (retrying)'));
    await this.failLost(common).catch((e) => this.logger.warn({ err: e }, 'Checking for lost verification runs failed'));
  }

  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await closeWorker(worker);
  }

  /** Never throws for a failed verification: the run is recorded as failed (a retry would fail the same way). */
  async process(job: Pick<Job<VerificationJobData>, 'data' | 'updateProgress'>): Promise<void> {
    const { verificationId: id, chain, anchors } = job.data;
    const repo = this.dataSource.getRepository(AuditVerification);
    try {
      const row = await repo.findOneBy({ id });
      if (!row || row.status === 'done' || row.status === 'failed') return;
      await repo.update(id, { status: 'running' });
      const progress = async (checkedLinks: number) =>
        job.updateProgress({ checkedLinks, totalLinks: row.totalLinks } satisfies VerificationJobProgress);
      const report = await this.verifier.verify(chain, {
        anchors,
        onProgress: async (checked) => {
          await repo.update(id, { checkedLinks: checked });
          await progress(checked);
        },
      });
      await repo.update(id, { status: 'done', checkedLinks: report.checkedEvents, report: report as never, finishedAt: new Date() });
      await progress(report.checkedEvents);
    } catch (e) {
      this.logger.error({ err: e, verificationId: id }, 'Audit verification failed');
      await repo
        .update(id, { status: 'failed', error: 'Verification could not complete; see the server log', finishedAt: new Date() })
        .catch(() => undefined);
    }
  }

  /**
   * A run whose job never reached the queue (the API died while Redis was down) would stay `queued` for ever: it
   * is recorded as failed, asking for a new request, rather than re-run without the anchors it was asked to check
   * (they are in the job, not in the row). Runs younger than LOST_AFTER_S may still be on their way.
   */
  private async failLost(common: { connection: never; prefix?: string }): Promise<void> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM audit_verification WHERE status = 'queued' AND created_at < now() - make_interval(secs => $1)`,
      [LOST_AFTER_S],
    )) as Array<{ id: string }>;
    if (!rows.length) return;
    const queue = new Queue<VerificationJobData>(QUEUES.auditVerification, common);
    try {
      for (const { id } of rows) {
        if (await queue.getJob(id)) continue;
        await this.dataSource
          .getRepository(AuditVerification)
          .update(
            { id, status: 'queued' },
            { status: 'failed', error: 'The run never reached the job queue; request the verification again', finishedAt: new Date() },
          );
      }
    } finally {
      await closeWorker(queue);
    }
  }
}

/** Worker-side module (libs/platform workerModules): the consumer of the audit-verification queue. */
@Module({ imports: [AuditModule], providers: [AuditChainVerifier, AuditVerificationWorker] })
export class AuditVerificationWorkerModule {}
