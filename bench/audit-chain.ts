import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, RequestContext, startEmbeddedPostgres, TransactionService } from '@eid/core';
import { AuditSealer, AuditService } from '@eid/audit';
import { AuditChainVerifier } from '@eid/audit-api';

/**
 * Cost of the per-study hash chain (issue #3), sealed after commit (docs/audit-trail.md). Concurrent writers
 * append audit events to ONE study, each in its own transaction:
 * (a) `audited`: AuditService.record as the services call it, with the AuditSealer's debounced after-commit
 *     seals running in the same process, so sealing competes with the writers for the same 2 cores;
 * (b) `no-chain`: the same single INSERT with no sealer at all (the ceiling).
 * Then the sealer's own throughput on a backlog of unsealed events, the seal lag (sealed_at − occurred_at)
 * p99 of the 32-writer run, and a full verification of the study chain.
 */
const LEVELS = [1, 8, 32];
const EVENTS_PER_LEVEL = Number(process.env.BENCH_AUDIT_EVENTS ?? 2000);
const SEAL_BACKLOG = Number(process.env.BENCH_SEAL_EVENTS ?? 20000);

interface Result {
  mode: 'audited' | 'no-chain';
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

const actor = { userId: randomUUID(), email: 'bench@example.org', displayName: 'Bench', isAdmin: false, memberships: [] };

async function run(ds: DataSource, audit: AuditService, mode: Result['mode'], writers: number, studyId: string): Promise<Result> {
  const tx = new TransactionService(ds);
  const latencies: number[] = [];
  let issued = 0;
  const started = performance.now();
  const worker = async () => {
    while (issued < EVENTS_PER_LEVEL) {
      const i = issued++;
      const input = {
        action: 'update' as const,
        entityType: `infusion-w${writers}`,
        entityId: `r${i}`,
        studyId,
        changes: { doseMg: { old: 300, new: 300 + i } },
        reason: 'bench',
      };
      const t0 = performance.now();
      if (mode === 'audited') {
        await tx.run(RequestContext.system('bench', actor), (ctx) => audit.record(ctx, input));
      } else {
        // The same row, chain `nochain-…` so no sealer ever looks at it.
        await ds.transaction((em) =>
          em.query(
            `INSERT INTO audit_event (chain, actor_user_id, actor_role, action, entity_type, entity_id, study_id, changes, reason, correlation_id)
             VALUES ($1, $2, 'user', $3, $4, $5, $6, $7::jsonb, $8, 'bench')`,
            [
              `nochain-${studyId}`.slice(0, 64),
              actor.userId,
              input.action,
              input.entityType,
              input.entityId,
              studyId,
              JSON.stringify(input.changes),
              input.reason,
            ],
          ),
        );
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: writers }, worker));
  const elapsedS = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    mode,
    writers,
    eventsPerS: Math.round(latencies.length / elapsedS),
    p50Ms: +pct(latencies, 50).toFixed(2),
    p99Ms: +pct(latencies, 99).toFixed(2),
  };
}

/** Sealer throughput: a backlog of committed, unsealed events in a fresh chain, sealed in one call. */
async function sealThroughput(ds: DataSource, sealer: AuditSealer): Promise<number> {
  const chain = randomUUID();
  await ds.query(
    `INSERT INTO audit_event (chain, actor_user_id, actor_role, action, entity_type, entity_id, study_id, changes, reason, correlation_id)
     SELECT $1, $2, 'user', 'update', 'infusion', 'r' || i, $4::uuid, jsonb_build_object('doseMg', jsonb_build_object('old', 300, 'new', 300 + i)), 'bench', 'bench'
       FROM generate_series(1, $3) AS i`,
    [chain, actor.userId, SEAL_BACKLOG, chain],
  );
  const t0 = performance.now();
  const r = await sealer.sealPending(chain, { deep: true, waitMs: 10_000 });
  const s = (performance.now() - t0) / 1000;
  if (r.sealed !== SEAL_BACKLOG) throw new Error(`sealed ${r.sealed} of ${SEAL_BACKLOG}`);
  return Math.round(SEAL_BACKLOG / s);
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
    migrations: ['1764000000000-Identity', '1764000001000-Audit', '1764000600000-AuditChainLinks', '1765600000000-AuditCheckpoints'].map(
      (m) => join(root, `migrations/${m}.{ts,js}`),
    ),
    extra: { max: 40 },
  } as never);
  const sealer = new AuditSealer(ds as never);
  try {
    await ds.initialize();
    await ds.runMigrations();
    // Sealing here is the after-commit path only: the periodic sweep (a fallback for dead processes) is not
    // started, or it would also chain the `no-chain` rows in the background and blur the baseline.
    const audit = new AuditService(sealer);
    const studyId = randomUUID();
    const results: Result[] = [];
    let lagP99Ms = 0;
    for (const writers of LEVELS) {
      for (const mode of ['no-chain', 'audited'] as const) {
        const r = await run(ds, audit, mode, writers, studyId);
        results.push(r);
        console.log(
          `${mode.padEnd(8)} writers=${String(writers).padStart(2)}  ${String(r.eventsPerS).padStart(6)} events/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms`,
        );
      }
      // Let the after-commit seals and the sweep finish this level, then read its seal lag from the database.
      await sealer.sealPending(studyId, { deep: true, waitMs: 10_000 });
      const [lag] = await ds.query(
        `SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1)::float8 AS p50, round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 1)::float8 AS p99
           FROM (SELECT extract(epoch FROM l.sealed_at - e.occurred_at) * 1000 AS ms FROM audit_chain_link l JOIN audit_event e ON e.id = l.audit_event_id
                  WHERE l.chain = $1 AND e.entity_type = $2) x`,
        [studyId, `infusion-w${writers}`],
      );
      console.log(`seal lag writers=${String(writers).padStart(2)}  p50 ${lag.p50} ms  p99 ${lag.p99} ms (event written → link written)`);
      if (writers === 32) lagP99Ms = lag.p99;
    }
    const sealEventsPerS = await sealThroughput(ds, sealer);
    console.log(`sealer: ${sealEventsPerS} events/s on a backlog of ${SEAL_BACKLOG}`);
    const report = await new AuditChainVerifier(ds as never, sealer, {
      auditAnchorKey: 'bench-anchor-key-0123456789abcdefghij',
    } as never).verify(studyId);
    console.log(
      `chain ${report.intact ? 'intact' : 'BROKEN'}: ${report.checkedEvents} links (expected ${LEVELS.length * EVENTS_PER_LEVEL})`,
    );
    if (!report.intact || report.checkedEvents !== LEVELS.length * EVENTS_PER_LEVEL)
      throw new Error(`chain check failed: ${JSON.stringify(report)}`);
    const get = (mode: Result['mode'], w: number) => results.find((r) => r.mode === mode && r.writers === w)!;
    const overhead = (w: number) => Math.round((1 - get('audited', w).eventsPerS / get('no-chain', w).eventsPerS) * 1000) / 10;
    console.log(
      `BENCH ${JSON.stringify({
        auditEventsPerS1: get('audited', 1).eventsPerS,
        auditEventsPerS8: get('audited', 8).eventsPerS,
        auditEventsPerS32: get('audited', 32).eventsPerS,
        auditP99Ms32: get('audited', 32).p99Ms,
        noChainEventsPerS32: get('no-chain', 32).eventsPerS,
        chainOverheadPct1: overhead(1),
        chainOverheadPct: overhead(32),
        sealEventsPerS,
        sealLagP99Ms: lagP99Ms,
      })}`,
    );
  } finally {
    await sealer.onModuleDestroy();
    if (ds.isInitialized) await ds.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    await server.stop();
  }
}
