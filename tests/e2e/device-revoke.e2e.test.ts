// Issue 19 proof in real Chromium: one operator on two laptops (two browser contexts, own
// IndexedDB each). Laptop A is offline with unsent work when an admin revokes it; the next time A
// reaches the server it erases its records, outbox, files and secrets, reports so, and the sign-in
// screen says why; A cannot sign in again. Laptop B, same operator, keeps working.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from './helpers/browser';
import {
  ARTICLE_INTAKE,
  expectSynced,
  fillIntake,
  outboxCount,
  saveIntake,
  signIn,
  startNewCase,
  SYNC,
} from './helpers/console-ui';
import { useConsoleSuite } from './helpers/suite';

const suite = useConsoleSuite();

/** Rows in an object store of the console's IndexedDB (the database the console writes). */
async function localCount(page: Page, store: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('posko');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(name)) return resolve(0);
          const req = db.transaction(name).objectStore(name).count();
          req.onsuccess = () => {
            resolve(req.result);
            db.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
    store,
  );
}

async function adminCall<T>(method: string, path: string, token: string): Promise<T> {
  const res = await fetch(new URL(path, suite.server.url), {
    method,
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}`);
  return (await res.json()) as T;
}

interface Device {
  id: string;
  userId: string | null;
  revokedAt: string | null;
  wipeOrderedAt: string | null;
  erasedAt: string | null;
  appVersion: string | null;
}

describe('a lost laptop', () => {
  it('revoked device A erases its data at its next sync and says why; device B of the same operator goes on', async () => {
    const { server } = suite;
    const { op1 } = server.users;
    const a = await suite.newPage({ signInAs: null });
    const b = await suite.newPage({ signInAs: null });
    for (const s of [a, b]) {
      await s.page.goto(server.url);
      await signIn(s.page, op1.username, op1.password);
    }
    // A case made on A reaches B.
    await startNewCase(a.page);
    await fillIntake(a.page, ARTICLE_INTAKE);
    await saveIntake(a.page);
    await expectSynced(a.page);
    await b.page.getByRole('row', { name: /Siti Aminah binti Slamet/ }).waitFor(SYNC);

    // A goes offline and keeps working: an unsent case in its outbox.
    await a.context.setOffline(true);
    await expect.poll(() => a.page.getByTestId('sync-online').innerText()).toBe('Luring');
    await startNewCase(a.page);
    await fillIntake(a.page, { ...ARTICLE_INTAKE, workerName: 'Nur Halimah', passportNumber: 'c7654321' });
    await saveIntake(a.page);
    expect(await outboxCount(a.page)).toBeGreaterThan(0);
    expect(await localCount(a.page, 'cases')).toBe(2);

    // The admin revokes laptop A (its device id is the one the console keeps).
    const deviceA = await a.page.evaluate(() => localStorage.getItem('posko.deviceId'));
    const deviceB = await b.page.evaluate(() => localStorage.getItem('posko.deviceId'));
    expect(deviceA).toBeTruthy();
    expect(deviceA).not.toBe(deviceB);
    const admin = await server.login(server.adminUsername, server.adminPassword);
    const { devices } = await adminCall<{ devices: Device[] }>('GET', '/v1/admin/devices', admin);
    expect(devices.filter((d) => d.userId === op1.id).map((d) => d.id)).toEqual(
      expect.arrayContaining([deviceA, deviceB]),
    );
    // The console reports its build version at sign-in.
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(devices.find((d) => d.id === deviceA)?.appVersion).toBe(version);
    await adminCall('POST', `/v1/admin/devices/${deviceA}/revoke`, admin);

    // A reaches the server again: erased, and the sign-in screen says why.
    await a.context.setOffline(false);
    await a.page.getByTestId('device-revoked').waitFor(SYNC);
    await screenshot(a.page, 'device-revoked');
    expect(await a.page.getByTestId('device-revoked').innerText()).toMatch(/dicabut/);
    for (const store of ['cases', 'outbox', 'contacts', 'documentFiles', 'auditCache', 'directory'])
      expect(await localCount(a.page, store), store).toBe(0);
    expect(
      await a.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('posko.secret'))),
    ).toEqual([]);
    // A cannot sign in again, and is told why.
    const form = a.page.getByTestId('login-form');
    await form.getByLabel(/^(Nama pengguna|Username)$/).fill(op1.username);
    await form.getByLabel(/^(Kata sandi|Password)$/).fill(op1.password);
    await form.locator('button[type="submit"]').click();
    await a.page.getByTestId('device-revoked').waitFor(SYNC);
    await expect
      .poll(async () =>
        (await adminCall<{ devices: Device[] }>('GET', '/v1/admin/devices', admin)).devices.find(
          (d) => d.id === deviceA,
        ),
      )
      .toMatchObject({
        revokedAt: expect.any(String),
        wipeOrderedAt: expect.any(String),
        erasedAt: expect.any(String),
      });

    // B, same operator, keeps working: a new case goes up.
    await startNewCase(b.page);
    await fillIntake(b.page, {
      ...ARTICLE_INTAKE,
      workerName: 'Wartini binti Karso',
      passportNumber: 'c1112223',
    });
    await saveIntake(b.page);
    await expectSynced(b.page);
    expect(await localCount(b.page, 'cases')).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
