import { screenshot, newSession } from '../support/browser';
import { expect, type Journey, signIn } from '../support/journey';

/**
 * An investigator logs in, opens the participant whose infusion is due today (AMS-0001 in the demo: extended to
 * 5 weeks at inclusion, one counted trough above 15 µg/mL at 5 weeks since), enters today's trough, sees the
 * protocol decision change from "await a second trough" to EXTEND (5 → 6 weeks), and confirms it. On the way, a value out of range is refused by the
 * server and the problem is shown at the field.
 */
export const investigatorDosingJourney: Journey = {
  name: 'investigator enters a trough, the decision changes, and confirms it',
  async run({ browser, baseUrl }) {
    const { context, page } = await newSession(browser, baseUrl);
    try {
      await page.goto('/');
      await page.getByLabel('E-mail').waitFor();
      await screenshot(page, 'login');
      await signIn(page, 'investigator.ams@demo.local');
      await page.getByTestId('participants-table').locator('tbody tr').first().waitFor();
      await screenshot(page, 'participants-investigator');
      const rows = await page.getByTestId('participants-table').locator('tbody tr').allTextContents();
      expect(
        rows.length > 0 && rows.every((r) => r.includes('AMS')),
        `an AMS investigator sees AMS participants only, got ${rows.join(' | ')}`,
      );
      const headers = (await page.getByTestId('participants-table').locator('thead th').allTextContents()).join(' | ');
      expect(
        headers.includes('Interval (weeks)') && headers.includes('Latest trough (µg/mL)'),
        `column headers carry units, got ${headers}`,
      );
      // Server-side search by code (issue #7): only matching rows remain.
      await page.getByLabel('Search by code').fill('AMS-0001');
      // Polled through locators: the app's CSP (script-src 'self') forbids waitForFunction's string evaluation.
      const codeCells = page.getByTestId('participants-table').locator('tbody tr td:first-child');
      let codes: string[] = [];
      for (let i = 0; i < 100; i++) {
        codes = await codeCells.allTextContents();
        if (codes.length > 0 && codes.every((t) => t.includes('AMS-0001'))) break;
        await page.waitForTimeout(100);
      }
      expect(
        codes.length > 0 && codes.every((t) => t.includes('AMS-0001')),
        `search by code keeps only AMS-0001, got ${codes.join(' | ')}`,
      );
      await screenshot(page, 'participants-search');

      await page.getByRole('link', { name: 'AMS-0001', exact: true }).click();
      await page.getByTestId('course-plot').waitFor();
      await page.getByRole('tab', { name: 'Dosing' }).click();
      const decision = page.getByTestId('dosing-decision');
      await decision.waitFor();
      const before = (await decision.textContent())?.trim();
      expect(before === 'KEEP_AWAIT_TROUGH', `before today's trough the proposal awaits a second trough, got ${before}`);
      await screenshot(page, 'dosing-before');

      await page.getByRole('tab', { name: 'eCRF records' }).click();
      await page.getByRole('button', { name: 'New trough sample' }).click();
      const dialog = page.getByRole('dialog');
      const today = new Date().toISOString().slice(0, 10);
      await dialog.getByLabel('Sampling date').fill(today);
      // Leave the date field (Enter would submit the form): the typed date is parsed on blur.
      await dialog.getByLabel('Sampling date').press('Tab');
      // 600 µg/mL is outside 0–500: the server refuses it and names the field.
      await dialog.getByLabel('Trough concentration (µg/mL)').fill('600');
      await dialog.getByRole('button', { name: 'Save', exact: true }).click();
      await dialog.getByTestId('form-problem').waitFor();
      const fieldError = await dialog.locator('.mantine-NumberInput-error').textContent();
      expect(fieldError && /concentration|500|range/i.test(fieldError), `the field shows the server's reason, got "${fieldError}"`);
      await screenshot(page, 'trough-field-error');

      await dialog.getByLabel('Trough concentration (µg/mL)').fill('18.4');
      await dialog.getByRole('button', { name: 'Save', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('records-troughs').getByText('18.4 µg/mL').waitFor();

      await page.getByRole('tab', { name: 'Dosing' }).click();
      await page.getByTestId('dosing-decision').filter({ hasText: 'EXTEND' }).waitFor();
      const next = (await page.getByTestId('dosing-next-interval').textContent())?.trim();
      expect(next === '6 wk', `EXTEND proposes 6 weeks, got ${next}`);
      await screenshot(page, 'dosing-extend');
      await page.getByRole('button', { name: /Confirm 6-week interval/ }).click();
      await page.getByText('Decision confirmed').waitFor();
      await page.getByRole('tab', { name: 'Course' }).click();
      await page.getByTestId('course-plot').waitFor();
      await page.waitForTimeout(500);
      await screenshot(page, 'participant-page');
      await page.getByRole('link', { name: 'Screening & enrolment' }).click();
      await page.getByTestId('screening-candidates').waitFor();
      await screenshot(page, 'screening');
      // At tablet width the navigation folds behind the burger and the page still works.
      await page.setViewportSize({ width: 820, height: 1180 });
      await page.goto('/participants');
      await page.getByTestId('participants-table').waitFor();
      await page.getByRole('button', { name: 'Toggle navigation' }).waitFor();
      await screenshot(page, 'participants-tablet');
    } finally {
      await context.close();
    }
  },
};
