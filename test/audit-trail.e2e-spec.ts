import { RequestContext, TransactionService } from '@eid/core';
import { AuditSealer, AuditService } from '@eid/audit';
import { createTestApp, TestApp } from './support/test-app';
import { buildIdentityWorld, IdentityWorld } from './support/identity-fixtures';
import { runVerification } from './support/audit-verification';
import { Site } from '@eid/study';

jest.setTimeout(120_000);

describe('Audit trail (real PostgreSQL)', () => {
  let t: TestApp;
  let w: IdentityWorld;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildIdentityWorld(t);
  });
  afterAll(async () => t.close());

  const as = (role: keyof IdentityWorld['users']) => ({ Authorization: `Bearer ${w.users[role].token}` });
  /** The chain report of a verification job run by `role` ('platform' chain: admin). */
  const verifyAs = async (role: keyof IdentityWorld['users'], chain = w.studyId) =>
    (await runVerification(t, w.users[role].token, chain)).report;
  const ctxOf = (role: keyof IdentityWorld['users']) =>
    new RequestContext(
      {
        userId: w.users[role].id,
        email: w.users[role].email,
        displayName: role,
        isAdmin: false,
        memberships: [{ studyId: w.studyId, role: 'investigator', siteId: w.ownSiteId }],
      },
      `test-${role}`,
      '127.0.0.1',
    );

  it('writes the audit row in the same transaction: a failure after the data write leaves neither', async () => {
    const tx = t.app.get(TransactionService);
    const audit = t.app.get(AuditService);
    const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM audit_event'))[0].n;
    await expect(
      tx.run(ctxOf('investigatorOwn'), async (ctx) => {
        const site = await ctx.em.save(
          ctx.em.create(Site, { code: 'ROLLBK', name: 'Rolled back', country: 'NL', timezone: 'Europe/Amsterdam' }),
        );
        await audit.record(ctx, {
          action: 'create',
          entityType: 'site',
          entityId: site.id,
          studyId: w.studyId,
          changes: { code: { old: null, new: 'ROLLBK' } },
        });
        throw new Error('forced failure after the write and its audit row');
      }),
    ).rejects.toThrow('forced failure');
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM site WHERE code = 'ROLLBK'`))[0].n).toBe(0);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM audit_event'))[0].n).toBe(before);
    await t.app.get(AuditSealer).sealPending();
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_chain_link WHERE chain = $1`, [w.studyId]))[0].n).toBe(
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE chain = $1`, [w.studyId]))[0].n,
    );
  });

  it('chains a committed event after commit without anyone asking (debounced after-commit seal)', async () => {
    const tx = t.app.get(TransactionService);
    const audit = t.app.get(AuditService);
    const event = await tx.run(ctxOf('investigatorOwn'), (ctx) =>
      audit.record(ctx, {
        action: 'update',
        entityType: 'probe-seal',
        entityId: 'after-commit',
        studyId: w.studyId,
        siteId: w.ownSiteId,
        reason: 'seal trigger',
      }),
    );
    const linked = async () =>
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_chain_link WHERE audit_event_id = $1`, [event.id]))[0].n;
    const deadline = Date.now() + 3000;
    while ((await linked()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(await linked()).toBe(1);
  });

  it('records who, role, site, what, old → new, reason, correlation id and client IP', async () => {
    const res = await t
      .http()
      .patch(`/api/v1/admin/studies/${w.studyId}`)
      .set(as('admin'))
      .set('X-Correlation-Id', 'corr-audit-0001')
      .send({ title: 'Renamed study', version: 1, reason: 'Sponsor renamed the trial' })
      .expect(200);
    expect(res.body.version).toBe(2);
    const [row] = await t.dataSource.query(`SELECT * FROM audit_event WHERE correlation_id = 'corr-audit-0001'`);
    expect(row).toMatchObject({
      chain: w.studyId,
      actor_user_id: w.users.admin.id,
      actor_role: 'admin',
      action: 'update',
      entity_type: 'study',
      entity_id: w.studyId,
      study_id: w.studyId,
      reason: 'Sponsor renamed the trial',
      changes: { title: { old: expect.any(String), new: 'Renamed study' } },
    });
    expect(row.client_ip).toMatch(/127\.0\.0\.1/);
  });

  it('requires a reason to change saved data and refuses a stale version with the current record', async () => {
    const noReason = await t
      .http()
      .patch(`/api/v1/admin/studies/${w.studyId}`)
      .set(as('admin'))
      .send({ title: 'x y z', version: 2 })
      .expect(400);
    expect(noReason.body.details).toEqual([expect.objectContaining({ field: 'reason', code: 'REASON_REQUIRED' })]);
    const blank = await t
      .http()
      .patch(`/api/v1/admin/studies/${w.studyId}`)
      .set(as('admin'))
      .send({ title: 'x y z', version: 2, reason: '  ' })
      .expect(400);
    expect(blank.body.details[0].code).toBe('REASON_REQUIRED');
    const stale = await t
      .http()
      .patch(`/api/v1/admin/studies/${w.studyId}`)
      .set(as('admin'))
      .send({ title: 'x y z', version: 1, reason: 'late edit' })
      .expect(409);
    expect(stale.body).toMatchObject({ code: 'STALE_VERSION', details: { current: { id: w.studyId, version: 2 } } });
  });

  it('refuses malformed ids and unknown fields with 400 naming the field, writing nothing', async () => {
    const count = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM audit_event'))[0].n;
    const before = await count();
    const badId = await t.http().patch('/api/v1/admin/studies/not-a-uuid').set(as('admin')).send({ version: 1, reason: 'r' }).expect(400);
    expect(badId.body.details).toEqual([{ field: 'studyId', code: 'MALFORMED_ID', reason: expect.any(String) }]);
    const unknown = await t
      .http()
      .post('/api/v1/admin/sites')
      .set(as('admin'))
      .send({ code: 'ZZ1', name: 'Zed site', country: 'NL', timezone: 'Europe/Amsterdam', pi: 'x' })
      .expect(400);
    expect(unknown.body.details).toEqual([expect.objectContaining({ field: 'pi', code: 'UNKNOWN_FIELD' })]);
    const badQuery = await t.http().get('/api/v1/audit').query({ study: 'nope' }).set(as('monitor')).expect(400);
    expect(badQuery.body.details[0].field).toBe('study');
    expect(await count()).toBe(before);
  });

  it('is append-only, events and chain links alike: UPDATE, DELETE and TRUNCATE fail even for the table owner', async () => {
    await t.app.get(AuditSealer).sealPending();
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM audit_chain_link'))[0].n).toBeGreaterThan(0);
    const owner = await t.ownerDataSource();
    for (const table of ['audit_event', 'audit_chain_link']) {
      // The application's own role has no such privilege at all (docs/security.md → Threat model)…
      await expect(t.dataSource.query(`UPDATE ${table} SET chain = 'tampered'`)).rejects.toThrow(/permission denied/);
      await expect(t.dataSource.query(`DELETE FROM ${table}`)).rejects.toThrow(/permission denied/);
      await expect(t.dataSource.query(`TRUNCATE ${table} CASCADE`)).rejects.toThrow(/permission denied/);
      await expect(t.dataSource.query(`ALTER TABLE ${table} DISABLE TRIGGER ALL`)).rejects.toThrow(/must be owner/);
      await expect(t.dataSource.query(`DROP TRIGGER ${table}_no_update_delete ON ${table}`)).rejects.toThrow(/must be owner/);
      // …and the owner meets the trigger.
      await expect(owner.query(`UPDATE ${table} SET chain = 'tampered'`)).rejects.toThrow(new RegExp(`${table} is append-only`));
      await expect(owner.query(`DELETE FROM ${table}`)).rejects.toThrow(new RegExp(`${table} is append-only`));
      await expect(owner.query(`TRUNCATE ${table} CASCADE`)).rejects.toThrow(/append-only/);
    }
  });

  it('keeps one unbroken chain under concurrent writers', async () => {
    const tx = t.app.get(TransactionService);
    const audit = t.app.get(AuditService);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        tx.run(ctxOf('investigatorOwn'), (ctx) =>
          audit.record(ctx, {
            action: 'update',
            entityType: 'probe',
            entityId: `p${i}`,
            studyId: w.studyId,
            siteId: w.ownSiteId,
            changes: { n: { old: i, new: i + 0.5 } },
            reason: 'concurrency',
          }),
        ),
      ),
    );
    // The writers took no lock; the sealer (after commit, or here explicitly) chains them in one gap-free sequence.
    await t.app.get(AuditSealer).sealPending(w.studyId);
    const seqs = await t.dataSource.query(`SELECT l.seq::int AS seq FROM audit_chain_link l WHERE l.chain = $1 ORDER BY l.seq`, [
      w.studyId,
    ]);
    expect(seqs.map((r: { seq: number }) => r.seq)).toEqual(seqs.map((_: unknown, i: number) => i + 1));
    const unlinked = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event e WHERE e.chain = $1 AND NOT EXISTS (SELECT 1 FROM audit_chain_link l WHERE l.audit_event_id = e.id)`,
      [w.studyId],
    );
    expect(unlinked[0].n).toBe(0);
    expect(
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE chain = $1 AND entity_type = 'probe'`, [w.studyId]))[0].n,
    ).toBe(40);
    const report = await verifyAs('monitor');
    expect(report).toMatchObject({ chain: w.studyId, intact: true, firstBrokenLink: null, unsealed: null, checkedEvents: seqs.length });
  });

  it('lists with filters and cursors; investigators see their own site only; statisticians none', async () => {
    const page1 = await t
      .http()
      .get('/api/v1/audit')
      .query({ study: w.studyId, entityType: 'probe', limit: 15 })
      .set(as('monitor'))
      .expect(200);
    expect(page1.body.items).toHaveLength(15);
    const page2 = await t
      .http()
      .get('/api/v1/audit')
      .query({ study: w.studyId, entityType: 'probe', limit: 15, cursor: page1.body.nextCursor })
      .set(as('monitor'))
      .expect(200);
    const page3 = await t
      .http()
      .get('/api/v1/audit')
      .query({ study: w.studyId, entityType: 'probe', limit: 15, cursor: page2.body.nextCursor })
      .set(as('monitor'))
      .expect(200);
    expect(page3.body.nextCursor).toBeNull();
    const ids = [...page1.body.items, ...page2.body.items, ...page3.body.items].map((e: { entityId: string }) => e.entityId);
    expect(new Set(ids).size).toBe(40);

    const own = await t.http().get('/api/v1/audit').query({ study: w.studyId, limit: 500 }).set(as('investigatorOwn')).expect(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    expect(own.body.items.every((e: { siteId: string }) => e.siteId === w.ownSiteId)).toBe(true);
    const other = await t
      .http()
      .get('/api/v1/audit')
      .query({ study: w.studyId, entityType: 'probe' })
      .set(as('investigatorOther'))
      .expect(200);
    expect(other.body.items).toEqual([]);
    await t.http().get('/api/v1/audit').query({ study: w.studyId }).set(as('statistician')).expect(403);
    await t.http().get('/api/v1/audit/platform').set(as('monitor')).expect(403);
    const platform = await t.http().get('/api/v1/audit/platform').query({ action: 'login', limit: 3 }).set(as('admin')).expect(200);
    expect(platform.body.items).toHaveLength(3);
  });

  it('verification finds an event altered directly in SQL, and a deleted event', async () => {
    await t.app.get(AuditSealer).sealPending();
    const target = (
      await t.dataSource.query(
        `SELECT l.seq::text AS seq, l.audit_event_id::text AS id, e.reason FROM audit_chain_link l JOIN audit_event e ON e.id = l.audit_event_id WHERE l.chain = $1 ORDER BY l.seq LIMIT 1 OFFSET 4`,
        [w.studyId],
      )
    )[0];
    // Only a superuser can get past the trigger; the hash chain is what catches them.
    await asSuperuser(`UPDATE audit_event SET reason = 'quietly changed' WHERE id = $1`, [target.id], 'audit_event_no_update_delete');
    const altered = await verifyAs('dataManager');
    expect(altered).toMatchObject({
      intact: false,
      checkedEvents: 4,
      firstBrokenLink: { seq: target.seq, id: target.id, problem: 'hash-mismatch' },
    });
    // Putting the original content back makes the chain hold again: the hash covers the content, nothing else.
    await asSuperuser(`UPDATE audit_event SET reason = $2 WHERE id = $1`, [target.id, target.reason], 'audit_event_no_update_delete');
    expect((await verifyAs('dataManager')).intact).toBe(true);

    const platformBefore = await verifyAs('admin', 'platform');
    expect(platformBefore).toMatchObject({ intact: true, unsealed: null });
    const victim = (
      await t.dataSource.query(
        `SELECT l.seq::text AS seq, l.audit_event_id::text AS id FROM audit_chain_link l WHERE l.chain = 'platform' ORDER BY l.seq LIMIT 1 OFFSET 2`,
      )
    )[0];
    // With only the append-only trigger disabled, the link's foreign key still refuses to lose the event…
    await expect(asSuperuser(`DELETE FROM audit_event WHERE id = $1`, [victim.id], 'audit_event_no_update_delete')).rejects.toThrow(
      /foreign key/,
    );
    // …with every trigger disabled (FK checks included) the event goes, and verification names the link.
    await asSuperuser(`DELETE FROM audit_event WHERE id = $1`, [victim.id], 'ALL');
    const deleted = await verifyAs('admin', 'platform');
    expect(deleted).toMatchObject({
      intact: false,
      checkedEvents: Number(victim.seq) - 1,
      firstBrokenLink: { seq: victim.seq, id: victim.id, problem: 'event-missing', occurredAt: null },
    });
  });

  it('verification finds a removed or altered chain link', async () => {
    const verify = () => verifyAs('monitor');
    expect((await verify()).intact).toBe(true);
    const [link] = await t.dataSource.query(
      `SELECT chain, seq::text AS seq, audit_event_id::text AS "eventId", prev_hash AS "prevHash", hash FROM audit_chain_link l WHERE l.chain = $1 ORDER BY l.seq LIMIT 1 OFFSET 9`,
      [w.studyId],
    );
    const setLink = (assignments: string, values: unknown[]) =>
      asSuperuser(
        `UPDATE audit_chain_link SET ${assignments} WHERE chain = $1 AND seq = $2`,
        [link.chain, link.seq, ...values],
        'audit_chain_link_no_update_delete',
      );
    await setLink(`prev_hash = repeat('0', 64)`, []);
    expect(await verify()).toMatchObject({
      intact: false,
      checkedEvents: 9,
      firstBrokenLink: { seq: link.seq, id: link.eventId, problem: 'prev-hash-mismatch' },
    });
    await setLink(`prev_hash = $3, hash = repeat('f', 64)`, [link.prevHash]);
    expect(await verify()).toMatchObject({ intact: false, checkedEvents: 9, firstBrokenLink: { seq: link.seq, problem: 'hash-mismatch' } });
    await setLink(`hash = $3`, [link.hash]);
    expect((await verify()).intact).toBe(true);

    await asSuperuser(
      `DELETE FROM audit_chain_link WHERE chain = $1 AND seq = $2`,
      [link.chain, link.seq],
      'audit_chain_link_no_update_delete',
    );
    expect(await verify()).toMatchObject({
      intact: false,
      checkedEvents: 9,
      firstBrokenLink: { seq: String(Number(link.seq) + 1), problem: 'sequence-gap' },
    });
    // The orphaned event is chained again at the tail (it has no link, so the sealer takes it): the gap stays
    // visible, and the event itself does not fall out of the chain's protection.
    const relinked = await t.dataSource.query(`SELECT seq::text AS seq FROM audit_chain_link WHERE audit_event_id = $1`, [link.eventId]);
    expect(relinked).toHaveLength(1);
    expect(BigInt(relinked[0].seq)).toBeGreaterThan(BigInt(link.seq));
  });

  it('reports events that stay unsealed past the grace period as a finding', async () => {
    // Another session holds the platform chain's seal lock, so nothing can chain the backdated event.
    const holder = t.dataSource.createQueryRunner();
    await holder.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(hashtextextended('audit:' || 'platform', 0))`);
      const [row] = await t.dataSource.query(
        `INSERT INTO audit_event (chain, occurred_at, action, entity_type, entity_id, reason) VALUES ('platform', clock_timestamp() - interval '1 minute', 'login-failed', 'user', 'email:late@example.org', 'unsealed probe') RETURNING id::text AS id`,
      );
      const stuck = await verifyAs('admin', 'platform');
      expect(stuck).toMatchObject({ intact: false, unsealed: { count: 1, oldestId: row.id } });
      await holder.query(`SELECT pg_advisory_unlock(hashtextextended('audit:' || 'platform', 0))`);
      const sealed = await verifyAs('admin', 'platform');
      expect(sealed.unsealed).toBeNull();
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_chain_link WHERE audit_event_id = $1`, [row.id]))[0].n).toBe(
        1,
      );
    } finally {
      await holder.release();
    }
  });

  /** Runs one statement with a trigger of its table disabled ('ALL': foreign-key triggers too), as only a superuser can. */
  async function asSuperuser(sql: string, params: unknown[], trigger: string): Promise<void> {
    const table = /audit_chain_link/.test(sql) ? 'audit_chain_link' : 'audit_event';
    const q = (await t.ownerDataSource()).createQueryRunner();
    await q.connect();
    try {
      await q.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
      try {
        await q.query(sql, params);
      } finally {
        await q.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
      }
    } finally {
      await q.release();
    }
  }
});
