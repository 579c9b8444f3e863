// Issue 15: the settings screen in a real browser, and the console's CSP (now
// generated from shared/platform/csp.ts into index.html, and sent by the
// server) holding without a single violation through sign-in, settings and a
// reload. The browser host has no policy, so every setting is editable here;
// the read-only "set by your organization" rows are covered by the component
// test (tests/unit/renderer/settings-screen.test.tsx).
import { describe, expect, it } from 'vitest';
import { unexpectedErrors } from './helpers/browser';
import { useConsoleSuite } from './helpers/suite';

const suite = useConsoleSuite();

describe('settings screen', () => {
  it('switches the language, refuses a plain-http network server, and keeps the choice across a reload', async () => {
    const { page, errors } = await suite.openCaseList();
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(meta).toContain("default-src 'none'");
    expect(meta).toContain("connect-src 'self' https: http://127.0.0.1:* http://localhost:*");

    await page.getByRole('link', { name: 'Pengaturan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pengaturan' }).waitFor();
    await page.getByRole('radio', { name: 'English' }).check();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await expect.poll(() => page.getByRole('link', { name: 'Cases' }).count()).toBe(1);

    const address = page.locator('#settings-server-url-input');
    await address.fill('http://10.0.0.5:4870');
    await page.getByTestId('server-url-form').getByRole('button', { name: 'Save' }).click();
    await page.getByText('Use an https:// address').waitFor();

    await page.getByRole('combobox', { name: 'Lock after inactivity' }).selectOption('30');
    await page.getByText('Saved.').waitFor();

    await page.reload();
    // The console comes back on #/settings in English (the choice is remembered), signed in again.
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor({ timeout: 20_000 });
    expect(await page.getByRole('combobox', { name: 'Lock after inactivity' }).inputValue()).toBe('30');
    expect(await page.getByRole('radio', { name: 'English' }).isChecked()).toBe(true);

    expect(unexpectedErrors(errors).filter((e) => /Content Security Policy|violates/i.test(e))).toEqual([]);
    expect(unexpectedErrors(errors)).toEqual([]);
  });
});
