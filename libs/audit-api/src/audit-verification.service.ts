import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppError, QUEUES, RequestContext } from '@eid/core';
import { AuditVerification } from '@eid/audit';
import { AuditChainVerifier, SignedCheckpoint } from './audit-chain-verifier.service';
import { addVerificationJob, VerificationJobData } from './audit-verification.job';

/** A run still queued or running younger than this is reused instead of starting another one. */
const REUSE_RUNNING_MS = 10 * 60_000;
/** How long a request waits for the queue (Redis may be down): the add completes in the background when it is back. */
const ENQUEUE_WAIT_MS = 1000;

/**
 * Chain verification as a job (issue 16 item 4): POST creates a run (or returns the one already running for
 * that chain, so repeated requests cost no extra CPU) and enqueues it on the audit-verification queue; the
 * worker (AuditVerificationWorker, where the workers run) walks the chain and records its progress in links;
 * GET reads progress and, when done, the report. The API process never walks a chain itself.
 */
@Injectable()
export class AuditVerificationService {
  private readonly logger = new Logger(AuditVerificationService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly verifier: AuditChainVerifier,
    @InjectQueue(QUEUES.auditVerification) private readonly queue: Queue<VerificationJobData>,
  ) {}

  async start(ctx: RequestContext, chain: string, anchors: SignedCheckpoint[] = []): Promise<AuditVerification> {
    const repo = this.dataSource.getRepository(AuditVerification);
    const plain = anchors.map(plainCheckpoint);
    // A second request (or a client's retry) while a run of the chain is under way returns that run. Without anchors
    // any run will do (every run checks the stored checkpoints); with anchors only a run asked to check the same ones.
    const running = repo
      .createQueryBuilder('v')
      .where(`v.chain = :chain AND v.status IN ('queued', 'running') AND v.created_at > now() - make_interval(secs => :secs)`, {
        chain,
        secs: REUSE_RUNNING_MS / 1000,
      });
    if (plain.length) running.andWhere('v.anchors = CAST(:anchors AS jsonb)', { anchors: JSON.stringify(plain) });
    const earlier = await running.orderBy('v.created_at', 'DESC').getOne();
    if (earlier) return earlier;
    const total = await this.verifier.linkCount(chain);
    const row = await repo.save(
      repo.create({ chain, requestedBy: ctx.actor!.userId, status: 'queued', totalLinks: total, anchors: plain }),
    );
    await this.enqueue({ verificationId: row.id, chain, anchors: plain });
    return row;
  }

  /** The run of this chain, or 404 (a run of another study is not revealed). */
  async get(chain: string, id: string): Promise<AuditVerification> {
    const row = await this.dataSource.getRepository(AuditVerification).findOneBy({ id, chain });
    if (!row) throw AppError.notFound('Verification', id);
    return row;
  }

  /**
   * Adds the run to the queue, waiting at most ENQUEUE_WAIT_MS: with Redis down the add completes when Redis is
   * back (the row is committed and the answer is 202 either way), as ExportsService.enqueue does. A run whose add
   * never completes (the process stopped first) is enqueued again by the worker (AuditVerificationWorker.requeue),
   * with the anchors kept on its row; its id is the jobId, so never twice.
   */
  private async enqueue(data: VerificationJobData): Promise<void> {
    const add = addVerificationJob(this.queue, data);
    add.catch((e) =>
      this.logger.warn({ err: e, verificationId: data.verificationId }, 'Verification run not enqueued yet; the worker enqueues it again'),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([add.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, ENQUEUE_WAIT_MS)))]);
    clearTimeout(timer);
  }
}

/** The checkpoint's fields only (a validated DTO instance carries its class): the job data is JSON. */
const plainCheckpoint = (c: SignedCheckpoint): SignedCheckpoint => ({
  chain: c.chain,
  seq: c.seq,
  headHash: c.headHash,
  createdAt: c.createdAt,
  signature: c.signature,
});
