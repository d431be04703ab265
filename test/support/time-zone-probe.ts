/**
 * A child process for test/site-time-zone.e2e-spec.ts: the real application, started under the `TZ` it was given,
 * on the database the parent seeded (no migrations, no workers, no seeding), with the trial Clock pinned to the
 * parent's instant. It answers the requests the parent lists and prints their status and exact body text as one
 * JSON line after PROBE_OUTPUT_MARKER, so the parent can compare the bytes across server time zones.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { loadConfig } from '@eid/core';
import { Clock } from '@eid/trial';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';

export const PROBE_OUTPUT_MARKER = 'TZ-PROBE-OUTPUT ';

export interface ProbeRequest {
  url: string;
  token: string;
}

export interface ProbeAnswer {
  url: string;
  status: number;
  body: string;
}

async function main(): Promise<void> {
  const databaseUrl = process.env.PROBE_DATABASE_URL!;
  const at = new Date(process.env.PROBE_AT!);
  const requests = JSON.parse(process.env.PROBE_REQUESTS!) as ProbeRequest[];
  const dataDir = mkdtempSync(join(tmpdir(), 'eid-tz-probe-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    RUN_WORKERS: 'false',
    RUN_MIGRATIONS: 'false',
    JWT_ACCESS_SECRET: process.env.PROBE_JWT_ACCESS_SECRET!,
    JWT_REFRESH_SECRET: process.env.PROBE_JWT_REFRESH_SECRET!,
    ...(process.env.PROBE_REDIS_URL ? { REDIS_URL: process.env.PROBE_REDIS_URL, QUEUE_PREFIX: process.env.PROBE_QUEUE_PREFIX! } : {}),
  });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.register({ config, databaseUrl, runMigrations: false })],
  }).compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  configureApp(app, config);
  await app.init();
  app.get(Clock).pin(at);
  const answers: ProbeAnswer[] = [];
  for (const r of requests) {
    const res = await request(app.getHttpServer()).get(r.url).set('Authorization', `Bearer ${r.token}`);
    answers.push({ url: r.url, status: res.status, body: res.text });
  }
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write(
    `${PROBE_OUTPUT_MARKER}${JSON.stringify({ tz: process.env.TZ, offsetMinutes: new Date(at).getTimezoneOffset(), answers })}\n`,
  );
}

// Run only as the child's entry point; the spec imports the marker and types from this file.
if (require.main === module)
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
