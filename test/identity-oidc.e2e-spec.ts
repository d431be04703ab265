import { ChildProcess } from 'node:child_process';
import { createTestApp, TestApp } from './support/test-app';
import { RequestContext } from '@eid/core';
import { StudiesAdminService } from '@eid/identity';
import { buildIdentityWorld, createUser } from './support/identity-fixtures';
import { browseProvider, REDIRECT_URI, startProvider } from './support/oidc-provider-process';

jest.setTimeout(120_000);

describe('OpenID Connect single sign-on against a real provider on loopback', () => {
  let t: TestApp;
  let provider: { child: ChildProcess; issuer: string };
  beforeAll(async () => {
    provider = await startProvider();
    t = await createTestApp({
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: 'eid-platform',
      OIDC_CLIENT_SECRET: 'a-client-secret-of-reasonable-length-123',
      OIDC_REDIRECT_URI: REDIRECT_URI,
    });
  });
  afterAll(async () => {
    await t.close();
    provider.child.kill('SIGTERM');
  });

  async function ssoAs(email: string, amr?: string) {
    await fetch(`${provider.issuer}/__test/login-as?sub=${encodeURIComponent(email)}${amr ? `&amr=${amr}` : ''}`);
    const start = await t.http().get('/api/v1/auth/oidc/login').expect(302);
    const authUrl = new URL(start.headers.location);
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authUrl.searchParams.get('state')).toBeTruthy();
    expect(authUrl.searchParams.get('nonce')).toBeTruthy();
    const back = await browseProvider(authUrl.toString());
    const cookie = (start.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    return t.http().get(`/api/v1/auth/oidc/callback${back.search}`).set('Cookie', cookie);
  }

  it('logs a provisioned user in and issues our tokens', async () => {
    const id = await createUser(t, 'sso.user@hospital.example', { password: null });
    const res = await ssoAs('SSO.User@hospital.example');
    expect(res.status).toBe(200);
    const me = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body.id).toBe(id);
    const [row] = await t.dataSource.query(`SELECT reason FROM audit_event WHERE action = 'login' AND entity_id = $1`, [id]);
    expect(row.reason).toMatch(/^sso /);
  });

  it('refuses an identity without a provisioned account (401) and audits it', async () => {
    const res = await ssoAs('stranger@hospital.example');
    expect(res.status).toBe(401);
    const rows = await t.dataSource.query(
      `SELECT reason FROM audit_event WHERE action = 'login-failed' AND entity_id = 'email:stranger@hospital.example'`,
    );
    expect(rows).toHaveLength(1);
  });

  it("honours the study's MFA requirement: the provider must report a second factor (amr)", async () => {
    const w = await buildIdentityWorld(t);
    const [study] = await t.dataSource.query('SELECT version FROM study WHERE id = $1', [w.studyId]);
    await t.app.get(StudiesAdminService).updateStudy(RequestContext.system('sso-mfa'), w.studyId, {
      mfaRequiredRoles: ['monitor'],
      version: study.version,
      reason: 'sponsor SOP',
    });
    const plain = await ssoAs(w.users.monitor.email);
    expect([plain.status, plain.body.code]).toEqual([401, 'SSO_MFA_REQUIRED']);
    const [audit] = await t.dataSource.query(
      `SELECT reason FROM audit_event WHERE action = 'login-failed' AND entity_id = $1 ORDER BY seq DESC LIMIT 1`,
      [w.users.monitor.id],
    );
    expect(audit.reason).toMatch(/second factor/);
    // With a one-time password at the provider (amr "otp", in OIDC_MFA_AMR by default) the login goes through.
    expect((await ssoAs(w.users.monitor.email, 'pwd,otp')).status).toBe(200);
    // A role the study does not require MFA for needs none.
    expect((await ssoAs(w.users.statistician.email)).status).toBe(200);
  });

  it('refuses a callback without the state cookie', async () => {
    const res = await t.http().get('/api/v1/auth/oidc/callback?code=x&state=y');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('OIDC_STATE_INVALID');
  });
});
