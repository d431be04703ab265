import { newSession, screenshot } from '../support/browser';
import { expect, type Journey, signIn } from '../support/journey';

const REASON = 'Source documents under review by the sponsor';

/** A data manager freezes a participant; the site investigator sees who froze it, when and why, and no entry is offered. */
export const freezeJourney: Journey = {
  name: 'a data manager freezes a participant and the investigator sees why entry is closed',
  async run({ browser, baseUrl }) {
    const dm = await newSession(browser, baseUrl);
    const inv = await newSession(browser, baseUrl);
    try {
      const d = dm.page;
      await signIn(d, 'datamanager@demo.local');
      await d.getByRole('link', { name: 'Participants' }).click();
      await d.getByRole('link', { name: 'AMS-0002', exact: true }).click();
      await d.getByRole('button', { name: 'Freeze participant' }).click();
      const dialog = d.getByRole('dialog');
      await dialog.getByLabel('Reason').fill(REASON);
      await dialog.getByRole('button', { name: 'Freeze' }).click();
      await d.getByRole('button', { name: 'Unfreeze participant' }).waitFor();
      await d.getByTestId('entry-closed').waitFor();
      await screenshot(d, 'data-manager-frozen-participant');

      const i = inv.page;
      await signIn(i, 'investigator.ams@demo.local');
      await i.getByRole('link', { name: 'AMS-0002', exact: true }).click();
      const banner = i.getByTestId('entry-closed');
      await banner.getByText('Demo Data Manager').waitFor();
      const text = (await banner.textContent()) ?? '';
      expect(text.includes(REASON) && text.includes('Frozen by Demo Data Manager'), `the investigator sees who and why: ${text}`);
      await i.getByRole('tab', { name: 'eCRF records' }).click();
      const newTrough = i.getByTestId('records-troughs').getByRole('button', { name: /^New / });
      expect(await newTrough.isDisabled(), 'entering a new trough is disabled while frozen');
      expect(!(await i.getByRole('button', { name: /^Correct / }).count()), 'no correction is offered while frozen');
      await screenshot(i, 'investigator-sees-frozen');
      // The same records organised by visit, unscheduled ones last.
      await i.getByText('By visit', { exact: true }).click();
      await i.getByTestId('records-by-visit').getByRole('heading').first().waitFor();
      await screenshot(i, 'records-by-visit');

      // Leave the demo as found for later journeys.
      await d.getByRole('button', { name: 'Unfreeze participant' }).click();
      await d.getByRole('dialog').getByLabel('Reason').fill('Review finished');
      await d.getByRole('dialog').getByRole('button', { name: 'Unfreeze' }).click();
      await d.getByRole('button', { name: 'Freeze participant' }).waitFor();
    } finally {
      await dm.context.close();
      await inv.context.close();
    }
  },
};
