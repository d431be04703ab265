import { randomUUID } from 'node:crypto';
import { currentTotp } from '@eid/identity';
import { StudiesAdminService } from '@eid/study';
import { RequestContext } from '@eid/core';
import { createTestApp, TestApp } from './support/test-app';
import { buildIdentityWorld, createUser, FIXTURE_PASSWORD, IdentityWorld, login } from './support/identity-fixtures';

jest.setTimeout(180_000);

/** Issue 17 item 1: an administrator removes the second factor of a user who lost it (reason, audit, sessions end). */
describe('Administrator MFA reset (real PostgreSQL)', () => {
  let t: TestApp;
  let w: IdentityWorld;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildIdentityWorld(t);
  });
  afterAll(async () => t.close());

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const admin = () => bearer(w.users.admin.token);
  const reset = (userId: string) => t.http().post(`/api/v1/admin/users/${userId}/reset-mfa`);

  /** Self-service enrolment through the API, as the account page does it; returns the recovery codes. */
  const enrol = async (accessToken: string): Promise<string[]> => {
    const start = await t
      .http()
      .post('/api/v1/auth/mfa/enrol/start')
      .set(bearer(accessToken))
      .send({ password: FIXTURE_PASSWORD })
      .expect(200);
    const confirm = await t
      .http()
      .post('/api/v1/auth/mfa/enrol/confirm')
      .set(bearer(accessToken))
      .send({ code: currentTotp(start.body.secret) })
      .expect(200);
    return confirm.body.recoveryCodes;
  };

  it('removes the factor and its recovery codes, ends every session, and is audited with the reason', async () => {
    const email = `lost-phone-${Date.now()}@example.org`;
    const userId = await createUser(t, email);
    const first = await login(t, email);
    const codes = await enrol(first.accessToken);
    // A second session, opened with a recovery code (the phone is gone): it must end too.
    const second = (
      await t.http().post('/api/v1/auth/login').send({ email, password: FIXTURE_PASSWORD, recoveryCode: codes[0] }).expect(200)
    ).body as { accessToken: string; refreshToken: string };

    await reset(userId).set(bearer(w.users.monitor.token)).send({ reason: 'lost phone' }).expect(403);
    const noReason = await reset(userId).set(admin()).send({}).expect(400);
    expect(noReason.body.details[0]).toMatchObject({ field: 'reason', code: 'REASON_REQUIRED' });
    expect((await t.http().get('/api/v1/auth/me').set(bearer(first.accessToken)).expect(200)).body.mfaEnabled).toBe(true);

    const res = await reset(userId).set(admin()).send({ reason: 'phone lost, identity checked by video call' }).expect(200);
    expect(res.body).toEqual({ mfaEnabled: false });

    for (const s of [first, second]) {
      await t.http().get('/api/v1/auth/me').set(bearer(s.accessToken)).expect(401);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: s.refreshToken }).expect(401);
    }
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM recovery_code WHERE user_id = $1', [userId]);
    expect(n).toBe(0);
    // No study requires a factor for this user: the password alone signs in again, and the account shows none.
    const again = await t.http().post('/api/v1/auth/login').send({ email, password: FIXTURE_PASSWORD }).expect(200);
    expect((await t.http().get('/api/v1/auth/me').set(bearer(again.body.accessToken)).expect(200)).body.mfaEnabled).toBe(false);

    const audit = await t.dataSource.query(
      `SELECT reason, actor_user_id AS "actorId", changes FROM audit_event WHERE entity_id = $1 AND action = 'mfa-reset'`,
      [userId],
    );
    expect(audit).toEqual([
      {
        reason: 'phone lost, identity checked by video call',
        actorId: w.users.admin.id,
        changes: { totpEnabled: { old: true, new: false } },
      },
    ]);
    // Nothing left to reset.
    expect((await reset(userId).set(admin()).send({ reason: 'twice' }).expect(409)).body.code).toBe('MFA_NOT_ENROLLED');
  });

  it('a user whose study requires MFA for the role must enrol again at the next login', async () => {
    const statistician = w.users.statistician;
    await enrol(statistician.token);
    const study = (await t.dataSource.query('SELECT version FROM study WHERE id = $1', [w.studyId]))[0];
    await t.app.get(StudiesAdminService).updateStudy(RequestContext.system('mfa-reset-test'), w.studyId, {
      mfaRequiredRoles: ['statistician'],
      version: study.version,
      reason: 'sponsor SOP',
    });
    await reset(statistician.id).set(admin()).send({ reason: 'new phone' }).expect(200);
    const refused = await t.http().post('/api/v1/auth/login').send({ email: statistician.email, password: FIXTURE_PASSWORD }).expect(401);
    expect(refused.body.code).toBe('MFA_ENROLMENT_REQUIRED');
    expect(typeof refused.body.details.enrolmentToken).toBe('string');
  });

  it('refuses an administrator resetting their own factor, an unknown user and a malformed id', async () => {
    expect((await reset(w.users.admin.id).set(admin()).send({ reason: 'mine' }).expect(409)).body.code).toBe('CANNOT_RESET_SELF');
    await reset(randomUUID()).set(admin()).send({ reason: 'nobody' }).expect(404);
    const bad = await reset('not-a-uuid').set(admin()).send({ reason: 'x' });
    expect(bad.status).toBe(400);
  });
});
