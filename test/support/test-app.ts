import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig, dataSourceOptions, loadConfig, prepareDatabaseRoles } from '@eid/core';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { createTestDatabase, dropTestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  databaseName: string;
  /** The owner's URL (migrations, tampering as a superuser in tests). */
  databaseUrl: string;
  /** The restricted role the application serves with. */
  appDatabaseUrl: string;
  /** The application's own connection pool (restricted role). */
  dataSource: DataSource;
  /** A connection as the database owner (superuser on the test server), opened on first use. */
  ownerDataSource(): Promise<DataSource>;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * The real application on a real, fresh PostgreSQL database (never mocked), migrated from scratch.
 * Queue: TEST_REDIS_URL selects Redis (with a per-file key prefix), otherwise BullMQ's PostgreSQL backend.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'eid-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    JWT_ACCESS_SECRET: 'test-access-secret-0123456789-abcdefghijkl',
    JWT_REFRESH_SECRET: 'test-refresh-secret-0123456789-abcdefghijk',
    // Every test file logs in many users from one address: the throttle is tested with its own limits
    // (identity-hardening.e2e-spec.ts), elsewhere it must not get in the way.
    AUTH_THROTTLE_PER_ADDRESS: '100000',
    AUTH_THROTTLE_PER_ACCOUNT: '100000',
    ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL, QUEUE_PREFIX: db.name } : {}),
    ...env,
  });
  // Same split as apps/api/src/main.ts: migrate and grant as the owner, serve as the restricted role.
  const roles = await prepareDatabaseRoles(config, db.url, true);
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.register({ config, databaseUrl: roles.appUrl, runMigrations: false })],
  }).compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  configureApp(app, config);
  await app.init();
  const server = app.getHttpServer();
  let owner: DataSource | undefined;
  return {
    app,
    config,
    databaseName: db.name,
    databaseUrl: db.url,
    appDatabaseUrl: roles.appUrl,
    dataSource: app.get(DataSource),
    async ownerDataSource() {
      owner ??= await new DataSource(dataSourceOptions(db.url, { extra: { max: 2 } })).initialize();
      return owner;
    },
    http: () => request(server),
    async close() {
      await app.close();
      await owner?.destroy();
      await dropTestDatabase(db.name);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
