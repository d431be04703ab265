'use strict';
/**
 * One export job in its own, compiled process (forked by bench/export.ts after `npm run -s build:api`), so the
 * peak RSS it reports is the export's alone — no ts-node, no Nest context, no benchmark baselines beside it.
 * Plain JavaScript over dist/: the same code the worker runs (`npm run start:worker`).
 *
 * argv: DATABASE_URL JOB_ID DATA_DIR. Answers over IPC: { ms, peakRssMb, idleRssMb } or { error }.
 */
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');

const DIST = join(__dirname, '..', 'dist');

async function main() {
  const [url, jobId, dataDir] = process.argv.slice(2);
  require('reflect-metadata');
  const { DataSource } = require('typeorm');
  const { dataSourceOptions, loadConfig } = require(join(DIST, 'libs/core/src/index.js'));
  const { ExportRunner } = require(join(DIST, 'libs/exports/src/index.js'));
  const config = loadConfig({ ...process.env, DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'warn', SEED_DEMO: 'false' });
  const dataSource = new DataSource(dataSourceOptions(url, { extra: { max: 4 } }));
  await dataSource.initialize();
  const idleRss = process.memoryUsage().rss;
  let peakRss = idleRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  try {
    const t0 = performance.now();
    await new ExportRunner(dataSource, config).run(jobId);
    const ms = performance.now() - t0;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    process.send({ ms, peakRssMb: Math.round(peakRss / 1048576), idleRssMb: Math.round(idleRss / 1048576) });
  } finally {
    clearInterval(sampler);
    await dataSource.destroy();
  }
}

main().catch((e) => {
  process.send({ error: String((e && e.stack) || e) });
  process.exitCode = 1;
});
