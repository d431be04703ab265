import { Browser } from 'playwright-core';
import { startApi } from './support/api-server';
import { launchBrowser, SCREENSHOTS } from './support/browser';
import { freePort, freshDatabase } from './support/database';
import { JOURNEYS } from './journeys';
import { SSO_LABEL } from './journeys/sso.journey';
import { startOidcProvider, TestProvider } from '../support/oidc-provider';

/**
 * Browser end-to-end journeys (issue #7): the built web app served by the real API on a fresh database
 * with the demo trial seeded, driven by Debian's chromium through playwright-core. One command:
 * `npm run test:browser` (builds the web app first). Screenshots go to test-artifacts/screenshots/.
 * TEST_DATABASE_URL selects a PostgreSQL server; otherwise an embedded one is started for the run.
 */
async function main(): Promise<number> {
  const log = (m: string) => process.stdout.write(`[browser] ${m}\n`);
  const only = process.argv[2];
  // Development aid: BROWSER_BASE_URL runs the journeys against an API you started (with the demo seeded).
  const external = process.env.BROWSER_BASE_URL;
  const db = external ? { url: '', dispose: async () => undefined } : await freshDatabase(log);
  let api: Awaited<ReturnType<typeof startApi>> | undefined;
  let browser: Browser | undefined;
  let provider: TestProvider | undefined;
  let passed = 0;
  let failed = 0;
  try {
    if (!external) {
      const port = await freePort();
      // A real OpenID Connect provider with login and consent pages, for the SSO journey (issue 17 item 2).
      provider = await startOidcProvider(`http://127.0.0.1:${port}/api/v1/auth/oidc/callback`, true);
      log(`starting the API on port ${port} (migrations + demo seed) …`);
      const started = Date.now();
      api = await startApi(db.url, port, provider.env(SSO_LABEL));
      log(`API ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    const baseUrl = external ?? api!.baseUrl;
    browser = await launchBrowser();
    for (const journey of JOURNEYS.filter((j) => !only || only.split('|').some((part) => j.name.includes(part)))) {
      const t0 = Date.now();
      try {
        await journey.run({ browser, baseUrl, log });
        passed++;
        log(`✓ ${journey.name} (${Date.now() - t0} ms)`);
      } catch (e) {
        failed++;
        log(`✗ ${journey.name}\n${(e as Error).stack ?? e}`);
      }
    }
    log(`screenshots in ${SCREENSHOTS}`);
  } catch (e) {
    failed++;
    log(`setup failed: ${(e as Error).stack ?? e}`);
  } finally {
    await browser?.close().catch(() => undefined);
    if (failed && api) log(`API output (last 4000 chars):\n${api.output().slice(-4000)}`);
    await api?.stop();
    provider?.stop();
    await db.dispose();
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
