import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig, startEmbeddedPostgres } from '@eid/core';
import { UsersAdminService } from '@eid/identity';
import { ensureSynthStudy, SynthLoader, type SynthLoadResult, type SynthOptions } from '@eid/synth';
import { AppModule } from '../apps/api/src/app.module';
import { StudiesAdminService } from '@eid/study';

/**
 * The shared benchmark data set of issue #6: a 10,000-participant, 5-year synthetic trial (npm run cli -- synth)
 * in its own database on DATABASE_URL's / TEST_DATABASE_URL's server, or on an embedded server under
 * .bench-pg-synth when neither is set. Built once; later runs reuse it when it holds the complete seed (the
 * database name encodes participants, years, sites and seed). Used by bench/reports.ts and bench/export.ts.
 */
export interface SyntheticTrialDb {
  /** Connection string of the benchmark database. */
  url: string;
  databaseName: string;
  studyId: string;
  studyCode: string;
  options: SynthOptions;
  /** The load of this run, or null when an existing complete trial was reused. */
  load: SynthLoadResult | null;
  /** Stops the embedded server if this helper started one (a no-op on an external server). */
  stop(): Promise<void>;
}

export interface SyntheticTrialRequest {
  participants?: number;
  years?: number;
  sites?: number;
  seed?: number;
  log?: (msg: string) => void;
  /** A database already filled by `npm run cli -- synth` (e.g. to time reports on the trial whose load was measured). */
  existing?: { url: string; studyCode: string };
}

export const BENCH_TRIAL_DEFAULTS = { participants: 10_000, years: 5, sites: 20, seed: 20_260_601 } as const;

/** `--name value` from a bench's arguments. */
export function benchArg(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

export function benchNumberArg(args: string[], name: string): number | undefined {
  const v = benchArg(args, name);
  return v === undefined ? undefined : Number(v);
}

/**
 * The benches' shared flags: `--participants N --years Y --sites S` size the trial; `--database-url URL [--study CODE]`
 * reuse one as it is (never dropped or rebuilt: the shared data set may be in use).
 */
export function syntheticTrialFromArgs(args: string[], existingStudyDefault = 'BENCH-SYNTH'): Promise<SyntheticTrialDb> {
  const url = benchArg(args, 'database-url');
  return ensureSyntheticTrial({
    participants: benchNumberArg(args, 'participants'),
    years: benchNumberArg(args, 'years'),
    sites: benchNumberArg(args, 'sites'),
    existing: url ? { url, studyCode: benchArg(args, 'study') ?? existingStudyDefault } : undefined,
  });
}

export async function ensureSyntheticTrial(req: SyntheticTrialRequest = {}): Promise<SyntheticTrialDb> {
  const log = req.log ?? ((m: string) => console.log(`[bench] ${m}`));
  const o: SynthOptions = {
    studyCode: 'BENCH-SYNTH',
    participants: req.participants ?? BENCH_TRIAL_DEFAULTS.participants,
    years: req.years ?? BENCH_TRIAL_DEFAULTS.years,
    sites: req.sites ?? BENCH_TRIAL_DEFAULTS.sites,
    seed: req.seed ?? BENCH_TRIAL_DEFAULTS.seed,
    start: '2021-01-04',
  };
  if (req.existing) {
    const { url, studyCode } = req.existing;
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      const r = await c.query(
        `SELECT s.id, (SELECT count(*) FROM participant p WHERE p.study_id = s.id)::int AS n FROM study s WHERE s.code = $1`,
        [studyCode],
      );
      if (r.rowCount !== 1) throw new Error(`bench: study ${studyCode} not found in ${url}`);
      log(`using study ${studyCode} (${r.rows[0].n} participants) in ${new URL(url).pathname.slice(1)}`);
      return {
        url,
        databaseName: new URL(url).pathname.slice(1),
        studyId: r.rows[0].id,
        studyCode,
        options: { ...o, studyCode, participants: r.rows[0].n },
        load: null,
        stop: async () => undefined,
      };
    } finally {
      await c.end();
    }
  }
  const server = await serverUrl(log);
  // The schema (latest migration) is part of the name: a trial built by older code lacks columns and facts the
  // reports now read, and is never dropped under another branch's bench that may be using it.
  const databaseName = `eid_bench_synth_p${o.participants}_y${o.years}_s${o.sites}_k${o.seed}_m${latestMigration()}`;
  const url = withDatabase(server.url, databaseName);

  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  try {
    const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [databaseName])).rowCount === 1;
    if (exists && (await isComplete(url, o))) {
      const studyId = await studyIdOf(url, o.studyCode);
      log(`reusing ${databaseName} (${o.participants} participants × ${o.years} years, seed ${o.seed})`);
      return { url, databaseName, studyId, studyCode: o.studyCode, options: o, load: null, stop: server.stop };
    }
    // A partial load (interrupted run) is dropped and rebuilt: the data set is all or nothing.
    if (exists) await admin.query(`DROP DATABASE "${databaseName}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${databaseName}"`);
  } finally {
    await admin.end();
  }

  log(`building ${databaseName}: ${o.participants} participants × ${o.years} years, ${o.sites} sites, seed ${o.seed}`);
  const config = {
    ...loadConfig({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', SEED_DEMO: 'false' }),
    runWorkers: false,
    seedDemo: false,
  };
  const app = await NestFactory.createApplicationContext(AppModule.register({ config, databaseUrl: url, runMigrations: true }), {
    logger: ['error', 'warn'],
  });
  try {
    const dataSource = app.get(DataSource);
    const study = await ensureSynthStudy({ dataSource, users: app.get(UsersAdminService), studies: app.get(StudiesAdminService) }, o);
    const load = await new SynthLoader(dataSource).load(o, study, log);
    log(`loaded ${load.totalRows} rows in ${(load.ms / 1000).toFixed(1)} s (${load.rowsPerSecond} rows/s)`);
    return { url, databaseName, studyId: study.studyId, studyCode: o.studyCode, options: o, load, stop: server.stop };
  } finally {
    await app.close();
  }
}

async function serverUrl(log: (m: string) => void): Promise<{ url: string; stop: () => Promise<void> }> {
  const given = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (given) return { url: given, stop: async () => undefined };
  const dir = join(process.cwd(), '.bench-pg-synth');
  mkdirSync(dir, { recursive: true });
  const pg = await startEmbeddedPostgres(dir, 54393, log);
  return { url: pg.url, stop: () => pg.stop() };
}

/** The timestamp of the newest migration file (migrations/<timestamp>-Name.ts). */
function latestMigration(): string {
  const stamps = readdirSync(join(__dirname, '..', 'migrations'))
    .map((f) => /^(\d+)-/.exec(f)?.[1])
    .filter((x): x is string => !!x);
  return stamps.sort().at(-1) ?? '0';
}

function withDatabase(serverUrl: string, db: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${db}`;
  return u.toString();
}

async function isComplete(url: string, o: SynthOptions): Promise<boolean> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const counter = await c.query(`SELECT to_regclass('participant_code_counter') IS NOT NULL AS ok`);
    if (!counter.rows[0].ok) return false;
    // The code counters are written after the last batch commits: present and summing to N = complete.
    const r = await c.query(
      `SELECT (SELECT count(*) FROM participant p JOIN study s ON s.id = p.study_id WHERE s.code = $1)::int AS n,
              (SELECT coalesce(sum(last_number), 0) FROM participant_code_counter k JOIN study s ON s.id = k.study_id WHERE s.code = $1)::int AS counted`,
      [o.studyCode],
    );
    return r.rows[0].n === o.participants && r.rows[0].counted === o.participants;
  } catch {
    return false;
  } finally {
    await c.end();
  }
}

async function studyIdOf(url: string, code: string): Promise<string> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(`SELECT id FROM study WHERE code = $1`, [code])).rows[0].id as string;
  } finally {
    await c.end();
  }
}
