import { getSharedConfigToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { closeWorker, DatabaseRoleError, loadConfig, prepareDatabaseRoles, QUEUE_BACKEND, QueueBackend, QUEUES } from '@eid/core';
import { createTestApp, TestApp } from './support/test-app';
import { testServerUrl, withDatabase } from './support/test-database';

jest.setTimeout(120_000);

/** Issue 16 item 3: requests never run as a superuser or as the owner of the audit tables (docs/security.md). */
describe('Least-privileged database role (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('serves with a restricted login role that owns nothing', async () => {
    const [me] = await t.dataSource.query(
      `SELECT current_user AS name, r.rolsuper AS super, r.rolcreaterole AS createrole, r.rolcreatedb AS createdb,
              (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(me).toEqual({ name: `${t.databaseName}_app`, super: false, createrole: false, createdb: false, owned: 0 });
  });

  it('may read and append to the audit tables, nothing else: no UPDATE, DELETE, TRUNCATE, no trigger changes', async () => {
    const privileges = await t.dataSource.query(
      `SELECT t AS table, p AS privilege, has_table_privilege(current_user, t, p) AS granted
         FROM unnest(ARRAY['audit_event', 'audit_chain_link']) t, unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER', 'REFERENCES']) p`,
    );
    for (const row of privileges)
      expect({ ...row, granted: row.granted }).toEqual({ ...row, granted: ['SELECT', 'INSERT'].includes(row.privilege) });
    await expect(t.dataSource.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`)).rejects.toThrow(
      /must be owner/,
    );
    await expect(t.dataSource.query(`DROP FUNCTION audit_event_refuse_change() CASCADE`)).rejects.toThrow(/must be owner/);
    await expect(t.dataSource.query(`SET session_replication_role = replica`)).rejects.toThrow(/permission denied/);
    await expect(t.dataSource.query(`CREATE TABLE sneaky (id int)`)).rejects.toThrow(/permission denied/);
  });

  it('writes every other table it needs (a login writes app_user, refresh token and audit rows)', async () => {
    const missing = await t.dataSource.query(
      `SELECT c.relname FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
          AND c.relname NOT IN ('audit_event', 'audit_chain_link', 'audit_checkpoint', 'typeorm_migrations')
          AND NOT (has_table_privilege(c.oid, 'INSERT') AND has_table_privilege(c.oid, 'UPDATE') AND has_table_privilege(c.oid, 'DELETE'))`,
    );
    const n = missing.length;
    expect(n).toBe(0);
  });

  it('adds a job without a jobId to every queue as the restricted role, which cannot create in the queue schema', async () => {
    const bull = t.app.get<{ connection: object; prefix?: string }>(getSharedConfigToken());
    if (t.app.get<QueueBackend>(QUEUE_BACKEND) === 'postgres') {
      // The app's queue connection is the restricted role's, and that role may not create objects in `bullmq`.
      expect((bull.connection as { connectionString: string }).connectionString).toBe(t.appDatabaseUrl);
      const [{ create }] = await t.dataSource.query(`SELECT has_schema_privilege(current_user, 'bullmq', 'CREATE') AS create`);
      expect(create).toBe(false);
    }
    for (const name of Object.values(QUEUES)) {
      const queue = new Queue(name, { connection: bull.connection as never, prefix: bull.prefix });
      try {
        // Delayed by a day, so no worker of this app picks it up before it is removed.
        const job = await queue.add('probe-without-id', {}, { delay: 86_400_000 });
        // BullMQ numbers id-less jobs from a per-queue counter (on Redis, job schedulers draw from it too).
        expect({ name, id: job.id }).toEqual({ name, id: expect.stringMatching(/^[1-9]\d*$/) });
        await job.remove();
      } finally {
        await closeWorker(queue);
      }
    }
  });

  it('refuses to start when DATABASE_APP_URL names a superuser', async () => {
    const owner = withDatabase(testServerUrl(), t.databaseName);
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: owner,
      DATABASE_APP_URL: owner,
      DATA_DIR: t.config.dataDir,
      JWT_ACCESS_SECRET: t.config.jwtAccessSecret,
      JWT_REFRESH_SECRET: t.config.jwtRefreshSecret,
    });
    await expect(prepareDatabaseRoles(config, owner, false)).rejects.toThrow(DatabaseRoleError);
  });
});
