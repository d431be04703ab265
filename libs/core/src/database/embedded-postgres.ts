import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { embeddedPostgresModule, unreachableByPostgresUser } from './embedded-postgres-binaries';

export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export class EmbeddedDatabaseError extends Error {}

interface EmbeddedPostgresServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** Signal listeners embedded-postgres installed when it was loaded (see takeOverShutdownSignals). */
const libraryListeners = new Map<NodeJS.Signals, ((...args: unknown[]) => void)[]>();

/** embedded-postgres is ESM-only; Node >= 20.19 can require() it from this CommonJS build. */
function loadEmbeddedPostgres(log: (msg: string) => void): new (options: Record<string, unknown>) => EmbeddedPostgresServer {
  const before = new Map(SHUTDOWN_SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ctor = require(embeddedPostgresModule(log)).default;
  for (const s of SHUTDOWN_SIGNALS) {
    const added = process.listeners(s).filter((l) => !before.get(s)!.has(l));
    if (added.length) libraryListeners.set(s, [...(libraryListeners.get(s) ?? []), ...(added as never[])]);
  }
  return ctor;
}

/**
 * embedded-postgres stops every cluster on SIGINT/SIGTERM by itself (async-exit-hook), concurrently with the
 * application's own shutdown: PostgreSQL then terminates connections that queue workers still hold, and a pg
 * client without an error listener crashes the process. A process that stops its database itself, after
 * closing the application, takes the signals over here. The library's `exit` hook stays as the last resort
 * that stops a cluster the process forgot.
 */
export function takeOverShutdownSignals(): void {
  for (const [signal, listeners] of libraryListeners) for (const l of listeners) process.removeListener(signal, l);
  libraryListeners.clear();
}

const DB_NAME = 'eid';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The preferred place is DATA_DIR/postgres. When the postgres OS user cannot reach it (a clone under /root),
 * use a stable folder under /var/tmp derived from that path instead, and say so, rather than failing in initdb.
 */
function reachableDataDir(preferred: string, log: (msg: string) => void): string {
  const blocked = unreachableByPostgresUser(dirname(preferred));
  if (!blocked) return preferred;
  const fallbackRoot = join('/var/tmp', `eid-trial-${createHash('sha256').update(preferred).digest('hex').slice(0, 12)}`);
  mkdirSync(fallbackRoot, { recursive: true });
  chmodSync(fallbackRoot, 0o755);
  const dir = join(fallbackRoot, 'postgres');
  log(
    `The embedded PostgreSQL runs as the OS user "postgres", which cannot enter ${blocked}; ` +
      `its data is kept in ${dir} instead (set DATA_DIR to a reachable folder, or "chmod o+x ${blocked}", to keep it beside the project).`,
  );
  return dir;
}

/**
 * After the application was killed (kill -9, OOM), its PostgreSQL keeps running on the data directory and a
 * restart would fail on the port and on postmaster.pid. We hold the directory's lock here (the previous owner
 * is dead), so a live postmaster named in postmaster.pid for THIS directory is that orphan: it gets a fast
 * shutdown (SIGINT: no recovery needed) and we wait for it to go. A stale postmaster.pid (dead pid) is removed.
 */
async function stopOrphan(dataDir: string, log: (msg: string) => void): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const [pidLine, dirLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  if (!pid || !processAlive(pid)) {
    rmSync(pidFile, { force: true });
    return;
  }
  if (dirLine?.trim() !== dataDir) return; // not ours: let start-up report it
  log(`Stopping the embedded PostgreSQL (pid ${pid}) left running by a previous start that did not shut down`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; processAlive(pid); waited += 100) {
    if (waited > 30_000)
      throw new EmbeddedDatabaseError(
        `The orphaned embedded PostgreSQL (pid ${pid}) of ${dataDir} did not stop within 30 s; stop it and start again.`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
  rmSync(pidFile, { force: true });
}

/** One process owns the embedded data directory at a time; a stale lock (dead pid) is taken over. */
function acquireLock(lockFile: string): () => void {
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (pid && pid !== process.pid && processAlive(pid)) {
      throw new EmbeddedDatabaseError(
        `The embedded database in ${dirname(lockFile)} is already in use by process ${pid}. ` +
          'Stop that process, or set DATA_DIR to another folder, or set DATABASE_URL to use a PostgreSQL server.',
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

export async function startEmbeddedPostgres(dataRoot: string, port: number, log: (msg: string) => void): Promise<EmbeddedDatabase> {
  const dataDir = reachableDataDir(join(dataRoot, 'postgres'), log);
  mkdirSync(dataRoot, { recursive: true });
  const release = acquireLock(join(dataRoot, 'embedded-postgres.lock'));
  try {
    const recent: string[] = [];
    const remember = (line: string) => {
      for (const l of line.split('\n').filter((x) => x.trim())) recent.push(l.trim().slice(0, 300));
      recent.splice(0, Math.max(0, recent.length - 12));
    };
    const EmbeddedPostgres = loadEmbeddedPostgres(log);
    const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
    const pg = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'postgres',
      password: 'postgres',
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: true,
      // The server's last lines, to explain a failed start (the library rejects with `undefined`).
      onLog: (m: unknown) => remember(String(m)),
      onError: (m: unknown) => (remember(String(m)), log(`embedded postgres: ${String(m)}`)),
    });
    if (fresh) {
      log(`Initialising a new embedded PostgreSQL in ${dataDir}`);
      await pg.initialise();
    }
    await stopOrphan(dataDir, log);
    await pg.start().catch((e: unknown) => {
      throw new EmbeddedDatabaseError(
        `The embedded PostgreSQL in ${dataDir} did not start on port ${port}` +
          (e instanceof Error ? `: ${e.message}` : '') +
          (recent.length ? `. Its last output:\n  ${recent.join('\n  ')}` : ''),
      );
    });
    if (fresh) await pg.createDatabase(DB_NAME);
    log(`Embedded PostgreSQL is running on 127.0.0.1:${port}; data lives in ${dataDir}`);
    let stopped = false;
    return {
      url: `postgres://postgres:postgres@127.0.0.1:${port}/${DB_NAME}`,
      dataDir,
      async stop() {
        if (stopped) return;
        stopped = true;
        await pg.stop();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}
