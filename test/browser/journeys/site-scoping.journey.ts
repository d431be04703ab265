import { newSession, screenshot } from '../support/browser';
import { DEMO_PASSWORD, expect, type Journey, signIn } from '../support/journey';

/** Finds a participant of another site through the API as the monitor (who sees every site). */
async function otherSiteParticipant(baseUrl: string, siteCode: string): Promise<string> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'monitor@demo.local', password: DEMO_PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const res = await fetch(`${baseUrl}/api/v1/participants?limit=200`, { headers: { authorization: `Bearer ${accessToken}` } });
  const { items } = (await res.json()) as { items: { id: string; code: string | null }[] };
  const found = items.find((p) => p.code?.startsWith(`${siteCode}-`));
  if (!found) throw new Error(`no ${siteCode} participant in the demo`);
  return found.id;
}

/** An investigator of site AMS pastes the link of an RTM participant: the page says "not found" (API 404). */
export const siteScopingJourney: Journey = {
  name: 'an AMS investigator cannot open an RTM participant by URL',
  async run({ browser, baseUrl }) {
    const rtmId = await otherSiteParticipant(baseUrl, 'RTM');
    const { context, page } = await newSession(browser, baseUrl);
    try {
      await signIn(page, 'investigator.ams@demo.local');
      const responses: number[] = [];
      page.on('response', (r) => {
        if (r.url().endsWith(`/api/v1/participants/${rtmId}`)) responses.push(r.status());
      });
      await page.goto(`/participants/${rtmId}`);
      await page.getByTestId('participant-error').waitFor();
      const text = await page.getByTestId('participant-error').textContent();
      expect(text?.includes('Participant not found'), `the page says not found, got "${text}"`);
      expect(responses.length > 0 && responses.every((s) => s === 404), `the API answered 404 (not 403), got ${responses.join(',')}`);
      expect(!(await page.getByTestId('course-plot').count()), 'no course plot of another site is drawn');
      await screenshot(page, 'other-site-not-found');
    } finally {
      await context.close();
    }
  },
};
