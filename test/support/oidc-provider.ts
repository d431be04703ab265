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
