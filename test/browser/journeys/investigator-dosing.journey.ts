import { screenshot, newSession } from '../support/browser';
import { expect, type Journey, signIn } from '../support/journey';

/**
 * An investigator logs in, opens the participant whose infusion is due today (AMS-0001 in the demo: extended to
 * 5 weeks at inclusion, one counted trough above 15 µg/mL at 5 weeks since), enters today's trough, sees the
 * protocol decision change from "await a second trough" to EXTEND (5 → 6 weeks), and confirms it with a note. On the way, a value
 * out of range is refused by the server and the problem is shown at the field. Then the round trip of issue 17 item 5: the card says
 * what was recorded, the decision history lists it (who, when, why), and the course plot — through its summary and its data table —
 * shows the decision, the interval stepping to 6 weeks today and the band of the PK candidate chosen in the dosing tab.
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
      // The demo's "today" is the calendar date of its sites' zone (libs/demo DEMO_TIME_ZONE), not UTC's.
      const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam' }).format(new Date());
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
      // Confirm with a note for the record: the card then says what was recorded, by whom and when.
      const note = 'Second trough above 15 µg/mL at 5 weeks: extend as proposed';
      await page.getByLabel('Note for the record (optional)').fill(note);
      await page.getByRole('button', { name: /Confirm 6-week interval/ }).click();
      await page.getByText('Decision confirmed').waitFor();
      const recorded = page.getByTestId('decision-recorded');
      await recorded.waitFor();
      await recorded.filter({ hasText: 'Demo Investigator AMS' }).waitFor();
      const feedback = (await recorded.textContent()) ?? '';
      expect(
        feedback.includes(`Decision recorded for ${today}: EXTEND confirmed`) &&
          feedback.includes('5 → 6 weeks') &&
          feedback.includes(note),
        `the card says what was recorded, got "${feedback}"`,
      );
      expect(
        (await page.getByRole('button', { name: /Confirm 6-week interval/ }).count()) === 0,
        'once recorded, the card no longer offers to confirm again',
      );
      // The decision history: newest first, with proposal, action, interval, who, when and why.
      const history = page.getByTestId('decision-history');
      const newest = history.getByTestId('decision-row').first();
      const row = (await newest.locator('td').allTextContents()).map((c) => c.trim());
      expect(
        row[0] === today &&
          row[1] === 'EXTEND (6 wk)' &&
          row[2] === 'confirmed' &&
          row[3] === '5 → 6 wk' &&
          row[4] === 'Demo Investigator AMS' &&
          row[5].startsWith(today) &&
          row[5].endsWith('(Europe/Amsterdam)') &&
          row[6] === note &&
          row[7] === 'in force',
        `the history's newest row is today's decision, got ${row.join(' | ')}`,
      );
      await screenshot(page, 'decision-history');

      // Choose the 6-week candidate in the PK table: the course plot draws its prediction band.
      await page.getByRole('row', { name: 'Show the course for 6 weeks' }).click();
      await page.getByTestId('pk-course-chart').waitFor();

      await page.getByRole('tab', { name: 'Course' }).click();
      const plot = page.getByTestId('course-plot');
      await plot.waitFor();
      // The screenshot for the README, before the page scrolls to the table, once the save notices have closed.
      await page.getByText('Decision confirmed').waitFor({ state: 'detached' });
      await page.getByText('Trough samples: saved').waitFor({ state: 'detached' });
      await page.waitForTimeout(500);
      await screenshot(page, 'participant-page');
      const summary = (await plot.getAttribute('aria-label')) ?? '';
      expect(
        summary.includes('interval in force 6 weeks') &&
          summary.includes(`latest decision ${today}: confirmed EXTEND: 5 → 6 weeks, by Demo Investigator AMS`) &&
          summary.includes('PK prediction band for 6-week intervals'),
        `the plot's summary names the new interval, the decision and the band, got "${summary}"`,
      );
      await page.getByText("The plot's data as a table").click();
      const table = page.getByTestId('course-table');
      await table.waitFor();
      const cells = async (what: string) =>
        (await table.locator('tbody tr').filter({ hasText: what }).allTextContents()).map((r) => r.replace(/\s+/g, ' '));
      const decisionRows = await cells('Dosing decision');
      expect(
        decisionRows.some((r) => r.startsWith(today) && r.includes('confirmed EXTEND: 5 → 6 weeks, by Demo Investigator AMS')),
        `the plot's data list today's decision, got ${decisionRows.join(' | ')}`,
      );
      const steps = await cells('Interval in force');
      expect(
        steps.at(-1)?.startsWith(today) && steps.at(-1)?.includes('6 weeks from this date'),
        `the interval step line rises to 6 weeks today, got ${steps.join(' | ')}`,
      );
      const band = await cells('PK prediction (6-week intervals)');
      expect(
        // Three projected 6-week intervals: at least a predicted trough before each of the two projected infusions, and the end.
        band.length >= 3 && band.every((r) => /median \d+\.\d µg\/mL, 95 % band \d+\.\d–\d+\.\d µg\/mL/.test(r)),
        `the band is listed, got ${band.join(' | ')}`,
      );
      await screenshot(page, 'course-table');
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
