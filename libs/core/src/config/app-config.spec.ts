import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'eid-config-'));

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ DATA_DIR: dataDir(), ...env });
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies defaults on an empty environment', () => {
    const c = loadConfig({ DATA_DIR: dataDir() });
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.seedDemo).toBe(true);
    expect(c.jwtAccessSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('keeps generated secrets stable across restarts', () => {
    const dir = dataDir();
    expect(loadConfig({ DATA_DIR: dir }).jwtAccessSecret).toBe(loadConfig({ DATA_DIR: dir }).jwtAccessSecret);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://localhost' }, 'REDIS_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ RUN_MIGRATIONS: 'maybe' }, 'RUN_MIGRATIONS'],
    [{ JWT_ACCESS_SECRET: 'short' }, 'JWT_ACCESS_SECRET'],
    [{ OIDC_ISSUER: 'https://idp.example' }, 'OIDC_CLIENT_ID'],
  ])('rejects %j naming %s', (env, name) => {
    expect(problemsOf(env).join('\n')).toContain(name);
  });

  it('requires token secrets with DATABASE_URL in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/db' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('JWT_ACCESS_SECRET'),
        expect.stringContaining('JWT_REFRESH_SECRET'),
        expect.stringContaining('AUDIT_ANCHOR_KEY'),
      ]),
    );
  });

  it.each([
    [{ NODE_ENV: 'production' }, 'DATABASE_URL is required'],
    [{ NODE_ENV: 'production', SEED_DEMO: 'true' }, 'SEED_DEMO'],
    [{ NODE_ENV: 'production', DEMO_PASSWORD: 'demo-password' }, 'DEMO_PASSWORD'],
    [{ NODE_ENV: 'production' }, 'JWT_ACCESS_SECRET'],
  ])('production refuses %j, naming %s', (env, text) => {
    expect(problemsOf(env).join('\n')).toContain(text);
  });

  it('production with a server and secrets starts without the demo trial', () => {
    const secret = 'x'.repeat(32);
    const c = loadConfig({
      DATA_DIR: dataDir(),
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u@h/db',
      JWT_ACCESS_SECRET: secret,
      JWT_REFRESH_SECRET: secret,
      AUDIT_ANCHOR_KEY: secret,
    });
    expect(c.seedDemo).toBe(false);
    expect(c.auditAnchorKey).toBe(secret);
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ PORT: 'x', LOG_LEVEL: 'y' })).toHaveLength(2);
  });

  it("names the SSO provider on the login page by OIDC_LABEL, else 'your hospital account'", () => {
    const oidc = {
      OIDC_ISSUER: 'https://idp.example',
      OIDC_CLIENT_ID: 'c',
      OIDC_CLIENT_SECRET: 's',
      OIDC_REDIRECT_URI: 'https://t.example/cb',
    };
    expect(loadConfig({ DATA_DIR: dataDir(), ...oidc }).oidc?.label).toBe('your hospital account');
    expect(loadConfig({ DATA_DIR: dataDir(), ...oidc, OIDC_LABEL: 'UMC account' }).oidc?.label).toBe('UMC account');
  });
});
