// The application closed with a job active on each of its queues (test/queue-shutdown.e2e-spec.ts), in a process of
// its own so that an unhandled rejection or uncaught exception during shutdown is seen. Stdout: the app's JSON log,
// then a `CLOSING` line when the close starts, then `RESULT <json>` with what happened.
import { getSharedConfigToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { closeWorker, MaintenanceJobs, QUEUES } from '@eid/core';
import { AuditVerificationWorker } from '@eid/audit-api';
import { ExportRunner } from '@eid/exports';
import { createTestApp } from './test-app';
import { dropTestDatabase } from './test-database';
import { createTrialWorld } from './trial-fixtures';

const problems: string[] = [];
process.on('unhandledRejection', (e) => problems.push(`unhandledRejection: ${(e as Error)?.stack ?? String(e)}`));
process.on('uncaughtException', (e) => problems.push(`uncaughtException: ${e?.stack ?? String(e)}`));

/** A promise and the function that resolves it: each stand-in job says when it is running. */
function signal(): [Promise<void>, () => void] {
  let resolve!: () => void;
  return [new Promise<void>((r) => (resolve = r)), () => resolve()];
}

async function main() {
  const t = await createTestApp({ LOG_LEVEL: 'info' });
  const ds = t.app.get(DataSource);
  // Stand-ins that run until the process stops, using the database and reporting progress as the real ones do.
  const [maintenanceActive, maintenanceStarted] = signal();
  t.app.get(MaintenanceJobs).register({
    name: 'shutdown-probe',
    everyMs: 86_400_000,
    run: async () => {
      maintenanceStarted();
      for (;;) await ds.query('SELECT pg_sleep(0.05)');
    },
  });
  const [exportActive, exportStarted] = signal();
  const runner = t.app.get(ExportRunner) as unknown as {
    run: (id: string, p: (done: number, total: number) => Promise<void>) => Promise<unknown>;
  };
  runner.run = async (_id, progress) => {
    exportStarted();
    for (let i = 0; ; i++) {
      await ds.query('SELECT pg_sleep(0.05)');
      await progress(i, 1_000_000);
    }
  };
  const [verifyActive, verifyStarted] = signal();
  const verifier = (t.app.get(AuditVerificationWorker) as unknown as { verifier: { verify: unknown } }).verifier;
  verifier.verify = async (_chain: string, opts: { onProgress: (n: number) => Promise<void> }) => {
    verifyStarted();
    for (let i = 0; ; i++) {
      await new Promise((r) => setTimeout(r, 20));
      await opts.onProgress(i);
    }
  };

  const bull = t.app.get<{ connection: never; prefix?: string }>(getSharedConfigToken());
  const maintenance = new Queue(QUEUES.maintenance, bull);
  await maintenance.add('shutdown-probe', {});
  await closeWorker(maintenance);
  const w = await createTrialWorld(t);
  const exp = await t
    .http()
    .post(`/api/v1/studies/${w.studyId}/exports`)
    .set('Authorization', `Bearer ${w.dataManager.token}`)
    .send({ format: 'csv', shape: 'long', pseudonymisation: 'pseudonymised' });
  const run = await t
    .http()
    .post('/api/v1/audit/verifications')
    .set('Authorization', `Bearer ${w.monitor.token}`)
    .send({ studyId: w.studyId });
  await Promise.all([maintenanceActive, exportActive, verifyActive]);

  const owner = await t.ownerDataSource();
  process.stdout.write('CLOSING\n');
  await t.app.close();
  const [exportRow] = await owner.query(`SELECT status FROM export_job WHERE id = $1`, [exp.body.id]);
  const [runRow] = await owner.query(`SELECT status FROM audit_verification WHERE id = $1`, [run.body.id]);
  await owner.destroy();
  await dropTestDatabase(t.databaseName);
  process.stdout.write(`RESULT ${JSON.stringify({ problems, exportStatus: exportRow?.status, runStatus: runRow?.status })}\n`);
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(`shutdown-child failed: ${(e as Error).stack}\n`);
  process.exit(1);
});
