import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { getSharedConfigToken } from '@nestjs/bullmq';
import { Job, Queue, Worker } from 'bullmq';
import { QUEUES } from './queue-connection';
import { closeWorker } from './worker-shutdown';

/** A periodic job of the platform's background work (issue 18 item 4: job schedulers, no setInterval). */
export interface MaintenanceJob {
  /** Job name on the maintenance queue, also the id of its job scheduler. */
  name: string;
  /** Runs every this many milliseconds (BullMQ job scheduler `every`; the first run is at once). */
  everyMs: number;
  run(job: Job): Promise<unknown>;
}

/** Finished jobs kept for inspection: enough to see recent runs, bounded for one-second schedules. */
const KEEP_COMPLETED = 20;
const KEEP_FAILED = 100;

/**
 * The registry of maintenance jobs: each capability's worker module registers `name → handler` at module init
 * (onModuleInit); the MaintenanceWorker then schedules them and dispatches by name. One registry and one worker
 * per process, whichever capabilities it loads.
 */
@Injectable()
export class MaintenanceJobs {
  private readonly jobs = new Map<string, MaintenanceJob>();
  /** Names with a run in progress in this process. */
  private readonly running = new Set<string>();

  register(job: MaintenanceJob): void {
    if (this.jobs.has(job.name)) throw new Error(`Maintenance job "${job.name}" is registered twice`);
    if (!(job.everyMs > 0)) throw new Error(`Maintenance job "${job.name}" needs a positive period, not ${job.everyMs}`);
    this.jobs.set(job.name, job);
  }

  registered(): MaintenanceJob[] {
    return [...this.jobs.values()];
  }

  /**
   * Runs the handler registered under the job's name. A name nobody registered FAILS the job (kept in the
   * queue's failed list and logged): a job must never complete without its work being done. A job whose previous
   * run is still going in this process completes at once with `{ skipped }` as its result: that run is doing the
   * work, and a scheduler's next job is due while a long run goes on, so waiting would fill the worker's slots
   * with one job's iterations and hold back the others.
   */
  async dispatch(job: Pick<Job, 'name'>): Promise<unknown> {
    const handler = this.jobs.get(job.name);
    if (!handler)
      throw new Error(
        `No handler for maintenance job "${job.name}" in this process (registered: ${[...this.jobs.keys()].join(', ') || 'none'})`,
      );
    if (this.running.has(job.name)) return { skipped: 'the previous run is still in progress in this process' };
    this.running.add(job.name);
    try {
      return await handler.run(job as Job);
    } finally {
      this.running.delete(job.name);
    }
  }
}

/**
 * The one consumer of the maintenance queue in a process that runs the workers (libs/platform workerModules):
 * at bootstrap, after every module registered its jobs, it upserts one job scheduler per job and starts one
 * Worker that runs each job by name. Concurrency is one per registered job, so an hourly clean-up never holds
 * back the one-second report-facts catch-up (and MaintenanceJobs.dispatch never runs one name twice at once).
 */
@Injectable()
export class MaintenanceWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MaintenanceWorker.name);
  private worker: Worker | undefined;
  private queue: Queue | undefined;

  constructor(
    @Inject(getSharedConfigToken()) private readonly bull: { connection: object; prefix?: string },
    private readonly jobs: MaintenanceJobs,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const common = { connection: this.bull.connection as never, prefix: this.bull.prefix };
    const jobs = this.jobs.registered();
    this.worker = new Worker(QUEUES.maintenance, (job: Job) => this.jobs.dispatch(job), {
      ...common,
      concurrency: Math.max(1, jobs.length),
    });
    this.worker.on('error', (e) => this.logger.warn({ err: e, queue: QUEUES.maintenance }, 'Queue worker error (retrying)'));
    this.worker.on('failed', (job, e) => this.logger.error({ err: e, job: job?.name, jobId: job?.id }, 'Maintenance job failed'));
    this.queue = new Queue(QUEUES.maintenance, common);
    for (const j of jobs)
      await this.queue.upsertJobScheduler(
        j.name,
        { every: j.everyMs },
        { name: j.name, opts: { removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED } },
      );
  }

  async onModuleDestroy(): Promise<void> {
    const [worker, queue] = [this.worker, this.queue];
    this.worker = this.queue = undefined;
    await Promise.all([closeWorker(worker), closeWorker(queue)]);
  }
}
