import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** The client the platform is registered as at the test provider (test values, not a secret). */
export const OIDC_TEST_CLIENT = { id: 'eid-platform', secret: 'a-client-secret-of-reasonable-length-123' };

export interface TestProvider {
  issuer: string;
  /** The API's OIDC_* settings for this provider. */
  env(label?: string): Record<string, string>;
  stop(): void;
}

/**
 * Starts the real provider of test/support/oidc-provider.mjs (a child process: `oidc-provider` is ESM-only).
 * `interactive`: login and consent are pages a person (the browser journey) fills in, else completed at once.
 */
export function startOidcProvider(redirectUri: string, interactive = false): Promise<TestProvider> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      OIDC_CLIENT_ID: OIDC_TEST_CLIENT.id,
      OIDC_CLIENT_SECRET: OIDC_TEST_CLIENT.secret,
      OIDC_REDIRECT_URI: redirectUri,
      OIDC_TEST_INTERACTIVE: interactive ? '1' : '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)/.exec(out);
      if (!m) return;
      const issuer = `http://127.0.0.1:${m[1]}`;
      resolve({
        issuer,
        env: (label?: string) => ({
          OIDC_ISSUER: issuer,
          OIDC_CLIENT_ID: OIDC_TEST_CLIENT.id,
          OIDC_CLIENT_SECRET: OIDC_TEST_CLIENT.secret,
          OIDC_REDIRECT_URI: redirectUri,
          ...(label ? { OIDC_LABEL: label } : {}),
        }),
        stop: () => child.kill('SIGTERM'),
      });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`oidc provider exited ${code}: ${out}`)));
  });
}

/** Follows the provider's redirects like a browser (cookie jar) until it sends us back to the redirect URI. */
export async function browseProvider(startUrl: string, redirectUri: string): Promise<URL> {
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
    if (next.toString().startsWith(redirectUri)) return next;
    url = next.toString();
  }
  throw new Error('too many redirects at the provider');
}
