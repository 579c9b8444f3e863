// GET /v1/directory (issue 17): the caller's office and its users only, never
// another office's, never a hash, token or username; a disabled account is
// listed inactive; admins and auditors get none. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryResponse } from '../../shared/sync/directory';
import { DB_KINDS, withServer, type Office, type TestServer } from './helpers';

describe.each(DB_KINDS)('GET /v1/directory on %s', (kind) => {
  let srv: TestServer;
  let jkt: Office;
  let sby: Office;
  beforeAll(async () => {
    srv = await withServer(kind);
    jkt = await srv.createOffice();
    sby = await srv.createOffice();
  });
  afterAll(() => srv.close());

  it("lists the caller's office and its users, not another office's", async () => {
    const op = await srv.createUser({ role: 'operator', officeId: jkt.id });
    const sup = await srv.createUser({ role: 'supervisor', officeId: jkt.id });
    const other = await srv.createUser({ role: 'operator', officeId: sby.id });
    const res = await srv.request('GET', '/v1/directory', { token: op.session });
    expect(res.status).toBe(200);
    const body = DirectoryResponse.parse(res.body);
    expect(body.office).toEqual({ id: jkt.id, code: jkt.code, name: jkt.name });
    const ids = body.users.map((u) => u.id);
    expect(ids).toEqual(expect.arrayContaining([op.user.id, sup.user.id]));
    expect(ids).not.toContain(other.user.id);
    expect(ids).not.toContain(srv.admin.user.id);
    expect(body.users.find((u) => u.id === sup.user.id)).toEqual({
      id: sup.user.id,
      displayName: sup.user.displayName,
      role: 'supervisor',
      active: true,
    });
    const otherView = DirectoryResponse.parse(
      (await srv.request('GET', '/v1/directory', { token: other.session })).body,
    );
    expect(otherView.users.map((u) => u.id)).toEqual([other.user.id]);
  });

  it('carries no password, token or username data', async () => {
    const op = await srv.createUser({ role: 'operator', officeId: jkt.id });
    const res = await srv.request('GET', '/v1/directory', { token: op.session });
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/hash|password|token|username|\$argon|\$scrypt/i);
    expect(text).not.toContain(op.session.token);
    for (const user of (res.body as DirectoryResponse).users)
      expect(Object.keys(user).sort()).toEqual(['active', 'displayName', 'id', 'role']);
  });

  it('marks a disabled user inactive', async () => {
    const op = await srv.createUser({ role: 'operator', officeId: jkt.id });
    const gone = await srv.createUser({ role: 'operator', officeId: jkt.id });
    const patch = await srv.request('PATCH', `/v1/admin/users/${gone.user.id}`, {
      token: srv.admin,
      body: { disabled: true },
    });
    expect(patch.status).toBe(200);
    const body = DirectoryResponse.parse(
      (await srv.request('GET', '/v1/directory', { token: op.session })).body,
    );
    expect(body.users.find((u) => u.id === gone.user.id)?.active).toBe(false);
    expect(body.users.find((u) => u.id === op.user.id)?.active).toBe(true);
  });

  it('gives admins and auditors no office directory, and refuses no token', async () => {
    const auditor = await srv.createUser({ role: 'auditor' });
    expect((await srv.request('GET', '/v1/directory', { token: srv.admin })).status).toBe(403);
    expect((await srv.request('GET', '/v1/directory', { token: auditor.session })).status).toBe(403);
    expect((await srv.request('GET', '/v1/directory')).status).toBe(401);
  });
});
