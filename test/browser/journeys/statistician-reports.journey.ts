import { newSession, screenshot } from '../support/browser';
import { choose, expect, type Journey, signIn } from '../support/journey';

/**
 * The statistician's PML-risk report (issue 14): published risk shown as published — a bound stays a bound
 * ("< 0.07 per 1000"), with its source table and status — the count metric labelled as an unconfirmed platform
 * definition; then the period and site filters narrow the report. Every recorded screen passes axe.
 */
export const statisticianReportsJourney: Journey = {
  name: 'a statistician reads the PML-risk report and filters it by period and site',
  async run({ browser, baseUrl }) {
    const { context, page } = await newSession(browser, baseUrl);
    try {
      await signIn(page, 'statistician@demo.local');
      await page.getByRole('link', { name: 'Reports' }).click();
      await page.getByRole('tab', { name: 'PML risk' }).click();
      const groups = page.getByTestId('pml-risk-groups');
      await groups.waitFor();
      const published = await groups.innerText();
      // "<qualifier> <value> per 1000 · <TABLE_ID> · <status>": the demo's anti-JCV-negative participants sit under a bound.
      expect(
        /< 0\.\d+ per 1000 · [A-Z0-9_]+ · (confirmed|memory|derived|unconfirmed)/.test(published),
        `a bound shown as a bound: ${published}`,
      );
      const count = await page.getByText(/^EID by count/).innerText();
      expect(/unconfirmed/.test(count), `the count metric carries its status: ${count}`);
      await page.getByTestId('pml-risk-table').waitFor();
      await screenshot(page, 'reports-pml-risk');

      // Period: up to 2026-06-30; the report states the date it is as of.
      await page.getByLabel('To', { exact: true }).fill('2026-06-30');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByText(/^As of 2026-06-30/).waitFor();
      // A bad date is refused on the form (Apply disabled), never sent.
      await page.getByLabel('From', { exact: true }).fill('30/06/2026');
      expect(await page.getByRole('button', { name: 'Apply' }).isDisabled(), 'a non-ISO date cannot be applied');
      await page.getByLabel('From', { exact: true }).fill('');

      // Site: the first site of the study; the participant table then lists that site's participants only.
      const before = await page.getByTestId('pml-risk-table').locator('tbody tr').count();
      await choose(page, 'Site', /.+/);
      await page.getByRole('button', { name: 'Apply' }).click();
      // Evaluated in the page (a string: this file is compiled without the DOM library).
      await page.waitForFunction(`document.querySelectorAll('[data-testid="pml-risk-table"] tbody tr').length !== ${before}`);
      const after = await page.getByTestId('pml-risk-table').locator('tbody tr').count();
      expect(after < before, `one site lists fewer participants than the study (${after} < ${before})`);
      await page.getByText(/^As of 2026-06-30/).waitFor();
      await screenshot(page, 'reports-pml-risk-site');
    } finally {
      await context.close();
    }
  },
};
