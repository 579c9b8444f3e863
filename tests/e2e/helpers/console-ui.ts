// Page helpers written against what an operator sees: labels, roles and the
// Indonesian UI text (the default language).
import type { Page } from 'playwright-core';

/**
 * Signs in on the console's sign-in / unlock form (Indonesian or English UI).
 * On an unlock form the username is fixed, so only the password is typed.
 */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  const form = page.getByTestId('login-form');
  await form.waitFor();
  const name = form.getByLabel(/^(Nama pengguna|Username)$/);
  if (await name.isEditable()) await name.fill(username);
  await form.getByLabel(/^(Kata sandi|Password)$/).fill(password);
  await form.locator('button[type="submit"]').click();
  await form.waitFor({ state: 'detached', timeout: 15_000 });
}

export interface IntakeInput {
  summary: string;
  reporterName: string;
  relationship: string;
  reporterPhone: string;
  workerName: string;
  passportNumber: string;
  country: string;
  mission?: string;
  documents?: string[];
}

export async function fillIntake(page: Page, input: IntakeInput): Promise<void> {
  await page.getByLabel('Ringkasan').fill(input.summary);
  await page.getByLabel('Nama pengadu').fill(input.reporterName);
  await page.getByLabel('Hubungan dengan pekerja').selectOption({ label: input.relationship });
  await page.getByLabel('Telepon pengadu').fill(input.reporterPhone);
  await page.getByLabel('Nama pekerja (sesuai paspor)').fill(input.workerName);
  await page.getByLabel('Nomor paspor').fill(input.passportNumber);
  await page.getByLabel('Negara tujuan', { exact: true }).selectOption({ label: input.country });
  if (input.mission) await page.getByLabel('Perwakilan RI').selectOption({ label: input.mission });
  for (const doc of input.documents ?? []) await page.getByLabel(doc, { exact: true }).check();
}

/** Saves the intake form and returns the draft number the console announced. */
export async function saveIntake(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Simpan kasus' }).click();
  const notice = page.getByRole('status').filter({ hasText: 'nomor draf' });
  await notice.waitFor();
  const text = await notice.innerText();
  const match = /DRAFT-[0-9A-F]{6}/.exec(text);
  if (!match) throw new Error(`no draft number in "${text}"`);
  return match[0];
}

export async function outboxCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('outbox-count').getAttribute('data-count'));
}
