import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { ExportRunner } from './export-runner.service';

export interface ExportJobData {
  exportJobId: string;
  /** Correlation id of the HTTP request that asked for the export: every log line of the job carries it. */
  correlationId?: string;
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
/** A progress line each time another tenth of the rows is written (at most 9 per export). */
const PROGRESS_LOG_STEPS = 10;

/**
 * Worker settings of the exports queue. A worker killed mid-export (kill -9) stops renewing its lock; after
 * `lockDuration` the stalled-job check (every `stalledInterval`) hands the job to another worker, which starts
 * it again from a fresh snapshot — the dead worker's partial file never had a job row pointing at it.
 */
export const EXPORT_WORKER_OPTIONS = { concurrency: 2, lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 2 } as const;

export type ExportLogger = Pick<Logger, 'log' | 'error'>;

const defaultLogger = new Logger('ExportProcessor');

/**
 * One export job: run it; on the last failed attempt the job row says `failed` with the reason. Start, progress
 * (each tenth), end and failure are logged as JSON with the request's correlation id and counts only — never a
 * value from the data (the logs are not a place for clinical data).
 */
export async function processExport(
  runner: ExportRunner,
  job: Job<ExportJobData>,
  logger: ExportLogger = defaultLogger,
  stopping: () => boolean = () => false,
): Promise<void> {
  const id = job.data.exportJobId;
  const base = { exportJobId: id, correlationId: job.data.correlationId ?? null, attempt: job.attemptsMade + 1 };
  const t0 = Date.now();
  let loggedStep = 0;
  logger.log({ ...base, event: 'export.start' }, 'Export started');
  try {
    const result = await runner.run(id, async (done, total) => {
      await job.updateProgress({ rowsDone: done, rowsTotal: total });
      const step = total > 0 ? Math.floor((done / total) * PROGRESS_LOG_STEPS) : 0;
      if (step > loggedStep && step < PROGRESS_LOG_STEPS) {
        loggedStep = step;
        logger.log({ ...base, event: 'export.progress', rowsDone: done, rowsTotal: total }, 'Export progress');
      }
    });
    if (!result) logger.log({ ...base, event: 'export.skipped', ms: Date.now() - t0 }, 'Export needs no work (finished, expired or taken over)');
    else logger.log({ ...base, event: 'export.end', ...result, ms: Date.now() - t0 }, 'Export completed');
  } catch (e) {
    if (stopping()) {
      // The process is closing its workers (the queue or database connection went from under the export): not a
      // failed attempt. The closing worker records no outcome, the job's lock lapses and the stalled-job check hands
      // it to the next worker, which starts it again (EXPORT_WORKER_OPTIONS); the row keeps its status.
      logger.log({ ...base, event: 'export.interrupted', ms: Date.now() - t0 }, 'Export interrupted by shutdown; the next worker runs it again');
      throw e;
    }
    const message = e instanceof Error ? e.message : String(e);
    logger.error({ ...base, event: 'export.failed', err: e, ms: Date.now() - t0 }, 'Export failed');
    if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await runner.markFailed(id, message);
    throw e;
  }
}
