import { Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { getSharedConfigToken } from '@nestjs/bullmq';
import { Job, Queue, Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { closeWorker, MaintenanceJobs, MaintenanceModule, QUEUES } from '@eid/core';
import { AuditModule, AuditVerification } from '@eid/audit';
import { AuditChainVerifier, SignedCheckpoint } from './audit-chain-verifier.service';
import { addVerificationJob, VerificationJobData, VerificationJobProgress } from './audit-verification.job';

/** A queued run from before anchors were kept, older than this and not in the queue, is lost (requeue). */
const LOST_AFTER_S = 60;
/** Maintenance job that enqueues again the runs still queued (requeue); the first run is at worker start. */
export const AUDIT_VERIFICATION_REQUEUE_JOB = 'audit-verification-requeue';
const REQUEUE_EVERY_MS = 60_000;

/**
 * Runs chain verifications (issue 16 item 4: "verification is a job with progress") where the workers run:
 * in the API process on the embedded default or with RUN_WORKERS, else in apps/worker. Progress goes to the
 * job (job.updateProgress) and to the run's row, which GET …/verifications/:id reads. One run at a time per
 * process: a run is ~12 s of CPU on a large chain, and more at once would only slow the API beside them.
 */
@Injectable()
export class AuditVerificationWorker implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AuditVerificationWorker.name);
  private worker: Worker<VerificationJobData> | undefined;
  private queue: Queue<VerificationJobData> | undefined;
  /** Set when shutdown begins: a run failing from then on was interrupted, not failed (process). */
  private stopping = false;

  constructor(
    @Inject(getSharedConfigToken()) private readonly bull: { connection: object; prefix?: string },
    private readonly dataSource: DataSource,
    private readonly verifier: AuditChainVerifier,
    private readonly maintenance: MaintenanceJobs,
  ) {}

  onModuleInit(): void {
    this.maintenance.register({ name: AUDIT_VERIFICATION_REQUEUE_JOB, everyMs: REQUEUE_EVERY_MS, run: () => this.requeue() });
  }

  private get common() {
    return { connection: this.bull.connection as never, prefix: this.bull.prefix };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.worker = new Worker<VerificationJobData>(QUEUES.auditVerification, (job) => this.process(job), { ...this.common, concurrency: 1 });
    this.worker.on('error', (e) => this.logger.warn({ err: e, queue: QUEUES.auditVerification }, 'Queue worker error (retrying)'));
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    const [worker, queue] = [this.worker, this.queue];
    this.worker = this.queue = undefined;
    await Promise.all([closeWorker(worker), closeWorker(queue)]);
  }

  /**
   * Never throws for a failed verification: the run is recorded as failed (a retry would fail the same way). Throws
   * only for a run interrupted by the process's shutdown, which is run again.
   */
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
      if (this.stopping) {
        // The process is closing its workers (the queue or database connection went from under the run): the run
        // did not fail. It keeps its `running` row; the closing worker records no outcome, the job's lock lapses and
        // the stalled-job check hands it to the next worker, which runs it again. Rethrown: returning would complete it.
        this.logger.log(
          { verificationId: id, reason: String(e) },
          'Audit verification interrupted by shutdown; the next worker runs it again',
        );
        throw e;
      }
      this.logger.error({ err: e, verificationId: id }, 'Audit verification failed');
      await repo
        .update(id, { status: 'failed', error: 'Verification could not complete; see the server log', finishedAt: new Date() })
        .catch(() => undefined);
    }
  }

  /**
   * Runs committed while the queue was unreachable (Redis down, and the API stopped before its add completed) are
   * enqueued again, with the anchors kept on their row; the run's id is the jobId, so a run already in the queue is
   * not added twice, and a run that is already done returns at once (process). A run from before anchors were kept
   * (NULL) is recorded as failed, asking for a new request, rather than re-run without the anchors it was asked to
   * check; those younger than LOST_AFTER_S may still be on their way.
   */
  async requeue(): Promise<{ requeued: number; failed: number }> {
    if (this.stopping) return { requeued: 0, failed: 0 };
    // Made on first use: the maintenance worker may run this before this class's onApplicationBootstrap.
    const queue = (this.queue ??= new Queue<VerificationJobData>(QUEUES.auditVerification, this.common));
    const rows = (await this.dataSource.query(
      `SELECT id, chain, anchors, created_at < now() - make_interval(secs => $1) AS old FROM audit_verification WHERE status = 'queued'`,
      [LOST_AFTER_S],
    )) as Array<{ id: string; chain: string; anchors: SignedCheckpoint[] | null; old: boolean }>;
    let [requeued, failed] = [0, 0];
    for (const { id, chain, anchors, old } of rows) {
      if (anchors) {
        await addVerificationJob(queue, { verificationId: id, chain, anchors });
        requeued++;
      } else if (old && !(await queue.getJob(id))) {
        await this.dataSource
          .getRepository(AuditVerification)
          .update(
            { id, status: 'queued' },
            { status: 'failed', error: 'The run never reached the job queue; request the verification again', finishedAt: new Date() },
          );
        failed++;
      }
    }
    return { requeued, failed };
  }
}

/** Worker-side module (libs/platform workerModules): the consumer of the audit-verification queue. */
@Module({ imports: [AuditModule, MaintenanceModule], providers: [AuditChainVerifier, AuditVerificationWorker] })
export class AuditVerificationWorkerModule {}
