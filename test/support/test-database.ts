import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The server every e2e file shares (global setup); each file gets its own database on it. */
export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run e2e tests through jest (global setup starts a database)');
  return url;
}

export function withDatabase(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<{ name: string; url: string }> {
  const name = `eid_t_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  return { name, url: withDatabase(testServerUrl(), name) };
}

export async function dropTestDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  // The restricted role the app created for it (prepareDatabase → appRoleName); its grants went with the database.
  await adminQuery(`DROP ROLE IF EXISTS ${name}_app`);
}
