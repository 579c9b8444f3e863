// A lost laptop (issue 19): the server keeps a device register from sign-ins; an admin revokes a
// device, and at once its tokens, pushes, event stream and new sign-ins are refused with
// `device_revoked`, while the same operator's other device goes on. Revocation, the order to erase
// and the console's report of erasure are audited, each once.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/index';
import { SCHEMA_VERSION } from '../../shared/domain/record';
import { createCaseMutation, DB_KINDS, USER_PASSWORD, withServer, type TestServer } from './helpers';

/** An open event stream; `ended` settles when the server ends it. */
async function openStream(srv: TestServer, token: string): Promise<{ ended: Promise<void> }> {
  const res = await fetch(`${srv.url}/v1/sync/events`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  await reader.read();
  const ended = (async () => {
    try {
      while (!(await reader.read()).done);
    } catch {
      // reset: ended too
    }
  })();
  return { ended };
}

const within = <T>(ms: number, p: Promise<T>) =>
  Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe.each(DB_KINDS)('device register and revocation on %s', (kind) => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await withServer(kind);
  });
  afterAll(() => srv?.close());

  const loginAs = (username: string, deviceId: string, appVersion?: string) =>
    srv.request('POST', '/v1/auth/login', {
      body: { username, password: USER_PASSWORD, deviceId, ...(appVersion ? { appVersion } : {}) },
    });

  it('registers sign-ins and revokes one device of an operator while the other goes on', async () => {
    const officeId = (await srv.createOffice()).id;
    const { user } = await srv.createUser({ role: 'operator', officeId });
    const a = await loginAs(user.username, `laptop-a-${kind}`, '0.1.0');
    const b = await loginAs(user.username, `laptop-b-${kind}`, '0.1.1');
    expect([a.status, b.status]).toEqual([200, 200]);
    const tokenA = a.body.token as string;
    const tokenB = b.body.token as string;
    const sessionA = { ...a.body, deviceId: `laptop-a-${kind}` };
    const sessionB = { ...b.body, deviceId: `laptop-b-${kind}` };
    await srv.push(sessionA, [createCaseMutation()]);

    const list = await srv.request('GET', '/v1/admin/devices', { token: srv.admin });
    expect(list.status).toBe(200);
    // createUser signed in once from a device of its own: three in all.
    const mine = list.body.devices.filter((d: { userId: string }) => d.userId === user.id);
    expect(mine).toHaveLength(3);
    expect(mine.find((d: { id: string }) => d.id === sessionA.deviceId)).toMatchObject({
      username: user.username,
      officeId,
      appVersion: '0.1.0',
      firstSeen: expect.any(String),
      lastSeen: expect.any(String),
      revokedAt: null,
    });
    const op = await srv.request('GET', '/v1/admin/devices', { token: tokenB });
    expect(op.status).toBe(403);
    expect((await srv.request('POST', '/v1/admin/devices/laptop-a/revoke', { token: tokenB })).status).toBe(
      403,
    );
    expect((await srv.request('POST', '/v1/admin/devices/nope/revoke', { token: srv.admin })).status).toBe(
      404,
    );

    const stream = (await openStream(srv, tokenA)).ended;
    const revoked = await srv.request('POST', `/v1/admin/devices/${sessionA.deviceId}/revoke`, {
      token: srv.admin,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ sessionsRevoked: 1, device: { revokedAt: expect.any(String) } });
    expect(await within(3000, stream)).toBe(true); // its event stream ends now

    const me = await srv.request('GET', '/v1/me', { token: tokenA });
    expect(me.status).toBe(403);
    expect(me.body.error.code).toBe('device_revoked');
    const push = await srv.request('POST', '/v1/sync/push', {
      token: tokenA,
      body: { deviceId: sessionA.deviceId, schemaVersion: SCHEMA_VERSION, mutations: [createCaseMutation()] },
    });
    expect(push.status).toBe(403);
    expect(push.body.error.code).toBe('device_revoked');
    const again = await loginAs(user.username, sessionA.deviceId);
    expect(again.status).toBe(403);
    expect(again.body.error.code).toBe('device_revoked');
    const wrongPassword = await srv.request('POST', '/v1/auth/login', {
      body: { username: user.username, password: 'wrong-password', deviceId: sessionA.deviceId },
    });
    expect(wrongPassword.body.error.code).toBe('device_revoked');

    // The other device of the same operator goes on.
    const [ok] = await srv.push(sessionB, [createCaseMutation()]);
    expect(ok!.outcome).toBe('applied');
    expect((await srv.request('GET', '/v1/me', { token: tokenB })).status).toBe(200);
    expect(tokenB).not.toBe(tokenA);

    // The wiped console's report: once, and only for a revoked device.
    expect(
      (await srv.request('POST', '/v1/devices/erased', { body: { deviceId: sessionB.deviceId } })).status,
    ).toBe(409);
    expect(
      (await srv.request('POST', '/v1/devices/erased', { body: { deviceId: sessionA.deviceId } })).status,
    ).toBe(200);
    expect(
      (await srv.request('POST', '/v1/devices/erased', { body: { deviceId: sessionA.deviceId } })).status,
    ).toBe(409);
    // A second revocation changes nothing.
    const twice = await srv.request('POST', `/v1/admin/devices/${sessionA.deviceId}/revoke`, {
      token: srv.admin,
    });
    expect(twice.body.sessionsRevoked).toBe(0);

    const audit = await srv.storage.sql.all<{ action: string; device_id: string; detail: string }>(
      `SELECT action, device_id, detail FROM audit WHERE action LIKE 'device.%' ORDER BY seq`,
    );
    expect(audit.map((e) => e.action)).toEqual(['device.revoke', 'device.wipe_ordered', 'device.erased']);
    expect(audit[0]!.detail).toContain(sessionA.deviceId);
    expect(audit.slice(1).every((e) => e.device_id === sessionA.deviceId)).toBe(true);
    const listed = await srv.request('GET', '/v1/admin/devices', { token: srv.admin });
    expect(listed.body.devices.find((d: { id: string }) => d.id === sessionA.deviceId)).toMatchObject({
      wipeOrderedAt: expect.any(String),
      erasedAt: expect.any(String),
    });
  }, 60_000);
});

describe('admin CLI devices', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'posko-cli-devices-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const tsx = path.resolve('node_modules/.bin/tsx');
  const cli = (args: string[]) =>
    spawnSync(tsx, ['server/admin-cli.ts', ...args], {
      encoding: 'utf8',
      env: { ...process.env, POSKO_DATA_DIR: dataDir, DATABASE_URL: '' },
      timeout: 60_000,
    });

  it('lists and revokes devices', async () => {
    // A device signs in on the database the CLI then opens.
    const server = await startServer({
      host: '127.0.0.1',
      port: 0,
      dataDir,
      adminUsername: 'root',
      adminPassword: 'root-password-123',
    });
    const login = await fetch(`${server.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'root',
        password: 'root-password-123',
        deviceId: 'cli-laptop',
        appVersion: '9.9.9',
      }),
    });
    expect(login.status).toBe(200);
    await server.close();
    const listed = cli(['list-devices']);
    expect(listed.status, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject([
      { id: 'cli-laptop', appVersion: '9.9.9', revokedAt: null },
    ]);
    const revoked = cli(['revoke-device', '--device', 'cli-laptop']);
    expect(revoked.status, revoked.stderr).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({
      sessionsRevoked: 1,
      device: { revokedAt: expect.any(String) },
    });
    expect(cli(['revoke-device', '--device', 'unknown']).status).toBe(1);
  }, 90_000);
});
