import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { embeddedPostgresModule } from '../../../libs/core/src/database/embedded-postgres-binaries';

export interface BrowserTestDatabase {
  url: string;
  dispose(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function withDatabase(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database for one browser-test run: on the TEST_DATABASE_URL server when set (e.g. the machine's
 * PostgreSQL), otherwise on an embedded PostgreSQL started for the run (as the e2e global setup does).
 */
export async function freshDatabase(log: (m: string) => void): Promise<BrowserTestDatabase> {
  const name = `eid_browser_${randomBytes(4).toString('hex')}`;
  let serverUrl = process.env.TEST_DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!serverUrl) {
    // embedded-postgres is ESM-only; Node >= 20.19 can require() it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const EmbeddedPostgres = require(embeddedPostgresModule(log)).default;
    const port = await freePort();
    // The postgres OS user must be able to enter every parent folder (TOOLCHAIN.md): /tmp always is.
    const root = '/tmp/eid-pg-browser';
    mkdirSync(root, { recursive: true });
    chmodSync(root, 0o755);
    const databaseDir = join(root, String(port));
    rmSync(databaseDir, { recursive: true, force: true });
    const pg = new EmbeddedPostgres({
      databaseDir,
      port,
      user: 'postgres',
      password: 'postgres',
      authMethod: 'scram-sha-256',
      persistent: false,
      createPostgresUser: true,
      onLog: () => {},
      postgresFlags: ['-c', 'fsync=off'],
    });
    await pg.initialise();
    await pg.start();
    serverUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
    stopEmbedded = async () => {
      await pg.stop();
      rmSync(databaseDir, { recursive: true, force: true });
    };
    log(`embedded PostgreSQL on port ${port}`);
  }
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  const server = serverUrl;
  return {
    url: withDatabase(serverUrl, name),
    async dispose() {
      await admin(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await stopEmbedded?.();
    },
  };
}
