import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, RequestContext, startEmbeddedPostgres } from '@eid/core';
import { AuditService, auditRowHash } from '@eid/audit';

/**
 * Cost of the per-study hash chain (issue #3): concurrent writers append audit events to ONE study, each in
 * its own transaction, (a) through AuditService.record (advisory lock + head lookup + insert) and (b) as a
 * plain insert without a chain. Prints events/s and p99 latency per concurrency level.
 */
const LEVELS = [1, 8, 32];
const EVENTS_PER_LEVEL = Number(process.env.BENCH_AUDIT_EVENTS ?? 2000);

interface Result {
  mode: 'chain' | 'no-chain';
  writers: number;
  eventsPerS: number;
  p50Ms: number;
  p99Ms: number;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function serverUrl(): Promise<{ url: string; stop: () => Promise<void> }> {
  const given = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (given) return { url: given, stop: async () => undefined };
  const dir = join(process.cwd(), '.bench-pg');
  mkdirSync(dir, { recursive: true });
  const pg = await startEmbeddedPostgres(dir, 54391, (m) => console.log(`[bench] ${m}`));
  return { url: pg.url, stop: () => pg.stop() };
}

async function run(ds: DataSource, mode: Result['mode'], writers: number, studyId: string): Promise<Result> {
  const audit = new AuditService();
  const base = RequestContext.system('bench', { userId: randomUUID(), email: 'bench@example.org', displayName: 'Bench', isAdmin: false, memberships: [] });
  const latencies: number[] = [];
  let issued = 0;
  const started = performance.now();
  const worker = async () => {
    while (issued < EVENTS_PER_LEVEL) {
      const i = issued++;
      const t0 = performance.now();
      await ds.transaction(async (em) => {
        if (mode === 'chain') {
          await audit.record(base.withManager(em), { action: 'update', entityType: 'infusion', entityId: `r${i}`, studyId, changes: { doseMg: { old: 300, new: 300 + i } }, reason: 'bench' });
        } else {
          const row = {
            chain: `nochain-${randomUUID()}`, seq: '1', occurredAt: new Date().toISOString(), actorUserId: base.actor!.userId, actorRole: 'investigator', actorSiteId: null,
            action: 'update', entityType: 'infusion', entityId: `r${i}`, studyId, siteId: null, participantId: null,
            changes: { doseMg: { old: 300, new: 300 + i } }, reason: 'bench', correlationId: 'bench', clientIp: null, prevHash: null,
          };
          await em.query(
            `INSERT INTO audit_event (chain, seq, occurred_at, actor_user_id, actor_role, action, entity_type, entity_id, study_id, changes, reason, correlation_id, hash)
             VALUES ($1, 1, clock_timestamp(), $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11)`,
            [row.chain, row.actorUserId, row.actorRole, row.action, row.entityType, row.entityId, studyId, JSON.stringify(row.changes), row.reason, row.correlationId, auditRowHash(row)],
          );
        }
      });
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: writers }, worker));
  const elapsedS = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { mode, writers, eventsPerS: Math.round(latencies.length / elapsedS), p50Ms: +pct(latencies, 50).toFixed(2), p99Ms: +pct(latencies, 99).toFixed(2) };
}

export async function main(): Promise<void> {
  const server = await serverUrl();
  const dbName = `eid_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(server.url);
  url.pathname = `/${dbName}`;
  const root = join(__dirname, '..');
  const ds = new DataSource({
    ...dataSourceOptions(url.toString()),
    entities: [join(root, 'libs/audit/src/**/*.entity.{ts,js}'), join(root, 'libs/identity/src/**/*.entity.{ts,js}')],
    migrations: [join(root, 'migrations/1764000000000-Identity.{ts,js}'), join(root, 'migrations/1764000001000-Audit.{ts,js}')],
    extra: { max: 40 },
  } as never);
  try {
    await ds.initialize();
    await ds.runMigrations();
    const studyId = randomUUID();
    const results: Result[] = [];
    for (const writers of LEVELS) {
      for (const mode of ['no-chain', 'chain'] as const) {
        const r = await run(ds, mode, writers, studyId);
        results.push(r);
        console.log(`${mode.padEnd(8)} writers=${String(writers).padStart(2)}  ${String(r.eventsPerS).padStart(6)} events/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms`);
      }
    }
    const broken = (await ds.query(`SELECT count(*)::int AS n FROM audit_event e WHERE e.chain = $1`, [studyId]))[0].n;
    console.log(`chain length ${broken} (expected ${LEVELS.length * EVENTS_PER_LEVEL})`);
    const get = (mode: Result['mode'], w: number) => results.find((r) => r.mode === mode && r.writers === w)!;
    const overhead = (w: number) => Math.round((1 - get('chain', w).eventsPerS / get('no-chain', w).eventsPerS) * 1000) / 10;
    console.log(
      `BENCH ${JSON.stringify({
        auditEventsPerS1: get('chain', 1).eventsPerS,
        auditEventsPerS8: get('chain', 8).eventsPerS,
        auditEventsPerS32: get('chain', 32).eventsPerS,
        auditP99Ms32: get('chain', 32).p99Ms,
        noChainEventsPerS32: get('no-chain', 32).eventsPerS,
        chainOverheadPct1: overhead(1),
        chainOverheadPct: overhead(32),
      })}`,
    );
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    await server.stop();
  }
}
