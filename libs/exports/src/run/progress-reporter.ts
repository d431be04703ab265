import { DataSource } from 'typeorm';

export type ProgressListener = (rowsDone: number, rowsTotal: number) => Promise<void> | void;

const PROGRESS_EVERY_ROWS = 5000;

/** Progress is written to the job row from a pool connection (the export's own transaction is read-only). */
export class ProgressReporter {
  private done = 0;
  private lastWritten = 0;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobId: string,
    private readonly total: number,
    private readonly listener?: ProgressListener,
  ) {}

  async tick(): Promise<void> {
    this.done++;
    if (this.done - this.lastWritten >= PROGRESS_EVERY_ROWS) await this.write();
  }

  /** Many rows at once (a COPY chunk); the update is not awaited — at most one is in flight, as with tick. */
  advance(rows: number): void {
    this.done += rows;
    if (this.done - this.lastWritten >= PROGRESS_EVERY_ROWS) void this.write().catch(() => undefined);
  }

  async flush(): Promise<void> {
    await this.write();
    await this.pending;
  }

  private async write(): Promise<void> {
    this.lastWritten = this.done;
    const done = this.done;
    // Not awaited in the hot loop beyond the previous update: one UPDATE in flight at a time.
    await this.pending;
    this.pending = this.dataSource.query('UPDATE export_job SET rows_done = $2 WHERE id = $1', [this.jobId, done]).catch(() => undefined);
    if (this.listener) await this.listener(done, this.total);
  }
}
