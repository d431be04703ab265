import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PassThrough, Transform, Writable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, repositoryFile } from '@eid/core';
import { codebookRows, CODEBOOK_COLUMNS } from '../dataset/codebook';
import { DatasetCatalog } from '../dataset/dataset-catalog';
import { DateShifter, studyDateShiftSecret } from '@eid/trial';
import { rekeyIds, visibleVariables } from '../dataset/pseudonymisation';
import { columnsOf, RawValue, rowFormatter } from '../dataset/row-format';
import { DatasetTable } from '../dataset/variable';
import { ExportFormat, ExportJob } from '../export-job.entity';
import { studyOidOf } from '../dataset/oids';
import { DatasetJsonWriter } from '../writers/dataset-json.writer';
import { platformVersion, R_READER_PATH } from './export-assets';
import { zipReadme } from './zip-readme';
import { CsvZipWriter } from '../writers/csv-zip.writer';
import { TableWriter } from '../writers/table-writer';
import { xlsxSheetNames } from '../writers/xlsx-cells';
import { XlsxWriter } from '../writers/xlsx.writer';
import { copySql } from './csv-copy';
import { BATCH_ROWS } from './export-batch';
import { writeOdm } from './odm-export';
import { ProgressListener, ProgressReporter } from './progress-reporter';

export type { ProgressListener } from './progress-reporter';
import { finalDir, partialPath } from './export-files';

type CopyParams = Parameters<typeof copySql>[2];


/** What a finished run wrote (counts and sizes only: safe to log). */
export interface ExportRunResult {
  format: string;
  rowsTotal: number;
  sizeBytes: number;
  /** false when a later attempt took the job over and this run's file was discarded. */
  kept: boolean;
}

const EXTENSIONS = { csv: 'zip', xlsx: 'xlsx', odm: 'xml', json: 'zip', ndjson: 'zip' } as const;

interface StudyInfo {
  code: string;
  title: string;
  protocol_id: string;
  protocol_version: string;
}

/**
 * Runs one export job end to end. The whole read happens in ONE REPEATABLE READ, READ ONLY transaction, so every
 * table of the file shows the same instant even while sites keep entering data (issue #6 "consistency"). Rows
 * stream from a server-side cursor (pg-query-stream) straight into the format writer; the file is written under
 * a temporary name, fsynced, renamed, and only then does the job row point at it (same UPDATE as `completed`).
 */
@Injectable()
export class ExportRunner {
  private readonly logger = new Logger(ExportRunner.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Returns null when the job needs no (more) work: finished, expired, or taken over by a later attempt. */
  async run(jobId: string, onProgress?: ProgressListener): Promise<ExportRunResult | null> {
    const [job] = returned<Record<string, any>>(await this.dataSource.query(
      `UPDATE export_job SET status = 'running', attempts = attempts + 1, started_at = now(), rows_done = 0, error = NULL, version = version + 1, updated_at = now()
       WHERE id = $1 AND status IN ('queued', 'running', 'failed') RETURNING *`,
      [jobId],
    ));
    if (!job) return null;
    const attempt = job.attempts as number;
    const level = job.pseudonymisation as ExportJob['pseudonymisation'];
    const shifter = level === 'pseudonymised-date-shifted' ? new DateShifter(await studyDateShiftSecret(this.dataSource, job.study_id)) : null;
    const catalog = new DatasetCatalog(this.dataSource).tables({ forms: job.forms, shape: job.shape, includeAudit: job.include_audit });
    // Pseudonymised: record ids re-keyed with a key of this run only (never stored), so files cannot be joined.
    const tables = level === 'none' ? catalog : rekeyIds(catalog, randomBytes(32).toString('hex'));
    const params = [job.study_id, job.sites, level !== 'none'];

    const tmp = partialPath(this.config.dataDir, jobId, attempt);
    // Only the platform's OS user may read export files and partials (issue 16 item 9): 0700 folders, 0600 files.
    await mkdir(dirname(tmp), { recursive: true, mode: 0o700 });
    const qr = this.dataSource.createQueryRunner();
    await qr.connect();
    try {
      await qr.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const [{ snapshot_at }] = await qr.query(`SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS snapshot_at`);
      const [study] = (await qr.query('SELECT code, title, protocol_id, protocol_version FROM study WHERE id = $1', [job.study_id])) as StudyInfo[];
      let rowsTotal = 0;
      const rowsOf = new Map<string, number>();
      for (const t of tables) {
        const n = Number((await qr.query(`SELECT count(*)::int AS n ${t.countFrom ?? t.from}`, params))[0].n);
        rowsOf.set(t.name, n);
        rowsTotal += n;
      }
      await this.dataSource.query('UPDATE export_job SET rows_total = $2, snapshot_at = $3 WHERE id = $1', [jobId, rowsTotal, snapshot_at]);

      const progress = new ProgressReporter(this.dataSource, jobId, rowsTotal, onProgress);
      const client = (qr as unknown as { databaseConnection: PoolClient }).databaseConnection;
      const { out, digest } = await this.openTemp(tmp);
      if (job.format === 'odm') await writeOdm(out, client, { tables, level, shifter, params, study, snapshotAt: snapshot_at, jobId, progress });
      else {
        const writer = this.tableWriter(job.format, out, study, snapshot_at, jobId);
        const sheetsOf = job.format === 'xlsx' ? (name: string) => xlsxSheetNames(name, rowsOf.get(name) ?? 0) : undefined;
        if (writer instanceof CsvZipWriter || writer instanceof DatasetJsonWriter) {
          writer.zip.file('README.txt', zipReadme({ studyCode: study.code, format: job.format, shape: job.shape, level, snapshotAt: snapshot_at, tables: ['codebook', ...tables.map((t) => t.name)] }));
          if (writer instanceof CsvZipWriter) writer.zip.file('read-export.R', repositoryFile(R_READER_PATH));
        }
        await this.writeTables(writer, client, tables, level, shifter, params, progress, rowsOf, sheetsOf);
      }
      await progress.flush();
      await qr.query('COMMIT');
      const { size, sha256 } = await digest();

      const stamp = snapshot_at.replace(/[-:]/g, '').replace('Z', '');
      const fileName = `${study.code}_${job.format}_${job.shape}_${stamp}.${EXTENSIONS[job.format as keyof typeof EXTENSIONS]}`;
      const dir = finalDir(this.config.dataDir, jobId, attempt);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await rename(tmp, join(dir, fileName));
      await fsyncDir(dir);
      const done = await this.dataSource.query(
        `UPDATE export_job SET status = 'completed', file_name = $3, file_path = $4, size_bytes = $5, sha256 = $6, rows_done = rows_total,
           completed_at = now(), expires_at = now() + make_interval(hours => $7), version = version + 1, updated_at = now()
         WHERE id = $1 AND status = 'running' AND attempts = $2 RETURNING id`,
        [jobId, attempt, fileName, join(dir, fileName), size, sha256, this.config.exportRetentionHours],
      );
      // A later attempt took the job over (this worker looked dead): its file wins, ours goes.
      const kept = returned(done).length > 0;
      if (!kept) await rm(dir, { recursive: true, force: true });
      return { format: job.format, rowsTotal, sizeBytes: size, kept };
    } catch (e) {
      await qr.query('ROLLBACK').catch(() => undefined);
      await rm(tmp, { force: true });
      throw e;
    } finally {
      await qr.release();
    }
  }

  async markFailed(jobId: string, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE export_job SET status = 'failed', error = $2, version = version + 1, updated_at = now() WHERE id = $1 AND status <> 'completed'`, [
      jobId,
      error.slice(0, 2000),
    ]);
  }

  private async writeTables(
    writer: TableWriter,
    client: PoolClient,
    tables: DatasetTable[],
    level: ExportJob['pseudonymisation'],
    shifter: DateShifter | null,
    params: unknown[],
    progress: ProgressReporter,
    rowsOf: Map<string, number>,
    sheetsOf?: (table: string) => string[],
  ): Promise<void> {
    const codebookContent = codebookRows(tables, level, shifter !== null, sheetsOf);
    const codebook = await writer.table('codebook', CODEBOOK_COLUMNS, { label: 'Codebook', records: codebookContent.length });
    for (const row of codebookContent) await codebook.write(row);
    await codebook.end();
    const shifts = writer instanceof CsvZipWriter && shifter ? await this.shiftsOf(client, params, shifter) : null;
    for (const t of tables) {
      const vars = visibleVariables(t, level);
      if (writer instanceof CsvZipWriter) {
        // CSV: PostgreSQL renders the lines (csv-copy.ts), byte for byte what the row path below would write.
        await writer.copied(t.name, columnsOf(vars), client.query(copyTo(copySql(t, vars, params as CopyParams, shifts))), (n) => progress.advance(n));
        continue;
      }
      const sink = await writer.table(t.name, columnsOf(vars), { label: t.label, records: rowsOf.get(t.name) ?? 0, kind: t.kind });
      const format = rowFormatter(vars, shifter);
      for await (const raw of this.stream(client, t, vars.map((v) => v.sql), params)) {
        const w = sink.write(format(raw));
        if (w) await w;
        await progress.tick();
      }
      await sink.end();
    }
    await writer.finish();
  }

  private tableWriter(format: ExportFormat, out: Writable, study: StudyInfo, snapshotAt: string, jobId: string): TableWriter {
    if (format === 'xlsx') return new XlsxWriter(out);
    if (format === 'json' || format === 'ndjson') {
      return new DatasetJsonWriter(out, format, { createdAt: snapshotAt, fileOidPrefix: `EXPORT.${jobId}`, studyOid: studyOidOf(study.code), sourceSystemVersion: platformVersion() });
    }
    return new CsvZipWriter(out);
  }

  /** Every participant's date shift, computed as the row path computes it (DateShifter), for the COPY statements. */
  private async shiftsOf(client: PoolClient, params: unknown[], shifter: DateShifter): Promise<Map<string, number>> {
    const { rows } = await client.query<{ id: string }>('SELECT id::text AS id FROM participant WHERE study_id = $1', [params[0]]);
    return new Map(rows.map((r) => [r.id, shifter.days(r.id)]));
  }

  private stream(client: PoolClient, t: DatasetTable, selects: string[], params: unknown[]): AsyncIterable<RawValue[]> {
    const sql = `SELECT ${[...selects, `${t.participantIdSql}::text`].join(', ')} ${t.from} ORDER BY ${t.orderBy}`;
    return client.query(new QueryStream(sql, params, { batchSize: BATCH_ROWS, rowMode: 'array' })) as unknown as AsyncIterable<RawValue[]>;
  }

  /** The file goes through a SHA-256 tap on its way to disk, so the checksum costs no second read. */
  private async openTemp(path: string): Promise<{ out: Writable; digest: () => Promise<{ size: number; sha256: string }> }> {
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        hash.update(chunk);
        size += chunk.length;
        cb(null, chunk);
      },
    });
    const file = createWriteStream(path, { mode: 0o600 });
    const closed = new Promise<void>((resolve, reject) => {
      file.on('close', resolve);
      file.on('error', reject);
      tap.on('error', reject);
    });
    tap.pipe(file);
    const entry = new PassThrough({ highWaterMark: 1024 * 1024 });
    entry.pipe(tap);
    return {
      out: entry,
      digest: async () => {
        await closed;
        const fh = await open(path, 'r+');
        await fh.sync();
        await fh.close();
        return { size, sha256: hash.digest('hex') };
      },
    };
  }
}

/** TypeORM's pg driver answers UPDATE … RETURNING with [rows, affected], SELECT/INSERT with rows. */
function returned<T>(result: unknown): T[] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? (result[0] as T[]) : (result as T[]);
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
