import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** The real OpenID Connect provider of the SSO tests (oidc-provider.mjs) as a child process, and a browser for it. */
export const REDIRECT_URI = 'http://127.0.0.1:9/api/v1/auth/oidc/callback';

/** Starts the real provider (test/support/oidc-provider.mjs) and resolves its issuer URL. */
export function startProvider(): Promise<{ child: ChildProcess; issuer: string }> {
  const child = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
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
export async function browseProvider(startUrl: string): Promise<URL> {
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
