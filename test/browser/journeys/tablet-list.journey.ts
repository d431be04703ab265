import { newSession, screenshot } from '../support/browser';
import { expect, type Journey, signIn } from '../support/journey';

const TABLET = { width: 768, height: 1024 };

/** On a ward tablet (768 px wide, portrait) the participant list keeps its safety flags in view without scrolling. */
export const tabletListJourney: Journey = {
  name: 'the participant list keeps the flags column in view at tablet width',
  async run({ browser, baseUrl }) {
    const { context, page } = await newSession(browser, baseUrl, TABLET);
    try {
      await signIn(page, 'monitor@demo.local');
      await page.goto('/participants');
      const table = page.getByTestId('participants-table');
      await table.locator('tbody tr').first().waitFor();
      const flags = await table.getByRole('columnheader', { name: 'Flags' }).boundingBox();
      expect(
        flags && flags.x + flags.width <= TABLET.width,
        `the Flags column ends within the ${TABLET.width} px viewport, got ${JSON.stringify(flags)}`,
      );
      await screenshot(page, 'participants-tablet');
    } finally {
      await context.close();
    }
  },
};
