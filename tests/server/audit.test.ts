import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../shared/audit/hash';
import { AuditPage } from '../../shared/sync/protocol';
import type { DbKind, TestServer } from './helpers';
import { DB_KINDS, createCaseMutation, updateMutation, withServer } from './helpers';

async function dropTriggers(srv: TestServer): Promise<void> {
  const sql = srv.storage.sql;
  if (srv.kind === 'sqlite') {
    await sql.run('DROP TRIGGER audit_no_update');
    await sql.run('DROP TRIGGER audit_no_delete');
  } else {
    await sql.run('DROP TRIGGER audit_no_update ON audit');
  }
}

/** A server with some history: logins, an office, users, pushes with a conflict. */
async function seeded(kind: DbKind): Promise<TestServer> {
  const srv = await withServer(kind);
  const officeId = (await srv.createOffice('JKT')).id;
  const a = (await srv.createUser({ role: 'operator', officeId })).session;
  const b = (await srv.createUser({ role: 'operator', officeId })).session;
  const m = createCaseMutation();
  await srv.push(a, [m]);
  await srv.push(a, [
    updateMutation('cases', m.recordId, 1, { summary: 'a' }, { summary: 'Wants to come home' }),
  ]);
  await srv.push(b, [
    updateMutation('cases', m.recordId, 1, { summary: 'b' }, { summary: 'Wants to come home' }),
  ]);
  return srv;
}

describe.each(DB_KINDS)('audit trail on %s', (kind) => {
  let srv: TestServer | undefined;
  afterEach(async () => {
    await srv?.close();
    srv = undefined;
  });

  it('is a verifiable chain, readable by auditors and filterable', async () => {
    srv = await seeded(kind);
    const auditor = (await srv.createUser({ role: 'auditor' })).session;
    const verify = await srv.request('GET', '/v1/audit/verify', { token: auditor });
    expect(verify.body).toMatchObject({ ok: true });
    expect(verify.body.entries).toBeGreaterThan(8);
    const page = AuditPage.parse((await srv.request('GET', '/v1/audit?limit=1000', { token: auditor })).body);
    expect(verifyChain(page.entries).ok).toBe(true); // clients can re-verify what they read
    const conflict = page.entries.find((e) => e.outcome === 'conflict');
    expect(conflict).toMatchObject({ action: 'push.update', baseRev: 1, conflictId: expect.any(String) });
    const applied = page.entries.find((e) => e.outcome === 'applied' && e.action === 'push.update');
    expect(applied!.changes).toContainEqual({ path: 'summary', from: 'Wants to come home', to: 'a' });
    const first = await srv.request('GET', '/v1/audit?limit=2', { token: auditor });
    expect(first.body.entries).toHaveLength(2);
    expect(first.body.hasMore).toBe(true);
    const next = await srv.request('GET', `/v1/audit?limit=2&cursor=${first.body.cursor}`, {
      token: auditor,
    });
    expect(next.body.entries[0].seq).toBe(3);
    const op = (await srv.createUser({ role: 'operator', officeId: conflict!.officeId! })).session;
    expect((await srv.request('GET', '/v1/audit', { token: op })).status).toBe(403);
    const timeline = await srv.request('GET', `/v1/audit?caseId=${conflict!.recordId}`, { token: op });
    expect(timeline.body.entries.map((e: { outcome: string }) => e.outcome)).toEqual([
      'applied',
      'applied',
      'conflict',
    ]);
  });

  it('stays verifiable when an entry carries text the database cannot store as is (lone surrogates)', async () => {
    srv = await withServer(kind);
    // Found by the fuzz run: a login with such a device id was audited, stored with U+FFFD in its
    // place, and the entry no longer matched its hash. Input text is now refused at the boundary...
    const login = await srv.request('POST', '/v1/auth/login', {
      body: { username: 'nobody', password: 'x', deviceId: 'dev-\ud800' },
    });
    expect(login.status).toBe(400);
    expect(login.body.error.message).toMatch(/deviceId: must be valid Unicode text/);
    // ...and an entry whose text comes from elsewhere is hashed in the form the database keeps.
    await srv.storage.write(async (tx) => {
      await tx.audit({
        action: 'test.text',
        outcome: 'ok\udc00',
        deviceId: '\ud83d-\ude00-\ud83d\ude00',
        detail: 'lone \ud800 and pair \ud834\udd1e',
        changes: [{ path: 'summary', from: '\udfff', to: 'x' }],
      });
    });
    const auditor = (await srv.createUser({ role: 'auditor' })).session;
    expect((await srv.request('GET', '/v1/audit/verify', { token: auditor })).body).toMatchObject({
      ok: true,
    });
    const page = AuditPage.parse((await srv.request('GET', '/v1/audit?limit=1000', { token: auditor })).body);
    const entry = page.entries.find((e) => e.action === 'test.text')!;
    expect(entry).toMatchObject({
      outcome: 'ok\ufffd',
      deviceId: '\ufffd-\ufffd-\ud83d\ude00',
      detail: 'lone \ufffd and pair \ud834\udd1e',
      changes: [{ path: 'summary', from: '\udfff', to: 'x' }],
    });
    expect(verifyChain(page.entries).ok).toBe(true);
  });

  it('refuses UPDATE and DELETE on the audit table by trigger', async () => {
    srv = await seeded(kind);
    await expect(srv.storage.sql.run("UPDATE audit SET outcome = 'x' WHERE seq = 2")).rejects.toThrow(
      /append-only/,
    );
    await expect(srv.storage.sql.run('DELETE FROM audit WHERE seq = 2')).rejects.toThrow(/append-only/);
    expect((await srv.request('GET', '/v1/audit/verify', { token: srv.admin })).body.ok).toBe(true);
  });

  it('detects an edited entry', async () => {
    srv = await seeded(kind);
    await dropTriggers(srv);
    await srv.storage.sql.run("UPDATE audit SET outcome = 'applied' WHERE outcome = 'conflict'");
    const row = await srv.storage.sql.get<{ seq: number }>(
      "SELECT seq FROM audit WHERE action = 'push.update' ORDER BY seq DESC LIMIT 1",
    );
    const res = await srv.request('GET', '/v1/audit/verify', { token: srv.admin });
    expect(res.body).toMatchObject({ ok: false, firstBrokenSeq: Number(row!.seq) });
  });

  it('detects a removed entry, including the last one', async () => {
    srv = await seeded(kind);
    await dropTriggers(srv);
    await srv.storage.sql.run('DELETE FROM audit WHERE seq = 4');
    expect((await srv.request('GET', '/v1/audit/verify', { token: srv.admin })).body).toMatchObject({
      ok: false,
      firstBrokenSeq: 5,
    });
    const tail = await srv.storage.sql.get<{ seq: number }>('SELECT MAX(seq) AS seq FROM audit');
    await srv.storage.sql.run('DELETE FROM audit WHERE seq >= 4');
    expect((await srv.request('GET', '/v1/audit/verify', { token: srv.admin })).body).toMatchObject({
      ok: false,
      firstBrokenSeq: 4,
    });
    expect(Number(tail!.seq)).toBeGreaterThan(4);
  });

  it('detects reordered entries', async () => {
    srv = await seeded(kind);
    await dropTriggers(srv);
    await srv.storage.sql.run('UPDATE audit SET seq = -1 WHERE seq = 3');
    await srv.storage.sql.run('UPDATE audit SET seq = 3 WHERE seq = 4');
    await srv.storage.sql.run('UPDATE audit SET seq = 4 WHERE seq = -1');
    expect((await srv.request('GET', '/v1/audit/verify', { token: srv.admin })).body).toMatchObject({
      ok: false,
      firstBrokenSeq: 3,
    });
  });
});
