// Launches Debian's Chromium through playwright-core (no downloaded browser).
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { currentConsoleServer } from './console-server';
import { signIn } from './console-ui';

export const CHROMIUM_PATH = process.env.POSKO_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '.artifacts');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  /** console.error messages and uncaught exceptions (CSP violations land here too). */
  errors: string[];
}

export interface OpenConsoleOptions {
  /**
   * Who signs in whenever the page (re)loads and shows the sign-in or unlock
   * form. Default: operator op1 of the server the test file started; `null`
   * leaves signing in to the test (login screen tests, several users).
   */
  signInAs?: { username: string; password: string } | null;
}

/**
 * Signs in after each page load when the console asks for it, so scenarios
 * about cases need not repeat the login (a reload starts the console locked).
 */
function autoSignIn(page: Page, as: { username: string; password: string }, errors: string[]): void {
  page.on('load', () => {
    void (async () => {
      const form = page.getByTestId('login-form');
      await form.or(page.locator('.app')).first().waitFor({ timeout: 20_000 });
      if (await form.isVisible()) await signIn(page, as.username, as.password);
    })().catch((error: unknown) => {
      if (!page.isClosed()) errors.push(`auto sign-in failed: ${String(error)}`);
    });
  });
}

/** A fresh context (own IndexedDB) with one page, a desk-sized viewport and error capture. */
export async function openConsolePage(
  browser: Browser,
  options: OpenConsoleOptions = {},
): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'id-ID' });
  const page = await context.newPage();
  const errors: string[] = [];
  const defaultUser = currentConsoleServer()?.users.op1;
  const as = options.signInAs === undefined ? defaultUser : options.signInAs;
  if (as) autoSignIn(page, as, errors);
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} @ ${message.location().url}`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    // A reload or navigation cancels what is in flight (the sync event stream): not a failure.
    if (reason === 'net::ERR_ABORTED') return;
    errors.push(`request failed: ${request.url()} ${reason}`);
  });
  return { context, page, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Errors other than the console's sync traffic failing while the context is
 * offline (expected: the engine retries with backoff and the status bar says so).
 */
export function unexpectedErrors(errors: readonly string[]): string[] {
  return errors.filter(
    (e) =>
      !(/\/v1\//.test(e) && /ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED|ERR_NAME_NOT_RESOLVED/.test(e)),
  );
}
