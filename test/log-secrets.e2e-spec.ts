import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authenticator } from 'otplib';
import { currentTotp } from '@eid/identity';
import { createUser } from './support/identity-fixtures';
import { browseProvider, OIDC_TEST_CLIENT, startOidcProvider, TestProvider } from './support/oidc-provider';
import { createTestApp, TestApp } from './support/test-app';
import { api, createTrialWorld, enrolledParticipant, TrialWorld } from './support/trial-fixtures';

/**
 * Issue 16 item 9: no SQL parameters, bodies, tokens, codes, cookies or hashes in any log line, and one JSON
 * format. The real application logs at `trace` into a file (LOG_FILE) while it goes through every flow that
 * handles a secret; then every line of the file is read back (docs/security.md "What is logged").
 */
jest.setTimeout(180_000);

const PASSWORD = 'Leaky-Passphrase-Probe-4711';
const NEW_PASSWORD = 'Second-Leaky-Passphrase-0815';
const WRONG_PASSWORD = 'Wrong-Passphrase-Probe-2222';
const CLIENT_SECRET = OIDC_TEST_CLIENT.secret;
const REDIRECT_URI = 'http://127.0.0.1:9/api/v1/auth/oidc/callback';
/** The clinical value that makes the database refuse the row: it must not reach the log with the error. */
const CLINICAL_VALUE = 'Headache LEAKPROBE after visiting Mrs Jansen';

describe('Log lines carry no secret (real application, real log file)', () => {
  let t: TestApp;
  let w: TrialWorld;
  let provider: TestProvider;
  const logDir = mkdtempSync(join(tmpdir(), 'eid-log-'));
  const logFile = join(logDir, 'api.log');
  /** Every secret the flows below handle: none may appear in the log. */
  const secrets: string[] = [PASSWORD, NEW_PASSWORD, WRONG_PASSWORD, CLIENT_SECRET, CLINICAL_VALUE, 'LEAKPROBE', 'Jansen'];

  beforeAll(async () => {
    provider = await startOidcProvider(REDIRECT_URI);
    t = await createTestApp({ LOG_LEVEL: 'trace', LOG_FILE: logFile, ...provider.env() });
    w = await createTrialWorld(t);
    const email = 'log.probe@example.org';
    const id = await createUser(t, email, { password: PASSWORD, displayName: 'Dr. Log Probe' });
    await t.dataSource.query(`INSERT INTO membership (user_id, study_id, role, site_id) VALUES ($1, $2, 'investigator', $3)`, [
      id,
      w.studyId,
      w.siteA.id,
    ]);
    const p = await enrolledParticipant(t, w);

    // Login: a wrong password, then the right one; a refresh.
    const http = () => t.http();
    expect((await http().post('/api/v1/auth/login').send({ email, password: WRONG_PASSWORD })).status).toBe(401);
    const first = await http().post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
    const refreshed = await http().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(200);
    secrets.push(first.body.accessToken, first.body.refreshToken, refreshed.body.accessToken, refreshed.body.refreshToken);

    // Password change, and a login with the new password.
    await http()
      .post('/api/v1/auth/password')
      .set('Authorization', `Bearer ${refreshed.body.accessToken}`)
      .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
      .expect(204);
    const second = await http().post('/api/v1/auth/login').send({ email, password: NEW_PASSWORD }).expect(200);
    secrets.push(second.body.accessToken, second.body.refreshToken);
    const bearer = `Bearer ${second.body.accessToken}`;

    // Second factor: enrol (re-authenticated with the password) and confirm; recovery codes come back.
    const start = await http()
      .post('/api/v1/auth/mfa/enrol/start')
      .set('Authorization', bearer)
      .send({ password: NEW_PASSWORD })
      .expect(200);
    const confirm = await http()
      .post('/api/v1/auth/mfa/enrol/confirm')
      .set('Authorization', bearer)
      .send({ code: currentTotp(start.body.secret) })
      .expect(200);
    secrets.push(start.body.secret, start.body.otpauthUrl, ...confirm.body.recoveryCodes);

    // An e-signature with password and the next time step's code (the confirming code cannot be replayed).
    const totp = authenticator.clone({ epoch: Date.now() + 30_000 }).generate(start.body.secret);
    const signed = await http()
      .post(`/api/v1/participants/${p.id}/signatures`)
      .set('Authorization', bearer)
      .send({ scope: 'casebook', password: NEW_PASSWORD, totp });
    expect(signed.status).toBe(201);

    // Single sign-on through the real provider: the callback carries the provider's code and our state, with the
    // state cookie; then the same callback with a forged code, which the provider refuses (logged as a warning).
    await fetch(`${provider.issuer}/__test/login-as?sub=${encodeURIComponent('stranger@hospital.example')}`);
    for (const forge of [false, true]) {
      const begin = await http().get('/api/v1/auth/oidc/login').expect(302);
      const back = await browseProvider(begin.headers.location, REDIRECT_URI);
      const cookie = (begin.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
      if (forge) back.searchParams.set('code', 'LEAKCODE-forged-authorization-code');
      secrets.push(back.searchParams.get('code')!, back.searchParams.get('state')!, cookie.slice(cookie.indexOf('=') + 1));
      // Refused sign-ins go back to the login page with a code, never the provider's code or state.
      const res = await http().get(`/api/v1/auth/oidc/callback${back.search}`).set('Cookie', cookie);
      expect(res.status).toBe(302);
      expect(res.headers.location).toMatch(/^\/\?ssoError=[A-Z_]+$/);
    }

    // A database error carrying a clinical value: a rule only the database knows (added here by the owner)
    // refuses the adverse event; the API answers 500 and logs the error.
    const owner = await t.ownerDataSource();
    await owner.query(`ALTER TABLE adverse_event ADD CONSTRAINT ck_log_probe CHECK (term NOT LIKE '%LEAKPROBE%')`);
    const refused = await api(t, w.invA).post(`/api/v1/participants/${p.id}/adverse-events`, {
      term: CLINICAL_VALUE,
      onsetDate: '2026-03-10',
      severity: 'mild',
      relatedness: 'unlikely',
      actionTaken: 'none',
      outcome: 'recovered',
    });
    expect(refused.status).toBe(500);
    await owner.query('ALTER TABLE adverse_event DROP CONSTRAINT ck_log_probe');
  });
  afterAll(async () => {
    await t.close();
    provider.stop();
    rmSync(logDir, { recursive: true, force: true });
  });

  const lines = () => readFileSync(logFile, 'utf8').split('\n').filter(Boolean);

  it('writes every line as one JSON object (stack traces as a field), and logs the flows', () => {
    const all = lines();
    expect(all.length).toBeGreaterThan(20);
    const parsed = all.map((l) => JSON.parse(l) as Record<string, unknown>);
    // The database error is there, as type and code, with its stack as a field.
    const dbError = parsed.find((l) => (l.err as { type?: string } | undefined)?.type === 'QueryFailedError');
    expect(dbError).toMatchObject({
      msg: 'Unhandled error',
      err: { code: '23514', constraint: 'ck_log_probe', stack: expect.any(String) },
    });
    expect(parsed.some((l) => l.msg === 'OIDC callback refused')).toBe(true);
    // Requests are logged (method and path), e.g. the login and the OIDC callback.
    const paths = parsed.map((l) => (l.req as { path?: string } | undefined)?.path);
    expect(paths).toContain('/api/v1/auth/login');
    expect(paths).toContain('/api/v1/auth/oidc/callback');
  });

  it('holds no password, token, code, state, cookie, hash, TOTP secret, recovery code or SQL parameter', () => {
    const text = readFileSync(logFile, 'utf8');
    for (const s of secrets) expect({ secret: s, found: text.includes(s) }).toEqual({ secret: s, found: false });
    expect(text).not.toMatch(/eyJ[\w-]{10,}/); // no JWT (access tokens, the OIDC state cookie)
    expect(text).not.toContain('$argon2');
    expect(text).not.toMatch(/[?&](code|state)=/);
    expect(text).not.toMatch(/"(cookie|set-cookie|authorization)"/i);
    expect(text).not.toMatch(/"(parameters|query|body)":/);
    expect(text).not.toContain('Failing row');
  });
});
