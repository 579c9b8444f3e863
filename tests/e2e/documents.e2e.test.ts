// Issue 16 proof in real Chromium: operator A attaches a passport scan while offline (kept
// encrypted on A's laptop, "on this device only"), goes online and it uploads by itself; operator
// B in another browser context sees the item "stored on the server", opens it and gets the same
// bytes (the SHA-256 of what it shows, and the image decodes), replaces it (both versions listed
// with who and when); A's laptop wiped (a new context, empty IndexedDB) finds the newest version.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { unexpectedErrors } from './helpers/browser';
import {
  ARTICLE_INTAKE,
  expectSynced,
  fillIntake,
  mainNav,
  openSavedCase,
  saveIntake,
  signIn,
  startNewCase,
  SYNC,
} from './helpers/console-ui';
import { useConsoleSuite } from './helpers/suite';

const suite = useConsoleSuite();

// A 2x2 PNG (the server checks the real type: PNG is on its allowlist).
const SCAN = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

const SCAN_SHA = createHash('sha256').update(SCAN).digest('hex');
const SCAN2_SHA = createHash('sha256')
  .update(Buffer.concat([SCAN, Buffer.from('v2')]))
  .digest('hex');
const fileState = (page: Page) => page.getByTestId('doc-file-passport_copy').getByTestId('file-state');

async function openCase(page: Page, caseNumber: string): Promise<void> {
  await mainNav(page).getByRole('link', { name: 'Kasus', exact: true }).click();
  await page.getByRole('row', { name: new RegExp(caseNumber) }).click(SYNC);
  await page.getByRole('heading', { name: `Kasus ${caseNumber}` }).waitFor();
}

/**
 * Opens the item's file (an image: previewed) and returns the SHA-256 of the bytes the console
 * shows (the page's CSP lets no script fetch the blob: URL back) once the image has decoded.
 */
async function openedSha(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Buka berkas Salinan paspor' }).click();
  const img = page.getByTestId('file-preview');
  await img.waitFor(SYNC);
  await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(2);
  return (await img.getAttribute('data-sha256')) ?? '';
}

describe('document files travel with the case', () => {
  it('attached offline, uploaded when online, opened byte-identical by another operator and after a wipe', async () => {
    const { server } = suite;
    const { op1, op2 } = server.users;
    const a = await suite.newPage({ signInAs: op1 });
    await a.page.goto(server.url);
    await startNewCase(a.page);
    await fillIntake(a.page, { ...ARTICLE_INTAKE, mission: undefined, documents: ['Salinan paspor'] });
    await saveIntake(a.page);
    await expectSynced(a.page);
    const caseNumber = await openSavedCase(a.page);

    await a.context.setOffline(true);
    await expect.poll(() => a.page.getByTestId('sync-online').innerText()).toBe('Luring');
    await a.page.getByLabel('Lampirkan berkas untuk Salinan paspor').setInputFiles({
      name: 'paspor-scan.png',
      mimeType: 'image/png',
      buffer: SCAN,
    });
    await expect.poll(() => fileState(a.page).getAttribute('data-state')).toBe('local');
    expect(await fileState(a.page).innerText()).toContain('Hanya di perangkat ini');
    await expect.poll(() => a.page.getByTestId('sync-files').innerText()).toContain('1 berkas menunggu');

    await a.context.setOffline(false);
    await expect.poll(() => fileState(a.page).getAttribute('data-state'), SYNC).toBe('stored');
    await expect.poll(() => a.page.getByTestId('sync-files').count(), SYNC).toBe(0);

    // The server holds one version of the document's file.
    const token = await server.login(op1.username, op1.password);
    const docId = await a.page.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const open = indexedDB.open('posko');
          open.onerror = () => reject(new Error('open failed'));
          open.onsuccess = () => {
            const all = open.result.transaction('documents').objectStore('documents').getAll();
            all.onsuccess = () => resolve(String((all.result as Array<{ id: string }>)[0]?.id));
          };
        }),
    );
    const versions = await server.api<{ versions: Array<{ sha256: string; version: number }> }>(
      token,
      `/v1/documents/${docId}/files`,
    );
    expect(versions.versions.map((v) => v.sha256)).toEqual([SCAN_SHA]);

    const b = await suite.newPage({ signInAs: null });
    await b.page.goto(server.url);
    await signIn(b.page, op2.username, op2.password);
    await openCase(b.page, caseNumber);
    await expect.poll(() => fileState(b.page).getAttribute('data-state'), SYNC).toBe('stored');
    expect(await openedSha(b.page)).toBe(SCAN_SHA);

    // B replaces the scan: the server keeps both versions, listed with who and when.
    await b.page.getByLabel('Lampirkan berkas untuk Salinan paspor').setInputFiles({
      name: 'paspor-scan-2.png',
      mimeType: 'image/png',
      buffer: Buffer.concat([SCAN, Buffer.from('v2')]),
    });
    const versionsButton = b.page.getByRole('button', { name: 'Versi sebelumnya' });
    await versionsButton.waitFor(SYNC);
    await versionsButton.click();
    const list = b.page.getByTestId('file-versions').getByRole('listitem');
    await expect.poll(() => list.count(), SYNC).toBe(2);
    expect(await list.nth(0).innerText()).toContain('paspor-scan.png');
    expect(await list.nth(1).innerText()).toContain('paspor-scan-2.png');
    expect(await list.nth(1).innerText()).toContain(op2.displayName);
    const after = await server.api<{ versions: Array<{ sha256: string }> }>(
      token,
      `/v1/documents/${docId}/files`,
    );
    expect(after.versions.map((v) => v.sha256)[0]).toBe(SCAN_SHA);
    expect(after.versions).toHaveLength(2);

    // A's laptop wiped: a new context has no IndexedDB, the file comes from the server.
    await a.context.close();
    const wiped = await suite.newPage({ signInAs: null });
    await wiped.page.goto(server.url);
    await signIn(wiped.page, op1.username, op1.password);
    await openCase(wiped.page, caseNumber);
    await expect.poll(() => fileState(wiped.page).getAttribute('data-state'), SYNC).toBe('stored');
    expect(await openedSha(wiped.page)).toBe(SCAN2_SHA);
    await expect.poll(() => fileState(wiped.page).innerText()).toContain('juga ada di perangkat ini');

    for (const s of [b, wiped]) expect(unexpectedErrors(s.errors)).toEqual([]);
    expect(unexpectedErrors(a.errors)).toEqual([]);
  });
});
