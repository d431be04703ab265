import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExportCleanupService, partialDir } from '@eid/exports';
import { asBuffer } from './support/binary-download';
import { createTestApp, TestApp } from './support/test-app';
import { api, createTrialWorld, enrolledParticipant, TrialWorld } from './support/trial-fixtures';

jest.setTimeout(300_000);

const ROOT = join(__dirname, '..');

/** apps/worker in its own process, as in production (RUN_WORKERS=false in the API). */
function startWorker(t: TestApp): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/worker/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: t.databaseUrl,
      // The worker must consume the queue the API produces to: Redis when the test app uses it, else PostgreSQL.
      ...(t.config.redisUrl ? { REDIS_URL: t.config.redisUrl } : {}),
      DATA_DIR: t.config.dataDir,
      // The same deployment secrets as the API: the restricted database role's password is derived from them.
      JWT_ACCESS_SECRET: t.config.jwtAccessSecret,
      JWT_REFRESH_SECRET: t.config.jwtRefreshSecret,
      AUDIT_ANCHOR_KEY: t.config.auditAnchorKey,
      LOG_LEVEL: 'silent',
      QUEUE_PREFIX: t.config.queuePrefix,
      SEED_DEMO: 'false',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Export fault tolerance: worker killed with SIGKILL mid-export (real PostgreSQL, separate worker processes)', () => {
  let t: TestApp;
  let w: TrialWorld;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    t = await createTestApp({ RUN_WORKERS: 'false' });
    w = await createTrialWorld(t);
    const p = await enrolledParticipant(t, w);
    // Enough rows that the export is still running when the first progress update lands.
    await t.dataSource.query(
      `INSERT INTO infusion (study_id, site_id, participant_id, date, dose_mg, lot_number, version)
       SELECT $1, $2, $3, DATE '2026-01-01' + (g % 3000), 300, 'LOT' || g, 1 FROM generate_series(1, 120000) g`,
      [w.studyId, w.siteA.id, p.id],
    );
  });
  afterAll(async () => {
    for (const c of workers) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await t?.close();
  });

  it('leaves no partial file downloadable; another worker picks the job up and completes it', async () => {
    const first = startWorker(t);
    workers.push(first);
    const r = await api(t, w.dataManager).post(`/api/v1/studies/${w.studyId}/exports`, {
      format: 'xlsx',
      shape: 'long',
      pseudonymisation: 'none',
      forms: ['infusion'],
    });
    expect(r.status).toBe(202);
    const id = r.body.id;
    const jobRow = async () =>
      (await t.dataSource.query('SELECT status, rows_done, rows_total, attempts, file_path FROM export_job WHERE id = $1', [id]))[0];

    await until(
      'the first worker to make progress',
      async () => {
        const j = await jobRow();
        return j.status === 'running' && j.rows_done > 0 && j.rows_done < j.rows_total;
      },
      120_000,
    );
    first.kill('SIGKILL');
    await until('the first worker to die', async () => first.signalCode === 'SIGKILL', 10_000);

    // Killed mid-export: the job is not completed and nothing is offered for download.
    const killed = await jobRow();
    expect(killed.status).toBe('running');
    expect(killed.file_path).toBeNull();
    const during = await api(t, w.dataManager).get(`/api/v1/studies/${w.studyId}/exports/${id}/file`);
    expect(during.status).toBe(409);
    expect(during.body.code).toBe('EXPORT_NOT_READY');

    const second = startWorker(t);
    workers.push(second);
    const done = await until(
      'the job to complete on the second worker',
      async () => {
        const j = await jobRow();
        return j.status === 'completed' ? j : undefined;
      },
      180_000,
    );
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    expect(done.rows_done).toBe(done.rows_total);

    const file = await asBuffer(api(t, w.dataManager).get(`/api/v1/studies/${w.studyId}/exports/${id}/file`));
    expect(file.status).toBe(200);
    const sha = createHash('sha256')
      .update(file.body as Buffer)
      .digest('hex');
    expect(file.headers['x-checksum-sha256']).toBe(sha);
    expect(sha).toBe(createHash('sha256').update(readFileSync(done.file_path)).digest('hex'));

    // The dead worker's partial file is never served and the clean-up removes it.
    await new ExportCleanupService(t.dataSource, t.config).run();
    expect(readdirSync(partialDir(t.config.dataDir)).filter((f) => f.startsWith(id))).toEqual([]);
  });
});
