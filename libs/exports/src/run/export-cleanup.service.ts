import { readdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@eid/core';
import { exportsRoot, partialDir } from './export-files';

/** Partial files younger than this may belong to a running export. */
const PARTIAL_GRACE_MS = 6 * 3600_000;

/**
 * Retention of export files (AppConfig.exportRetentionHours): expired jobs lose their file and flip to `expired`;
 * directories no completed job points at (a superseded attempt, a crash between rename and UPDATE) and stale
 * partial files are removed too. Exports hold study data outside the database: keeping them only as long as
 * needed is GDPR art. 5(1)(e) storage limitation.
 */
@Injectable()
export class ExportCleanupService {
  private readonly logger = new Logger(ExportCleanupService.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(now = new Date()): Promise<{ expired: number; removed: number }> {
    const raw = await this.dataSource.query(
      `UPDATE export_job SET status = 'expired', file_path = NULL, version = version + 1, updated_at = now()
       WHERE status = 'completed' AND expires_at <= $1 RETURNING file_path AS path`,
      [now],
    );
    const expired: Array<{ path: string | null }> = Array.isArray(raw[0]) ? raw[0] : raw;
    for (const e of expired) if (e.path) await rm(dirname(e.path), { recursive: true, force: true });

    let removed = 0;
    const root = exportsRoot(this.config.dataDir);
    const live = new Set(
      ((await this.dataSource.query(`SELECT file_path FROM export_job WHERE status = 'completed' AND file_path IS NOT NULL`)) as Array<{ file_path: string }>).map((r) =>
        dirname(r.file_path),
      ),
    );
    const running = new Set(((await this.dataSource.query(`SELECT id FROM export_job WHERE status IN ('queued', 'running')`)) as Array<{ id: string }>).map((r) => r.id));
    for (const name of await readdir(root).catch(() => [] as string[])) {
      const dir = join(root, name);
      if (name === '.partial' || live.has(dir) || running.has(name.slice(0, 36))) continue;
      await rm(dir, { recursive: true, force: true });
      removed++;
    }
    for (const name of await readdir(partialDir(this.config.dataDir)).catch(() => [] as string[])) {
      const file = join(partialDir(this.config.dataDir), name);
      const age = now.getTime() - (await stat(file)).mtimeMs;
      if (!running.has(name.slice(0, 36)) || age > PARTIAL_GRACE_MS) {
        await rm(file, { force: true });
        removed++;
      }
    }
    if (expired.length || removed) this.logger.log({ expired: expired.length, removed }, 'Export files cleaned up');
    return { expired: expired.length, removed };
  }
}
