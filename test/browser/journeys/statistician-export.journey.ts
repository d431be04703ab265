import { statSync } from 'node:fs';
import { newSession, screenshot } from '../support/browser';
import { expect, type Journey, signIn } from '../support/journey';

/** A statistician starts a CSV export, watches its progress and downloads the (pseudonymised) file. */
export const statisticianExportJourney: Journey = {
  name: 'a statistician starts an export and downloads it',
  async run({ browser, baseUrl }) {
    const { context, page } = await newSession(browser, baseUrl);
    try {
      await signIn(page, 'statistician@demo.local');
      await page.getByRole('link', { name: 'Exports' }).click();
      await page.getByRole('button', { name: 'Start export' }).click();
      await page.getByTestId('export-job').waitFor();
      await page.getByTestId('export-status').filter({ hasText: 'completed' }).waitFor({ timeout: 120_000 });
      await screenshot(page, 'exports');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page
          .getByTestId('export-job')
          .getByRole('button', { name: /^Download/ })
          .click(),
      ]);
      const file = await download.path();
      const name = download.suggestedFilename();
      expect(name.endsWith('.zip'), `a CSV export is a zip, got ${name}`);
      expect(statSync(file).size > 0, 'the downloaded file is not empty');
      await page.getByTestId('export-downloaded').waitFor();
      // The export history lists it too, with its checksum and a download of its own.
      await page.getByTestId('export-history').getByRole('button', { name: 'Download' }).first().waitFor();
    } finally {
      await context.close();
    }
  },
};
