import { newSession, screenshot } from '../support/browser';
import { expect, type Journey } from '../support/journey';

/** What the API names the test provider (OIDC_LABEL, set by run.ts): the button reads "Sign in with <label>". */
export const SSO_LABEL = 'Test Hospital ID';
const PERSON = 'investigator.nmg@demo.local';

/** Anything that would let a token or an authorization code leak through a URL, a history entry or the page. */
const SECRET_IN_URL = /[?&#](code|state|access_token|refresh_token|id_token|token)=|ssoError/i;

/**
 * Single sign-on against a real OpenID Connect provider (issue 17 item 2): the login page offers the provider,
 * a denied consent comes back as a readable message, and an allowed one ends signed in inside the web app with
 * no token or code in the URL, in any history entry or on the page (docs/security.md → Single sign-on).
 */
export const ssoJourney: Journey = {
  name: 'SSO sign-in against a real OpenID Connect provider',
  async run({ browser, baseUrl, log }) {
    const providers = (await (await fetch(`${baseUrl}/api/v1/auth/providers`)).json()) as unknown[];
    if (!providers.length) {
      log('SSO journey skipped: the API under test has no OIDC provider configured');
      return;
    }
    const { context, page } = await newSession(browser, baseUrl);
    try {
      await page.goto('/');
      const sso = page.getByRole('link', { name: `Sign in with ${SSO_LABEL}` });
      await sso.waitFor();
      await screenshot(page, 'login-sso');

      // The person changes their mind at the provider: back on the login page, told why, no code left in the URL.
      await sso.click();
      await page.getByLabel('Hospital e-mail').fill(PERSON);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Deny' }).click();
      const refused = page.getByTestId('sso-error');
      await refused.waitFor();
      expect(((await refused.textContent()) ?? '').includes('cancelled at the identity provider'), 'the denial is explained');
      await page.waitForURL((url) => url.pathname === '/' && !url.search);
      await screenshot(page, 'login-sso-denied');

      // Now through: provider login, consent, back in the web app signed in. The provider remembers the login of
      // the denied attempt (it would skip its login page): forget it, as a fresh browser would.
      await context.clearCookies();
      await page.getByRole('link', { name: `Sign in with ${SSO_LABEL}` }).click();
      await page.getByLabel('Hospital e-mail').fill(PERSON);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: /allow access/ }).waitFor();
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      const role = (await page.getByTestId('active-role').textContent()) ?? '';
      expect(role.includes('Investigator') && role.includes('NMG'), `signed in as the NMG investigator, got "${role}"`);
      await page.getByRole('heading', { name: 'Participants' }).waitFor();
      await screenshot(page, 'sso-signed-in');

      // No token or code in the address, in any entry of this tab's history, or in the page.
      const here = new URL(page.url());
      expect(here.origin === new URL(baseUrl).origin && here.pathname !== '/sso', `ends on an app screen, at ${page.url()}`);
      const cdp = await context.newCDPSession(page);
      const { entries } = (await cdp.send('Page.getNavigationHistory')) as { entries: Array<{ url: string }> };
      const historyLength = await page.evaluate<number>('window.history.length');
      expect(historyLength === entries.length, `history.length ${historyLength} = ${entries.length} entries`);
      for (const { url } of entries) expect(!SECRET_IN_URL.test(url), `history entry without token or code: ${url}`);
      expect(!entries.some((e) => new URL(e.url).pathname.startsWith('/api/')), 'no API answer is a history entry');
      const refreshToken = await page.evaluate<string | null>("sessionStorage.getItem('eid.refreshToken')");
      expect(refreshToken, 'the session is kept like a password login (refresh token in this tab only)');
      const text = await page.content();
      expect(!text.includes(refreshToken) && !/eyJ[\w-]+\.eyJ/.test(text), 'no token on the page');
      const cookies = await context.cookies(baseUrl);
      expect(!cookies.some((c) => c.name === 'eid_sso' && c.value), 'the one-time exchange cookie is spent');

      // A reload keeps the session through the usual refresh.
      await page.reload();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      log(`history: ${entries.map((e) => new URL(e.url).pathname).join(' → ')}`);
    } finally {
      await context.close();
    }
  },
};
