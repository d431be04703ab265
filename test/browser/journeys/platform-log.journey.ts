import { newSession, screenshot } from '../support/browser';
import { expect, type Journey, signIn } from '../support/journey';

/** A monitor opens the Platform log from the navigation and sees their own sign-in, without client IP addresses. */
export const platformLogJourney: Journey = {
  name: "a monitor reads the platform log of the study's people",
  async run({ browser, baseUrl }) {
    const { context, page } = await newSession(browser, baseUrl);
    try {
      await signIn(page, 'monitor@demo.local');
      await page.getByRole('link', { name: 'Platform log' }).click();
      await page.getByRole('heading', { name: 'Platform log' }).waitFor();
      const table = page.getByTestId('audit-table');
      await table.getByRole('cell', { name: 'login', exact: true }).first().waitFor();
      const text = (await table.textContent()) ?? '';
      expect(text.includes('Demo Monitor'), `the monitor's own sign-in is listed: ${text.slice(0, 300)}`);
      // A client address would stand alone; the SSO provider's issuer URL (http://127.0.0.1:port, in SSO sign-ins of
      // the browser run) is not a client address and may be shown.
      expect(!/(?<![/\w.])127\.0\.0\.1(?![:\w])/.test(text), `no client IP address is shown: ${text.slice(0, 300)}`);
      await screenshot(page, 'monitor-platform-log');
    } finally {
      await context.close();
    }
  },
};
