import { authenticator } from 'otplib';
import type { Page } from 'playwright-core';
import { newSession, screenshot } from '../support/browser';
import { DEMO_PASSWORD, expect, type Journey, signIn } from '../support/journey';

/** An investigator nobody else's journey signs in as: their second factor is removed again at the end. */
const EMAIL = 'investigator.rtm@demo.local';

/**
 * The code an authenticator app shows `offset` time steps (30 s) from now. The API accepts −1 … +1 steps
 * and each step once (RFC 6238 §5.2), so the step after the one used to confirm signs in without waiting.
 */
const codeAt = (secret: string, offset: number) => authenticator.clone({ epoch: Date.now() + offset * 30_000 }).generate(secret);

/** Password first; the login answers MFA_REQUIRED and shows the code step. */
async function passwordStep(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByLabel('E-mail').fill(EMAIL);
  await page.locator('input[type=password]').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('login-second-step').getByText('Enter the 6-digit code').waitFor();
}

/**
 * Issue 17 item 2: an investigator enrols an authenticator app on the account page (QR code, confirm, recovery
 * codes shown once), signs in with a code, then with a recovery code (which then no longer works), and removes
 * the second factor again with password + a recovery code.
 */
export const accountMfaJourney: Journey = {
  name: 'MFA enrolment and sign-in with a code and with a recovery code',
  async run({ browser, baseUrl }) {
    const { context, page } = await newSession(browser, baseUrl);
    try {
      await signIn(page, EMAIL);
      await page.getByRole('link', { name: 'My account' }).click();
      const card = page.getByTestId('second-factor');
      await card.getByText('No second factor').waitFor();
      await screenshot(page, 'account');

      await card.getByRole('button', { name: 'Set up an authenticator app' }).click();
      await card.getByLabel('Your password').fill(DEMO_PASSWORD);
      await card.getByRole('button', { name: 'Continue' }).click();
      const secret = ((await card.getByTestId('totp-secret').textContent()) ?? '').trim();
      expect(/^[A-Z2-7]{32}$/.test(secret), `a base32 secret of 20 bytes (32 characters) is shown: "${secret}"`);
      await card.getByRole('img', { name: /QR code/ }).waitFor();
      await screenshot(page, 'account-mfa-qr');
      await card.getByLabel(/Enter the 6-digit code/).fill(codeAt(secret, 0));
      await card.getByRole('button', { name: 'Confirm code' }).click();

      const list = card.getByTestId('recovery-codes');
      await list.getByRole('list', { name: 'Recovery codes' }).waitFor();
      const codes = (await list.locator('li').allTextContents()).map((c) => c.trim());
      expect(
        codes.length === 10 && codes.every((c) => /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/.test(c)),
        `ten codes xxxx-xxxx-xxxx: ${codes}`,
      );
      const done = list.getByRole('button', { name: 'Done' });
      expect(await done.isDisabled(), 'the codes cannot be left before saying they are saved');
      await screenshot(page, 'account-mfa-recovery-codes');
      await list.getByLabel('I have saved my recovery codes').check();
      await done.click();
      await card.getByText('Authenticator app enrolled', { exact: true }).waitFor();
      expect(!(await page.getByTestId('recovery-codes').count()), 'the recovery codes are gone from the screen');
      await screenshot(page, 'account-mfa-enrolled');

      // Sign in with the app's next code.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await passwordStep(page);
      await page.getByLabel('Authenticator code').fill(codeAt(secret, 1));
      await screenshot(page, 'login-mfa-code');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();

      // Sign in with a recovery code; the same code a second time is refused.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await passwordStep(page);
      await page.getByRole('button', { name: 'Use a recovery code' }).click();
      await page.getByLabel('Recovery code').fill(codes[0]);
      await screenshot(page, 'login-recovery-code');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await passwordStep(page);
      await page.getByRole('button', { name: 'Use a recovery code' }).click();
      await page.getByLabel('Recovery code').fill(codes[0]);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('login-error').getByText('was used before').waitFor();
      await page.getByLabel('Recovery code').fill(codes[1]);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();

      // Leave the demo as found: remove the factor (password + another recovery code).
      await page.getByRole('link', { name: 'My account' }).click();
      await card.getByRole('button', { name: 'Remove second factor' }).click();
      await card.getByLabel('Your password').fill(DEMO_PASSWORD);
      await card.getByLabel('Current code or a recovery code').fill(codes[2]);
      await card.getByRole('button', { name: 'Remove second factor' }).click();
      await card.getByText('No second factor').waitFor();
    } finally {
      await context.close();
    }
  },
};
