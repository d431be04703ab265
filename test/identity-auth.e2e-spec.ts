import { createTestApp, TestApp } from './support/test-app';
import { createUser, FIXTURE_PASSWORD, login } from './support/identity-fixtures';
import { ACTOR_CACHE_TTL_MS, ActorLoader } from '../libs/identity/src/auth/actor-loader.service';

jest.setTimeout(120_000);

describe('Authentication (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const auditCount = async (action: string, entityId?: string) => {
    const rows = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = $1 AND ($2::text IS NULL OR entity_id = $2)`,
      [action, entityId ?? null],
    );
    return rows[0].n as number;
  };

  it('logs in, answers /me, refuses without a token', async () => {
    const id = await createUser(t, 'Anna.Jansen@Example.org');
    const tokens = await login(t, 'anna.jansen@example.org');
    expect(tokens).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      tokenType: 'Bearer',
      expiresInSeconds: 900,
    });
    const me = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${tokens.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ id, email: 'anna.jansen@example.org', isAdmin: false, memberships: [] });
    const anon = await t.http().get('/api/v1/auth/me').expect(401);
    expect(anon.body.code).toBe('UNAUTHENTICATED');
    await t.http().get('/api/v1/auth/me').set('Authorization', 'Bearer not-a-jwt').expect(401);
    expect(await auditCount('login', id)).toBe(1);
  });

  it('answers a wrong password and an unknown e-mail alike, and audits both', async () => {
    const id = await createUser(t, 'bert@example.org');
    const wrong = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'bert@example.org', password: 'not the password at all' })
      .expect(401);
    const unknown = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@example.org', password: 'not the password at all' })
      .expect(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.code).toBe(wrong.body.code);
    expect(unknown.body.message).toBe(wrong.body.message);
    expect(await auditCount('login-failed', id)).toBe(1);
    expect(await auditCount('login-failed', 'email:nobody@example.org')).toBe(1);
  });

  it('locks the account after 5 failures, even for the right password, and audits every failure', async () => {
    const id = await createUser(t, 'carla@example.org');
    for (let i = 0; i < 5; i++)
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'carla@example.org', password: `wrong password ${i}` })
        .expect(401);
    const locked = await t.http().post('/api/v1/auth/login').send({ email: 'carla@example.org', password: FIXTURE_PASSWORD }).expect(401);
    expect(locked.body.code).toBe('INVALID_CREDENTIALS');
    const [user] = await t.dataSource.query('SELECT locked_until > now() AS locked FROM app_user WHERE id = $1', [id]);
    expect(user.locked).toBe(true);
    expect(await auditCount('login-failed', id)).toBe(6);
    // The lock expires on its own (Part 11 §11.300(d) needs detection and a hold, not a permanent block).
    await t.dataSource.query(`UPDATE app_user SET locked_until = now() - interval '1 second' WHERE id = $1`, [id]);
    await login(t, 'carla@example.org');
  });

  it('rotates refresh tokens and revokes the family when a spent token is presented again', async () => {
    await createUser(t, 'dirk@example.org');
    const first = await login(t, 'dirk@example.org');
    const second = (await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${second.accessToken}`).expect(200);
    // Replay of the spent token: theft is assumed, the whole session dies.
    const reuse = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    expect(reuse.body.code).toBe('REFRESH_TOKEN_REUSED');
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${second.accessToken}`).expect(401);
    expect(await auditCount('token-reuse')).toBeGreaterThanOrEqual(1);
  });

  it('logout ends the session: the access and refresh tokens stop working', async () => {
    await createUser(t, 'eva@example.org');
    const tokens = await login(t, 'eva@example.org');
    await t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${tokens.accessToken}`).expect(204);
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${tokens.accessToken}`).expect(401);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: tokens.refreshToken }).expect(401);
  });

  it('refuses bad login input with 400 naming the field, and writes nothing', async () => {
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM audit_event');
    const unknownField = await t.http().post('/api/v1/auth/login').send({ email: 'a@b.org', password: 'x', admin: true }).expect(400);
    expect(unknownField.body.details).toEqual([expect.objectContaining({ field: 'admin', code: 'UNKNOWN_FIELD' })]);
    const wrongType = await t.http().post('/api/v1/auth/login').send({ email: 'a@b.org', password: 12 }).expect(400);
    expect(wrongType.body.details.map((d: { field: string }) => d.field)).toContain('password');
    const after = await t.dataSource.query('SELECT count(*)::int AS n FROM audit_event');
    expect(after[0].n).toBe(before[0].n);
  });
  describe('actor cache (1 s bound)', () => {
    let actors: ActorLoader;
    let realNow: () => number;
    let clock: number;
    beforeEach(() => {
      actors = t.app.get(ActorLoader);
      realNow = actors.now;
      clock = Date.now();
      actors.now = () => clock; // time moves only when the test says so
    });
    afterEach(() => {
      actors.now = realNow;
    });
    const me = (token: string) => t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

    it('a deactivation through the API rejects the token on the next request (cache forgotten after commit)', async () => {
      await createUser(t, 'gerrit.admin@example.org', { isAdmin: true });
      const userId = await createUser(t, 'hanna@example.org');
      const admin = await login(t, 'gerrit.admin@example.org');
      const user = await login(t, 'hanna@example.org');
      await me(user.accessToken).expect(200); // actor now cached
      await t
        .http()
        .post(`/api/v1/admin/users/${userId}/deactivate`)
        .set('Authorization', `Bearer ${admin.accessToken}`)
        .send({ reason: 'left the trial team' })
        .expect(200);
      const refused = await me(user.accessToken).expect(401);
      expect(refused.body.code).toBe('INVALID_TOKEN');
    });

    it('a change made outside this process (direct SQL) is honoured once the TTL has passed', async () => {
      const userId = await createUser(t, 'ilse@example.org');
      const user = await login(t, 'ilse@example.org');
      await me(user.accessToken).expect(200);
      await t.dataSource.query(`UPDATE app_user SET status = 'deactivated' WHERE id = $1`, [userId]);
      // Within the bound the cached actor may still act (the documented ≤ 1 s window) …
      clock += ACTOR_CACHE_TTL_MS - 1;
      await me(user.accessToken).expect(200);
      // … and past it, never.
      clock += 2;
      await me(user.accessToken).expect(401);
      clock += 10 * ACTOR_CACHE_TTL_MS;
      await me(user.accessToken).expect(401);
    });

    it('a granted or revoked membership is seen by the next request (the cached actor is forgotten)', async () => {
      await createUser(t, 'joost.admin@example.org', { isAdmin: true });
      const userId = await createUser(t, 'karin@example.org');
      const admin = await login(t, 'joost.admin@example.org');
      const auth = { Authorization: `Bearer ${admin.accessToken}` };
      const study = (
        await t
          .http()
          .post('/api/v1/admin/studies')
          .set(auth)
          .send({ code: `AC-${Date.now() % 100000}`, title: 'Actor cache', protocolId: 'pdnms', protocolVersion: '1' })
          .expect(201)
      ).body;
      expect((await actors.load(userId, null))?.memberships).toEqual([]); // cached, clock frozen
      const m = (
        await t
          .http()
          .post(`/api/v1/admin/users/${userId}/memberships`)
          .set(auth)
          .send({ studyId: study.id, role: 'data-manager' })
          .expect(201)
      ).body;
      expect((await actors.load(userId, null))?.memberships).toEqual([{ studyId: study.id, role: 'data-manager', siteId: null }]);
      await t.http().post(`/api/v1/admin/users/${userId}/memberships/${m.id}/revoke`).set(auth).send({ reason: 'role ended' }).expect(204);
      expect((await actors.load(userId, null))?.memberships).toEqual([]);
    });
  });
});
