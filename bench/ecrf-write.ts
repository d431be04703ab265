import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { hash } from '@node-rs/argon2';
import { Client, Pool } from 'pg';
import { startEmbeddedPostgres } from '@eid/core';

// autocannon 9 ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult>;
interface AutocannonResult {
  latency: { p50: number; p99: number; average: number; max: number };
  requests: { average: number; total: number };
  duration: number;
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/**
 * eCRF write load (issue #5 "Must show"): realistic creates — infusion and trough (linked to the infusion it
 * precedes), each through the real API: bearer token, guard (actor + site scope), validation pipe, edit checks,
 * record-change hooks (signatures, queries), audit row on the study's hash chain, in one transaction — against a
 * study of 10,000 enrolled participants at 3 sites. The app runs compiled (dist/) in its own process with production settings
 * (NODE_ENV=production, LOG_LEVEL=warn) on its own database. Dosing proposals are computed on read (GET …/dosing),
 * so a write stores and audits; nothing else is recomputed on write.
 *
 * Beside it, in the same run, the ceiling: the same rows INSERTed straight into PostgreSQL (one autocommit INSERT
 * each) from as many connections as the app's pool holds (the app never uses more, whatever the client count).
 */
const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 10_000);
const LEVELS = [50, 200];
const REQUESTS_PER_LEVEL = Number(process.env.BENCH_REQUESTS ?? 12_000);
const WARMUP_REQUESTS = 2_000;
const MAX_SECONDS_PER_LEVEL = 120;
const APP_POOL_SIZE = 20; // dataSourceOptions extra.max
const API_ENTRY = 'dist/apps/api/src/main.js';
/** Paced (open-loop) phase: this many writes/s offered over PACED_CONNECTIONS connections, whatever the latency. */
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 500);
const PACED_CONNECTIONS = 200;
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 15);

const say = (m: string) => console.log(`[bench] ${m}`);
const day = (base: string, n: number) => new Date(Date.parse(`${base}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function serverUrl(): Promise<{ url: string; stop: () => Promise<void> }> {
  const given = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (given) return { url: given, stop: async () => undefined };
  const dir = join(process.cwd(), 'bench', '.cache', 'ecrf-write-pg'); // git-ignored
  mkdirSync(dir, { recursive: true });
  const pg = await startEmbeddedPostgres(dir, 54392, say);
  return { url: pg.url, stop: () => pg.stop() };
}

function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function admin(url: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** The API as deployed: compiled (`npm run -s build:api`), not through ts-node. BENCH_SKIP_BUILD=1 reuses dist/. */
function buildApi(): void {
  if (process.env.BENCH_SKIP_BUILD && existsSync(API_ENTRY)) return say(`using the existing ${API_ENTRY} (BENCH_SKIP_BUILD)`);
  const t0 = performance.now();
  const r = spawnSync('npm', ['run', '-s', 'build:api'], { cwd: process.cwd(), stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm run build:api failed (${r.status})`);
  say(`built the API into dist/ in ${r1((performance.now() - t0) / 1000)} s`);
}

function startApp(dbUrl: string, port: number, dataDir: string): ChildProcess {
  // BENCH_CPU_PROF=dir: V8 CPU profile of the API process (written on exit) to find the hot spots.
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, API_ENTRY], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: dbUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      RUN_MIGRATIONS: 'true',
      JWT_ACCESS_SECRET: randomBytes(32).toString('hex'),
      JWT_REFRESH_SECRET: randomBytes(32).toString('hex'),
      ACCESS_TOKEN_TTL_SECONDS: '3600',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => process.env.BENCH_VERBOSE && process.stdout.write(`[api] ${d}`));
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(`[api] ${d}`));
  return child;
}

async function waitReady(base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('API did not become ready in 180 s');
}

interface World {
  studyId: string;
  tokens: string[];
  participants: Array<{ id: string; site: number; infusionId: string; infusionDate: string }>;
  firstDate: string;
}

/** Bulk SQL for the setup only (the measured writes go through the API). */
async function seed(dbUrl: string, base: string): Promise<World> {
  const c = new Client({ connectionString: dbUrl });
  await c.connect();
  const today = new Date().toISOString().slice(0, 10);
  const consent = day(today, -400);
  const password = `bench-${randomBytes(8).toString('hex')}-password`;
  const pwHash = await hash(password);
  try {
    const [{ id: studyId }] = (
      await c.query(
        `INSERT INTO study (code, title, protocol_id, protocol_version, status, version) VALUES ('BENCH', 'eCRF write bench', 'pdnms', '1', 'active', 1) RETURNING id`,
      )
    ).rows;
    const sites: string[] = [];
    const emails: string[] = [];
    for (const code of ['AMS', 'RTM', 'UTR']) {
      const [{ id }] = (
        await c.query(
          `INSERT INTO site (code, name, country, timezone, version) VALUES ($1, $2, 'NL', 'Europe/Amsterdam', 1) RETURNING id`,
          [code, `${code} hospital`],
        )
      ).rows;
      await c.query(`INSERT INTO study_site (study_id, site_id) VALUES ($1, $2)`, [studyId, id]);
      const email = `inv.${code.toLowerCase()}@bench.example.org`;
      const [{ id: userId }] = (
        await c.query(`INSERT INTO app_user (email, display_name, password_hash, version) VALUES ($1, $2, $3, 1) RETURNING id`, [
          email,
          `Investigator ${code}`,
          pwHash,
        ])
      ).rows;
      await c.query(`INSERT INTO membership (user_id, study_id, role, site_id) VALUES ($1, $2, 'investigator', $3)`, [userId, studyId, id]);
      sites.push(id);
      emails.push(email);
    }
    const t0 = performance.now();
    await c.query(
      `INSERT INTO participant (study_id, site_id, code, screening_number, screening_date, birth_year, sex, ms_type, natalizumab_start_date,
         infusions_before_screening, status, screening_evidence, eligibility, consent_date, enrolment_date, version)
       SELECT $1, ($2::uuid[])[1 + (g % 3)], (ARRAY['AMS','RTM','UTR'])[1 + (g % 3)] || '-' || lpad(g::text, 5, '0'), 'SCR-' || g, $3::date,
              1970 + (g % 30), CASE WHEN g % 3 = 0 THEN 'male' ELSE 'female' END, 'RRMS', '2020-01-01', 40, 'enrolled', '{}', '{"eligible":"eligible"}', $3::date, $3::date, 1
         FROM generate_series(0, $4 - 1) g`,
      [studyId, sites, consent, PARTICIPANTS],
    );
    const infusionDate = day(today, -1);
    await c.query(
      `INSERT INTO infusion (study_id, site_id, participant_id, date, dose_mg, administered, version)
       SELECT study_id, site_id, id, $2::date, 300, true, 1 FROM participant WHERE study_id = $1`,
      [studyId, infusionDate],
    );
    await c.query('ANALYZE');
    const rows = (
      await c.query(
        `SELECT p.id, p.site_id, i.id AS infusion_id FROM participant p JOIN infusion i ON i.participant_id = p.id WHERE p.study_id = $1 ORDER BY p.code`,
        [studyId],
      )
    ).rows as Array<{ id: string; site_id: string; infusion_id: string }>;
    say(
      `seeded ${rows.length} enrolled participants at 3 sites (+1 infusion each) in ${Math.round(performance.now() - t0)} ms (bulk SQL, setup only)`,
    );
    const tokens: string[] = [];
    for (const email of emails) {
      const r = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (r.status !== 200) throw new Error(`login failed: ${r.status} ${await r.text()}`);
      tokens.push(((await r.json()) as { accessToken: string }).accessToken);
    }
    return {
      studyId,
      tokens,
      participants: rows.map((r) => ({ id: r.id, site: sites.indexOf(r.site_id), infusionId: r.infusion_id, infusionDate })),
      firstDate: day(consent, 1),
    };
  } finally {
    await c.end();
  }
}

/** The i-th write of the run: even = infusion create, odd = trough create; (participant, date) never repeats. */
function writeOf(w: World, i: number): { path: string; token: string; body: Record<string, unknown>; table: 'infusion' | 'trough_sample' } {
  const p = w.participants[i % w.participants.length];
  const round = Math.floor(i / w.participants.length);
  const token = w.tokens[p.site];
  if (i % 2 === 0) {
    return {
      path: `/api/v1/participants/${p.id}/infusions`,
      token,
      table: 'infusion',
      body: { date: day(w.firstDate, round), doseMg: 300, lotNumber: `NTZ${(i % 9000) + 1000}` },
    };
  }
  return {
    path: `/api/v1/participants/${p.id}/troughs`,
    token,
    table: 'trough_sample',
    body: {
      sampledOn: day(p.infusionDate, -1),
      sampledTime: '08:45',
      concentrationUgPerMl: Math.round((10 + (i % 2000) / 100) * 100) / 100,
      assay: 'ELISA',
      lab: 'Sanquin',
      precedesInfusionId: p.infusionId,
    },
  };
}

async function load(
  base: string,
  w: World,
  connections: number,
  amount: number,
  offset: number,
  overallRate?: number,
): Promise<AutocannonResult> {
  let next = offset;
  return autocannon({
    url: base,
    connections,
    amount,
    ...(overallRate ? { overallRate } : {}),
    duration: MAX_SECONDS_PER_LEVEL,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: Record<string, unknown>) => {
          const x = writeOf(w, next++);
          return {
            ...req,
            method: 'POST',
            path: x.path,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${x.token}` },
            body: JSON.stringify(x.body),
          };
        },
      },
    ],
  });
}

/** The ceiling: the same rows as plain INSERTs, one autocommit statement each, from `connections` connections. */
async function ceiling(dbUrl: string, w: World, connections: number, count: number, offset: number): Promise<number> {
  const pool = new Pool({ connectionString: dbUrl, max: connections });
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < count) {
        const i = offset + next++;
        const p = w.participants[i % w.participants.length];
        const siteId = (await siteOf(pool, w, p.site)) as string;
        const x = writeOf(w, i);
        if (x.table === 'infusion') {
          await pool.query(
            `INSERT INTO infusion (study_id, site_id, participant_id, date, dose_mg, lot_number, administered, version) VALUES ($1, $2, $3, $4, $5, $6, true, 1)`,
            [w.studyId, siteId, p.id, x.body.date, x.body.doseMg, x.body.lotNumber],
          );
        } else {
          await pool.query(
            `INSERT INTO trough_sample (study_id, site_id, participant_id, sampled_on, sampled_time, concentration_ug_per_ml, assay, lab, precedes_infusion_id, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)`,
            [
              w.studyId,
              siteId,
              p.id,
              x.body.sampledOn,
              x.body.sampledTime,
              x.body.concentrationUgPerMl,
              x.body.assay,
              x.body.lab,
              x.body.precedesInfusionId,
            ],
          );
        }
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  await pool.end();
  return count / s;
}

const siteIds = new Map<number, string>();
async function siteOf(pool: Pool, w: World, site: number): Promise<string> {
  if (!siteIds.has(site)) {
    const rows = (
      await pool.query(`SELECT DISTINCT site_id FROM participant WHERE id = $1`, [w.participants.find((p) => p.site === site)!.id])
    ).rows;
    siteIds.set(site, rows[0].site_id);
  }
  return siteIds.get(site)!;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/**
 * CPU time (ms, user + system) of the API process, of every PostgreSQL process, and of this process (the load
 * generator), read from /proc (Linux; null elsewhere). Per write it is a steadier figure than throughput on a
 * shared 2-core machine, where the neighbours' load moves writes/s by ±20 % from run to run.
 */
function cpuSnapshot(apiPid: number | undefined): { api: number; pg: number; self: number } | null {
  if (!existsSync('/proc/self/stat') || !apiPid) return null;
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  const ms = (pid: string | number) => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
      return (Number(rest[11]) + Number(rest[12])) * tick; // utime, stime (fields 14, 15)
    } catch {
      return 0; // the process ended in between
    }
  };
  let pg = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') pg += ms(pid);
    } catch {
      // gone
    }
  }
  return { api: ms(apiPid), pg, self: ms('self') };
}

function cpuPerWrite(
  before: ReturnType<typeof cpuSnapshot>,
  after: ReturnType<typeof cpuSnapshot>,
  writes: number,
): { api: number; pg: number; client: number } | null {
  if (!before || !after || writes === 0) return null;
  const per = (a: number, b: number) => Math.round(((b - a) / writes) * 100) / 100;
  return { api: per(before.api, after.api), pg: per(before.pg, after.pg), client: per(before.self, after.self) };
}

export async function main(args: string[]): Promise<void> {
  const requests = Number(args[0] ?? REQUESTS_PER_LEVEL);
  const server = await serverUrl();
  const db = `eid_bench_${randomBytes(4).toString('hex')}`;
  await admin(server.url, `CREATE DATABASE ${db}`);
  const dbUrl = withDb(server.url, db);
  const dataDir = mkdtempSync(join(tmpdir(), 'eid-bench-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  buildApi();
  const app = startApp(dbUrl, port, dataDir);
  try {
    await waitReady(base, app);
    say(
      `API up in its own process, compiled (${API_ENTRY}, NODE_ENV=production, LOG_LEVEL=warn) on ${base}, database ${db}; the load generator (autocannon) runs in this, separate, process`,
    );
    const w = await seed(dbUrl, base);
    let offset = 0;
    const warm = await load(base, w, 50, WARMUP_REQUESTS, offset);
    offset += WARMUP_REQUESTS;
    say(`warm-up: ${warm['2xx']} ok, ${warm.non2xx} non-2xx`);
    const results: Record<number, AutocannonResult & { writesPerS: number; cpuMsPerWrite: ReturnType<typeof cpuPerWrite> }> = {};
    for (const c of LEVELS) {
      const t0 = performance.now();
      const cpu0 = cpuSnapshot(app.pid);
      const res = await load(base, w, c, requests, offset);
      const seconds = (performance.now() - t0) / 1000;
      const cpu = cpuPerWrite(cpu0, cpuSnapshot(app.pid), res['2xx']);
      offset += requests;
      results[c] = { ...res, writesPerS: res['2xx'] / seconds, cpuMsPerWrite: cpu };
      say(
        `${String(c).padStart(3)} clients: ${res['2xx']} audited writes (${res.non2xx} non-2xx, ${res.errors} errors, ${res.timeouts} timeouts) in ${r1(seconds)} s → ${Math.round(results[c].writesPerS)} writes/s; latency p50 ${res.latency.p50} ms, p99 ${res.latency.p99} ms, max ${res.latency.max} ms` +
          (cpu ? `; CPU per write: API ${cpu.api} ms, PostgreSQL ${cpu.pg} ms, load generator ${cpu.client} ms` : ''),
      );
    }
    let paced: (AutocannonResult & { writesPerS: number }) | null = null;
    if (PACED_RATE > 0) {
      const amount = PACED_RATE * PACED_SECONDS;
      const t0 = performance.now();
      const res = await load(base, w, PACED_CONNECTIONS, amount, offset, PACED_RATE);
      const seconds = (performance.now() - t0) / 1000;
      offset += amount;
      paced = { ...res, writesPerS: res['2xx'] / seconds };
      say(
        `paced: ${PACED_RATE} writes/s offered over ${PACED_CONNECTIONS} connections for ${PACED_SECONDS} s: ${res['2xx']} audited writes (${res.non2xx} non-2xx, ${res.errors} errors) → ${Math.round(paced.writesPerS)} writes/s; latency p50 ${res.latency.p50} ms, p99 ${res.latency.p99} ms, max ${res.latency.max} ms`,
      );
    }
    const check = new Client({ connectionString: dbUrl });
    await check.connect();
    const [{ writes, audits }] = (
      await check.query(
        `SELECT (SELECT count(*) FROM infusion WHERE created_by IS NOT NULL)::int + (SELECT count(*) FROM trough_sample WHERE created_by IS NOT NULL)::int AS writes,
                (SELECT count(*) FROM audit_event WHERE action = 'create' AND entity_type IN ('infusion', 'trough_sample'))::int AS audits`,
      )
    ).rows;
    await check.end();
    say(`API rows written: ${writes}, audit rows: ${audits} (one per write, same transaction)`);
    const ceil = await ceiling(dbUrl, w, APP_POOL_SIZE, requests, offset + 1_000_000);
    const audited = results[200].writesPerS;
    say(
      `ceiling: ${requests} plain INSERTs of the same rows from ${APP_POOL_SIZE} connections (the app's pool) → ${Math.round(ceil)} rows/s`,
    );
    say(
      `ratio audited API writes / raw INSERT ceiling at 200 clients: ${(audited / ceil).toFixed(2)} (50 clients: ${(results[50].writesPerS / ceil).toFixed(2)})`,
    );
    say(
      'what a write does: token check, actor + site scope, validation, edit checks, INSERT, signature check and audit row in one transaction. The dosing proposal is computed on read (GET …/dosing), not recomputed on write.',
    );
    say(
      `load: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (1/5/15 min) on ${cpus().length} cores — the machine is shared; high load inflates every figure`,
    );
    say(
      `targets: p99 < 30 ms at 200 clients → ${results[200].latency.p99 < 30 ? 'met' : 'MISSED'}; ≥ 1000 audited writes/s → ${audited >= 1000 ? 'met' : 'MISSED'}`,
    );
    console.log(
      `BENCH ${JSON.stringify({
        p50Ms200: results[200].latency.p50,
        p99Ms200: results[200].latency.p99,
        p99Ms50: results[50].latency.p99,
        auditedWritesPerS: Math.round(audited),
        ceilingWritesPerS: Math.round(ceil),
        ...(paced ? { pacedRate: PACED_RATE, p50MsPaced: paced.latency.p50, p99MsPaced: paced.latency.p99 } : {}),
        ...(results[200].cpuMsPerWrite
          ? { apiCpuMsPerWrite: results[200].cpuMsPerWrite.api, pgCpuMsPerWrite: results[200].cpuMsPerWrite.pg }
          : {}),
        load1: Math.round(loadavg()[0] * 100) / 100,
      })}`,
    );
  } finally {
    app.kill('SIGTERM');
    await new Promise((r) => (app.exitCode !== null ? r(null) : app.once('exit', r)));
    await admin(server.url, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    await server.stop();
  }
}
