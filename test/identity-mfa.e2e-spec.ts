import { authenticator } from 'otplib';
import { currentTotp, newTotpSecret } from '@eid/identity';
import { RequestContext } from '@eid/core';
import { createTestApp, TestApp } from './support/test-app';
import { buildIdentityWorld, FIXTURE_PASSWORD, IdentityWorld } from './support/identity-fixtures';
import { StudiesAdminService } from '@eid/study';
import { TokenService } from '@eid/identity';

jest.setTimeout(120_000);

/** The claims of an access token (its middle part); the signature is the API's business, not this test's. */
const claimsOf = (accessToken: string): { amr: string[]; auth_time: number; sid: string } =>
  JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString());

describe('Second factor (TOTP, recovery codes, study-required MFA)', () => {
  let t: TestApp;
  let w: IdentityWorld;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildIdentityWorld(t);
  });
  afterAll(async () => t.close());

  const loginBody = (extra: Record<string, string> = {}) => ({ email: w.users.dataManager.email, password: FIXTURE_PASSWORD, ...extra });

  it('a study requiring MFA for data managers forces enrolment, then TOTP, with one-time recovery codes', async () => {
    const study = (await t.dataSource.query('SELECT version FROM study WHERE id = $1', [w.studyId]))[0];
    await t.app.get(StudiesAdminService).updateStudy(RequestContext.system('mfa-test'), w.studyId, {
      mfaRequiredRoles: ['data-manager'],
      version: study.version,
      reason: 'sponsor SOP',
    });

    const refused = await t.http().post('/api/v1/auth/login').send(loginBody()).expect(401);
    expect(refused.body.code).toBe('MFA_ENROLMENT_REQUIRED');
    const enrolmentToken = refused.body.details.enrolmentToken as string;
    // The enrolment token opens the enrolment routes only.
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${enrolmentToken}`).expect(401);

    const start = await t.http().post('/api/v1/auth/mfa/enrol/start').set('Authorization', `Bearer ${enrolmentToken}`).expect(200);
    expect(start.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(start.body.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    const bad = await t
      .http()
      .post('/api/v1/auth/mfa/enrol/confirm')
      .set('Authorization', `Bearer ${enrolmentToken}`)
      .send({ code: '000000' });
    expect(bad.status).toBe(400);
    const confirm = await t
      .http()
      .post('/api/v1/auth/mfa/enrol/confirm')
      .set('Authorization', `Bearer ${enrolmentToken}`)
      .send({ code: currentTotp(start.body.secret) })
      .expect(200);
    expect(confirm.body.recoveryCodes).toHaveLength(10);

    expect((await t.http().post('/api/v1/auth/login').send(loginBody()).expect(401)).body.code).toBe('MFA_REQUIRED');
    // The code used to confirm cannot be replayed (RFC 6238 §5.2); the next time step's code works.
    const next = authenticator.clone({ epoch: Date.now() + 30_000 }).generate(start.body.secret);
    const ok = await t
      .http()
      .post('/api/v1/auth/login')
      .send(loginBody({ totp: next }))
      .expect(200);
    expect(ok.body.accessToken).toBeDefined();

    const code = confirm.body.recoveryCodes[0];
    await t
      .http()
      .post('/api/v1/auth/login')
      .send(loginBody({ recoveryCode: code }))
      .expect(200);
    expect(
      (
        await t
          .http()
          .post('/api/v1/auth/login')
          .send(loginBody({ recoveryCode: code }))
          .expect(401)
      ).body.code,
    ).toBe('MFA_INVALID');
    const audited = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'mfa-enrol' AND entity_id = $1`, [
      w.users.dataManager.id,
    ]);
    expect(audited[0].n).toBe(1);
  });

  it('users of roles without the requirement still log in with a password only', async () => {
    await t.http().post('/api/v1/auth/login').send({ email: w.users.monitor.email, password: FIXTURE_PASSWORD }).expect(200);
  });

  describe('a session keeps the methods and time of its sign-in through refreshes', () => {
    const refresh = (refreshToken: string) => t.http().post('/api/v1/auth/refresh').send({ refreshToken });

    it('password + TOTP: every refreshed token still says mfa, with the sign-in time', async () => {
      const world = await buildIdentityWorld(t);
      const user = world.users.investigatorOwn;
      const secret = newTotpSecret();
      await t.dataSource.query(`UPDATE app_user SET totp_secret = $2, totp_enabled_at = now() WHERE id = $1`, [user.id, secret]);
      const signedIn = (
        await t
          .http()
          .post('/api/v1/auth/login')
          .send({ email: user.email, password: FIXTURE_PASSWORD, totp: currentTotp(secret) })
          .expect(200)
      ).body;
      const first = claimsOf(signedIn.accessToken);
      expect(first.amr).toEqual(['pwd', 'mfa']);
      // Move the stored sign-in two hours back: a refresh must hand out the stored time, not the time of the refresh.
      await t.dataSource.query(`UPDATE refresh_token SET auth_time = auth_time - interval '2 hours' WHERE family_id = $1`, [first.sid]);
      const second = (await refresh(signedIn.refreshToken).expect(200)).body;
      const third = (await refresh(second.refreshToken).expect(200)).body;
      for (const tokens of [second, third]) {
        expect(claimsOf(tokens.accessToken)).toMatchObject({ amr: ['pwd', 'mfa'], auth_time: first.auth_time - 7200, sid: first.sid });
      }
      await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${third.accessToken}`).expect(200);
    });

    it('password only: a refresh never adds mfa, and a study requiring it ends the session', async () => {
      const world = await buildIdentityWorld(t);
      const user = world.users.statistician; // signed in by the fixture with a password only
      const second = (await refresh(user.refreshToken).expect(200)).body;
      expect(claimsOf(second.accessToken).amr).toEqual(['pwd']);
      expect(claimsOf(second.accessToken).auth_time).toBe(claimsOf(user.token).auth_time);

      const [study] = await t.dataSource.query('SELECT version FROM study WHERE id = $1', [world.studyId]);
      await t.app.get(StudiesAdminService).updateStudy(RequestContext.system('mfa-test'), world.studyId, {
        mfaRequiredRoles: ['statistician'],
        version: study.version,
        reason: 'sponsor SOP',
      });
      // The access token of the password-only session is refused on the next request, and so is its refresh.
      const me = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${second.accessToken}`).expect(401);
      expect(me.body.code).toBe('SESSION_MFA_REQUIRED');
      expect((await refresh(second.refreshToken).expect(401)).body.code).toBe('SESSION_MFA_REQUIRED');
      const [family] = await t.dataSource.query(
        `SELECT bool_and(revoked_at IS NOT NULL) AS revoked FROM refresh_token WHERE family_id = $1`,
        [claimsOf(second.accessToken).sid],
      );
      expect(family.revoked).toBe(true);
      const [audit] = await t.dataSource.query(`SELECT action, reason FROM audit_event WHERE entity_id = $1 ORDER BY seq DESC LIMIT 1`, [
        claimsOf(second.accessToken).sid,
      ]);
      expect(audit.action).toBe('logout');
      expect(audit.reason).toMatch(/second factor/);
      // Roles the study does not name keep their password-only sessions.
      const monitor = world.users.monitor;
      expect(claimsOf((await refresh(monitor.refreshToken).expect(200)).body.accessToken).amr).toEqual(['pwd']);
    });

    it('a session stored without its methods (created before they were kept) counts as password only', async () => {
      const world = await buildIdentityWorld(t);
      const user = world.users.dataManager;
      const tokens = t.app.get(TokenService);
      const legacy = tokens.newRefreshToken();
      await t.dataSource.query(
        `INSERT INTO refresh_token (user_id, family_id, token_hash, expires_at) VALUES ($1, gen_random_uuid(), $2, now() + interval '1 day')`,
        [user.id, legacy.hash],
      );
      expect(claimsOf((await refresh(legacy.token).expect(200)).body.accessToken).amr).toEqual(['pwd']);
    });
  });
});
