import { performance } from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { Actor, loadConfig, RequestContext } from '@eid/core';
import { ParticipantDirectoryService, ParticipantListQueryDto } from '@eid/trial';
import { AppModule } from '../apps/api/src/app.module';
import { syntheticTrialFromArgs } from './_synthetic-trial';

const RUNS = Number(process.env.BENCH_LIST_RUNS ?? 15);
const PAGE = 50;

/** The screen's combinations: default order, the computed sorts, the flag filters, a search and a second page. */
const COMBOS: Array<{ name: string; q: Partial<ParticipantListQueryDto>; page2?: boolean }> = [
  { name: 'code asc', q: { sort: 'code' } },
  { name: 'code asc, page 2', q: { sort: 'code' }, page2: true },
  { name: 'nextInfusionDue asc', q: { sort: 'nextInfusionDue' } },
  { name: 'latestTrough desc', q: { sort: 'latestTrough', order: 'desc' } },
  { name: 'openQueryCount desc', q: { sort: 'openQueryCount', order: 'desc' } },
  { name: 'overdue only', q: { overdue: true, sort: 'nextInfusionDue' } },
  { name: 'PML + SAE only', q: { pml: true } },
  { name: 'search "01"', q: { search: '01' } },
];

/**
 * `npm run bench -- participants-list [--participants N] [--years Y] [--sites S] [--database-url URL --study CODE]`: latency of one page (50 rows)
 * of the participants list (issue #7) — one SQL query computing interval, next infusion due, latest trough, open
 * queries and flags for every participant in scope, then the page's records by id — over the synthetic trial
 * (bench/_synthetic-trial.ts; default 10,000 × 5 years at 20 sites, reused when already built). Called through
 * ParticipantDirectoryService (no HTTP in the timing) as the study-wide monitor and as the investigator of the
 * largest site. Read-only: the shared benchmark database is not changed.
 */
export async function main(args: string[]): Promise<void> {
  const trial = await syntheticTrialFromArgs(args);
  const c = new Client({ connectionString: trial.url });
  await c.connect();
  const [site] = (
    await c.query(`SELECT site_id, count(*)::int AS n FROM participant WHERE study_id = $1 GROUP BY site_id ORDER BY n DESC LIMIT 1`, [
      trial.studyId,
    ])
  ).rows as Array<{ site_id: string; n: number }>;
  const [{ n: total }] = (await c.query(`SELECT count(*)::int AS n FROM participant WHERE study_id = $1`, [trial.studyId])).rows;
  await c.end();

  const config = {
    ...loadConfig({ ...process.env, DATABASE_URL: trial.url, LOG_LEVEL: 'warn', SEED_DEMO: 'false' }),
    runWorkers: false,
    seedDemo: false,
  };
  const app = await NestFactory.createApplicationContext(AppModule.register({ config, databaseUrl: trial.url, runMigrations: false }), {
    logger: ['error', 'warn'],
  });
  const all: number[] = [];
  const figures: Record<string, { p50Ms: number; maxMs: number }> = {};
  try {
    const directory = app.get(ParticipantDirectoryService);
    const actor = (role: 'monitor' | 'investigator', siteId: string | null): Actor => ({
      userId: '00000000-0000-4000-8000-00000000000' + (role === 'monitor' ? '1' : '2'),
      email: `bench-${role}@synth.local`,
      displayName: `Bench ${role}`,
      isAdmin: false,
      memberships: [{ studyId: trial.studyId, role, siteId }],
    });
    const who = [
      { label: `monitor (${total} participants)`, actor: actor('monitor', null) },
      { label: `investigator (${site.n} at one site)`, actor: actor('investigator', site.site_id) },
    ];
    for (const w of who) {
      for (const combo of COMBOS) {
        const ctx = RequestContext.system('bench:participants-list', w.actor);
        const q = Object.assign(new ParticipantListQueryDto(), { studyId: trial.studyId, limit: PAGE }, combo.q);
        if (combo.page2) q.cursor = (await directory.list(ctx, q)).nextCursor ?? undefined;
        await directory.list(ctx, q); // warm-up (plan cache, buffers)
        const times: number[] = [];
        let rows = 0;
        for (let i = 0; i < RUNS; i++) {
          const t0 = performance.now();
          rows = (await directory.list(RequestContext.system('bench:participants-list', w.actor), q)).items.length;
          times.push(performance.now() - t0);
        }
        times.sort((a, b) => a - b);
        all.push(...times);
        const key = `${w.label} · ${combo.name}`;
        figures[key] = { p50Ms: Math.round(times[times.length >> 1]), maxMs: Math.round(times[times.length - 1]) };
        console.log(`${key.padEnd(64)} p50 ${figures[key].p50Ms} ms, max ${figures[key].maxMs} ms, ${rows} rows (${RUNS} runs)`);
      }
    }
  } finally {
    await app.close();
    await trial.stop();
  }
  all.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(all[Math.min(all.length - 1, Math.floor((p / 100) * all.length))]);
  console.log(
    `BENCH ${JSON.stringify({ p50Ms: pct(50), p99Ms: pct(99), rows: total, siteRows: site.n, pageSize: PAGE, runs: all.length })}`,
  );
}
