import { authenticator } from 'otplib';
import type { Page } from 'playwright-core';
import { newSession, screenshot } from '../support/browser';
import { DEMO_PASSWORD, expect, type Journey, signIn } from '../support/journey';

const EMAIL = 'monitor.mfa@demo.local';
const PASSWORD = 'harbour-lantern-2026';

/** The app's code `offset` 30-second steps from now (the API accepts −1 … +1, each step once: RFC 6238 §5.2). */
const codeAt = (secret: string, offset: number) => authenticator.clone({ epoch: Date.now() + offset * 30_000 }).generate(secret);

/** Set-up through the API as an administrator: a study requiring a second factor for monitors, and a new monitor in it. */
async function setUp(baseUrl: string): Promise<void> {
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const { accessToken } = (await post('/api/v1/auth/login', { email: 'admin@demo.local', password: DEMO_PASSWORD })) as {
    accessToken: string;
  };
  const study = await post(
    '/api/v1/admin/studies',
    {
      code: 'MFA-REQ',
      title: 'A study requiring a second factor for monitors',
      protocolId: 'pdnms',
      protocolVersion: '1',
      mfaRequiredRoles: ['monitor'],
    },
    accessToken,
  );
  const user = await post('/api/v1/admin/users', { email: EMAIL, displayName: 'Mona Multifactor', password: PASSWORD }, accessToken);
  await post(
    `/api/v1/admin/users/${user.id}/memberships`,
    { studyId: study.id, role: 'monitor', reason: 'delegation log entry 7' },
    accessToken,
  );
}

/** Password first: a monitor of that study without a factor gets the enrolment step instead of a session. */
async function passwordStep(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByLabel('E-mail').fill(EMAIL);
  await page.locator('input[type=password]').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('mfa-enrolment').waitFor();
}

/**
 * Issue 17 item 2 (MFA required at first login) and item 1 (MFA reset): a monitor whose study requires a second
 * factor enrols during the first sign-in and is signed in with the next code; an administrator resets the factor
 * (lost phone) with a reason, which ends the monitor's session, and the next sign-in asks for enrolment again.
 */
export const mfaFirstLoginJourney: Journey = {
  name: 'a monitor enrols the required second factor at first sign-in; an admin resets it',
  async run({ browser, baseUrl }) {
    await setUp(baseUrl);
    const mon = await newSession(browser, baseUrl);
    const adm = await newSession(browser, baseUrl);
    try {
      const m = mon.page;
      await passwordStep(m);
      const step = m.getByTestId('mfa-enrolment');
      const secret = ((await step.getByTestId('totp-secret').textContent()) ?? '').trim();
      await step.getByRole('img', { name: /QR code/ }).waitFor();
      await screenshot(m, 'login-mfa-enrolment');
      await step.getByLabel(/Enter the 6-digit code/).fill(codeAt(secret, 0));
      await step.getByRole('button', { name: 'Confirm code' }).click();
      await step.getByTestId('recovery-codes').waitFor();
      await screenshot(m, 'login-mfa-enrolment-recovery-codes');
      await step.getByLabel('I have saved my recovery codes').check();
      await step.getByRole('button', { name: 'Continue to sign-in' }).click();
      await step.getByLabel('Next authenticator code').fill(codeAt(secret, 1));
      await step.getByRole('button', { name: 'Sign in' }).click();
      await m.getByRole('button', { name: 'Sign out' }).waitFor();
      const role = (await m.getByTestId('active-role').textContent()) ?? '';
      expect(role.includes('MFA-REQ'), `signed in as the monitor of MFA-REQ, got "${role}"`);

      const a = adm.page;
      await signIn(a, 'admin@demo.local');
      await a.getByRole('tab', { name: 'Users & roles' }).click();
      await a.getByRole('button', { name: `Manage ${EMAIL}` }).click();
      const card = a.getByTestId('admin-user');
      await card.getByText('second factor enrolled').waitFor();
      await card.getByRole('button', { name: 'Reset second factor' }).click();
      const dialog = a.getByRole('dialog');
      await dialog.getByLabel('Reason').fill('Phone lost; identity checked by video call');
      await screenshot(a, 'admin-user-mfa-reset');
      await dialog.getByRole('button', { name: 'Reset second factor' }).click();
      await card.getByText('no second factor').waitFor();

      // The reset ended the monitor's session: a reload finds no session, and the next sign-in enrols again.
      await m.reload();
      await m.getByRole('button', { name: 'Sign in' }).waitFor();
      await passwordStep(m);
    } finally {
      await mon.context.close();
      await adm.context.close();
    }
  },
};
