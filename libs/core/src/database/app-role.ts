import { createHmac } from 'node:crypto';
import { runMigrations as runQueueMigrations } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { QUEUES } from '../queue/queue-connection';
import { dataSourceOptions } from './data-source-options';

/** Insert-only tables: the application role may read and append, never change or remove (docs/security.md). */
export const APPEND_ONLY_TABLES = ['audit_event', 'audit_chain_link', 'audit_checkpoint'] as const;

export interface DatabaseRoles {
  /** The owner: migrations, grants, operator tools (CLI). Never used to serve requests. */
  ownerUrl: string;
  /** The restricted login role every request and queue job runs as. */
  appUrl: string;
  appRole: string;
}

export interface PrepareDatabaseOptions {
  ownerUrl: string;
  /** DATABASE_APP_URL: an existing restricted role to use; else a role `<database>_app` is created. */
  appUrl?: string;
  runMigrations: boolean;
  /** The queue lives in PostgreSQL (schema `bullmq`): migrate it as the owner, grant it to the app role. */
  queueOnPostgres: boolean;
  /** Shared secret every process of the deployment holds; the created role's password is derived from it. */
  secret: string;
}

export class DatabaseRoleError extends Error {}

/** `<database>_app`, limited to PostgreSQL's 63-byte identifiers and plain characters. */
export function appRoleName(ownerUrl: string): string {
  const db = decodeURIComponent(new URL(ownerUrl).pathname.slice(1)) || 'postgres';
  return `${db
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 59)}_app`;
}

/** Deterministic, so every API and worker process of one deployment derives the same password. */
export function appRolePassword(secret: string, role: string): string {
  return createHmac('sha256', secret).update(`eid-database-app-role:${role}`).digest('base64url');
}

function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Start-up order (issue 16 item 3): migrate as the owner, make sure the restricted role exists, then grant it
 * DML on every table of the schema (so tables any later migration adds are covered) and take UPDATE/DELETE
 * back on the append-only tables. The role is not superuser, owns nothing and gets no TRUNCATE, REFERENCES or
 * TRIGGER privilege, so it cannot disable, alter or drop the audit triggers nor rewrite the audit rows.
 */
export async function prepareDatabase(options: PrepareDatabaseOptions): Promise<DatabaseRoles> {
  if (options.runMigrations) {
    const ds = new DataSource(dataSourceOptions(options.ownerUrl, { extra: { max: 1 } }));
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await ds.destroy();
    }
  }
  const owner = new Client({ connectionString: options.ownerUrl });
  await owner.connect();
  try {
    if (options.queueOnPostgres) await runQueueMigrations(owner, 'bullmq');
    const appRole = options.appUrl ? decodeURIComponent(new URL(options.appUrl).username) : appRoleName(options.ownerUrl);
    let appUrl = options.appUrl;
    await owner.query('BEGIN');
    // One process at a time changes roles and grants (concurrent GRANTs on one object fail with "tuple concurrently updated").
    await owner.query(`SELECT pg_advisory_xact_lock(hashtextextended('eid:app-role', 0))`);
    if (!appUrl) {
      const password = appRolePassword(options.secret, appRole);
      const [{ exists }] = (await owner.query('SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists', [appRole])).rows;
      const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '${password}'`;
      await owner.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${ident(appRole)} WITH ${attributes}`);
      appUrl = withCredentials(options.ownerUrl, appRole, password);
    }
    if (options.queueOnPostgres) await createQueueIdSequences(owner);
    await grant(owner, appRole, options.queueOnPostgres);
    await owner.query('COMMIT');
    await assertRestricted(owner, appRole);
    return { ownerUrl: options.ownerUrl, appUrl, appRole };
  } catch (e) {
    await owner.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await owner.end();
  }
}

async function grant(owner: Client, role: string, queueOnPostgres: boolean): Promise<void> {
  const r = ident(role);
  const [{ db }] = (await owner.query('SELECT current_database() AS db')).rows;
  await owner.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${ident(db)} TO ${r}`);
  await owner.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
  await owner.query(`GRANT USAGE ON SCHEMA public TO ${r}`);
  await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`);
  await owner.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${r}`);
  await owner.query(`REVOKE ALL ON typeorm_migrations FROM ${r}`);
  for (const table of APPEND_ONLY_TABLES) {
    const exists = (await owner.query('SELECT to_regclass($1) IS NOT NULL AS e', [`public.${table}`])).rows[0].e;
    if (exists) await owner.query(`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${ident(table)} FROM ${r}, PUBLIC`);
  }
  if (queueOnPostgres) {
    await owner.query(`GRANT USAGE ON SCHEMA bullmq TO ${r}`);
    await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA bullmq TO ${r}`);
    await owner.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA bullmq TO ${r}`);
    await owner.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA bullmq TO ${r}`);
  }
}

/**
 * BullMQ's PostgreSQL backend hands out the ids of jobs added without a jobId from one sequence per queue, which
 * it creates on the queue's first such add (`bullmq.next_job_id`). The application role may not create objects
 * in the schema (CREATE on it would also let it create functions that shadow the backend's), so the owner
 * creates the sequence of every platform queue here, under the name the backend itself computes
 * (`bullmq.job_id_seq_name`), and the grant on all sequences below covers them. A queue not in QUEUES would
 * still fail its first id-less add as the app role: every queue the platform uses is declared there. (The sequence is
 * the backend's only object made on demand; Queue.obliterate drops it again, an operator's action, as the owner.)
 */
async function createQueueIdSequences(owner: Client): Promise<void> {
  for (const queue of Object.values(QUEUES)) {
    const [{ name }] = (await owner.query('SELECT bullmq.job_id_seq_name($1) AS name', [queue])).rows;
    await owner.query(`CREATE SEQUENCE IF NOT EXISTS bullmq.${ident(name)}`);
  }
}

/** Refuse to serve with a role that could undo the audit trail's protection (e.g. DATABASE_APP_URL = the owner). */
async function assertRestricted(owner: Client, role: string): Promise<void> {
  const { rows } = await owner.query(
    `SELECT r.rolsuper OR r.rolbypassrls AS privileged,
            EXISTS (SELECT 1 FROM pg_class c WHERE c.relname = ANY($2) AND c.relnamespace = 'public'::regnamespace
                      AND pg_has_role(r.oid, c.relowner, 'USAGE')) AS owns_audit
       FROM pg_roles r WHERE r.rolname = $1`,
    [role, [...APPEND_ONLY_TABLES]],
  );
  if (!rows.length) throw new DatabaseRoleError(`The database role "${role}" (DATABASE_APP_URL) does not exist`);
  if (rows[0].privileged || rows[0].owns_audit) {
    throw new DatabaseRoleError(
      `The database role "${role}" is a superuser or owns the audit tables; requests must run as a restricted role (DATABASE_APP_URL, see docs/security.md)`,
    );
  }
}
