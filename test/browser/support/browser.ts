import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { assertAccessible } from './axe';

/** Debian's chromium: Playwright's own browser downloads are not possible here (issue #7). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const SCREENSHOTS = resolve(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** A fresh browser context per journey (its own session storage, i.e. its own login) at laptop size. */
export async function newSession(
  browser: Browser,
  baseUrl: string,
  viewport = { width: 1366, height: 900 },
): Promise<{ context: BrowserContext; page: Page }> {
  // bypassCSP: axe-core is injected as a script; the app's CSP (script-src 'self') would refuse it.
  // reducedMotion: no fade-in caught half-way (axe measured a notification's text at 1.74:1 mid-transition).
  const context = await browser.newContext({
    reducedMotion: 'reduce',
    baseURL: baseUrl,
    viewport,
    locale: 'en-GB',
    timezoneId: 'Europe/Amsterdam',
    bypassCSP: true,
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}

/** Every screen a journey records is also checked with axe-core (no serious or critical WCAG 2.2 AA violation). */
export async function screenshot(page: Page, name: string): Promise<string> {
  await assertAccessible(page, name);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
