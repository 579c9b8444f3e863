// Page helpers written against what an operator sees: labels, roles and the
// Indonesian UI text (the default language).
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** How long a test waits for a push or pull to land. */
export const SYNC = { timeout: 15_000 };

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

/** The main navigation (Indonesian UI). */
export function mainNav(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Navigasi utama' });
}

/**
 * Waits for the case list (Indonesian UI). Signing in (server scrypt + local
 * verifier) takes a moment on a fresh device.
 */
export async function waitForCaseList(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Kasus', exact: true }).waitFor();
}

/** Opens an empty intake form from the navigation, or with Ctrl+N (`via: 'keyboard'`). */
export async function startNewCase(page: Page, via: 'nav' | 'keyboard' = 'nav'): Promise<void> {
  if (via === 'keyboard') await page.keyboard.press('Control+n');
  else await mainNav(page).getByRole('link', { name: 'Kasus baru' }).click();
  await page.getByRole('heading', { name: 'Kasus baru' }).waitFor();
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

/**
 * The article's case: a mother calls about her daughter, a domestic worker in
 * Saudi Arabia who wants to come home. Scenarios vary it with a spread.
 */
export const ARTICLE_INTAKE: IntakeInput = {
  summary: 'Anak ingin pulang, sudah dua minggu tidak bisa dihubungi',
  reporterName: 'Sumiati',
  relationship: 'Orang tua',
  reporterPhone: '0812-3456-7890',
  workerName: 'Siti Aminah binti Slamet',
  passportNumber: 'c1234567',
  country: 'Arab Saudi',
  mission: 'Kedutaan Besar (KBRI) — Riyadh',
  documents: ['Salinan paspor', 'Perjanjian kerja'],
};

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

/**
 * Saves the intake form and returns the draft number the console announced:
 * with the save button, or with Ctrl+S in the chronology field (`via: 'keyboard'`).
 */
export async function saveIntake(page: Page, via: 'button' | 'keyboard' = 'button'): Promise<string> {
  if (via === 'keyboard') await page.getByLabel('Kronologi', { exact: true }).press('Control+s');
  else await page.getByRole('button', { name: 'Simpan kasus' }).click();
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

/** Asserts that every queued change reaches the server (the outbox drains to 0). */
export async function expectSynced(page: Page): Promise<void> {
  await expect.poll(() => outboxCount(page), SYNC).toBe(0);
}

/**
 * Opens the case just saved from the intake's notice, once it synced, and
 * returns the number the server issued (the heading shows it, not the draft).
 */
export async function openSavedCase(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Buka kasus' }).click();
  const heading = page.getByRole('heading', { name: /^Kasus JKT-\d{4}-\d{6}$/ });
  await heading.waitFor();
  return (await heading.innerText()).replace('Kasus ', '');
}

/** Ctrl+K, types the query and waits for a result whose name matches `result`. */
export async function searchCase(page: Page, query: string, result: RegExp): Promise<void> {
  await page.keyboard.press('Control+k');
  await page.getByRole('combobox', { name: 'Cari kasus' }).fill(query);
  await page.getByRole('option', { name: result }).waitFor();
}
