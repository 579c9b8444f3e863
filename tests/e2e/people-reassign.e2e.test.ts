// Issue 17 in real Chromium: people are named, not shown as ids. Operator
// op1 records a case; the header names the office; the supervisor, in their
// own browser context, sees the owner by name, reassigns the case to op2 in
// the case file, and op1's console then names the new owner. The server holds
// op2 as the owner (it judged the supervisor's edit on push).
import { describe, expect, it } from 'vitest';
import { unexpectedErrors } from './helpers/browser';
import {
  ARTICLE_INTAKE,
  SYNC,
  expectSynced,
  fillIntake,
  mainNav,
  saveIntake,
  signIn,
  startNewCase,
} from './helpers/console-ui';
import { useConsoleSuite } from './helpers/suite';

const suite = useConsoleSuite();

describe('names and reassignment', () => {
  it('a supervisor reassigns a case by name and every console names the new owner', async () => {
    const { server } = suite;
    const { op1, op2, supervisor } = server.users;
    const a = await suite.openCaseList();
    await expect.poll(() => a.page.getByTestId('header-office').innerText(), SYNC).toContain('Posko Jakarta');
    await startNewCase(a.page);
    await fillIntake(a.page, ARTICLE_INTAKE);
    await saveIntake(a.page);
    await expectSynced(a.page);
    const token = await server.login(op1.username, op1.password);
    const [created] = await server.serverCases(token);
    const caseNumber = String(created?.caseNumber);

    const b = await suite.newPage({ signInAs: null });
    await b.page.goto(server.url);
    await signIn(b.page, supervisor.username, supervisor.password);
    await b.page.getByRole('row', { name: new RegExp(caseNumber) }).click(SYNC);
    await b.page.getByRole('heading', { name: `Kasus ${caseNumber}` }).waitFor();
    const owner = b.page.getByTestId('case-owner');
    await expect.poll(() => owner.innerText(), SYNC).toContain(op1.displayName);
    expect(await owner.innerText()).not.toContain(op1.id);
    await owner.getByLabel('Alihkan ke').selectOption({ label: op2.displayName });
    await owner.getByRole('button', { name: 'Alihkan', exact: true }).click();
    // The owner's name itself (the select beside it lists every colleague, op2 included).
    await expect.poll(() => owner.getByTestId('case-owner-name').innerText()).toBe(op2.displayName);
    await expectSynced(b.page);
    await expect.poll(async () => (await server.serverCases(token))[0]?.ownerId, SYNC).toBe(op2.id);

    // op1's console pulls the change and names the new owner.
    await mainNav(a.page).getByRole('link', { name: 'Kasus', exact: true }).click();
    await a.page.getByRole('row', { name: new RegExp(caseNumber) }).click();
    await expect.poll(() => a.page.getByTestId('case-owner').innerText(), SYNC).toContain(op2.displayName);
    expect(unexpectedErrors(a.errors)).toEqual([]);
    expect(unexpectedErrors(b.errors)).toEqual([]);
  });
});
