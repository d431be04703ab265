import { OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, Queue } from 'bullmq';
import { QUEUES } from '@eid/core';
import { ExportCleanupService } from './export-cleanup.service';

export const EXPORT_CLEANUP_JOB = 'export-cleanup';

/** Hourly maintenance: expired export files are deleted (a job scheduler, so several workers schedule it once). */
@Processor(QUEUES.maintenance)
export class ExportCleanupProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly cleanup: ExportCleanupService,
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(EXPORT_CLEANUP_JOB, { every: 3600_000 }, { name: EXPORT_CLEANUP_JOB, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  }

  async process(job: Job): Promise<unknown> {
    // The maintenance queue is shared: other capabilities' jobs are theirs to handle.
    if (job.name !== EXPORT_CLEANUP_JOB) return undefined;
    return this.cleanup.run();
  }
}
