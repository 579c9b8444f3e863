// Issue 5, case file after intake: the worker and employer history are edited
// with the intake's field groups (one outbox mutation, synced), and a file
// attached to a checklist item is stored encrypted in IndexedDB.
import { describe, expect, it } from 'vitest';
import { unexpectedErrors } from './helpers/browser';
import {
  ARTICLE_INTAKE,
  expectSynced,
  fillIntake,
  openSavedCase,
  saveIntake,
  startNewCase,
} from './helpers/console-ui';
import { useConsoleSuite } from './helpers/suite';

const suite = useConsoleSuite();

describe('case file edits after intake', () => {
  it('edits the passport, adds the first employer, and keeps an attached file encrypted', async () => {
    const { page, errors } = await suite.openCaseList();
    await startNewCase(page);
    await fillIntake(page, {
      ...ARTICLE_INTAKE,
      summary: 'Gaji tidak dibayar',
      mission: undefined,
      documents: ['Salinan paspor'],
    });
    await saveIntake(page);
    await expectSynced(page);
    await openSavedCase(page);

    await page.getByRole('button', { name: 'Ubah', exact: true }).click();
    const form = page.locator('#parties-edit-form');
    await form.getByLabel('Nomor paspor', { exact: true }).fill('c7654321');
    await form
      .getByRole('group', { name: 'Majikan pertama' })
      .getByLabel('Nama majikan', { exact: true })
      .fill('Fahad Al-Qahtani');
    await form.getByRole('button', { name: 'Simpan perubahan' }).click();
    await page.getByText('Perubahan tersimpan di perangkat ini.').waitFor();
    await expect.poll(async () => page.getByRole('main').innerText()).toContain('C7654321');
    expect(await page.getByRole('main').innerText()).toContain('Fahad Al-Qahtani');
    // The edit syncs like any other: the outbox empties again.
    await expectSynced(page);

    await page.getByLabel('Lampirkan berkas untuk Salinan paspor').setInputFiles({
      name: 'paspor.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('RAHASIA PASPOR C7654321'),
    });
    await page.getByText('paspor.txt', { exact: false }).first().waitFor();
    const stored = await page.evaluate(
      () =>
        new Promise<{ keys: string[]; text: string }[]>((resolve, reject) => {
          const open = indexedDB.open('posko');
          open.onerror = () => reject(new Error('open failed'));
          open.onsuccess = () => {
            const all = open.result.transaction('documentFiles').objectStore('documentFiles').getAll();
            all.onsuccess = () =>
              resolve(
                (all.result as Record<string, unknown>[]).map((row) => ({
                  keys: Object.keys(row),
                  text: new TextDecoder().decode(row.ciphertext as Uint8Array),
                })),
              );
          };
        }),
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]?.keys).toEqual(expect.arrayContaining(['iv', 'ciphertext']));
    expect(stored[0]?.keys).not.toContain('bytes');
    expect(stored[0]?.text).not.toContain('RAHASIA');
    expect(unexpectedErrors(errors)).toEqual([]);
  });
});
