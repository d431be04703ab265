import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError, RequestContext } from '@eid/core';
import { AuditVerification } from '@eid/audit';
import { AuditChainVerifier, SignedCheckpoint } from './audit-chain-verifier.service';

/** A run still queued or running younger than this is reused instead of starting another one. */
const REUSE_RUNNING_MS = 10 * 60_000;

/**
 * Chain verification as a job (issue 16 item 4): POST creates a run (or returns the one already running for
 * that chain, so repeated requests cost no extra CPU), the run walks the chain in this process and records
 * its progress in links; GET reads progress and, when done, the report. A run whose process died stays
 * `running`; after REUSE_RUNNING_MS a new request starts a fresh one.
 */
@Injectable()
export class AuditVerificationService implements OnModuleDestroy {
  private readonly logger = new Logger(AuditVerificationService.name);
  private readonly runs = new Set<Promise<void>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly verifier: AuditChainVerifier,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.runs]);
  }

  async start(ctx: RequestContext, chain: string, anchors: SignedCheckpoint[] = []): Promise<AuditVerification> {
    const repo = this.dataSource.getRepository(AuditVerification);
    if (anchors.length === 0) {
      const running = await repo
        .createQueryBuilder('v')
        .where(`v.chain = :chain AND v.status IN ('queued', 'running') AND v.created_at > now() - make_interval(secs => :secs)`, {
          chain,
          secs: REUSE_RUNNING_MS / 1000,
        })
        .orderBy('v.created_at', 'DESC')
        .getOne();
      if (running) return running;
    }
    const total = await this.verifier.linkCount(chain);
    const row = await repo.save(repo.create({ chain, requestedBy: ctx.actor!.userId, status: 'queued', totalLinks: total }));
    const run = this.run(row.id, chain, anchors).finally(() => this.runs.delete(run));
    this.runs.add(run);
    return row;
  }

  /** The run of this chain, or 404 (a run of another study is not revealed). */
  async get(chain: string, id: string): Promise<AuditVerification> {
    const row = await this.dataSource.getRepository(AuditVerification).findOneBy({ id, chain });
    if (!row) throw AppError.notFound('Verification', id);
    return row;
  }

  private async run(id: string, chain: string, anchors: SignedCheckpoint[]): Promise<void> {
    const repo = this.dataSource.getRepository(AuditVerification);
    try {
      await new Promise((r) => setImmediate(r));
      await repo.update(id, { status: 'running' });
      const report = await this.verifier.verify(chain, {
        anchors,
        onProgress: async (checked) => void (await repo.update(id, { checkedLinks: checked })),
      });
      await repo.update(id, { status: 'done', checkedLinks: report.checkedEvents, report: report as never, finishedAt: new Date() });
    } catch (e) {
      this.logger.error({ err: e, verificationId: id }, 'Audit verification failed');
      await repo
        .update(id, { status: 'failed', error: 'Verification could not complete; see the server log', finishedAt: new Date() })
        .catch(() => undefined);
    }
  }
}
