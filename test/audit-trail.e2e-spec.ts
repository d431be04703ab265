import { RequestContext, TransactionService } from '@eid/core';
import { AuditService } from '@eid/audit';
import { Site } from '@eid/identity';
import { createTestApp, TestApp } from './support/test-app';
import { buildIdentityWorld, IdentityWorld } from './support/identity-fixtures';

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
  const ctxOf = (role: keyof IdentityWorld['users']) =>
    new RequestContext(
      { userId: w.users[role].id, email: w.users[role].email, displayName: role, isAdmin: false, memberships: [{ studyId: w.studyId, role: 'investigator', siteId: w.ownSiteId }] },
      `test-${role}`,
      '127.0.0.1',
    );

  it('writes the audit row in the same transaction: a failure after the data write leaves neither', async () => {
    const tx = t.app.get(TransactionService);
    const audit = t.app.get(AuditService);
    const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM audit_event'))[0].n;
    await expect(
      tx.run(ctxOf('investigatorOwn'), async (ctx) => {
        const site = await ctx.em.save(ctx.em.create(Site, { code: 'ROLLBK', name: 'Rolled back', country: 'NL', timezone: 'Europe/Amsterdam' }));
        await audit.record(ctx, { action: 'create', entityType: 'site', entityId: site.id, studyId: w.studyId, changes: { code: { old: null, new: 'ROLLBK' } } });
        throw new Error('forced failure after the write and its audit row');
      }),
    ).rejects.toThrow('forced failure');
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM site WHERE code = 'ROLLBK'`))[0].n).toBe(0);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM audit_event'))[0].n).toBe(before);
  });

  it('records who, role, site, what, old → new, reason, correlation id and client IP', async () => {
    const res = await t.http()
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
    const noReason = await t.http().patch(`/api/v1/admin/studies/${w.studyId}`).set(as('admin')).send({ title: 'x y z', version: 2 }).expect(400);
    expect(noReason.body.details).toEqual([expect.objectContaining({ field: 'reason', code: 'REASON_REQUIRED' })]);
    const blank = await t.http().patch(`/api/v1/admin/studies/${w.studyId}`).set(as('admin')).send({ title: 'x y z', version: 2, reason: '  ' }).expect(400);
    expect(blank.body.details[0].code).toBe('REASON_REQUIRED');
    const stale = await t.http().patch(`/api/v1/admin/studies/${w.studyId}`).set(as('admin')).send({ title: 'x y z', version: 1, reason: 'late edit' }).expect(409);
    expect(stale.body).toMatchObject({ code: 'STALE_VERSION', details: { current: { id: w.studyId, version: 2 } } });
  });

  it('refuses malformed ids and unknown fields with 400 naming the field, writing nothing', async () => {
    const count = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM audit_event'))[0].n;
    const before = await count();
    const badId = await t.http().patch('/api/v1/admin/studies/not-a-uuid').set(as('admin')).send({ version: 1, reason: 'r' }).expect(400);
    expect(badId.body.details).toEqual([{ field: 'studyId', code: 'MALFORMED_ID', reason: expect.any(String) }]);
    const unknown = await t.http().post('/api/v1/admin/sites').set(as('admin')).send({ code: 'ZZ1', name: 'Zed site', country: 'NL', timezone: 'Europe/Amsterdam', pi: 'x' }).expect(400);
    expect(unknown.body.details).toEqual([expect.objectContaining({ field: 'pi', code: 'UNKNOWN_FIELD' })]);
    const badQuery = await t.http().get('/api/v1/audit').query({ study: 'nope' }).set(as('monitor')).expect(400);
    expect(badQuery.body.details[0].field).toBe('study');
    expect(await count()).toBe(before);
  });

  it('is append-only: UPDATE, DELETE and TRUNCATE fail even for the table owner', async () => {
    await expect(t.dataSource.query(`UPDATE audit_event SET reason = 'tampered'`)).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
  });

  it('keeps one unbroken chain under concurrent writers', async () => {
    const tx = t.app.get(TransactionService);
    const audit = t.app.get(AuditService);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        tx.run(ctxOf('investigatorOwn'), (ctx) => audit.record(ctx, { action: 'update', entityType: 'probe', entityId: `p${i}`, studyId: w.studyId, siteId: w.ownSiteId, changes: { n: { old: i, new: i + 0.5 } }, reason: 'concurrency' })),
      ),
    );
    const seqs = await t.dataSource.query(`SELECT seq::int AS seq FROM audit_event WHERE chain = $1 ORDER BY seq`, [w.studyId]);
    expect(seqs.map((r: { seq: number }) => r.seq)).toEqual(seqs.map((_: unknown, i: number) => i + 1));
    const report = await t.http().get('/api/v1/audit/verify').query({ study: w.studyId }).set(as('monitor')).expect(200);
    expect(report.body).toMatchObject({ chain: w.studyId, intact: true, firstBrokenLink: null, checkedEvents: seqs.length });
  });

  it('lists with filters and cursors; investigators see their own site only; statisticians none', async () => {
    const page1 = await t.http().get('/api/v1/audit').query({ study: w.studyId, entityType: 'probe', limit: 15 }).set(as('monitor')).expect(200);
    expect(page1.body.items).toHaveLength(15);
    const page2 = await t.http().get('/api/v1/audit').query({ study: w.studyId, entityType: 'probe', limit: 15, cursor: page1.body.nextCursor }).set(as('monitor')).expect(200);
    const page3 = await t.http().get('/api/v1/audit').query({ study: w.studyId, entityType: 'probe', limit: 15, cursor: page2.body.nextCursor }).set(as('monitor')).expect(200);
    expect(page3.body.nextCursor).toBeNull();
    const ids = [...page1.body.items, ...page2.body.items, ...page3.body.items].map((e: { entityId: string }) => e.entityId);
    expect(new Set(ids).size).toBe(40);

    const own = await t.http().get('/api/v1/audit').query({ study: w.studyId, limit: 500 }).set(as('investigatorOwn')).expect(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    expect(own.body.items.every((e: { siteId: string }) => e.siteId === w.ownSiteId)).toBe(true);
    const other = await t.http().get('/api/v1/audit').query({ study: w.studyId, entityType: 'probe' }).set(as('investigatorOther')).expect(200);
    expect(other.body.items).toEqual([]);
    await t.http().get('/api/v1/audit').query({ study: w.studyId }).set(as('statistician')).expect(403);
    await t.http().get('/api/v1/audit/platform').set(as('monitor')).expect(403);
    const platform = await t.http().get('/api/v1/audit/platform').query({ action: 'login', limit: 3 }).set(as('admin')).expect(200);
    expect(platform.body.items).toHaveLength(3);
  });

  it('verification finds a row altered directly in SQL, and a deleted row', async () => {
    const target = (await t.dataSource.query(`SELECT e.seq::text AS seq, e.id::text AS id FROM audit_event e WHERE e.chain = $1 ORDER BY e.seq LIMIT 1 OFFSET 4`, [w.studyId]))[0];
    // Only a superuser can get past the trigger; the hash chain is what catches them.
    await t.dataSource.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`);
    await t.dataSource.query(`UPDATE audit_event SET reason = 'quietly changed' WHERE id = $1`, [target.id]);
    await t.dataSource.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete`);
    const altered = await t.http().get('/api/v1/audit/verify').query({ study: w.studyId }).set(as('dataManager')).expect(200);
    expect(altered.body).toMatchObject({ intact: false, checkedEvents: 4, firstBrokenLink: { seq: target.seq, id: target.id, problem: 'hash-mismatch' } });

    const platformBefore = await t.http().get('/api/v1/audit/platform/verify').set(as('admin')).expect(200);
    expect(platformBefore.body.intact).toBe(true);
    const victim = (await t.dataSource.query(`SELECT e.seq::text AS seq FROM audit_event e WHERE e.chain = 'platform' ORDER BY e.seq LIMIT 1 OFFSET 2`))[0];
    await t.dataSource.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`);
    await t.dataSource.query(`DELETE FROM audit_event WHERE chain = 'platform' AND seq = $1`, [victim.seq]);
    await t.dataSource.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete`);
    const deleted = await t.http().get('/api/v1/audit/platform/verify').set(as('admin')).expect(200);
    expect(deleted.body).toMatchObject({ intact: false, firstBrokenLink: { seq: String(Number(victim.seq) + 1), problem: 'sequence-gap' } });
  });
});
