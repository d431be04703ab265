import { Browser, Page } from 'playwright-core';

export interface JourneyContext {
  browser: Browser;
  baseUrl: string;
  log(message: string): void;
}

export interface Journey {
  name: string;
  run(ctx: JourneyContext): Promise<void>;
}

export const DEMO_PASSWORD = 'demo-password';

/** Signs in through the login form, as a person would. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/');
  await page.getByLabel('E-mail').fill(email);
  await page.locator('input[type=password]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`expectation failed: ${message}`);
}

/** Picks an option of a Mantine Select (a combobox whose options render in a portal). */
export async function choose(
  page: Page,
  label: string,
  option: string | RegExp,
  scope: Page | import('playwright-core').Locator = page,
): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
}
