import { screenshot, newSession } from '../support/browser';
import { expect, type Journey, signIn } from '../support/journey';

/**
 * Issue 13 (rule P0): an investigator raises a PML suspicion (an adverse event with "PML suspected") and sees
 * dosing suspended on the participant page — the banner above everything, SUSPEND at the top of the dosing card,
 * and no button that could confirm an interval. Uses the second NMG participant (the first is due today and is
 * left to the dosing journey).
 */
export const investigatorPmlJourney: Journey = {
  name: 'investigator raises a PML suspicion and sees dosing suspended',
  async run({ browser, baseUrl }) {
    const { context, page } = await newSession(browser, baseUrl);
    try {
      await signIn(page, 'investigator.nmg@demo.local');
      const table = page.getByTestId('participants-table');
      await table.locator('tbody tr').nth(1).waitFor();
      const code = (await table.locator('tbody tr').nth(1).locator('td').first().textContent())?.trim() ?? '';
      expect(/^NMG-/.test(code), `a NMG participant, got "${code}"`);
      await page.getByRole('link', { name: code, exact: true }).click();
      await page.getByTestId('course-plot').waitFor();
      expect((await page.getByTestId('dosing-suspended-banner').count()) === 0, 'no suspension before the suspicion');

      await page.getByRole('tab', { name: 'eCRF records' }).click();
      await page.getByRole('button', { name: 'New adverse event' }).click();
      const dialog = page.getByRole('dialog');
      // The demo's "today" is the calendar date of its sites' zone (libs/demo DEMO_TIME_ZONE), not UTC's.
      const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam' }).format(new Date());
      await dialog.getByLabel('Event term').fill('New cognitive symptoms — PML to be excluded');
      await dialog.getByLabel('Onset date').fill(today);
      await dialog.getByLabel('Onset date').press('Tab');
      for (const [label, value] of [
        ['Severity', 'severe'],
        ['Relatedness', 'possible'],
        ['Action taken', 'drug-interrupted'],
        ['Outcome', 'not-recovered'],
      ]) {
        await dialog.getByLabel(label).click();
        await page.getByRole('option', { name: value, exact: true }).click();
      }
      await dialog.getByLabel('PML suspected').check();
      await screenshot(page, 'pml-suspicion-form');
      await dialog.getByRole('button', { name: 'Save', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });

      // The participant page reloads its overview: the banner stands above the tabs.
      await page.reload();
      await page.getByTestId('dosing-suspended-banner').waitFor();
      await page.getByRole('tab', { name: 'Dosing' }).click();
      await page.getByTestId('dosing-suspended').waitFor();
      const decision = (await page.getByTestId('dosing-decision').textContent())?.trim();
      expect(decision === 'SUSPEND', `the proposal is SUSPEND, got ${decision}`);
      const alert = (await page.getByTestId('dosing-suspended').textContent()) ?? '';
      expect(alert.includes('New cognitive symptoms'), `the suspension names the adverse event, got "${alert}"`);
      expect(
        (await page.getByRole('button', { name: /Confirm \d+-week interval/ }).count()) === 0,
        'no interval can be confirmed while suspended',
      );
      await screenshot(page, 'dosing-suspended');

      // The course plot flags the event in words, not by colour alone: its summary and its data table say "PML suspected".
      await page.getByRole('tab', { name: 'Course' }).click();
      const plot = page.getByTestId('course-plot');
      await plot.waitFor();
      const summary = (await plot.getAttribute('aria-label')) ?? '';
      expect(
        /\(\d+ with PML suspicion or serious\)/.test(summary) && !summary.includes('(0 with'),
        `the summary counts the flagged event, got "${summary}"`,
      );
      await page.getByText("The plot's data as a table").click();
      const ae = await page.getByTestId('course-table').locator('tbody tr').filter({ hasText: 'New cognitive symptoms' }).allTextContents();
      expect(
        ae.length === 1 && ae[0].startsWith(today) && ae[0].includes('PML suspected'),
        `the table lists today's adverse event with PML suspected, got ${ae.join(' | ')}`,
      );
      await screenshot(page, 'course-pml');
    } finally {
      await context.close();
    }
  },
};
