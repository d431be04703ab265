import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { getSharedConfigToken } from '@nestjs/bullmq';
import { Queue, Worker } from 'bullmq';
import { closeWorker, MaintenanceJobs, QUEUES } from '@eid/core';
import { ExportCleanupService } from './export-cleanup.service';
import { ExportRunner } from './export-runner.service';
import { DataSource } from 'typeorm';
import { exportJobOptions, EXPORT_CLEANUP_JOB, EXPORT_WORKER_OPTIONS, ExportJobData, processExport } from './export.processor';

/** Expired export files are removed this often (a maintenance job, MaintenanceWorker). */
const EXPORT_CLEANUP_EVERY_MS = 3600_000;

/**
 * The queue consumer of exports, and the hourly clean-up of expired files as a maintenance job. Workers are
 * built here rather than with @Processor so that shutdown can be bounded: @nestjs/bullmq closes workers
 * gracefully, which never returns once the database is gone (the PostgreSQL backend keeps reconnecting).
 */
@Injectable()
export class ExportWorkers implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ExportWorkers.name);
  private readonly workers: Worker[] = [];
  /** Set when shutdown begins: an export failing from then on was interrupted, not failed (processExport). */
  private stopping = false;

  constructor(
    @Inject(getSharedConfigToken()) private readonly bull: { connection: object; prefix?: string },
    private readonly runner: ExportRunner,
    private readonly cleanup: ExportCleanupService,
    private readonly dataSource: DataSource,
    private readonly maintenance: MaintenanceJobs,
  ) {}

  onModuleInit(): void {
    this.maintenance.register({ name: EXPORT_CLEANUP_JOB, everyMs: EXPORT_CLEANUP_EVERY_MS, run: () => this.cleanup.run() });
  }

  private async requeueCommitted(common: { connection: never; prefix?: string }): Promise<void> {
    const rows = (await this.dataSource.query(`SELECT id FROM export_job WHERE status = 'queued'`)) as Array<{ id: string }>;
    if (!rows.length) return;
    const queue = new Queue<ExportJobData>(QUEUES.exports, common);
    try {
      for (const { id } of rows) await queue.add('export', { exportJobId: id }, exportJobOptions(id));
    } finally {
      await closeWorker(queue);
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    const common = { connection: this.bull.connection as never, prefix: this.bull.prefix };
    this.workers.push(new Worker<ExportJobData>(QUEUES.exports, (job) => processExport(this.runner, job, undefined, () => this.stopping), { ...common, ...EXPORT_WORKER_OPTIONS }));
    for (const w of this.workers) w.on('error', (e) => this.logger.warn({ err: e, queue: w.name }, 'Queue worker error (retrying)'));
    // Partials a crashed process left behind go at start, not an hour later (issue 16 item 9).
    await this.cleanup.run().catch((e) => this.logger.warn({ err: e }, 'Export cleanup at start failed'));
    // Jobs committed while the queue was unreachable (Redis down) are enqueued now; the jobId makes it idempotent.
    await this.requeueCommitted(common).catch((e) => this.logger.warn({ err: e }, 'Re-enqueueing queued exports failed'));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.workers.splice(0).map((w) => closeWorker(w)));
  }
}
