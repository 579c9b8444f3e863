// Issue 17, "search that finds what a caller says", in real Chromium: an intake with the
// employer's phone read out with 00 and the agency named; the employer phone is stored in E.164
// (as a reporter's is), and Ctrl+K finds the case by the employer's phone in the forms a caller
// says it, by the employer's and the agency's names, and by the passport read out in groups.
import { describe, expect, it } from 'vitest';
import { screenshot, unexpectedErrors } from './helpers/browser';
import {
  ARTICLE_INTAKE,
  expectSynced,
  fillIntake,
  saveIntake,
  searchCase,
  startNewCase,
} from './helpers/console-ui';
import { useConsoleSuite } from './helpers/suite';

const suite = useConsoleSuite();

describe('Ctrl+K finds a case by what the caller knows', () => {
  it('employer phone (any form), employer and agency names, passport in groups', async () => {
    const { server } = suite;
    const { page, errors } = await suite.openCaseList();
    await startNewCase(page);
    await fillIntake(page, ARTICLE_INTAKE);
    await page.getByLabel('Nama majikan').first().fill('Abdullah Al-Harbi');
    await page.getByLabel('Telepon majikan').first().fill('00966 50 123 4567');
    await page.getByLabel('Perusahaan penempatan (P3MI / PPTKIS)').fill('PT Sinar Jaya Abadi');
    await saveIntake(page);
    await expectSynced(page);

    // Stored like a reporter's phone: "00" dials out, Saudi Arabia, not +62 0096…
    const token = await server.login(server.users.op1.username, server.users.op1.password);
    const [stored] = await server.serverCases(token);
    const employers = Object.values(stored?.employers as Record<string, { name: string; phone: string }>);
    expect(employers).toEqual([
      expect.objectContaining({ name: 'Abdullah Al-Harbi', phone: '+966501234567' }),
    ]);

    const result = new RegExp(ARTICLE_INTAKE.workerName);
    await searchCase(page, 'Siti', result);
    const box = page.getByRole('combobox', { name: 'Cari kasus' });
    const option = page.getByRole('option', { name: result });
    for (const query of [
      '050 123 4567',
      '+966 50 123 4567',
      '00966501234567',
      'al-harbi',
      'sinar jaya',
      'C 123 4567',
    ]) {
      // Each query starts from an empty result list, so the option seen below is its own.
      await box.fill('tidak ada kasus seperti ini');
      await option.waitFor({ state: 'detached' });
      await box.fill(query);
      await option.waitFor();
    }
    await screenshot(page, 'palette-employer-phone');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Kasus JKT-/ }).waitFor();
    expect(unexpectedErrors(errors)).toEqual([]);
  });
});
