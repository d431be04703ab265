import { authenticator } from 'otplib';
import { createTestApp, TestApp } from './support/test-app';
import { buildIdentityWorld, createUser, FIXTURE_PASSWORD, IdentityWorld, login } from './support/identity-fixtures';

jest.setTimeout(180_000);

/** The TOTP code of the time step `offset` steps from now (the server accepts −1 … +1, each step once). */
const codeAt = (secret: string, offset: number) => authenticator.clone({ epoch: Date.now() + offset * 30_000 }).generate(secret);

/** Issue 16 item 5: re-authentication for second-factor changes, password change, admin unlock and reset, policy. */
describe('Authentication hardening (real PostgreSQL)', () => {
  let t: TestApp;
  let w: IdentityWorld;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildIdentityWorld(t);
  });
  afterAll(async () => t.close());

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const admin = () => bearer(w.users.admin.token);
  const newUser = async (tag: string) => {
    const email = `${tag}-${Date.now()}@example.org`;
    const id = await createUser(t, email);
    return { id, email, ...(await login(t, email)) };
  };

  it('changes the own password: current password re-entered, policy on the new one, other sessions end', async () => {
    const u = await newUser('pw');
    const other = await login(t, u.email);
    const wrong = await t
      .http()
      .post('/api/v1/auth/password')
      .set(bearer(u.accessToken))
      .send({ currentPassword: 'not the password at all', newPassword: 'a fresh river of stones' })
      .expect(401);
    expect(wrong.body.code).toBe('CURRENT_PASSWORD_INVALID');
    // "Welcome2025!" (12 characters: "welcome" is on the common list, with a year and "!" stuck on) → 400 naming the field.
    const weak = await t
      .http()
      .post('/api/v1/auth/password')
      .set(bearer(u.accessToken))
      .send({ currentPassword: FIXTURE_PASSWORD, newPassword: 'Welcome2025!' })
      .expect(400);
    expect(weak.body.details).toEqual([expect.objectContaining({ field: 'newPassword', code: 'PASSWORD_COMMON' })]);
    const short = await t
      .http()
      .post('/api/v1/auth/password')
      .set(bearer(u.accessToken))
      .send({ currentPassword: FIXTURE_PASSWORD, newPassword: 'river-stone' })
      .expect(400);
    expect(short.body.details).toEqual([expect.objectContaining({ field: 'newPassword', code: 'PASSWORD_TOO_SHORT' })]);
    await t
      .http()
      .post('/api/v1/auth/password')
      .set(bearer(u.accessToken))
      .send({ currentPassword: FIXTURE_PASSWORD, newPassword: 'a fresh river of stones' })
      .expect(204);
    // This session goes on; the other one's refresh token is revoked; the old password no longer works.
    await t.http().get('/api/v1/auth/me').set(bearer(u.accessToken)).expect(200);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: other.refreshToken }).expect(401);
    await t.http().post('/api/v1/auth/login').send({ email: u.email, password: FIXTURE_PASSWORD }).expect(401);
    await t.http().post('/api/v1/auth/login').send({ email: u.email, password: 'a fresh river of stones' }).expect(200);
    const [audit] = await t.dataSource.query(
      `SELECT changes::text AS changes FROM audit_event WHERE entity_id = $1 AND action = 'password-change'`,
      [u.id],
    );
    expect(audit.changes).not.toMatch(/river|argon/);
  });

  it('an administrator unlocks a locked account (reason required, audited); others may not', async () => {
    const u = await newUser('lock');
    for (let i = 0; i < 5; i++)
      await t.http().post('/api/v1/auth/login').send({ email: u.email, password: 'not the password at all' }).expect(401);
    await t.http().post('/api/v1/auth/login').send({ email: u.email, password: FIXTURE_PASSWORD }).expect(401);
    await t
      .http()
      .post(`/api/v1/admin/users/${u.id}/unlock`)
      .set(bearer(w.users.monitor.token))
      .send({ reason: 'called the helpdesk' })
      .expect(403);
    const noReason = await t.http().post(`/api/v1/admin/users/${u.id}/unlock`).set(admin()).send({}).expect(400);
    expect(noReason.body.details[0]).toMatchObject({ field: 'reason', code: 'REASON_REQUIRED' });
    const res = await t
      .http()
      .post(`/api/v1/admin/users/${u.id}/unlock`)
      .set(admin())
      .send({ reason: 'identity checked by phone' })
      .expect(200);
    expect(res.body).toEqual({ lockedUntil: null, failedLoginCount: 0 });
    await t.http().post('/api/v1/auth/login').send({ email: u.email, password: FIXTURE_PASSWORD }).expect(200);
    const [row] = await t.dataSource.query(`SELECT reason FROM audit_event WHERE entity_id = $1 AND action = 'unlock'`, [u.id]);
    expect(row.reason).toBe('identity checked by phone');
  });

  it('an administrator reset ends all sessions and forces a password change at the next login', async () => {
    const u = await newUser('reset');
    const res = await t
      .http()
      .post(`/api/v1/admin/users/${u.id}/reset-password`)
      .set(admin())
      .send({ reason: 'forgotten password' })
      .expect(200);
    expect(res.body).toEqual({ temporaryPassword: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/), mustChangePassword: true });
    await t.http().get('/api/v1/auth/me').set(bearer(u.accessToken)).expect(401);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: u.refreshToken }).expect(401);
    const refused = await t.http().post('/api/v1/auth/login').send({ email: u.email, password: res.body.temporaryPassword }).expect(401);
    expect(refused.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changeToken = refused.body.details.passwordChangeToken as string;
    // That token opens the password change only.
    expect((await t.http().get('/api/v1/auth/me').set(bearer(changeToken)).expect(401)).body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    await t
      .http()
      .post('/api/v1/auth/password')
      .set(bearer(changeToken))
      .send({ currentPassword: res.body.temporaryPassword, newPassword: 'my own long passphrase' })
      .expect(204);
    await t.http().post('/api/v1/auth/login').send({ email: u.email, password: 'my own long passphrase' }).expect(200);
    const [audit] = await t.dataSource.query(
      `SELECT changes::text AS changes FROM audit_event WHERE entity_id = $1 AND action = 'password-reset'`,
      [u.id],
    );
    expect(audit.changes).not.toContain(res.body.temporaryPassword);
  });

  it('a stolen access token cannot take over the second factor: enrol, replace and remove need re-authentication', async () => {
    const u = await newUser('mfa');
    const auth = bearer(u.accessToken);
    const none = await t.http().post('/api/v1/auth/mfa/enrol/start').set(auth).send({}).expect(400);
    expect(none.body.details).toEqual([expect.objectContaining({ field: 'password', code: 'REAUTH_REQUIRED' })]);
    await t.http().post('/api/v1/auth/mfa/enrol/start').set(auth).send({ password: 'not the password at all' }).expect(401);
    const start = await t.http().post('/api/v1/auth/mfa/enrol/start').set(auth).send({ password: FIXTURE_PASSWORD }).expect(200);
    await t
      .http()
      .post('/api/v1/auth/mfa/enrol/confirm')
      .set(auth)
      .send({ code: codeAt(start.body.secret, -1) })
      .expect(200);

    // Replacing: the password alone is not enough any more, the current code is needed too.
    expect((await t.http().post('/api/v1/auth/mfa/enrol/start').set(auth).send({ password: FIXTURE_PASSWORD }).expect(401)).body.code).toBe(
      'MFA_REQUIRED',
    );
    expect(
      (await t.http().post('/api/v1/auth/mfa/enrol/start').set(auth).send({ password: FIXTURE_PASSWORD, totp: '000000' }).expect(401)).body
        .code,
    ).toBe('MFA_INVALID');
    await t
      .http()
      .post('/api/v1/auth/mfa/enrol/start')
      .set(auth)
      .send({ password: FIXTURE_PASSWORD, totp: codeAt(start.body.secret, 0) })
      .expect(200);

    // Removing: password + code; the pending replacement was never confirmed, so the first secret is still the factor.
    await t.http().post('/api/v1/auth/mfa/remove').set(auth).send({ password: FIXTURE_PASSWORD }).expect(401);
    await t
      .http()
      .post('/api/v1/auth/mfa/remove')
      .set(auth)
      .send({ password: FIXTURE_PASSWORD, totp: codeAt(start.body.secret, 1) })
      .expect(204);
    const [row] = await t.dataSource.query(`SELECT totp_secret FROM app_user WHERE id = $1`, [u.id]);
    expect(row.totp_secret).toBeNull();
    const actions = (
      await t.dataSource.query(
        `SELECT action FROM audit_event WHERE entity_id = $1 AND action IN ('mfa-enrol', 'mfa-remove', 'login-failed') ORDER BY seq`,
        [u.id],
      )
    ).map((r: { action: string }) => r.action);
    // Failed: wrong password at start, wrong code at replace; the missing code is refused but not a guess.
    expect(actions).toEqual(['login-failed', 'mfa-enrol', 'login-failed', 'mfa-remove']);
  });

  it('failed re-authentications count towards the lockout like failed logins', async () => {
    const u = await newUser('reauth-lock');
    for (let i = 0; i < 5; i++)
      await t
        .http()
        .post('/api/v1/auth/mfa/enrol/start')
        .set(bearer(u.accessToken))
        .send({ password: 'not the password at all' })
        .expect(401);
    // Five wrong passwords (MAX_FAILED_LOGINS = 5): locked, so even the right password is refused now.
    expect(
      (await t.http().post('/api/v1/auth/mfa/enrol/start').set(bearer(u.accessToken)).send({ password: FIXTURE_PASSWORD }).expect(401)).body
        .code,
    ).toBe('ACCOUNT_LOCKED');
    await t.http().post('/api/v1/auth/login').send({ email: u.email, password: FIXTURE_PASSWORD }).expect(401);
  });
});

describe('Throttling of authentication endpoints (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // 3 attempts per account and 5 per address per 60-second window.
    t = await createTestApp({ AUTH_THROTTLE_PER_ACCOUNT: '3', AUTH_THROTTLE_PER_ADDRESS: '5' });
  });
  afterAll(async () => t.close());

  it('answers 429 with Retry-After per account, then per address', async () => {
    const attempt = (email: string) => t.http().post('/api/v1/auth/login').send({ email, password: 'not the password at all' });
    // Attempts 1–3 for one account are judged (401); the 4th exceeds the account's limit of 3.
    for (let i = 0; i < 3; i++) expect((await attempt('throttle-a@example.org')).status).toBe(401);
    const limited = await attempt('throttle-a@example.org');
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('TOO_MANY_ATTEMPTS');
    const retry = Number(limited.headers['retry-after']);
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    // Address: 4 attempts so far; the 5th (another account) is allowed, the 6th is over the limit of 5.
    expect((await attempt('throttle-b@example.org')).status).toBe(401);
    expect((await attempt('throttle-c@example.org')).status).toBe(429);
    // The refresh endpoint has its own counters.
    expect(
      (
        await t
          .http()
          .post('/api/v1/auth/refresh')
          .send({ refreshToken: 'x'.repeat(43) })
      ).status,
    ).toBe(401);
  });
});
