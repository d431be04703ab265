import { authenticator } from 'otplib';
import { currentTotp } from '@eid/identity';
import { RequestContext } from '@eid/core';
import { createTestApp, TestApp } from './support/test-app';
import { buildIdentityWorld, FIXTURE_PASSWORD, IdentityWorld } from './support/identity-fixtures';
import { StudiesAdminService } from '@eid/study';

jest.setTimeout(120_000);

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
});
