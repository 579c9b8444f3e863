// Issue 17 in real Chromium: a supervisor hands a case over to another
// office. The sending office's consoles drop it (GET /v1/cases/moved after the
// poke), the receiving office's operator finds it in their list, and the
// server holds it in the receiving office only.
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

async function post(base: string, path: string, token: string, body: unknown): Promise<unknown> {
  const res = await fetch(new URL(path, base), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

describe('handover to another office', () => {
  it('moves the case out of the sending consoles and into the receiving office', async () => {
    const { server } = suite;
    const { op1, supervisor } = server.users;
    const admin = await server.login(server.adminUsername, server.adminPassword);
    const { office } = (await post(server.url, 'v1/admin/offices', admin, {
      code: 'SBY',
      name: 'Posko Surabaya',
    })) as {
      office: { id: string };
    };
    const sbyOp = { username: 'sby-op', password: 'sby-operator-password-1' };
    await post(server.url, 'v1/admin/users', admin, {
      ...sbyOp,
      displayName: 'Operator Surabaya',
      role: 'operator',
      officeId: office.id,
    });

    const a = await suite.openCaseList();
    await startNewCase(a.page);
    await fillIntake(a.page, ARTICLE_INTAKE);
    await saveIntake(a.page);
    await expectSynced(a.page);
    const tokenA = await server.login(op1.username, op1.password);
    const caseNumber = String((await server.serverCases(tokenA))[0]?.caseNumber);
    await mainNav(a.page).getByRole('link', { name: 'Kasus', exact: true }).click();
    const rowA = a.page.getByRole('row', { name: new RegExp(caseNumber) });
    await rowA.waitFor(SYNC);

    const b = await suite.newPage({ signInAs: null });
    await b.page.goto(server.url);
    await signIn(b.page, supervisor.username, supervisor.password);
    await b.page.getByRole('row', { name: new RegExp(caseNumber) }).click(SYNC);
    await b.page.getByRole('heading', { name: `Kasus ${caseNumber}` }).waitFor();
    await b.page.getByLabel('Kode kantor').fill('sby');
    await b.page.getByLabel('Alasan', { exact: true }).fill('Keluarga pindah ke Surabaya');
    await b.page.getByRole('button', { name: 'Serahkan', exact: true }).click();
    await b.page.getByText('Diserahkan ke SBY.').waitFor(SYNC);

    // The sending office: the server holds nothing of it, and op1's console drops it.
    expect(await server.serverCases(tokenA)).toEqual([]);
    await expect.poll(() => rowA.count(), SYNC).toBe(0);

    // The receiving office's operator finds it.
    const c = await suite.newPage({ signInAs: null });
    await c.page.goto(server.url);
    await signIn(c.page, sbyOp.username, sbyOp.password);
    await c.page.getByRole('row', { name: new RegExp(caseNumber) }).waitFor(SYNC);
    const tokenC = await server.login(sbyOp.username, sbyOp.password);
    const [moved] = await server.serverCases(tokenC);
    expect(moved).toMatchObject({ caseNumber, officeId: office.id, status: 'handed_over', ownerId: null });
    for (const s of [a, b, c]) expect(unexpectedErrors(s.errors)).toEqual([]);
  });
});
