import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { getSharedConfigToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { closeWorker, loadConfig, prepareDatabaseRoles, QUEUES } from '@eid/core';
import { ReportFactsCatchUp } from '@eid/reporting';
import { AppModule } from '../apps/api/src/app.module';
import { createTestDatabase, dropTestDatabase } from '../test/support/test-database';

const SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 20);

/**
 * `TEST_DATABASE_URL=… [REDIS_URL=…] npm run bench -- maintenance-idle`: what the maintenance job schedulers
 * (report-facts catch-up every 1 s, audit sweep every 1.5 s, checkpoints, export clean-up) cost an idle platform,
 * on the queue backend REDIS_URL selects (unset: BullMQ's PostgreSQL backend). The API runs with its workers on a
 * fresh database for BENCH_IDLE_SECONDS (20) after a warm-up; reports the Node CPU per second, the database's
 * transactions per second, the jobs' run times (processedOn → finishedOn) by name, and the catch-up's own time.
 */
export async function main(): Promise<void> {
  const db = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'eid-bench-'));
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    JWT_ACCESS_SECRET: 'bench-access-secret-0123456789-abcdefghijkl',
    JWT_REFRESH_SECRET: 'bench-refresh-secret-0123456789-abcdefghijk',
  });
  const roles = await prepareDatabaseRoles(config, db.url, true);
  const app = await NestFactory.createApplicationContext(AppModule.register({ config, databaseUrl: roles.appUrl, runMigrations: false }), {
    logger: ['error', 'warn'],
  });
  const ds = app.get(DataSource);
  const queue = new Queue(QUEUES.maintenance, app.get<{ connection: never; prefix?: string }>(getSharedConfigToken()));
  try {
    await new Promise((r) => setTimeout(r, 3000));
    const commits = async () =>
      Number((await ds.query(`SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = current_database()`))[0].n);
    const c0 = await commits();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const cpu = process.cpuUsage(cpu0);
    const elapsedS = (performance.now() - t0) / 1000;
    const txPerS = ((await commits()) - c0) / elapsedS;
    const nodeCpuMsPerS = (cpu.user + cpu.system) / 1000 / elapsedS;
    const byName: Record<string, number[]> = {};
    for (const j of await queue.getJobs(['completed'], 0, 200))
      if (j.processedOn && j.finishedOn) (byName[j.name] ??= []).push(j.finishedOn - j.processedOn);
    const runMs = Object.fromEntries(
      Object.entries(byName).map(([name, ms]) => {
        ms.sort((a, b) => a - b);
        return [name, { median: ms[ms.length >> 1], max: ms[ms.length - 1], runs: ms.length }];
      }),
    );
    // The catch-up's own work when nothing is pending (the common tick), without the queue around it.
    const direct: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await app.get(ReportFactsCatchUp).catchUp();
      direct.push(performance.now() - t);
    }
    direct.sort((a, b) => a - b);
    const catchUpDirectMs = Math.round(direct[25] * 10) / 10;
    console.log(`report-facts catch-up called directly, nothing pending: median ${catchUpDirectMs} ms`);
    const backend = config.redisUrl ? 'redis' : 'postgres';
    console.log(
      `backend ${backend}: Node CPU ${nodeCpuMsPerS.toFixed(1)} ms/s, database ${txPerS.toFixed(1)} transactions/s over ${elapsedS.toFixed(0)} s`,
    );
    for (const [name, r] of Object.entries(runMs))
      console.log(`${name.padEnd(22)} median ${r.median} ms, max ${r.max} ms (${r.runs} kept runs)`);
    console.log(
      `BENCH ${JSON.stringify({ backend, nodeCpuMsPerS: Math.round(nodeCpuMsPerS * 10) / 10, txPerS: Math.round(txPerS), catchUpDirectMs, runMs })}`,
    );
  } finally {
    await closeWorker(queue);
    await app.close();
    await dropTestDatabase(db.name);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
