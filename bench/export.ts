import { execFileSync, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import { stream as excelStream } from 'exceljs';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { Actor, loadConfig, RequestContext } from '@eid/core';
import { DatasetCatalog, inlineParams, visibleVariables, xlsxCellConverter, xlsxStyleOf } from '@eid/exports';
import { ReportName, ReportsService } from '@eid/reporting';
import { AppModule } from '../apps/api/src/app.module';
import { benchNumberArg, syntheticTrialFromArgs } from './_synthetic-trial';

const REPORTS: ReportName[] = ['disease-activity', 'dosing', 'pml-risk', 'data-quality'];
const REPORT_RUNS = 3;
/** Runs of each export and each baseline (best of). */
const RUNS = 2;
/** --max-semi-space-size (MB) of `npm run start:worker`, where exports run; 0 = V8's default. */
const WORKER_SEMI_SPACE_MB = 0;

/**
 * `npm run bench -- export [--participants N] [--years Y]` over the synthetic trial (default 10,000 × 5 years,
 * built once by bench/_synthetic-trial.ts):
 * - XLSX export (ExportRunner, long shape, every form, codebook, labels, date cells, widths, frozen header) vs raw
 *   exceljs streaming of the same SELECTs with the same date styles (no codebook, no labels): target ratio ≥ 0.8;
 * - CSV zip export vs raw `COPY (same SELECT) TO STDOUT` into plain files: target ratio ≥ 0.5;
 * - Dataset-JSON 1.1 (JSON) zip export: rows per second (no baseline: there is no raw equivalent);
 * - peak RSS of the export (< 300 MB): each export runs in a compiled child process (bench/_export-child.js over
 *   dist/, built first with `npm run -s build:api`) whose own RSS is sampled — the worker's footprint, not this
 *   ts-node process's. `--semi-space MB` passes --max-semi-space-size to the child (default: the one
 *   `npm run start:worker` uses);
 * - each report's latency (max of a few runs after a warm-up; < 500 ms).
 * Ratios are the product's speed over the baseline's (baseline time / product time).
 */
export async function main(args: string[]): Promise<void> {
  const trial = await syntheticTrialFromArgs(args);
  const dataDir = mkdtempSync(join(tmpdir(), 'eid-bench-export-'));
  const config = {
    ...loadConfig({ ...process.env, DATABASE_URL: trial.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn', SEED_DEMO: 'false' }),
    runWorkers: false,
    seedDemo: false,
  };
  const app = await NestFactory.createApplicationContext(AppModule.register({ config, databaseUrl: trial.url, runMigrations: true }), {
    logger: ['error', 'warn'],
  });
  // The exports run in a compiled child (the worker's code from dist/): build it first.
  execFileSync('npm', ['run', '-s', 'build:api'], { stdio: 'inherit' });
  const semiSpace = benchNumberArg(args, 'semi-space') ?? WORKER_SEMI_SPACE_MB;
  let peakRss = 0;
  let idleRss = 0;
  const out: Record<string, number> = {};
  let rows = 0;
  try {
    const dataSource = app.get(DataSource);
    const tables = new DatasetCatalog(dataSource).tables({ forms: DatasetCatalog.formNames(), shape: 'long', includeAudit: false });
    const params = [trial.studyId, null, false];
    const selects = tables.map(
      (t) =>
        `SELECT ${visibleVariables(t, 'none')
          .map((v) => v.sql)
          .join(', ')} ${t.from} ORDER BY ${t.orderBy}`,
    );

    const exportOnce = async (format: 'csv' | 'xlsx' | 'json') => {
      const id = randomUUID();
      await dataSource.query(
        `INSERT INTO export_job (id, study_id, requested_by, requested_roles, format, shape, pseudonymisation, forms, version)
         VALUES ($1, $2, $3, 'data-manager', $4, 'long', 'none', $5, 1)`,
        [id, trial.studyId, randomUUID(), format, DatasetCatalog.formNames()],
      );
      const child = fork(join(__dirname, '_export-child.js'), [trial.url, id, dataDir], {
        execArgv: semiSpace ? [`--max-semi-space-size=${semiSpace}`] : [],
      });
      const answer = await new Promise<{ ms: number; peakRssMb: number; idleRssMb: number; error?: string }>((resolve, reject) => {
        child.once('message', (m) => resolve(m as never));
        child.once('exit', (code) => reject(new Error(`export child exited ${code} without an answer`)));
      });
      if (answer.error) throw new Error(`export ${format}: ${answer.error}`);
      const ms = answer.ms;
      peakRss = Math.max(peakRss, answer.peakRssMb * 1048576);
      idleRss = Math.max(idleRss, answer.idleRssMb * 1048576);
      console.log(
        `  ${format} export child: ${Math.round(ms)} ms, peak RSS ${answer.peakRssMb} MB (at rest ${answer.idleRssMb} MB, --max-semi-space-size=${semiSpace || 'default'})`,
      );
      const [job] = await dataSource.query('SELECT status, rows_total, size_bytes FROM export_job WHERE id = $1', [id]);
      if (job.status !== 'completed') throw new Error(`export ${format} ended ${job.status}`);
      rows = job.rows_total;
      return { ms, bytes: Number(job.size_bytes) };
    };

    const client = new Client({ connectionString: trial.url });
    await client.connect();
    try {
      const rawXlsx = async () => {
        const file = join(dataDir, 'raw.xlsx');
        const t0 = performance.now();
        // The same date styles as the product: dates and instants as Excel dates with a number format, each cell
        // given a shared style object (exceljs's fastest styled path), booleans as TRUE/FALSE.
        const wb = new excelStream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        for (const [i, sql] of selects.entries()) {
          const ws = wb.addWorksheet(tables[i].name.slice(0, 31));
          const vars = visibleVariables(tables[i], 'none');
          const convert = vars.map((v) => xlsxCellConverter(v.type));
          const styles = vars.map((v) => xlsxStyleOf(v.type));
          for await (const r of client.query(new QueryStream(sql, params, { batchSize: 2000, rowMode: 'array' })) as AsyncIterable<
            Array<string | number | null>
          >) {
            const row = ws.addRow(r.map((v, j) => (v === null ? undefined : convert[j](typeof v === 'boolean' ? Number(v) : v))));
            row.eachCell((cell, col) => (cell.style = styles[col - 1] as never));
            row.commit();
          }
          ws.commit();
        }
        await client.query('COMMIT');
        await wb.commit();
        return { ms: performance.now() - t0, bytes: statSync(file).size };
      };
      const rawCopy = async () => {
        const t0 = performance.now();
        let bytes = 0;
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        for (const [i, sql] of selects.entries()) {
          const file = join(dataDir, `raw-${tables[i].name}.csv`);
          // COPY takes no bind parameters: inlined as the product's CSV export inlines them.
          const inlined = inlineParams(sql, [trial.studyId, null, false]);
          await pipeline(client.query(copyTo(`COPY (${inlined}) TO STDOUT WITH (FORMAT csv, HEADER)`)), createWriteStream(file));
          bytes += statSync(file).size;
        }
        await client.query('COMMIT');
        return { ms: performance.now() - t0, bytes };
      };

      // Warm the buffer cache once so neither side pays for the first read from disk.
      await rawCopy();
      // Baseline and product alternate, best of RUNS each: on a shared machine one run of either can land in a busy
      // minute, and the ratio should not depend on which one did.
      const best = (a: { ms: number; bytes: number }, b: { ms: number; bytes: number }) => (b.ms < a.ms ? b : a);
      let baseXlsx = await rawXlsx();
      let xlsx = await exportOnce('xlsx');
      let baseCsv = await rawCopy();
      let csv = await exportOnce('csv');
      for (let i = 1; i < RUNS; i++) {
        baseXlsx = best(baseXlsx, await rawXlsx());
        xlsx = best(xlsx, await exportOnce('xlsx'));
        baseCsv = best(baseCsv, await rawCopy());
        csv = best(csv, await exportOnce('csv'));
      }
      const datasetJson = await exportOnce('json');
      out.datasetJsonMs = Math.round(datasetJson.ms);
      out.datasetJsonRowsPerS = Math.round(rows / (datasetJson.ms / 1000));
      out.xlsxMs = Math.round(xlsx.ms);
      out.rawXlsxMs = Math.round(baseXlsx.ms);
      out.csvMs = Math.round(csv.ms);
      out.rawCopyMs = Math.round(baseCsv.ms);
      console.log(`rows exported: ${rows} (${tables.length} tables, long shape, every form)`);
      console.log(
        `XLSX export ${out.xlsxMs} ms (${(xlsx.bytes / 1e6).toFixed(1)} MB) vs raw exceljs streaming ${out.rawXlsxMs} ms (${(baseXlsx.bytes / 1e6).toFixed(1)} MB)`,
      );
      console.log(
        `Dataset-JSON 1.1 zip export ${out.datasetJsonMs} ms (${(datasetJson.bytes / 1e6).toFixed(1)} MB zipped): ${out.datasetJsonRowsPerS} rows/s`,
      );
      console.log(
        `CSV zip export ${out.csvMs} ms (${(csv.bytes / 1e6).toFixed(1)} MB zipped) vs raw COPY TO STDOUT ${out.rawCopyMs} ms (${(baseCsv.bytes / 1e6).toFixed(1)} MB plain)`,
      );
    } finally {
      await client.end();
    }
    console.log(
      `peak RSS of the export process: ${Math.round(peakRss / 1048576)} MB (at rest before exporting: ${Math.round(idleRss / 1048576)} MB)`,
    );

    const reports = app.get(ReportsService);
    const monitor: Actor = {
      userId: randomUUID(),
      email: 'bench@synth.local',
      displayName: 'Bench monitor',
      isAdmin: false,
      memberships: [{ studyId: trial.studyId, role: 'monitor', siteId: null }],
    };
    const ctx = RequestContext.system('bench:export', monitor);
    let maxReportMs = 0;
    for (const name of REPORTS) {
      await reports.build(name, ctx, trial.studyId, {});
      let max = 0;
      for (let i = 0; i < REPORT_RUNS; i++) {
        const t0 = performance.now();
        await reports.build(name, ctx, trial.studyId, {});
        max = Math.max(max, performance.now() - t0);
      }
      console.log(`report ${name.padEnd(17)} max ${Math.round(max)} ms (${REPORT_RUNS} runs after a warm-up)`);
      maxReportMs = Math.max(maxReportMs, Math.round(max));
    }
    out.maxReportMs = maxReportMs;
  } finally {
    await app.close();
    await trial.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const ratio = (base: number, product: number) => Math.round((base / product) * 100) / 100;
  console.log(
    `BENCH ${JSON.stringify({ xlsxRatio: ratio(out.rawXlsxMs, out.xlsxMs), csvRatio: ratio(out.rawCopyMs, out.csvMs), peakRssMb: Math.round(peakRss / 1048576), maxReportMs: out.maxReportMs, datasetJsonRowsPerS: out.datasetJsonRowsPerS, rows })}`,
  );
}
