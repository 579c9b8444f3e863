// Issue 17, "Layout": in real Chromium at a 1366x768 desk screen, the console has one status
// bar on one line, and the case file's section links scroll the case file, not the shell.
import { describe, expect, it } from 'vitest';
import { screenshot, unexpectedErrors } from './helpers/browser';
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

describe('console layout at 1366x768', () => {
  it('shows one status bar, one line high, that says "Daring" once', async () => {
    const { page, errors } = await suite.openCaseList();
    await page.setViewportSize({ width: 1366, height: 768 });
    await expect.poll(() => page.getByTestId('sync-online').innerText()).toBe('Daring');
    // One bar: a single footer, and "Daring" appears in it once.
    expect(await page.locator('footer').count()).toBe(1);
    const footer = page.locator('footer');
    const text = await footer.innerText();
    expect(text.split('Daring').length - 1).toBe(1);
    // Every piece of the old two bars is still there.
    for (const id of ['online-status', 'outbox-count', 'sync-last', 'sync-user'])
      expect(await footer.getByTestId(id).count()).toBe(1);
    expect(text).toContain('Pintasan');
    expect(text).toMatch(/Perangkat [0-9a-f]{8}/);
    // One line: the bar is 30 px high and nothing inside it sits below the first row.
    const box = await footer.boundingBox();
    expect(box?.height).toBeLessThanOrEqual(32);
    const wrapped = await page.evaluate(() => {
      const bar = document.querySelector('.sync-status-bar');
      if (!bar) return ['no bar'];
      const top = bar.getBoundingClientRect().top;
      return [...bar.children]
        .filter((c) => !c.classList.contains('sync-attention-panel'))
        .filter((c) => c.getBoundingClientRect().top - top > 8)
        .map((c) => c.textContent ?? '');
    });
    expect(wrapped).toEqual([]);
    // The footer ends at the window's bottom edge: no strip below it.
    expect(Math.round((box?.y ?? 0) + (box?.height ?? 0))).toBe(768);
    expect(unexpectedErrors(errors)).toEqual([]);
  });

  it('section links scroll the case file; the top navigation stays and the window does not scroll', async () => {
    const { page, errors } = await suite.openCaseList();
    await page.setViewportSize({ width: 1366, height: 768 });
    await startNewCase(page);
    await fillIntake(page, ARTICLE_INTAKE);
    await saveIntake(page);
    await expectSynced(page);
    await openSavedCase(page);
    const sections = page.getByRole('navigation', { name: 'Bagian berkas kasus' });
    for (const name of ['Audit', 'Catatan internal', 'Log kontak']) {
      await sections.getByRole('link', { name }).click();
      await page.waitForTimeout(100);
      const state = await page.evaluate(() => ({
        scrollY: window.scrollY,
        rootScroll: document.scrollingElement?.scrollTop ?? 0,
        headerTop: document.querySelector('.app-header')?.getBoundingClientRect().top ?? -1,
        footerBottom: document.querySelector('footer')?.getBoundingClientRect().bottom ?? -1,
      }));
      expect(state, name).toEqual({ scrollY: 0, rootScroll: 0, headerTop: 0, footerBottom: 768 });
      await expect
        .poll(() => page.getByRole('navigation', { name: 'Navigasi utama' }).isVisible())
        .toBe(true);
    }
    // The last click brought "Log kontak" into the main area.
    const main = await page.locator('#main').boundingBox();
    const target = await page.locator('#case-contacts').boundingBox();
    expect(target && main && target.y >= main.y - 1 && target.y < main.y + main.height).toBe(true);
    await screenshot(page, 'layout-section-link');
    expect(unexpectedErrors(errors)).toEqual([]);
  });

  it('Ctrl+S on a new case lands on its case file with the confirmation on screen', async () => {
    const { page, errors } = await suite.openCaseList();
    await page.setViewportSize({ width: 1366, height: 768 });
    await startNewCase(page);
    await fillIntake(page, ARTICLE_INTAKE);
    const draft = await saveIntake(page, 'keyboard');
    // The case file of the new case, not a cleared form.
    await page.getByRole('heading', { name: `Kasus ${draft}` }).waitFor();
    expect(await page.getByRole('heading', { name: 'Kasus baru' }).count()).toBe(0);
    const notice = await page.getByTestId('saved-case-notice').boundingBox();
    const main = await page.locator('#main').boundingBox();
    expect(notice && main && notice.y >= main.y && notice.y + notice.height <= main.y + main.height).toBe(
      true,
    );
    // Leaving the case takes the confirmation away.
    await page
      .getByRole('navigation', { name: 'Navigasi utama' })
      .getByRole('link', { name: 'Kasus', exact: true })
      .click();
    await expect.poll(() => page.getByTestId('saved-case-notice').count()).toBe(0);
    expect(unexpectedErrors(errors)).toEqual([]);
  });
});
