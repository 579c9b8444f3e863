// Issue 5 proof: the same intake in English, keyboard only — language switch,
// group jumps (Alt+number), Tab between fields, Space on checkboxes, type-ahead
// in selects, Ctrl+S to save, Ctrl+K to find the case again.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, unexpectedErrors } from './helpers/browser';
import { useConsoleSuite } from './helpers/suite';

const suite = useConsoleSuite();

/** The accessible label of the focused control (its <label>, aria-label or text). */
function focusedLabel(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return '';
    const byFor = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
    return (byFor ?? el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
  });
}

async function tabTo(page: Page, label: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await focusedLabel(page)) === label) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`never reached "${label}" with Tab (at "${await focusedLabel(page)}")`);
}

describe('intake in English, keyboard only', () => {
  it('records an urgent case without touching the mouse', async () => {
    const { page, errors } = await suite.openCaseList();

    await tabTo(page, 'EN');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Cases', exact: true }).waitFor();

    await page.keyboard.press('Control+n');
    await page.getByRole('heading', { name: 'New case' }).waitFor();
    expect(await focusedLabel(page)).toBe('Channel');

    await tabTo(page, 'Summary');
    await page.keyboard.type('Daughter wants to come home, employer beats her');
    await tabTo(page, 'Violence');
    await page.keyboard.press('Space');
    // The danger sign raises the urgency at once, visibly.
    const banner = page.getByTestId('urgent-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('URGENT');

    await page.keyboard.press('Alt+2');
    expect(await focusedLabel(page)).toBe('Reporter name');
    await page.keyboard.type('Sumiati');
    await tabTo(page, 'Relationship to the worker');
    await page.keyboard.type('Parent');
    await tabTo(page, 'Reporter phone');
    await page.keyboard.type('0812 3456 7890');
    await tabTo(page, 'Consent to data processing recorded');
    await page.keyboard.press('Space');

    await page.keyboard.press('Alt+3');
    expect(await focusedLabel(page)).toBe('Worker name (as in passport)');
    await page.keyboard.type('Siti Aminah binti Slamet');
    await tabTo(page, 'Passport number');
    await page.keyboard.type('c7654321');

    await page.keyboard.press('Alt+4');
    expect(await focusedLabel(page)).toBe('Destination country');
    await page.keyboard.type('Saudi');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Embassy');

    // Ctrl+ArrowDown: the next group (employers), then the agency.
    await page.keyboard.press('Control+ArrowDown');
    expect(await focusedLabel(page)).toBe('Employer name');
    await page.keyboard.type('Abdullah Al-Harbi');
    await page.keyboard.press('Alt+6');
    expect(await focusedLabel(page)).toBe('Placement agency (P3MI / PPTKIS)');
    await page.keyboard.type('PT Maju Jaya Sejahtera');

    await page.keyboard.press('Alt+8');
    expect(await focusedLabel(page)).toBe('Passport copy');
    await page.keyboard.press('Space');
    await tabTo(page, 'Work contract');
    await page.keyboard.press('Space');
    await screenshot(page, 'intake-keyboard-en');

    await page.keyboard.press('Control+s');
    const notice = page.getByRole('status').filter({ hasText: 'draft number' });
    await notice.waitFor();
    expect(/DRAFT-[0-9A-F]{6}/.test(await notice.innerText())).toBe(true);

    // Find it again by passport, open it with Enter.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('C7654321');
    await page.getByRole('option', { name: /Siti Aminah binti Slamet/ }).waitFor();
    await page.keyboard.press('Enter');
    // Draft or server number, depending on whether the first push has landed yet.
    await page.getByRole('heading', { name: /^Case (DRAFT-[0-9A-F]{6}|JKT-\d{4}-\d{6})$/ }).waitFor();
    const header = await page.getByLabel('Case header').innerText();
    expect(header).toContain('Urgent');
    expect(header).toContain('Violence');
    const file = await page.getByRole('main').innerText();
    for (const text of ['Sumiati', 'Parent', 'Saudi Arabia', 'Abdullah Al-Harbi', 'PT Maju Jaya Sejahtera'])
      expect(file).toContain(text);
    expect(await page.getByTestId('doc-passport_copy').innerText()).toContain('Passport copy');
    expect(await page.getByTestId('doc-work_contract').innerText()).toContain('Work contract');
    expect(unexpectedErrors(errors)).toEqual([]);
  });
});
