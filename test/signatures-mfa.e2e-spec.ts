import { randomBytes, randomUUID } from 'node:crypto';
import { authenticator } from 'otplib';
import { newTotpSecret, PasswordHasher, TokenService } from '@eid/identity';
import { createTestApp, TestApp } from './support/test-app';
import { api, createTrialWorld, enrolledParticipant, TrialUser, TrialWorld } from './support/trial-fixtures';

jest.setTimeout(120_000);

const PASSWORD = 'correct horse battery staple';

/** An investigator at site A with a password and an enrolled second factor (secret returned). */
async function signerWithMfa(t: TestApp, w: TrialWorld): Promise<TrialUser & { secret: string; email: string }> {
  const id = randomUUID();
  const email = `mfa-signer-${id.slice(0, 8)}@example.org`;
  const secret = newTotpSecret();
  const hash = await t.app.get(PasswordHasher).hash(PASSWORD);
  await t.dataSource.query(
    `INSERT INTO app_user (id, email, display_name, is_admin, password_hash, totp_secret, totp_enabled_at, version) VALUES ($1, $2, 'Dr. Bram Smit', false, $3, $4, now(), 1)`,
    [id, email, hash, secret],
  );
  await t.dataSource.query(`INSERT INTO membership (user_id, study_id, role, site_id) VALUES ($1, $2, 'investigator', $3)`, [
    id,
    w.studyId,
    w.siteA.id,
  ]);
  const family = randomUUID();
  await t.dataSource.query(
    `INSERT INTO refresh_token (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + interval '1 day')`,
    [id, family, randomBytes(32).toString('hex')],
  );
  return { id, email, secret, token: await t.app.get(TokenService).signAccess(id, family, ['pwd', 'mfa']) };
}

/** Part 11 §11.200 with a second factor enrolled (issue 16 item 5): both components plus the current code. */
describe('Electronic signature with a second factor (real PostgreSQL)', () => {
  let t: TestApp;
  let w: TrialWorld;
  let inv: TrialUser & { secret: string; email: string };
  let p: { id: string };
  const url = () => `/api/v1/participants/${p.id}/signatures`;

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
    inv = await signerWithMfa(t, w);
    p = await enrolledParticipant(t, w);
  });
  afterAll(() => t.close());

  it('needs the current code besides the password; a wrong code is refused and audited', async () => {
    const missing = await api(t, inv).post(url(), { scope: 'casebook', password: PASSWORD });
    expect([missing.status, missing.body.code]).toEqual([401, 'MFA_REQUIRED']);
    const wrong = await api(t, inv).post(url(), { scope: 'casebook', password: PASSWORD, totp: '000000' });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'MFA_INVALID']);
    const signed = await api(t, inv).post(url(), {
      scope: 'casebook',
      password: PASSWORD,
      totp: authenticator.clone({ epoch: Date.now() }).generate(inv.secret),
    });
    expect(signed.status).toBe(201);
    const reasons = (
      await t.dataSource.query(`SELECT reason FROM audit_event WHERE participant_id = $1 AND action = 'login-failed' ORDER BY seq`, [p.id])
    ).map((r: { reason: string }) => r.reason);
    expect(reasons).toEqual(['electronic signature refused: MFA_REQUIRED', 'electronic signature refused: MFA_INVALID']);
  });

  it('wrong signing passwords count towards the lockout: after 5 (one already counted above) the account is locked', async () => {
    // The wrong code above was failure 1 of MAX_FAILED_LOGINS = 5; the signature then reset the count to 0.
    for (let i = 0; i < 5; i++)
      expect((await api(t, inv).post(url(), { scope: 'casebook', password: 'not my password at all' })).status).toBe(401);
    const locked = await api(t, inv).post(url(), {
      scope: 'casebook',
      password: PASSWORD,
      totp: authenticator.clone({ epoch: Date.now() + 30_000 }).generate(inv.secret),
    });
    expect([locked.status, locked.body.code]).toEqual([401, 'ACCOUNT_LOCKED']);
    await t.http().post('/api/v1/auth/login').send({ email: inv.email, password: PASSWORD }).expect(401);
  });
});
