import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Every app process sweeps this often; a report catches up itself before it reads. */
const REPORT_FACTS_SWEEP_MS = 1000;
/** Participants refreshed per statement: one short transaction each, so writers of those participants wait little. */
const BATCH = 500;

/**
 * Brings the report facts up to date (migration ReportFacts): eCRF writes only mark the participants they changed;
 * this recomputes the marked ones in batches, set-based, off the write path. Runs on a timer in every process and
 * before every report, so a report includes every change committed before it started. Concurrent catch-ups (two
 * processes, a sweep and a report) are safe: each takes the marks it deletes in key order, the other waits for
 * those and then finds them gone.
 */
@Injectable()
export class ReportFactsCatchUp implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReportFactsCatchUp.name);
  private sweep: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.sweep = setInterval(() => {
      if (!this.running) void this.catchUp().catch((e) => this.logger.warn(`report facts sweep failed: ${(e as Error).message}`));
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

  /** Refreshes every marked participant; returns how many were refreshed. */
  async catchUp(): Promise<number> {
    const run = (async () => {
      let total = 0;
      for (;;) {
        const [{ n }] = (await this.dataSource.query(`SELECT report_facts_catch_up($1) AS n`, [BATCH])) as Array<{ n: number }>;
        total += n;
        if (n < BATCH || this.stopped) return total;
      }
    })();
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = undefined;
    }
  }
}
