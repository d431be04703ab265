import { performance } from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import { Actor, loadConfig, RequestContext } from '@eid/core';
import { ReportName, ReportsService } from '@eid/reporting';
import { AppModule } from '../apps/api/src/app.module';
import { syntheticTrialFromArgs } from './_synthetic-trial';

const REPORTS: ReportName[] = ['disease-activity', 'dosing', 'pml-risk', 'data-quality'];
const RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 7);

/**
 * `npm run bench -- reports [--participants N] [--years Y] [--database-url URL --study CODE]`: each report's latency (median and max of several
 * runs after one warm-up) over the synthetic trial (default 10,000 × 5 years, built once by
 * bench/_synthetic-trial.ts), called through ReportsService as a study-wide monitor (no HTTP in the timing).
 */
export async function main(args: string[]): Promise<void> {
  const trial = await syntheticTrialFromArgs(args, 'SYN-1');
  const config = {
    ...loadConfig({ ...process.env, DATABASE_URL: trial.url, LOG_LEVEL: 'warn', SEED_DEMO: 'false' }),
    runWorkers: false,
    seedDemo: false,
  };
  const app = await NestFactory.createApplicationContext(AppModule.register({ config, databaseUrl: trial.url, runMigrations: false }), {
    logger: ['error', 'warn'],
  });
  const results: Record<string, { medianMs: number; maxMs: number }> = {};
  try {
    const reports = app.get(ReportsService);
    const monitor: Actor = {
      userId: '00000000-0000-4000-8000-000000000001',
      email: 'bench@synth.local',
      displayName: 'Bench monitor',
      isAdmin: false,
      memberships: [{ studyId: trial.studyId, role: 'monitor', siteId: null }],
    };
    const ctx = RequestContext.system('bench:reports', monitor);
    for (const name of REPORTS) {
      await reports.build(name, ctx, trial.studyId, {}); // warm-up (plan cache, buffers)
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await reports.build(name, ctx, trial.studyId, {});
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      results[name] = { medianMs: Math.round(times[times.length >> 1]), maxMs: Math.round(times[times.length - 1]) };
      console.log(`${name.padEnd(17)} median ${results[name].medianMs} ms, max ${results[name].maxMs} ms (${RUNS} runs)`);
    }
  } finally {
    await app.close();
    await trial.stop();
  }
  const maxReportMs = Math.max(...Object.values(results).map((r) => r.maxMs));
  console.log(
    `BENCH ${JSON.stringify({ maxReportMs, participants: trial.options.participants, years: trial.options.years, loadMs: trial.load?.ms ?? null, loadRowsPerS: trial.load?.rowsPerSecond ?? null, reports: results })}`,
  );
}
