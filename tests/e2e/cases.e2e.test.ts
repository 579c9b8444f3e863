// Issue 2, item 9: the console keeps cases in IndexedDB across reloads, and
// works with the network off without losing anything. The page signs in as
// operator op1 of office JKT on every load (helpers/browser.ts), so saved
// cases also sync: each scenario checks the server's copy through the API.
import { describe, expect, it } from 'vitest';
import { screenshot, unexpectedErrors } from './helpers/browser';
import {
  ARTICLE_INTAKE,
  expectSynced,
  fillIntake,
  outboxCount,
  saveIntake,
  searchCase,
  signIn,
  startNewCase,
  waitForCaseList,
} from './helpers/console-ui';
import { useConsoleSuite } from './helpers/suite';

const suite = useConsoleSuite();

describe('case intake in a real browser', () => {
  it('creates a case through the form and still lists it after a reload', async () => {
    const { server } = suite;
    const { page, errors } = await suite.openCaseList();
    await expect.poll(() => page.getByTestId('online-status').innerText()).toContain('Daring');

    await startNewCase(page);
    await fillIntake(page, ARTICLE_INTAKE);
    await screenshot(page, 'new-case-form');
    const draft = await saveIntake(page);
    // The case plus two requested documents: three mutations, pushed at once (signed in, online).
    await expectSynced(page);
    const token = await server.login(server.users.op1.username, server.users.op1.password);
    const onServer = await server.serverCases(token);
    expect(onServer).toHaveLength(1);
    expect(onServer[0]).toMatchObject({ worker: { fullName: 'Siti Aminah binti Slamet' } });
    // The server issued the real number (office code + year + sequence); the list shows it, not the draft.
    const number = String(onServer[0]?.caseNumber);
    expect(number).toMatch(/JKT/);
    expect(number).not.toBe(draft);

    await page.getByRole('link', { name: 'Kasus', exact: true }).click();
    const row = page.getByRole('row', { name: new RegExp(`${number}.*Siti Aminah binti Slamet`) });
    await row.waitFor();
    expect(await row.innerText()).toContain('Arab Saudi');

    // A reload starts the console locked: the helper unlocks it as op1.
    await page.reload();
    await page.getByRole('row', { name: new RegExp(number) }).waitFor();
    await expect.poll(() => page.getByTestId('case-count').innerText()).toBe('1 kasus');
    await screenshot(page, 'case-list-after-reload');

    // A second call from the same phone: Ctrl+K finds the case by the number as the family dials it.
    await searchCase(page, '+62 812 3456', new RegExp(number));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Kasus ${number}` }).waitFor();
    const file = await page.getByRole('main').innerText();
    expect(file).toContain('+6281234567890');
    expect(file).toContain('C1234567');
    expect(file).toContain('Salinan paspor');
    await screenshot(page, 'case-view');

    // Language switch: English at once, kept across a reload.
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { name: `Case ${number}` }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: `Case ${number}` }).waitFor();
    expect(await page.getByRole('button', { name: 'EN' }).getAttribute('aria-pressed')).toBe('true');
    expect(errors).toEqual([]);
  });

  it('works offline: create and edit a case, nothing is lost when back online', async () => {
    const { server } = suite;
    const { page, context, errors } = await suite.openCaseList();

    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('online-status').innerText()).toContain('Luring');

    await startNewCase(page, 'keyboard');
    await fillIntake(page, {
      summary: 'Gaji tidak dibayar delapan bulan',
      reporterName: 'Rahmat',
      relationship: 'Suami / istri',
      reporterPhone: '+60 12-345 6789',
      workerName: 'Dewi Lestari',
      passportNumber: 'B7654321',
      country: 'Malaysia',
    });
    const draft = await saveIntake(page);
    await expect.poll(() => outboxCount(page)).toBe(1);

    // Edit it with the keyboard: new summary, next status, Ctrl+S.
    await page.getByRole('button', { name: 'Buka kasus' }).click();
    await page.getByRole('heading', { name: `Kasus ${draft}` }).waitFor();
    const summary = page.getByLabel('Ringkasan');
    await summary.fill('Gaji tidak dibayar delapan bulan; majikan menolak membayar');
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Verifikasi data' });
    // Only transitions the workflow allows are offered.
    const offered = await page.getByLabel('Status', { exact: true }).locator('option').allInnerTexts();
    expect(offered).not.toContain('Selesai');
    await summary.press('Control+s');
    // The saved edit shows as a second unsent change on the case (the save notice itself belongs to
    // the case form and may be replaced when the record re-renders).
    await expect.poll(() => page.getByTestId('case-pending').innerText(), { timeout: 5000 }).toBe('2');
    await expect.poll(() => outboxCount(page)).toBe(2);
    expect(await page.getByTestId('online-status').innerText()).toContain('Luring');
    await screenshot(page, 'offline-edit');

    await page.getByRole('link', { name: 'Kasus', exact: true }).click();
    const row = page.getByRole('row', { name: new RegExp(draft) });
    await row.waitFor();
    expect(await row.innerText()).toContain('Verifikasi data');
    await screenshot(page, 'offline-list');

    await context.setOffline(false);
    await page.reload();
    await expect.poll(() => page.getByTestId('online-status').innerText()).toContain('Daring');
    // Nothing lost: back online the two queued mutations reach the server, in order (create, then edit).
    await expectSynced(page);
    const token = await server.login(server.users.op1.username, server.users.op1.password);
    const saved = (await server.serverCases(token)).find(
      (c) => (c.worker as { fullName?: string } | undefined)?.fullName === 'Dewi Lestari',
    );
    expect(saved).toMatchObject({
      summary: 'Gaji tidak dibayar delapan bulan; majikan menolak membayar',
      status: 'verifying',
    });
    const number = String(saved?.caseNumber);
    await page.getByRole('row', { name: new RegExp(`${number}.*Dewi Lestari.*Verifikasi data`) }).waitFor();
    await page.getByRole('row', { name: new RegExp(number) }).click();
    await page.getByText('Gaji tidak dibayar delapan bulan; majikan menolak membayar').first().waitFor();
    expect(unexpectedErrors(errors)).toEqual([]);
  });

  it('opens with the server unreachable: offline unlock with the local verifier, first sign-in needs the network', async () => {
    const { server } = suite;
    const { op1, op2 } = server.users;
    const { page, context, errors } = await suite.newPage({ signInAs: null });
    await page.goto(server.url);
    await signIn(page, op1.username, op1.password);
    await waitForCaseList(page);
    // Cases of the office synced to this device before the server goes away.
    await expect
      .poll(() => page.getByRole('row', { name: /JKT/ }).count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    const rows = await page.getByRole('row', { name: /JKT/ }).count();

    // The page stays loadable, the API does not answer (as an app:// console with the server down).
    await context.route('**/v1/**', (route) => route.abort('internetdisconnected'));
    await page.reload();
    const form = page.getByTestId('login-form');
    await form.waitFor();
    await screenshot(page, 'unlock-offline');
    await form.getByLabel('Kata sandi').fill('not the password');
    await form.locator('button[type="submit"]').click();
    await form.getByText('Nama pengguna atau kata sandi salah.').waitFor();
    await signIn(page, op1.username, op1.password);
    await waitForCaseList(page);
    await expect.poll(() => page.getByRole('row', { name: /JKT/ }).count()).toBe(rows);

    // Someone who never signed in on this device cannot start offline.
    await page.getByRole('button', { name: 'Keluar' }).click();
    await form.waitFor();
    await form.getByLabel('Nama pengguna').fill(op2.username);
    await form.getByLabel('Kata sandi').fill(op2.password);
    await form.locator('button[type="submit"]').click();
    await form.getByText('Masuk pertama kali di komputer ini memerlukan koneksi ke server.').waitFor();
    expect(unexpectedErrors(errors)).toEqual([]);
  });
});
