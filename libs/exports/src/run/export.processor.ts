import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { ExportRunner } from './export-runner.service';

export interface ExportJobData {
  exportJobId: string;
}

export const EXPORT_ATTEMPTS = 3;

/** The queue options of an export job: its row id as jobId, so enqueueing twice never runs it twice. */
export const exportJobOptions = (exportJobId: string) => ({
  jobId: exportJobId,
  attempts: EXPORT_ATTEMPTS,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: 1000,
  removeOnFail: 1000,
});
export const EXPORT_CLEANUP_JOB = 'export-cleanup';

/**
 * Worker settings of the exports queue. A worker killed mid-export (kill -9) stops renewing its lock; after
 * `lockDuration` the stalled-job check (every `stalledInterval`) hands the job to another worker, which starts
 * it again from a fresh snapshot — the dead worker's partial file never had a job row pointing at it.
 */
export const EXPORT_WORKER_OPTIONS = { concurrency: 2, lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 2 } as const;

const logger = new Logger('ExportProcessor');

/** One export job: run it; on the last failed attempt the job row says `failed` with the reason. */
export async function processExport(runner: ExportRunner, job: Job<ExportJobData>): Promise<void> {
  const id = job.data.exportJobId;
  try {
    await runner.run(id, (done, total) => job.updateProgress({ rowsDone: done, rowsTotal: total }));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    logger.error({ err: e, exportJobId: id, attempt: job.attemptsMade + 1 }, 'Export failed');
    if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await runner.markFailed(id, message);
    throw e;
  }
}
