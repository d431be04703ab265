import { Injectable, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The worker sweeps this often (reports only read: they state how many participants are still pending). */
const REPORT_FACTS_SWEEP_MS = 1000;
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

/** The scheduled catch-up: every REPORT_FACTS_SWEEP_MS, one run at a time. */
@Injectable()
export class ReportFactsSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReportFactsCatchUp.name);
  private sweep: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(private readonly facts: ReportFactsCatchUp) {}

  onApplicationBootstrap(): void {
    this.sweep = setInterval(() => {
      if (!this.running) void this.catchUp().catch((e) => this.logger.warn({ err: e }, 'Report facts sweep failed'));
    }, REPORT_FACTS_SWEEP_MS);
    // Timers never keep a CLI or a test process alive; shutdown clears them explicitly too.
    this.sweep.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweep);
    this.sweep = undefined;
    await this.running?.catch(() => undefined);
  }

  private async catchUp(): Promise<number> {
    const run = this.facts.catchUp(() => this.stopped);
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = undefined;
    }
  }
}

/** Worker-side module (libs/platform workerModules): runs the report facts catch-up on a timer. */
@Module({ providers: [ReportFactsCatchUp, ReportFactsSweep] })
export class ReportFactsWorkerModule {}
