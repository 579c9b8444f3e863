// The setup every e2e file shares: one sync server and one Chromium per file,
// fresh browser contexts per test (closed after it), and the console opened
// signed in on the case list. A test file calls useConsoleSuite() at its top
// level and reads as the scenario it proves.
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, openConsolePage } from './browser';
import type { ConsolePage, OpenConsoleOptions } from './browser';
import { startConsoleServer } from './console-server';
import type { ConsoleServer } from './console-server';
import { waitForCaseList } from './console-ui';

export interface OpenCaseListOptions {
  /** Freezes the page's clock at this instant before the console loads. */
  fixedTime?: Date;
}

export interface ConsoleSuite {
  /** The server of this file (set in beforeAll: read it inside tests and hooks only). */
  readonly server: ConsoleServer;
  readonly browser: Browser;
  /** A fresh context with one page, not navigated yet; closed after the test. */
  newPage(options?: OpenConsoleOptions): Promise<ConsolePage>;
  /** A fresh page on the console, signed in as op1, showing the case list. */
  openCaseList(options?: OpenCaseListOptions): Promise<ConsolePage>;
}

export function useConsoleSuite(): ConsoleSuite {
  let server: ConsoleServer | undefined;
  let browser: Browser | undefined;
  const open: ConsolePage[] = [];

  beforeAll(async () => {
    server = await startConsoleServer();
    browser = await launchChromium();
  });
  afterEach(async () => {
    for (const session of open.splice(0)) await session.context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the e2e ${what} is not started yet (beforeAll has not run)`);
    return value;
  };
  const suite: ConsoleSuite = {
    get server() {
      return started(server, 'server');
    },
    get browser() {
      return started(browser, 'browser');
    },
    async newPage(options) {
      const session = await openConsolePage(suite.browser, options);
      open.push(session);
      return session;
    },
    async openCaseList(options = {}) {
      const session = await suite.newPage();
      if (options.fixedTime) await session.page.clock.setFixedTime(options.fixedTime);
      await session.page.goto(suite.server.url);
      await waitForCaseList(session.page);
      return session;
    },
  };
  return suite;
}
