// Issue 17 ("offline means offline, in the browser too") in real Chromium: the console served
// by the sync server (as `start:web` does) opens with no network after one online visit, from
// its service worker, with the data already on the device. The operator works offline (a new
// case), and back online the change reaches the server. API answers are never cached.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, unexpectedErrors } from './helpers/browser';
import {
  SYNC,
  expectSynced,
  fillIntake,
  mainNav,
  outboxCount,
  saveIntake,
  startNewCase,
} from './helpers/console-ui';
import { useConsoleSuite } from './helpers/suite';

const suite = useConsoleSuite();

/** The path of every request held in the page's Cache Storage (the worker's precache and any other). */
function cachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
    }
    return urls;
  });
}

describe('the browser console offline', () => {
  it('reloads with no network from its service worker, shows local data, and syncs offline work later', async () => {
    const { server } = suite;
    const { page, context, errors } = await suite.openCaseList();

    // Online: a case synced to this device, and the worker installed and active.
    await startNewCase(page);
    await fillIntake(page, {
      summary: 'Pekerja di Riyadh tidak bisa dihubungi',
      reporterName: 'Sumiati',
      relationship: 'Orang tua',
      reporterPhone: '0812-3456-7890',
      workerName: 'Siti Aminah',
      passportNumber: 'C1234567',
      country: 'Arab Saudi',
    });
    await saveIntake(page);
    await expectSynced(page);
    const active = await page.evaluate(() =>
      Promise.race([
        navigator.serviceWorker.ready.then((registration) => registration.active?.scriptURL ?? null),
        new Promise<string>((resolve) => setTimeout(() => resolve('no worker within 10 s'), 10_000)),
      ]),
    );
    expect(active).toBe(new URL('sw.js', server.url).href);
    // The precache holds the built console and nothing of the API (pull, login, health...).
    await expect.poll(() => cachedUrls(page)).toContain('/index.html');
    const online = await cachedUrls(page);
    expect(online.some((path) => /^\/assets\/index-.+\.js$/.test(path))).toBe(true);
    expect(online.filter((path) => path.startsWith('/v1'))).toEqual([]);

    // Offline reload: the console opens (the worker answers), unlocks with the local verifier
    // (the suite's auto sign-in) and lists the case from IndexedDB.
    await mainNav(page).getByRole('link', { name: 'Kasus', exact: true }).click();
    await context.setOffline(true);
    await page.reload();
    // The offline unlock derives the local verifier (PBKDF2, 600,000 rounds): slow on a busy machine.
    await page.getByRole('heading', { name: 'Kasus', exact: true }).waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await page.getByRole('row', { name: /Siti Aminah/ }).waitFor();
    await expect.poll(() => page.getByTestId('sync-online').innerText()).toBe('Luring');
    // The API is not answered from any cache while offline.
    const apiOffline = await page.evaluate(() =>
      fetch('./v1/health').then(
        () => 'answered',
        () => 'failed',
      ),
    );
    expect(apiOffline).toBe('failed');
    await screenshot(page, 'offline-reload-case-list');

    // Offline work: a new case, held in the outbox.
    await startNewCase(page);
    await fillIntake(page, {
      summary: 'Dicatat saat luring setelah muat ulang',
      reporterName: 'Wartini',
      relationship: 'Orang tua',
      reporterPhone: '0813-1111-2222',
      workerName: 'Nur Halimah',
      passportNumber: 'C7654321',
      country: 'Malaysia',
    });
    await saveIntake(page);
    await expect.poll(() => outboxCount(page)).toBeGreaterThan(0);

    // Online again: the change reaches the server.
    await context.setOffline(false);
    await expectSynced(page);
    const token = await server.login(server.users.op1.username, server.users.op1.password);
    await expect
      .poll(async () => (await server.serverCases(token)).map((c) => c.summary), SYNC)
      .toContain('Dicatat saat luring setelah muat ulang');
    expect((await cachedUrls(page)).filter((path) => path.startsWith('/v1'))).toEqual([]);
    expect(unexpectedErrors(errors)).toEqual([]);
  }, 120_000);
});
