import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestApp, TestApp } from './support/test-app';
import { RequestContext } from '@eid/core';
import { buildIdentityWorld, createUser } from './support/identity-fixtures';
import { StudiesAdminService } from '@eid/study';

jest.setTimeout(120_000);

const REDIRECT_URI = 'http://127.0.0.1:9/api/v1/auth/oidc/callback';

/** Starts the real provider (test/support/oidc-provider.mjs) and resolves its issuer URL. */
function startProvider(): Promise<{ child: ChildProcess; issuer: string }> {
  const child = spawn(process.execPath, [join(__dirname, 'support', 'oidc-provider.mjs')], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      OIDC_CLIENT_ID: 'eid-platform',
      OIDC_CLIENT_SECRET: 'a-client-secret-of-reasonable-length-123',
      OIDC_REDIRECT_URI: REDIRECT_URI,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) resolve({ child, issuer: `http://127.0.0.1:${m[1]}` });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`oidc provider exited ${code}: ${out}`)));
  });
}

/** Follows the provider's redirects like a browser (cookie jar) until it sends us back to the redirect URI. */
async function browseProvider(startUrl: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = startUrl;
  for (let hop = 0; hop < 15; hop++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`provider stopped at ${url} with ${res.status}: ${await res.text()}`);
    const next = new URL(location, url);
    if (next.toString().startsWith(REDIRECT_URI)) return next;
    url = next.toString();
  }
  throw new Error('too many redirects at the provider');
}

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
