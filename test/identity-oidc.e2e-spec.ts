import { createTestApp, TestApp } from './support/test-app';
import { RequestContext } from '@eid/core';
import { buildIdentityWorld, createUser } from './support/identity-fixtures';
import { browseProvider as browseTo, startOidcProvider, TestProvider } from './support/oidc-provider';
import { StudiesAdminService } from '@eid/study';

jest.setTimeout(120_000);

const REDIRECT_URI = 'http://127.0.0.1:9/api/v1/auth/oidc/callback';
const browseProvider = (startUrl: string): Promise<URL> => browseTo(startUrl, REDIRECT_URI);

/** The Set-Cookie header of `name`, split into its attributes (lower-case names). */
function setCookie(headers: Record<string, unknown>, name: string): Map<string, string> | undefined {
  const all = (headers['set-cookie'] as string[] | undefined) ?? [];
  const line = all.find((c) => c.startsWith(`${name}=`));
  if (!line) return undefined;
  return new Map(
    line.split(';').map((part, i) => {
      const eq = part.indexOf('=');
      const key = eq < 0 ? part.trim() : part.slice(0, eq).trim();
      return [i === 0 ? 'value' : key.toLowerCase(), eq < 0 ? '' : part.slice(eq + 1).trim()];
    }),
  );
}

describe('OpenID Connect single sign-on against a real provider on loopback', () => {
  let t: TestApp;
  let provider: TestProvider;
  beforeAll(async () => {
    provider = await startOidcProvider(REDIRECT_URI);
    t = await createTestApp(provider.env('UMC Amsterdam account'));
  });
  afterAll(async () => {
    await t.close();
    provider.stop();
  });

  /** Login → provider → the callback's answer (a redirect) and the state cookie the login set. */
  async function ssoAs(email: string, options: { amr?: string; deny?: boolean; state?: string } = {}) {
    const amr = options.amr ? `&amr=${options.amr}` : '';
    await fetch(`${provider.issuer}/__test/login-as?sub=${encodeURIComponent(email)}${amr}${options.deny ? '&deny=1' : ''}`);
    const start = await t.http().get('/api/v1/auth/oidc/login').expect(302);
    const authUrl = new URL(start.headers.location);
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authUrl.searchParams.get('state')).toBeTruthy();
    expect(authUrl.searchParams.get('nonce')).toBeTruthy();
    const back = await browseProvider(authUrl.toString());
    if (options.state) back.searchParams.set('state', options.state);
    const stateCookie = setCookie(start.headers, 'eid_oidc')!.get('value');
    return t.http().get(`/api/v1/auth/oidc/callback${back.search}`).set('Cookie', `eid_oidc=${stateCookie}`);
  }

  const exchange = (code: string | undefined) => {
    const req = t.http().post('/api/v1/auth/oidc/exchange');
    return code === undefined ? req : req.set('Cookie', `eid_sso=${code}`);
  };

  it('names the configured provider for the login page', async () => {
    const res = await t.http().get('/api/v1/auth/providers').expect(200);
    expect(res.body).toEqual([{ id: 'oidc', label: 'UMC Amsterdam account', loginUrl: '/api/v1/auth/oidc/login' }]);
  });

  it('ends in the web app with a one-time HttpOnly cookie, no token in the URL; the code works once', async () => {
    const id = await createUser(t, 'sso.user@hospital.example', { password: null });
    const res = await ssoAs('SSO.User@hospital.example');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/sso');
    expect(res.text ?? '').not.toMatch(/token/i);
    const cookie = setCookie(res.headers, 'eid_sso')!;
    expect(cookie.get('value')).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 random bits, base64url
    expect(cookie.has('httponly')).toBe(true);
    expect(cookie.get('samesite')).toBe('Lax');
    expect(cookie.get('path')).toBe('/api/v1/auth/oidc/exchange');
    expect(cookie.get('max-age')).toBe('60');
    expect(cookie.has('secure')).toBe(false); // plain http here; https redirect URIs make it Secure
    // The state cookie is spent.
    expect(setCookie(res.headers, 'eid_oidc')!.get('value')).toBe('');
    // No session exists before the web app redeems the code.
    const [before] = await t.dataSource.query(`SELECT count(*)::int AS n FROM refresh_token WHERE user_id = $1`, [id]);
    expect(before.n).toBe(0);

    const redeemed = await exchange(cookie.get('value')).expect(200);
    expect(setCookie(redeemed.headers, 'eid_sso')!.get('value')).toBe('');
    const me = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${redeemed.body.accessToken}`).expect(200);
    expect(me.body.id).toBe(id);
    // The refresh token works like a password login's (the web app's reload path).
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: redeemed.body.refreshToken }).expect(200);
    const [row] = await t.dataSource.query(`SELECT reason FROM audit_event WHERE action = 'login' AND entity_id = $1`, [id]);
    expect(row.reason).toBe(`sso ${provider.issuer}`);

    const replay = await exchange(cookie.get('value'));
    expect([replay.status, replay.body.code]).toEqual([401, 'SSO_EXCHANGE_INVALID']);
    const [stored] = await t.dataSource.query(`SELECT count(*)::int AS n FROM sso_exchange WHERE user_id = $1`, [id]);
    expect(stored.n).toBe(0);
  });

  it('refuses an exchange without the cookie, with a made-up code, or after its minute', async () => {
    expect((await exchange(undefined)).body.code).toBe('SSO_EXCHANGE_INVALID');
    expect((await exchange('x'.repeat(43))).status).toBe(401);
    await createUser(t, 'sso.slow@hospital.example', { password: null });
    const res = await ssoAs('sso.slow@hospital.example');
    const code = setCookie(res.headers, 'eid_sso')!.get('value');
    await t.dataSource.query(`UPDATE sso_exchange SET expires_at = now() - interval '1 second'`);
    const late = await exchange(code);
    expect([late.status, late.body.code]).toEqual([401, 'SSO_EXCHANGE_INVALID']);
  });

  it('sends an identity without a provisioned account back to the login page, audited', async () => {
    const res = await ssoAs('stranger@hospital.example');
    expect([res.status, res.headers.location]).toEqual([302, '/?ssoError=INVALID_CREDENTIALS']);
    expect(setCookie(res.headers, 'eid_sso')).toBeUndefined();
    const rows = await t.dataSource.query(
      `SELECT reason FROM audit_event WHERE action = 'login-failed' AND entity_id = 'email:stranger@hospital.example'`,
    );
    expect(rows).toHaveLength(1);
  });

  it('refuses an answer whose state is not the one this browser started with', async () => {
    const id = await createUser(t, 'sso.csrf@hospital.example', { password: null });
    const res = await ssoAs('sso.csrf@hospital.example', { state: 'state-of-another-attempt' });
    expect([res.status, res.headers.location]).toEqual([302, '/?ssoError=OIDC_STATE_INVALID']);
    expect(setCookie(res.headers, 'eid_sso')).toBeUndefined();
    const [n] = await t.dataSource.query(`SELECT count(*)::int AS n FROM sso_exchange WHERE user_id = $1`, [id]);
    expect(n.n).toBe(0);
  });

  it('refuses a callback without the state cookie', async () => {
    const res = await t.http().get('/api/v1/auth/oidc/callback?code=x&state=y');
    expect([res.status, res.headers.location]).toEqual([302, '/?ssoError=OIDC_STATE_INVALID']);
  });

  it('says so when the person denies consent at the provider', async () => {
    await createUser(t, 'sso.deny@hospital.example', { password: null });
    const res = await ssoAs('sso.deny@hospital.example', { deny: true });
    expect([res.status, res.headers.location]).toEqual([302, '/?ssoError=SSO_DENIED']);
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
    expect([plain.status, plain.headers.location]).toEqual([302, '/?ssoError=SSO_MFA_REQUIRED']);
    const [audit] = await t.dataSource.query(
      `SELECT reason FROM audit_event WHERE action = 'login-failed' AND entity_id = $1 ORDER BY seq DESC LIMIT 1`,
      [w.users.monitor.id],
    );
    expect(audit.reason).toMatch(/second factor/);
    // With a one-time password at the provider (amr "otp", in OIDC_MFA_AMR by default) the login goes through,
    // and the session says the second factor was passed.
    const strong = await ssoAs(w.users.monitor.email, { amr: 'pwd,otp' });
    expect([strong.status, strong.headers.location]).toEqual([302, '/sso']);
    const tokens = await exchange(setCookie(strong.headers, 'eid_sso')!.get('value')).expect(200);
    const claims = JSON.parse(Buffer.from(tokens.body.accessToken.split('.')[1], 'base64url').toString());
    expect(claims.amr).toEqual(['sso', 'mfa']);
    // A refresh keeps what the provider reported, and the sign-in time (it used to fall back to ['pwd']).
    const refreshed = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: tokens.body.refreshToken }).expect(200);
    const again = JSON.parse(Buffer.from(refreshed.body.accessToken.split('.')[1], 'base64url').toString());
    expect([again.amr, again.auth_time]).toEqual([['sso', 'mfa'], claims.auth_time]);
    // A role the study does not require MFA for needs none; its session stays SSO without mfa through a refresh.
    const plainRole = await ssoAs(w.users.statistician.email);
    expect(plainRole.headers.location).toBe('/sso');
    const plainTokens = await exchange(setCookie(plainRole.headers, 'eid_sso')!.get('value')).expect(200);
    const plainRefreshed = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: plainTokens.body.refreshToken }).expect(200);
    expect(JSON.parse(Buffer.from(plainRefreshed.body.accessToken.split('.')[1], 'base64url').toString()).amr).toEqual(['sso']);
  });
});
