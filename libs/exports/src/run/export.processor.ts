import { Logger } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { QUEUES } from '@eid/core';
import { ExportRunner } from './export-runner.service';

export interface ExportJobData {
  exportJobId: string;
}

export const EXPORT_ATTEMPTS = 3;

/**
 * Consumes the exports queue. A worker killed mid-export (kill -9) stops renewing its lock; after `lockDuration`
 * the stalled-job check (every `stalledInterval`) hands the job to another worker, which starts it again from a
 * fresh snapshot — the dead worker's partial file never had a job row pointing at it.
 */
@Processor(QUEUES.exports, { concurrency: 2, lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 2 })
export class ExportProcessor extends WorkerHost {
  private readonly logger = new Logger(ExportProcessor.name);

  constructor(private readonly runner: ExportRunner) {
    super();
  }

  async process(job: Job<ExportJobData>): Promise<void> {
    const id = job.data.exportJobId;
    try {
      await this.runner.run(id, (done, total) => job.updateProgress({ rowsDone: done, rowsTotal: total }));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.logger.error({ err: e, exportJobId: id, attempt: job.attemptsMade + 1 }, 'Export failed');
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await this.runner.markFailed(id, message);
      throw e;
    }
  }
}
