import { createTestApp, TestApp } from './support/test-app';
import { createTrialWorld, TrialWorld } from './support/trial-fixtures';

jest.setTimeout(120_000);

/**
 * Issue 16 item 10 for chain verification, as for exports (exports-queue-down.e2e-spec.ts): with Redis down a
 * verification request still answers at once (202: the run's row is committed, with the anchors it is to check,
 * and the run is enqueued when the queue is back or again by the worker), and a retry returns the same run.
 */
describe('Audit chain verification requests with the queue down (real PostgreSQL, unreachable Redis)', () => {
  let t: TestApp;
  let w: TrialWorld;
  beforeAll(async () => {
    // Port 9 (discard) on loopback: nothing listens, every connection is refused.
    t = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:9', RUN_WORKERS: 'false' });
    w = await createTrialWorld(t);
  });
  afterAll(async () => t.close());

  const post = (anchors?: unknown[]) =>
    t.http().post('/api/v1/audit/verifications').set('Authorization', `Bearer ${w.monitor.token}`).send({ studyId: w.studyId, anchors });
  const runs = async () =>
    (await t.dataSource.query(`SELECT id::text, status, anchors FROM audit_verification WHERE chain = $1 ORDER BY created_at`, [
      w.studyId,
    ])) as Array<{ id: string; status: string; anchors: unknown }>;

  it('answers 202 and a retry returns the same run, creating no second one', async () => {
    const started = Date.now();
    const first = await post();
    // Reported, not asserted (no timed assertions): the request waits at most ENQUEUE_WAIT_MS (1 s) for the queue.
    process.stdout.write(`verification request with Redis down answered in ${Date.now() - started} ms\n`);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ chain: w.studyId, status: 'queued', checkedLinks: 0, report: null });
    const retry = await post();
    expect(retry.status).toBe(202);
    expect(retry.body.id).toBe(first.body.id);
    expect(await runs()).toEqual([{ id: first.body.id, status: 'queued', anchors: [] }]);
  });

  it('keeps the anchors of a run on its row (re-enqueued with them), and a retry with the same anchors returns that run', async () => {
    const anchor = {
      chain: w.studyId,
      seq: '1',
      headHash: 'a'.repeat(64),
      createdAt: '2026-12-07T18:00:00.000Z',
      keyId: '0123456789abcdef',
      signature: 'b'.repeat(64),
    };
    const first = await post([anchor]);
    expect(first.status).toBe(202);
    const retry = await post([anchor]);
    expect(retry.status).toBe(202);
    expect(retry.body.id).toBe(first.body.id);
    const all = await runs();
    // The run without anchors above is another run: it was not asked to check this exported checkpoint.
    expect(all).toHaveLength(2);
    expect(all[0].id).not.toBe(first.body.id);
    // The key id is not part of the check (the signature is), so the job and the row carry the other fields.
    const { keyId: _keyId, ...kept } = anchor;
    expect(all[1]).toEqual({ id: first.body.id, status: 'queued', anchors: [kept] });
  });
});
