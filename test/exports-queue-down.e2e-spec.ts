import { createTestApp, TestApp } from './support/test-app';
import { createTrialWorld, TrialWorld } from './support/trial-fixtures';

jest.setTimeout(120_000);

/**
 * Issue 16 item 10: with Redis down an export request still answers at once (202: the job row is committed and
 * is enqueued when the queue is back), and an Idempotency-Key makes the client's retry return the same job.
 */
describe('Export requests with the queue down (real PostgreSQL, unreachable Redis)', () => {
  let t: TestApp;
  let w: TrialWorld;
  beforeAll(async () => {
    // Port 9 (discard) on loopback: nothing listens, every connection is refused.
    t = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:9', RUN_WORKERS: 'false' });
    w = await createTrialWorld(t);
  });
  afterAll(async () => t.close());

  const body = { format: 'csv', shape: 'long', pseudonymisation: 'pseudonymised' };
  const post = (key?: string) => {
    const req = t.http().post(`/api/v1/studies/${w.studyId}/exports`).set('Authorization', `Bearer ${w.dataManager.token}`);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };

  it('answers 202 and a retry with the same Idempotency-Key returns the same job, creating no second one', async () => {
    const started = Date.now();
    const first = await post('retry-key-0001');
    // Reported, not asserted (no timed assertions): the request waits at most ENQUEUE_WAIT_MS (1 s) for the queue.
    process.stdout.write(`export request with Redis down answered in ${Date.now() - started} ms\n`);
    expect(first.status).toBe(202);
    expect(first.body.status).toBe('queued');
    const retry = await post('retry-key-0001');
    expect(retry.status).toBe(202);
    expect(retry.body.id).toBe(first.body.id);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM export_job WHERE requested_by = $1`, [w.dataManager.id]);
    expect(n).toBe(1);
  });

  it('refuses a malformed Idempotency-Key with 400 naming it', async () => {
    const res = await post('not a key!');
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'Idempotency-Key', code: 'IDEMPOTENCY_KEY_FORMAT' })]);
  });
});
