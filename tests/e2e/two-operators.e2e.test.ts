// Issue 4 proof in real Chromium: two operators of office JKT in two browser
// contexts (own IndexedDB each). A goes offline; both edit the same case (a
// field each, and one field both); back online the separate fields merge
// everywhere, the shared one is a conflict both see, A (the case owner)
// resolves it, both converge, and the server's audit of the case holds all of it.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, unexpectedErrors } from './helpers/browser';
import {
  SYNC,
  expectSynced,
  fillIntake,
  mainNav,
  outboxCount,
  saveIntake,
  signIn,
  startNewCase,
} from './helpers/console-ui';
import { useConsoleSuite } from './helpers/suite';

const suite = useConsoleSuite();
const SUMMARY_A = 'Majikan menahan paspor; pekerja minta dipulangkan (versi A)';
const SUMMARY_B = 'Majikan menahan paspor dan gaji tiga bulan (versi B)';

async function openCase(page: Page, caseNumber: string): Promise<void> {
  await mainNav(page).getByRole('link', { name: 'Kasus', exact: true }).click();
  await page.getByRole('row', { name: new RegExp(caseNumber) }).click();
  await page.getByRole('heading', { name: `Kasus ${caseNumber}` }).waitFor();
}

async function openConflicts(page: Page): Promise<void> {
  await mainNav(page)
    .getByRole('link', { name: /^Konflik/ })
    .click();
  await page.getByRole('heading', { name: 'Konflik', exact: true }).waitFor();
}

describe('two operators of one office', () => {
  it('merge different fields, surface the shared one as a conflict to both, resolve, converge, audit', async () => {
    const { server } = suite;
    const { op1, op2 } = server.users;
    const a = await suite.newPage({ signInAs: null });
    const b = await suite.newPage({ signInAs: null });
    await a.page.goto(server.url);
    await a.page.getByTestId('login-form').waitFor();
    await screenshot(a.page, 'login');
    await signIn(a.page, op1.username, op1.password);
    await b.page.goto(server.url);
    await signIn(b.page, op2.username, op2.password);
    for (const s of [a, b]) {
      expect(await s.page.getByTestId('sync-user').innerText()).toContain(
        s === a ? op1.displayName : op2.displayName,
      );
    }

    // A takes the call and the case syncs; B receives it (SSE poke -> pull).
    await startNewCase(a.page, 'keyboard');
    await fillIntake(a.page, {
      summary: 'Majikan menahan paspor',
      reporterName: 'Wartini',
      relationship: 'Orang tua',
      reporterPhone: '0813-1111-2222',
      workerName: 'Nur Halimah',
      passportNumber: 'C7654321',
      country: 'Malaysia',
      documents: ['Salinan paspor'],
    });
    await saveIntake(a.page);
    await expectSynced(a.page);
    const tokenA = await server.login(op1.username, op1.password);
    const created = (await server.serverCases(tokenA))[0];
    const caseId = String(created?.id);
    const caseNumber = String(created?.caseNumber);
    expect(caseNumber).toMatch(/JKT/);
    await b.page.getByRole('row', { name: new RegExp(`${caseNumber}.*Nur Halimah`) }).waitFor(SYNC);

    // A goes offline. A: status (only A) + summary (both). B: summary (both) + a document's status (only B).
    await a.context.setOffline(true);
    await expect.poll(() => a.page.getByTestId('sync-online').innerText()).toBe('Luring');
    await openCase(a.page, caseNumber);
    await a.page.getByLabel('Ringkasan').fill(SUMMARY_A);
    await a.page.getByLabel('Status', { exact: true }).selectOption({ label: 'Verifikasi data' });
    await a.page.getByLabel('Ringkasan').press('Control+s');
    await expect.poll(() => outboxCount(a.page)).toBe(1);

    await openCase(b.page, caseNumber);
    await b.page.getByLabel('Ringkasan').fill(SUMMARY_B);
    await b.page.getByLabel('Ringkasan').press('Control+s');
    await b.page.getByLabel('Status Salinan paspor').selectOption({ label: 'Diterima' });
    // B's summary must be on the server before A comes back: an empty outbox alone can be seen
    // before the save has queued anything (the order of the two pushes decides "theirs" below).
    const tokenB = await server.login(op2.username, op2.password);
    await expect
      .poll(async () => (await server.serverCases(tokenB)).find((c) => c.id === caseId)?.summary, SYNC)
      .toBe(SUMMARY_B);
    await expectSynced(b.page);
    expect(await outboxCount(a.page)).toBe(1);

    // A back online: status merges, summary conflicts; both consoles show the open conflict.
    await a.context.setOffline(false);
    await expectSynced(a.page);
    for (const s of [a, b]) {
      await openConflicts(s.page);
      await expect.poll(() => s.page.getByTestId('conflict-item').count(), SYNC).toBe(1);
      expect(await s.page.getByTestId('conflict-item').innerText()).toContain('summary');
    }
    await screenshot(b.page, 'conflict-inbox-b');

    // A (the case owner) compares base / theirs / mine and keeps their own value.
    await a.page.getByRole('button', { name: 'Bandingkan' }).click();
    const view = a.page.getByRole('dialog', { name: 'summary' });
    expect(await view.getByTestId('conflict-base').innerText()).toContain('Majikan menahan paspor');
    expect(await view.getByTestId('conflict-theirs').innerText()).toContain(SUMMARY_B);
    expect(await view.getByTestId('conflict-mine').innerText()).toContain(SUMMARY_A);
    // The other side is named by the person (issue 17), never by a raw id.
    const theirs = await view.getByTestId('conflict-theirs').innerText();
    expect(theirs).toContain(op2.displayName);
    expect(theirs).not.toContain(op2.id);
    await screenshot(a.page, 'conflict-view');
    await view.getByTestId('conflict-mine').getByRole('button', { name: 'Pakai nilai ini' }).click();
    await expectSynced(a.page);

    // Both converge: no open conflict, the same merged case on both screens and on the server.
    for (const s of [a, b]) {
      await expect.poll(() => s.page.getByTestId('conflict-item').count(), SYNC).toBe(0);
      await openCase(s.page, caseNumber);
      // The summary field (the timeline below it rightly still shows B's value as history).
      await expect.poll(() => s.page.getByLabel('Ringkasan').inputValue(), SYNC).toBe(SUMMARY_A);
      expect(await s.page.getByRole('main').innerText()).toContain('Verifikasi data');
      expect(await s.page.getByLabel('Status Salinan paspor').inputValue()).toBe('received');
    }
    await screenshot(b.page, 'converged-case-b');
    const onServer = (await server.serverCases(tokenA)).find((c) => c.id === caseId);
    expect(onServer).toMatchObject({ summary: SUMMARY_A, status: 'verifying', openConflicts: 0 });

    // The case's audit (as an operator reads it) holds every step, and its chain verifies.
    const audit = await server.api<{ entries: Array<Record<string, unknown>> }>(
      tokenA,
      `/v1/audit?caseId=${caseId}`,
    );
    const steps = audit.entries.map((e) => ({
      actor: e.actorId,
      table: e.table,
      outcome: e.outcome,
      paths: (e.changes as Array<{ path: string }>).map((c) => c.path),
    }));
    const has = (actor: string, table: string, outcome: string, path: string) =>
      steps.some(
        (s) => s.actor === actor && s.table === table && s.outcome === outcome && s.paths.includes(path),
      );
    expect(has(op1.id, 'cases', 'applied', 'summary'), JSON.stringify(steps)).toBe(true); // create
    expect(has(op2.id, 'cases', 'applied', 'summary')).toBe(true); // B's edit
    expect(has(op2.id, 'documents', 'applied', 'status')).toBe(true); // B's document
    expect(has(op1.id, 'cases', 'conflict', 'status')).toBe(true); // A's edit: status merged, summary held
    // The resolution: A's choice written after the conflict, closing it (openConflicts back to 0).
    const conflictAt = audit.entries.findIndex((e) => e.outcome === 'conflict');
    const resolution = audit.entries.slice(conflictAt + 1).find((e) => e.actorId === op1.id);
    expect(resolution, JSON.stringify(steps)).toMatchObject({
      table: 'cases',
      action: 'push.resolve',
      outcome: 'applied',
    });
    expect(resolution?.changes).toEqual(
      expect.arrayContaining([
        { path: 'summary', from: SUMMARY_B, to: SUMMARY_A },
        { path: 'openConflicts', from: 1, to: 0 },
      ]),
    );

    // The console's case timeline shows the same history (fetched into IndexedDB while the case is open).
    const timeline = b.page.locator('section[aria-labelledby="case-audit"]');
    await expect.poll(() => timeline.innerText(), SYNC).toContain('cases push.resolve');
    const shown = await timeline.innerText();
    expect(shown).toContain('documents push.update');
    expect(shown).toContain('cases push.create');
    expect(shown).toContain(SUMMARY_B);
    await screenshot(b.page, 'case-audit-timeline-b');
    for (const s of [a, b]) expect(unexpectedErrors(s.errors)).toEqual([]);
  });
});
