import { AuditCheckpointer, AuditSealer, chainLinkHash, EVENT_CONTENT_SQL } from '@eid/audit';
import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from './support/test-app';
import { buildIdentityWorld, IdentityWorld } from './support/identity-fixtures';
import { runVerification } from './support/audit-verification';

jest.setTimeout(180_000);

/**
 * Issue 16 item 4: the chain's head is checkpointed with a key the database never holds, so a database
 * superuser's tampering is detected even when the chain itself is made consistent again
 * (docs/security.md → Threat model). Each scenario is done as the superuser would: directly in SQL.
 */
describe('Anchored audit chain: tampering by a database superuser (real PostgreSQL)', () => {
  let t: TestApp;
  let w: IdentityWorld;
  let owner: DataSource;
  beforeAll(async () => {
    // Checkpoints are taken explicitly below (checkpointNow), not by the timer.
    t = await createTestApp({ AUDIT_CHECKPOINT_SECONDS: '86400' });
    w = await buildIdentityWorld(t);
    owner = await t.ownerDataSource();
  });
  afterAll(async () => t.close());

  const token = (role: keyof IdentityWorld['users']) => w.users[role].token;
  const anchorNow = async () => {
    await t.app.get(AuditSealer).sealPending(undefined, { deep: true });
    await t.app.get(AuditCheckpointer).checkpointNow();
  };
  const studyReport = async () => (await runVerification(t, token('monitor'), w.studyId)).report;
  /** One statement with a table's triggers disabled, as only the owner or a superuser can. */
  const asSuperuser = async (table: string, trigger: string, sql: string, params: unknown[] = []) => {
    const q = owner.createQueryRunner();
    await q.connect();
    try {
      await q.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
      try {
        return await q.query(sql, params);
      } finally {
        await q.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
      }
    } finally {
      await q.release();
    }
  };

  it('verification is a job for monitors, data managers and admins only, with progress in links', async () => {
    await anchorNow();
    for (const role of ['investigatorOwn', 'siteCoordinator', 'statistician'] as const) {
      await t
        .http()
        .post('/api/v1/audit/verifications')
        .set('Authorization', `Bearer ${token(role)}`)
        .send({ studyId: w.studyId })
        .expect(403);
    }
    await t
      .http()
      .post('/api/v1/audit/platform/verifications')
      .set('Authorization', `Bearer ${token('monitor')}`)
      .send({})
      .expect(403);
    const run = await runVerification(t, token('dataManager'), w.studyId);
    const [{ links }] = await t.dataSource.query(`SELECT count(*)::int AS links FROM audit_chain_link WHERE chain = $1`, [w.studyId]);
    expect(run).toMatchObject({ status: 'done', checkedLinks: links, totalLinks: links });
    expect(run.report).toMatchObject({ intact: true, checkpoints: { checked: 1, latestSeq: String(links), firstFailure: null } });
    // Another study's run is not visible through this study (404), and a malformed id is a 400 naming it.
    await t
      .http()
      .get('/api/v1/audit/platform/verifications/00000000-0000-4000-8000-000000000000')
      .set('Authorization', `Bearer ${token('admin')}`)
      .expect(404);
    const bad = await t
      .http()
      .get('/api/v1/audit/verifications/nope')
      .query({ study: w.studyId })
      .set('Authorization', `Bearer ${token('monitor')}`)
      .expect(400);
    expect(bad.body.details[0].field).toBe('verificationId');
  });

  it('detects a forged checkpoint: the database holds no key to sign one', async () => {
    await asSuperuser(
      'audit_checkpoint',
      'ALL',
      `INSERT INTO audit_checkpoint (chain, seq, head_hash, created_at, key_id, signature) VALUES ($1, 1, repeat('a', 64), now(), 'forged', repeat('b', 64))`,
      [w.studyId],
    );
    expect((await studyReport()).checkpoints.firstFailure).toMatchObject({ seq: '1', problem: 'bad-signature' });
    await asSuperuser('audit_checkpoint', 'ALL', `DELETE FROM audit_checkpoint WHERE chain = $1 AND seq = 1`, [w.studyId]);
    expect((await studyReport()).intact).toBe(true);
  });

  it('detects a row changed with the trigger disabled, and the chain then recomputed with the application hash', async () => {
    const [target] = await t.dataSource.query(
      `SELECT l.seq::text AS seq, l.audit_event_id::text AS id FROM audit_chain_link l WHERE l.chain = $1 ORDER BY l.seq LIMIT 1 OFFSET 1`,
      [w.studyId],
    );
    await asSuperuser('audit_event', 'audit_event_no_update_delete', `UPDATE audit_event SET reason = 'rewritten history' WHERE id = $1`, [
      target.id,
    ]);
    const changed = await studyReport();
    expect(changed).toMatchObject({ intact: false, firstBrokenLink: { seq: target.seq, problem: 'hash-mismatch' } });

    // The superuser recomputes every link from the changed one on, with the very function the app uses.
    const rows = await owner.query(
      `SELECT l.seq::text AS "linkSeq", l.prev_hash AS "linkPrevHash", ${EVENT_CONTENT_SQL}
         FROM audit_chain_link l JOIN audit_event e ON e.id = l.audit_event_id WHERE l.chain = $1 ORDER BY l.seq`,
      [w.studyId],
    );
    let prev: string | null = null;
    for (const { linkSeq, linkPrevHash, ...content } of rows) {
      if (BigInt(linkSeq) >= BigInt(target.seq)) {
        const hash = chainLinkHash(content, linkSeq, prev);
        await asSuperuser(
          'audit_chain_link',
          'audit_chain_link_no_update_delete',
          `UPDATE audit_chain_link SET prev_hash = $3, hash = $4 WHERE chain = $1 AND seq = $2`,
          [w.studyId, linkSeq, prev, hash],
        );
        prev = hash;
      } else {
        prev = (await owner.query(`SELECT hash FROM audit_chain_link WHERE chain = $1 AND seq = $2`, [w.studyId, linkSeq]))[0].hash;
        void linkPrevHash;
      }
    }
    const recomputed = await studyReport();
    // The chain alone now holds together again…
    expect(recomputed.firstBrokenLink).toBeNull();
    // …but its head no longer has the hash the signed checkpoint anchored.
    expect(recomputed).toMatchObject({ intact: false, checkpoints: { firstFailure: { problem: 'head-differs' } } });
  });

  it('detects a cut tail: from the stored checkpoints, and from an exported copy when those were deleted too', async () => {
    await anchorNow();
    const exported = (
      await t
        .http()
        .get('/api/v1/audit/platform/checkpoints')
        .set('Authorization', `Bearer ${token('admin')}`)
        .expect(200)
    ).body.items;
    expect(exported.length).toBeGreaterThan(0);
    const head = exported[exported.length - 1];
    expect(head).toMatchObject({
      chain: 'platform',
      seq: expect.stringMatching(/^\d+$/),
      headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      signature: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // Remove the newest three links and their events (every trigger off: FK triggers too).
    const cut = Number(head.seq) - 2;
    const ids = (
      await owner.query(`SELECT audit_event_id::text AS id FROM audit_chain_link WHERE chain = 'platform' AND seq >= $1`, [cut])
    ).map((r: { id: string }) => r.id);
    await asSuperuser('audit_chain_link', 'ALL', `DELETE FROM audit_chain_link WHERE chain = 'platform' AND seq >= $1`, [cut]);
    await asSuperuser('audit_event', 'ALL', `DELETE FROM audit_event WHERE id = ANY($1::bigint[])`, [ids]);
    const report = (await runVerification(t, token('admin'), 'platform')).report;
    expect(report.firstBrokenLink).toBeNull();
    expect(report).toMatchObject({
      intact: false,
      checkedEvents: cut - 1,
      checkpoints: { firstFailure: { seq: head.seq, problem: 'tail-cut' } },
    });

    // A superuser who also deletes the checkpoints beyond the cut leaves a consistent database…
    await asSuperuser('audit_checkpoint', 'ALL', `DELETE FROM audit_checkpoint WHERE chain = 'platform' AND seq >= $1`, [cut]);
    expect((await runVerification(t, token('admin'), 'platform')).report.intact).toBe(true);
    // …which the checkpoints exported before still expose.
    const withCopy = (await runVerification(t, token('admin'), 'platform', exported)).report;
    expect(withCopy).toMatchObject({ intact: false, checkpoints: { firstFailure: { seq: head.seq, problem: 'tail-cut' } } });
  });
});
