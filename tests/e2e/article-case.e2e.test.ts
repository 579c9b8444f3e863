// Issue 5 proof: the article's case, end to end in real Chromium, in Indonesian.
// A mother calls: her daughter, a domestic worker in Saudi Arabia, wants to
// come home and has stopped answering. The operator records it, requests the
// passport copy and work contract, logs the call with a promise to call back
// in 7 days; 7 days later (clock injected) the case is on the "today" list,
// and a second call from the same phone, typed as +62 8…, finds the case.
import { describe, expect, it } from 'vitest';
import { screenshot, unexpectedErrors } from './helpers/browser';
import {
  ARTICLE_INTAKE,
  expectSynced,
  fillIntake,
  openSavedCase,
  saveIntake,
  searchCase,
  startNewCase,
} from './helpers/console-ui';
import { useConsoleSuite } from './helpers/suite';

const DAY = 86_400_000;
// 2 June 2025, 10:00 in Jakarta; the browser runs in UTC, so that is 03:00 local.
const T0 = new Date('2025-06-02T03:00:00.000Z');

const suite = useConsoleSuite();

describe("the article's case", () => {
  it('intake, documents, a logged promise, the today list 7 days later, and a second call found by phone', async () => {
    const { page, errors } = await suite.openCaseList({ fixedTime: T0 });

    // --- First call: intake -------------------------------------------------
    await startNewCase(page);
    // The passport typed as read out on the phone; the file shows it normalized.
    await fillIntake(page, { ...ARTICLE_INTAKE, passportNumber: 'c 1234567' });
    await page.getByLabel('Rincian kasus boleh disampaikan kepada pengadu ini').check();
    await page.getByLabel('Persetujuan pemrosesan data sudah dicatat').check();
    await page.getByLabel('Sektor kerja', { exact: true }).selectOption({ label: 'Pekerja rumah tangga' });
    await page.getByLabel('Tanggal keberangkatan').fill('2019-03-10');
    // The legal regime follows the departure date at once.
    await expect.poll(() => page.getByTestId('legal-regime').innerText()).toContain('UU 18/2017');
    expect(await page.getByTestId('legal-regime').innerText()).toContain('BPJS Ketenagakerjaan');
    await page.getByLabel('Nama majikan', { exact: true }).fill('Abdullah Al-Harbi');
    await page.getByLabel('Telepon majikan', { exact: true }).fill('+966 50 123 4567');
    await page.getByLabel('Perusahaan penempatan (P3MI / PPTKIS)').fill('PT Maju Jaya Sejahtera');
    await page.getByLabel('Masalah utama', { exact: true }).selectOption({ label: 'Ingin dipulangkan' });
    await page.getByLabel('Hilang kontak', { exact: true }).check();
    // No danger sign ticked: the case stays normal, no urgent banner.
    expect(await page.getByTestId('urgent-banner').count()).toBe(0);
    // Ctrl+S in the chronology; saveIntake fails unless the notice announces a DRAFT-XXXXXX number.
    await saveIntake(page, 'keyboard');
    // One case plus two requested documents, pushed at once (the helper signed in as op1, online).
    await expectSynced(page);

    // --- The case file: documents requested, log the call with a 7-day promise -----
    // The server issued the real case number on the first push; the file shows it.
    const number = await openSavedCase(page);
    for (const type of ['passport_copy', 'work_contract']) {
      const row = page.getByTestId(`doc-${type}`);
      expect(await row.getByRole('combobox').inputValue()).toBe('requested');
    }
    const main = await page.getByRole('main').innerText();
    for (const text of ['Abdullah Al-Harbi', 'PT Maju Jaya Sejahtera', 'C1234567', 'UU 18/2017', 'Sumiati'])
      expect(main).toContain(text);

    await page.getByLabel('Arah', { exact: true }).selectOption({ label: 'Masuk' });
    expect(await page.getByLabel('Nomor yang digunakan', { exact: true }).inputValue()).toBe(
      '+6281234567890',
    );
    await page
      .getByLabel('Yang disampaikan kepada keluarga')
      .fill('Kasus dicatat; kami menghubungi KBRI Riyadh dan menelepon kembali dalam 7 hari.');
    // The promise defaults to the cadence of a normal case: 7 days after the call.
    const promised = await page.getByLabel('Janji kabar berikutnya', { exact: true }).inputValue();
    expect(new Date(promised).getTime()).toBe(T0.getTime() + 7 * DAY);
    await page.getByRole('button', { name: 'Catat kontak' }).click();
    await page.getByText('Kontak tercatat.').waitFor();
    await expect.poll(() => page.getByTestId('contact-entry').count()).toBe(1);
    expect(await page.getByTestId('next-promise').innerText()).toContain('9 Jun 2025');
    await screenshot(page, 'article-case-file');

    // Today: nothing due yet.
    await page.getByRole('link', { name: 'Hari ini' }).click();
    await page.getByText('Tidak ada janji kabar yang jatuh tempo.').waitFor();

    // --- 7 days later -----------------------------------------------------------
    await page.clock.setFixedTime(new Date(T0.getTime() + 7 * DAY + 60_000));
    await page.getByRole('link', { name: 'Kasus', exact: true }).click();
    await page.getByRole('link', { name: 'Hari ini' }).click();
    const item = page.getByRole('button', { name: new RegExp(`${number}.*Siti Aminah binti Slamet`) });
    await item.waitFor();
    expect(await item.innerText()).toContain('9 Jun 2025');
    await screenshot(page, 'article-today');

    // --- Second call from the same phone, typed as +62 8… ------------------------
    await searchCase(page, '+62 812 3456 7890', new RegExp(number));
    await page.keyboard.press('Escape');

    // The operator starts an intake instead: the duplicate check finds the case from the phone alone.
    await startNewCase(page);
    await page.getByLabel('Nama pengadu', { exact: true }).fill('Sumiati');
    await page.getByLabel('Telepon pengadu', { exact: true }).fill('+62 812-3456-7890');
    const attach = page.getByRole('button', { name: `Lampirkan panggilan ke kasus ${number}` });
    await attach.waitFor();
    expect(await page.getByTestId('duplicate-panel').innerText()).toContain('telepon');
    await screenshot(page, 'article-duplicate');
    await attach.click();

    // The call lands in the existing case's contact log, prefilled.
    await page.getByRole('heading', { name: `Kasus ${number}` }).waitFor();
    expect(await page.getByLabel('Nomor yang digunakan', { exact: true }).inputValue()).toBe(
      '+6281234567890',
    );
    expect(await page.getByLabel('Arah', { exact: true }).inputValue()).toBe('incoming');
    await page
      .getByLabel('Yang disampaikan kepada keluarga')
      .fill('Belum ada kabar dari KBRI; kami terus memantau.');
    await page.getByRole('button', { name: 'Catat kontak' }).click();
    await expect.poll(() => page.getByTestId('contact-entry').count()).toBe(2);
    // Still one case on this device: no duplicate was opened.
    await page.getByRole('link', { name: 'Kasus', exact: true }).click();
    await expect.poll(() => page.getByTestId('case-count').innerText()).toBe('1 kasus');
    expect(unexpectedErrors(errors)).toEqual([]);
  });
});
