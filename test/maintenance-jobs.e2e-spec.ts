import { randomUUID } from 'node:crypto';
import { getSharedConfigToken } from '@nestjs/bullmq';
import { Job, Queue } from 'bullmq';
import { closeWorker, MaintenanceJobs, QUEUES } from '@eid/core';
import { AuditSealer } from '@eid/audit';
import { AuditVerificationService, AuditVerificationWorker, VerificationJobProgress } from '@eid/audit-api';
import { api, createTrialWorld, enrolledParticipant, TrialWorld } from './support/trial-fixtures';
import { createTestApp, TestApp } from './support/test-app';

jest.setTimeout(180_000);

/** Polls until `probe` returns a value (no timed assertion: the test's own timeout is the only limit). */
async function eventually<T>(probe: () => Promise<T | undefined | null | false>): Promise<T> {
  for (;;) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Issue 18 item 4: the platform's background work is BullMQ job schedulers on the maintenance queue, run by the
 * one maintenance worker of each worker process (no setInterval); chain verification is a job of the worker. Runs on
 * the backend the environment selects: TEST_REDIS_URL set → Redis, unset → BullMQ's PostgreSQL backend.
 */
describe('Background work as job schedulers (e2e)', () => {
  let t: TestApp;
  let w: TrialWorld;
  let maintenance: Queue;
  let verification: Queue;

  beforeAll(async () => {
    t = await createTestApp({ AUDIT_CHECKPOINT_SECONDS: '2' });
    w = await createTrialWorld(t);
    const bull = t.app.get<{ connection: never; prefix?: string }>(getSharedConfigToken());
    maintenance = new Queue(QUEUES.maintenance, bull);
    verification = new Queue(QUEUES.auditVerification, bull);
  });
  afterAll(async () => {
    await Promise.all([closeWorker(maintenance), closeWorker(verification)]);
    await t?.close();
  });

  it('schedules each maintenance job with its period', async () => {
    const schedulers = await maintenance.getJobSchedulers();
    const periods = Object.fromEntries(schedulers.map((s) => [s.key, s.every]));
    // The periods stated by each capability: sweep 1.5 s, checkpoints AUDIT_CHECKPOINT_SECONDS (2 here), clean-up
    // hourly, catch-up every second, verification runs still queued enqueued again every minute.
    expect(periods).toEqual({
      'audit-seal-sweep': 1500,
      'audit-checkpoint': 2000,
      'audit-verification-requeue': 60_000,
      'export-cleanup': 3_600_000,
      'report-facts-catch-up': 1000,
    });
  });

  it('fails a maintenance job nobody handles, naming it, instead of completing it', async () => {
    // No jobId: the id comes from the queue's id sequence, which the owner created at start (app-role.ts).
    const job = await maintenance.add('no-such-job', {}, { removeOnFail: false });
    const state = await eventually(async () => {
      const s = await job.getState();
      return s === 'failed' || s === 'completed' ? s : undefined;
    });
    expect(state).toBe('failed');
    const failed = (await Job.fromId(maintenance, job.id!))!;
    expect(failed.failedReason).toContain('No handler for maintenance job "no-such-job"');
  });

  it('catches up the report facts by the scheduled job alone', async () => {
    const p = await enrolledParticipant(t, w);
    const r = await api(t, w.invA).post(`/api/v1/participants/${p.id}/infusions`, { date: '2026-02-02', doseMg: 300 });
    expect(r.status).toBe(201);
    // Nobody calls ReportFactsCatchUp here: only the job can bring the fact row up to date.
    const dates = await eventually(async () => {
      const [row] = await t.dataSource.query(`SELECT infusion_dates::text[] AS d FROM report_participant_facts WHERE participant_id = $1`, [
        p.id,
      ]);
      return row?.d?.length ? (row.d as string[]) : undefined;
    });
    expect(dates).toEqual(['2026-02-02']);
  });

  it('seals an event nobody announced (a process died after COMMIT) and checkpoints its chain', async () => {
    const owner = await t.ownerDataSource();
    const chain = randomUUID();
    // Written as the services write it, but without the after-commit notice: only the sweep can seal it.
    const [{ id }] = await owner.query(
      `INSERT INTO audit_event (chain, action, entity_type, entity_id, study_id) VALUES ($1, 'create', 'probe', 'p1', $2) RETURNING id::text AS id`,
      [chain, chain],
    );
    const link = await eventually(async () => {
      const [l] = await t.dataSource.query(`SELECT seq::text AS seq FROM audit_chain_link WHERE audit_event_id = $1`, [id]);
      return l as { seq: string } | undefined;
    });
    expect(link.seq).toBe('1');
    const checkpoint = await eventually(async () => {
      const [c] = await t.dataSource.query(`SELECT seq::text AS seq FROM audit_checkpoint WHERE chain = $1`, [chain]);
      return c as { seq: string } | undefined;
    });
    expect(checkpoint.seq).toBe('1');
  });

  it('runs a chain verification as a job of the worker, with its progress on the job and the row', async () => {
    // Every study event sealed first, so the run's denominator is the number of events of the study's chain.
    await t.app.get(AuditSealer).sealPending(w.studyId, { deep: true });
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE chain = $1`, [w.studyId]);
    const ctx = { actor: { userId: randomUUID() } } as never;
    const run = await t.app.get(AuditVerificationService).start(ctx, w.studyId);
    expect(run.status).toBe('queued');
    const job = await eventually(async () => {
      const j = await Job.fromId(verification, run.id);
      return j && (await j.getState()) === 'completed' ? j : undefined;
    });
    const row = await t.app.get(AuditVerificationService).get(w.studyId, run.id);
    expect(row.status).toBe('done');
    expect((row.report as { intact: boolean }).intact).toBe(true);
    // The world and the tests above wrote study events, so the chain is not empty.
    expect(n).toBeGreaterThan(0);
    expect({ checked: row.checkedLinks, total: row.totalLinks }).toEqual({ checked: n, total: n });
    expect(job.progress as VerificationJobProgress).toEqual({ checkedLinks: n, totalLinks: n });
  });

  it('enqueues again a run committed while the queue was down, with its anchors; fails one from before anchors were kept', async () => {
    // As the API leaves them when it stopped before its add reached the queue: rows, no jobs. A forged anchor, so the
    // report shows that the run checked the anchors from the row.
    const anchor = {
      chain: w.studyId,
      seq: '1',
      headHash: 'a'.repeat(64),
      createdAt: '2026-12-07T18:00:00.000Z',
      signature: 'b'.repeat(64),
    };
    const insert = (anchors: unknown, age: string) =>
      t.dataSource
        .query(
          `INSERT INTO audit_verification (chain, requested_by, status, anchors, created_at) VALUES ($1, $2, 'queued', $3, now() - $4::interval) RETURNING id::text AS id`,
          [w.studyId, w.monitor.id, anchors === null ? null : JSON.stringify(anchors), age],
        )
        .then((rows: Array<{ id: string }>) => rows[0].id);
    const kept = await insert([anchor], '0 s');
    const legacy = await insert(null, '2 min');
    // Called here rather than awaiting its scheduled run (every minute); either call leads to the same rows.
    await t.app.get(AuditVerificationWorker).requeue();
    const service = t.app.get(AuditVerificationService);
    const done = await eventually(async () => {
      const row = await service.get(w.studyId, kept);
      return row.status === 'done' || row.status === 'failed' ? row : undefined;
    });
    expect(done.status).toBe('done');
    expect(done.report).toMatchObject({ checkpoints: { firstFailure: { seq: '1', problem: 'bad-signature' } } });
    expect(await service.get(w.studyId, legacy)).toMatchObject({
      status: 'failed',
      error: 'The run never reached the job queue; request the verification again',
    });
  });
});

describe('Background work with RUN_WORKERS=false (e2e)', () => {
  it('leaves the maintenance queue and its schedulers to apps/worker', async () => {
    const t = await createTestApp({ RUN_WORKERS: 'false' });
    const queue = new Queue(QUEUES.maintenance, t.app.get<{ connection: never; prefix?: string }>(getSharedConfigToken()));
    try {
      // No registry, hence no maintenance worker, in this process; and nothing scheduled on this fresh database.
      expect(() => t.app.get(MaintenanceJobs)).toThrow();
      expect(await queue.getJobSchedulers()).toEqual([]);
    } finally {
      await closeWorker(queue);
      await t.close();
    }
  });
});
