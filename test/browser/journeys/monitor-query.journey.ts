import { newSession, screenshot } from '../support/browser';
import { expect, type Journey, signIn } from '../support/journey';

/** A monitor raises a query on a trough value; the site's investigator answers it; the monitor closes it. */
export const monitorQueryJourney: Journey = {
  name: 'monitor raises a query and the investigator answers it',
  async run({ browser, baseUrl }) {
    const monitor = await newSession(browser, baseUrl);
    const investigator = await newSession(browser, baseUrl);
    try {
      const m = monitor.page;
      await signIn(m, 'monitor@demo.local');
      await m.getByTestId('safety-panel').waitFor();
      await m.getByTestId('sdv-progress').getByText('records').first().waitFor();
      await m.waitForTimeout(800);
      await screenshot(m, 'monitor-dashboard');

      await m.getByRole('link', { name: 'Participants' }).click();
      await m.getByRole('link', { name: 'AMS-0003', exact: true }).click();
      await m.getByTestId('course-plot').waitFor();
      await m.waitForTimeout(800);
      // A participant with a year or more of history: the course plot the README shows.
      await screenshot(m, 'participant-course');
      await m.getByRole('tab', { name: 'eCRF records' }).click();
      const troughs = m.getByTestId('records-troughs');
      await troughs
        .getByRole('button', { name: /^Query/ })
        .first()
        .click();
      const dialog = m.getByRole('dialog');
      await dialog.getByLabel('Field').click();
      await m.getByRole('option', { name: /Trough concentration/ }).click();
      await dialog.getByLabel('Question for the site').fill('The lab report shows a different value; please check the transcription.');
      await dialog.getByRole('button', { name: 'Raise query' }).click();
      await m.getByText('Query raised').waitFor();
      // The record now carries a query marker (row and field).
      await troughs.getByTestId('record-query-marker').first().waitFor();

      const i = investigator.page;
      await signIn(i, 'investigator.ams@demo.local');
      await i.getByRole('link', { name: 'Queries' }).click();
      await i.getByTestId('queries-table').getByText('AMS-0003').waitFor();
      await screenshot(i, 'queries-inbox');
      await i
        .getByRole('button', { name: /Open query on AMS-0003/ })
        .first()
        .click();
      await i.getByTestId('query-thread').getByText('please check the transcription').waitFor();
      await i.getByLabel('Answer').fill('Checked against the lab report: the value entered is correct.');
      await i.getByRole('button', { name: 'Send answer' }).click();
      await i.getByTestId('query-status').filter({ hasText: 'answered' }).waitFor();
      await screenshot(i, 'query-answered');

      await m.getByRole('link', { name: 'Queries' }).click();
      await m
        .getByRole('button', { name: /Open query on AMS-0003/ })
        .first()
        .click();
      await m.getByTestId('query-thread').getByText('the value entered is correct').waitFor();
      await m.getByRole('button', { name: 'Close query' }).click();
      await m.getByTestId('query-status').filter({ hasText: 'closed' }).waitFor();
      const status = await m.getByTestId('query-status').textContent();
      expect(status === 'closed', `the monitor closed the query, got ${status}`);

      // The remaining screens of a monitor, for the screenshot record.
      await m.keyboard.press('Escape');
      await m.getByRole('link', { name: 'Audit trail' }).click();
      await m.getByTestId('audit-table').locator('tbody tr').first().waitFor();
      await screenshot(m, 'audit-trail');
      await m.getByRole('link', { name: 'Reports' }).click();
      await m.getByText('Intervals in force per month').waitFor();
      await m.waitForTimeout(800);
      await screenshot(m, 'reports');
    } finally {
      await monitor.context.close();
      await investigator.context.close();
    }
  },
};
