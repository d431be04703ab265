import { newSession, screenshot } from '../support/browser';
import { choose, expect, type Journey, signIn } from '../support/journey';

const INITIAL_PASSWORD = 'utrecht-initial-2026';
const NEW_PASSWORD = 'ward-seven-tulip-harbour';

/**
 * An administrator sets up a new site (UTR) in the demo study and an investigator there; the access review
 * shows the grant with its reason; the investigator signs in with the initial password and sees their site.
 */
export const adminSetupJourney: Journey = {
  name: 'an admin sets up a site and an investigator who then signs in',
  async run({ browser, baseUrl, log }) {
    const admin = await newSession(browser, baseUrl);
    const investigator = await newSession(browser, baseUrl);
    try {
      const a = admin.page;
      await signIn(a, 'admin@demo.local');
      await a.getByRole('heading', { name: 'Administration' }).waitFor();
      await a.getByTestId('admin-users').getByText('monitor@demo.local').waitFor();
      expect(!(await a.getByText('The request has invalid fields').count()), 'the admin home shows no "invalid fields" error');
      await screenshot(a, 'admin-users');

      await a.getByRole('tab', { name: 'Sites' }).click();
      await a.getByLabel('Code').fill('UTR');
      await a.getByLabel('Name').fill('UMC Utrecht');
      await a.getByRole('button', { name: 'Create site' }).click();
      await a.getByTestId('admin-sites').getByText('UMC Utrecht').waitFor();
      await screenshot(a, 'admin-sites');

      await a.getByRole('tab', { name: 'Studies' }).click();
      await a.getByRole('button', { name: 'Manage study DEMO-PDNMS' }).click();
      await choose(a, 'Add a site', /^UTR/);
      await a.getByRole('button', { name: 'Add site to study' }).click();
      await a.getByTestId('admin-study-sites').getByText('UMC Utrecht').waitFor();
      await screenshot(a, 'admin-studies');
      // The study's date-shift policy (docs/security.md "Pseudonymisation"): on with a reason, then off again.
      const shift = a.getByTestId('admin-study-date-shift');
      for (const [button, confirm, state] of [
        ['Shift dates', 'Shift dates', 'shifted per participant'],
        ['Stop shifting dates', 'Stop shifting', 'real dates'],
      ] as const) {
        await shift.getByRole('button', { name: button }).click();
        const dialog = a.getByRole('dialog');
        await dialog.getByLabel('Reason').fill('Statistical analysis plan v2');
        await dialog.getByRole('button', { name: confirm }).click();
        await shift.getByText(state).waitFor();
      }

      await a.getByRole('tab', { name: 'Users & roles' }).click();
      await a.getByLabel('E-mail').fill('investigator.utr@demo.local');
      await a.getByLabel('Name').fill('Dr Ute Utrecht');
      await a.getByLabel('Initial password').fill(INITIAL_PASSWORD);
      await a.getByRole('button', { name: 'Create user' }).click();
      const card = a.getByTestId('admin-user');
      await card.getByText('Dr Ute Utrecht').waitFor();
      await choose(a, 'Study', 'DEMO-PDNMS', card);
      await choose(a, 'Role', 'Investigator', card);
      await choose(a, 'Site', /^UTR/, card);
      await card.getByLabel('Reason').fill('Delegation log UTR entry 1');
      await card.getByRole('button', { name: 'Grant role' }).click();
      await card.getByTestId('admin-user-memberships').getByText('UTR').waitFor();
      await screenshot(a, 'admin-user');

      await a.getByRole('tab', { name: 'Access review' }).click();
      const review = a.getByTestId('access-review');
      await review.getByText('investigator.utr@demo.local').waitFor();
      const row = review.locator('tr', { hasText: 'investigator.utr@demo.local' });
      const text = (await row.textContent()) ?? '';
      expect(
        text.includes('Delegation log UTR entry 1') && text.includes('Demo Administrator') && text.includes('still held'),
        `the review row names who granted it and why: ${text}`,
      );
      await screenshot(a, 'admin-access-review');

      const i = investigator.page;
      await signIn(i, 'investigator.utr@demo.local', INITIAL_PASSWORD);
      const role = (await i.getByTestId('active-role').textContent()) ?? '';
      expect(role.includes('Investigator') && role.includes('UTR'), `the investigator works at UTR, got "${role}"`);
      await i.getByRole('heading', { name: 'Participants' }).waitFor();
      await screenshot(i, 'new-investigator-home');

      // Self-service password change (issue 16's POST /api/v1/auth/password), once the API offers it.
      const doc = (await (await fetch(`${baseUrl}/api/docs-json`)).json()) as { paths: Record<string, unknown> };
      if (!doc.paths['/api/v1/auth/password']) {
        log('password change skipped: the API has no POST /api/v1/auth/password yet');
        return;
      }
      await i.getByRole('link', { name: 'My account' }).click();
      await i.getByLabel('Current password').fill(INITIAL_PASSWORD);
      await i.getByLabel(/^New password(\s*\*)?$/).fill(NEW_PASSWORD);
      await i.getByLabel('New password again').fill(NEW_PASSWORD);
      await i.getByRole('button', { name: 'Change password' }).click();
      await i.getByText('Password changed.').waitFor();
      await screenshot(i, 'account-password-changed');
      await i.getByRole('button', { name: 'Sign out' }).click();
      await signIn(i, 'investigator.utr@demo.local', NEW_PASSWORD);
    } finally {
      await admin.context.close();
      await investigator.context.close();
    }
  },
};
