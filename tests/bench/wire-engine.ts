// The wire benchmark's engine figure: the console's own first sync in Chromium (built console,
// real server, IndexedDB), once on the wire until now and once on the new one, in the same run.
// Every pull request of the page is routed through Playwright in both variants, so both pay the
// same interception: "before" rewrites each pull to be uncompressed and keeps ?compact, so the
// server splices the stored bytes (wire.bench.ts stores the records full for it: the bytes and
// the server path of the wire until now); "after" lets it go as the console sends it. The engine code is the same in both (its pull fetches the next page while
// applying one, as it does now), so the difference is the wire alone.
import type { Browser } from 'playwright-core';
import { openConsolePage } from '../e2e/helpers/browser';
import { installPageKit, waitCursor, type KitHost } from './sync-page';

export type EngineVariant = 'before' | 'after';

export interface EngineRun {
  ms: number;
  /** Response bytes as they crossed the wire (resource timing transferSize, headers included). */
  transferBytes: number;
  /** Response bodies once decoded. */
  decodedBytes: number;
  stored: number;
}

export async function engineFirstSync(
  browser: Browser,
  baseUrl: string,
  head: number,
  variant: EngineVariant,
  timeoutMs: number,
): Promise<EngineRun> {
  const { page, context } = await openConsolePage(browser);
  try {
    await page.route('**/v1/sync/pull?*', async (route) => {
      const request = route.request();
      if (variant === 'after') return route.continue();
      await route.continue({
        // Chromium sets Accept-Encoding itself whatever a route says; this header of
        // @fastify/compress turns compression off for the request instead.
        headers: { ...request.headers(), 'x-no-compression': '1' },
      });
    });
    await page.addInitScript(installPageKit);
    await page.goto(baseUrl);
    await page.locator('.app').waitFor({ timeout: 60_000 });
    const end = await waitCursor(page, head, timeoutMs, 25);
    const timing = await page.evaluate(() => {
      const pulls = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) =>
        e.name.includes('/v1/sync/pull'),
      );
      return {
        start: Math.min(...pulls.map((e) => e.startTime)),
        transfer: pulls.reduce((sum, e) => sum + e.transferSize, 0),
        decoded: pulls.reduce((sum, e) => sum + e.decodedBodySize, 0),
      };
    });
    const stored = await page.evaluate(() => (globalThis as unknown as KitHost).poskoBench.count('cases'));
    return { ms: end - timing.start, transferBytes: timing.transfer, decodedBytes: timing.decoded, stored };
  } finally {
    await context.close();
  }
}
