import { newSession, screenshot } from '../support/browser';
import { choose, expect, type Journey, signIn } from '../support/journey';

/** `iso` shifted by `days` (calendar arithmetic in UTC: the field holds a date, not an instant). */
function shift(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * An investigator screens a candidate without an MRI in the past 12 months (PDNMS E6 needs one: eligibility
 * unknown), finds the candidate again by screening number, completes the evidence with an MRI of a month before
 * the screening date (no new lesions) and sees the eligibility change to eligible.
 */
export const screeningJourney: Journey = {
  name: 'an investigator finds a candidate by screening number and completes the evidence',
  async run({ browser, baseUrl }) {
    const { context, page } = await newSession(browser, baseUrl);
    const number = `JRN-${Date.now().toString(36).toUpperCase()}`;
    try {
      await signIn(page, 'investigator.ams@demo.local');
      await page.getByRole('link', { name: 'Screening & enrolment' }).click();
      const form = page.getByRole('form', { name: 'Screening form' });
      const screeningDate = await form.getByLabel('Screening date').inputValue();
      const review = page.getByTestId('screening-review');
      /** Every row of the PDNMS checklist met except E6: no MRI in the 12 months before the screening date. */
      const screenWithoutMri = async (n: string) => {
        await form.getByLabel('Screening number').fill(n);
        await form.getByLabel('Year of birth').fill('1984');
        await form.getByLabel('Natalizumab start date').fill(shift(screeningDate, -3 * 365));
        await form.getByLabel('Infusions so far').fill('40');
        await form.getByLabel('Screening trough date').fill(screeningDate);
        await form.getByLabel('Screening trough (µg/mL)').fill('21.4');
        await form.getByLabel('Baseline EDSS date').fill(screeningDate);
        await form.getByLabel('Baseline EDSS', { exact: true }).fill('2.5');
        await form.getByRole('button', { name: 'Screen candidate' }).click();
        await review.getByRole('heading', { name: `${n} — eligibility` }).waitFor();
      };
      await screenWithoutMri(number);
      const before = (await review.getByTestId('screening-eligibility').textContent()) ?? '';
      expect(before === 'unknown', `without an MRI the eligibility is unknown, got "${before}"`);

      await page.getByLabel('Find by screening number').fill(number.slice(0, -1).toLowerCase());
      const rows = page.getByTestId('screening-candidates').locator('tbody tr');
      // The server's answer replaces the unfiltered list: wait until the other candidates are gone.
      await rows.nth(1).waitFor({ state: 'detached' });
      await page.getByTestId('screening-candidates').getByRole('cell', { name: number, exact: true }).waitFor();
      expect((await rows.count()) === 1, `the search finds the one candidate, got ${await rows.count()} rows`);
      await screenshot(page, 'screening-search');
      await page.getByRole('button', { name: `Review ${number}` }).click();
      await review.getByRole('button', { name: 'Complete evidence…' }).click();
      const evidence = page.getByTestId('evidence-form');
      const missing = (await evidence.getByTestId('missing-evidence').textContent()) ?? '';
      expect(missing.includes('E6'), `the missing items name E6: ${missing}`);
      await evidence.getByLabel('MRI date').fill(shift(screeningDate, -30));
      await evidence.getByLabel('Reason').fill('MRI report received from radiology');
      await screenshot(page, 'screening-complete-evidence');
      await evidence.getByRole('button', { name: 'Save evidence and re-evaluate' }).click();
      await review.getByTestId('screening-eligibility').getByText('eligible', { exact: true }).waitFor();
      await review.getByRole('button', { name: 'Enrol' }).waitFor();
      await screenshot(page, 'screening-eligible');

      // A second undecided candidate declines: a screen failure with its category and reason.
      await screenWithoutMri(`${number}-2`);
      await review.getByRole('button', { name: 'Record screen failure…' }).click();
      const dialog = page.getByRole('dialog');
      await choose(page, 'Category', 'Consent declined', dialog);
      await dialog.getByLabel('Reason').fill('Does not want monthly MRI');
      await screenshot(page, 'screening-screen-failure');
      await dialog.getByRole('button', { name: 'Record screen failure' }).click();
      await review.getByTestId('screening-eligibility').getByText('screen failure', { exact: true }).waitFor();
      const failure = (await review.textContent()) ?? '';
      expect(
        failure.includes('consent declined') && failure.includes('Does not want monthly MRI'),
        `category and reason shown: ${failure}`,
      );
    } finally {
      await context.close();
    }
  },
};
