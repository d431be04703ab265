import { Injectable, Module, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MaintenanceJobs, MaintenanceModule } from '@eid/core';

/** The worker sweeps this often (reports only read: they state how many participants are still pending). */
const REPORT_FACTS_SWEEP_MS = 1000;
/** Its job name on the maintenance queue (MaintenanceJobs). */
export const REPORT_FACTS_CATCH_UP_JOB = 'report-facts-catch-up';
/** Participants refreshed per statement: one short transaction each, so writers of those participants wait little. */
const BATCH = 500;

/**
 * Brings the report facts up to date (migration ReportFacts): eCRF writes only mark the participants they changed;
 * this recomputes the marked ones in batches, set-based, off the write path. A scheduled job of the worker
 * (ReportFactsWorkerModule: in-process on the embedded default, else apps/worker) — never a report, which only
 * reads (issue 14 item 8). Concurrent catch-ups (two worker processes) are safe: each takes the marks it deletes
 * in key order, the other waits for those and then finds them gone.
 */
@Injectable()
export class ReportFactsCatchUp {
  constructor(private readonly dataSource: DataSource) {}

  /** Refreshes every marked participant; returns how many were refreshed. */
  async catchUp(stopped: () => boolean = () => false): Promise<number> {
    let total = 0;
    for (;;) {
      const [{ n }] = (await this.dataSource.query(`SELECT report_facts_catch_up($1) AS n`, [BATCH])) as Array<{ n: number }>;
      total += n;
      if (n < BATCH || stopped()) return total;
    }
  }
}

/** A maintenance job of the worker: every REPORT_FACTS_SWEEP_MS; shutdown awaits the run in progress. */
@Injectable()
export class ReportFactsSweep implements OnModuleInit, OnModuleDestroy {
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(
    private readonly facts: ReportFactsCatchUp,
    private readonly maintenance: MaintenanceJobs,
  ) {}

  onModuleInit(): void {
    this.maintenance.register({ name: REPORT_FACTS_CATCH_UP_JOB, everyMs: REPORT_FACTS_SWEEP_MS, run: () => this.catchUp() });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }

  /** One run (MaintenanceJobs never starts a second while one goes on); after shutdown began, none. */
  catchUp(): Promise<number> {
    if (this.stopped) return Promise.resolve(0);
    const run = this.facts.catchUp(() => this.stopped);
    this.running = run;
    return run;
  }
}

/** Worker-side module (libs/platform workerModules): runs the report facts catch-up as a maintenance job. */
@Module({ imports: [MaintenanceModule], providers: [ReportFactsCatchUp, ReportFactsSweep] })
export class ReportFactsWorkerModule {}
