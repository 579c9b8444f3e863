import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './helpers';
import { DB_KINDS, USER_PASSWORD, withServer } from './helpers';

describe.each(DB_KINDS)('auth and admin on %s', (kind) => {
  let srv: TestServer;
  let officeId: string;

  beforeAll(async () => {
    srv = await withServer(kind);
    officeId = (await srv.createOffice('JKT', 'Jakarta')).id;
  });
  afterAll(() => srv?.close());

  it('health and openapi need no login', async () => {
    const health = await srv.request('GET', '/v1/health');
    expect(health.body).toEqual({ ok: true }); // versions only for an admin: tests/server/health-static.test.ts
    const doc = await srv.request('GET', '/v1/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/v1/sync/push', '/v1/sync/pull', '/v1/audit']),
    );
    expect(
      doc.body.paths['/v1/sync/push'].post.requestBody.content['application/json'].schema.properties
        .mutations,
    ).toBeDefined();
  });

  it('logs in, answers /me, logs out and revokes the token', async () => {
    const { user, session } = await srv.createUser({ role: 'operator', officeId });
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await srv.request('GET', '/v1/me', { token: session });
    expect(me.body.user).toEqual({
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: 'operator',
      officeId,
    });
    const stored = await srv.storage.sql.all<{ token_hash: string }>('SELECT token_hash FROM sessions');
    expect(stored.some((s) => s.token_hash === session.token)).toBe(false);
    expect((await srv.request('POST', '/v1/auth/logout', { token: session })).status).toBe(200);
    const after = await srv.request('GET', '/v1/me', { token: session });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthenticated');
  });

  it('refuses wrong passwords, missing and expired tokens', async () => {
    const { user } = await srv.createUser({ role: 'operator', officeId });
    const wrong = await srv.request('POST', '/v1/auth/login', {
      body: { username: user.username, password: 'nope', deviceId: 'd' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect((await srv.request('GET', '/v1/me')).status).toBe(401);
    const session = await srv.login(user.username, USER_PASSWORD);
    await srv.storage.sql.run(
      "UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z' WHERE user_id = ?",
      [user.id],
    );
    const expired = await srv.request('GET', '/v1/me', { token: session });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('session_expired');
  });

  it('an empty user patch is a 400 that changes nothing (found by the fuzz test)', async () => {
    const { user } = await srv.createUser({ role: 'operator', officeId });
    const before = await srv.storage.sql.get('SELECT * FROM users WHERE id = ?', [user.id]);
    const auditBefore = await srv.storage.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM audit');
    const res = await srv.request('PATCH', `/v1/admin/users/${user.id}`, { token: srv.admin, body: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(await srv.storage.sql.get('SELECT * FROM users WHERE id = ?', [user.id])).toEqual(before);
    const auditAfter = await srv.storage.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM audit');
    expect(Number(auditAfter?.n)).toBe(Number(auditBefore?.n));
  });

  it('refuses text the database would not store as received (NUL, lone surrogates)', async () => {
    const { user } = await srv.createUser({ role: 'operator', officeId });
    const offices = await srv.storage.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM offices');
    const bad = [
      ['POST', '/v1/admin/offices', { code: 'BADTXT', name: 'Kantor \ud800' }, 'name'],
      ['POST', '/v1/admin/offices', { code: 'BADTXT', name: 'Kantor \u0000' }, 'name'],
      ['PATCH', `/v1/admin/users/${user.id}`, { displayName: '\udc00 Siti' }, 'displayName'],
      ['PATCH', `/v1/admin/users/${user.id}`, { officeId: 'x\u0000' }, 'officeId'],
      ['POST', '/v1/sync/push', { deviceId: 'd\udbff', schemaVersion: 1, mutations: [] }, 'deviceId'],
    ] as const;
    for (const [method, path, body, field] of bad) {
      const token = path.startsWith('/v1/sync')
        ? (await srv.createUser({ role: 'operator', officeId })).session
        : srv.admin;
      const res = await srv.request(method, path, { token, body });
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(res.body.error.message).toContain(field);
    }
    // Ids in paths and queries too: PostgreSQL failed the audit read with a 500 (found by the fuzz run).
    const auditor = (await srv.createUser({ role: 'auditor', officeId: null })).session;
    for (const key of ['caseId', 'recordId', 'actorId']) {
      const res = await srv.request('GET', `/v1/audit?${key}=a%00b`, { token: auditor });
      expect(res.status, key).toBe(400);
      expect(res.body.error.message).toContain(key);
    }
    const res = await srv.request('PATCH', '/v1/admin/users/a%00b', {
      token: srv.admin,
      body: { disabled: true },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('id');
    expect(await srv.storage.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM offices')).toEqual(offices);
    const stored = await srv.storage.sql.get<{ display_name: string; office_id: string }>(
      'SELECT display_name, office_id FROM users WHERE id = ?',
      [user.id],
    );
    expect(stored).toEqual({ display_name: user.displayName, office_id: officeId });
  });

  it('disabling a user revokes their sessions and blocks login', async () => {
    const { user, session } = await srv.createUser({ role: 'operator', officeId });
    const res = await srv.request('PATCH', `/v1/admin/users/${user.id}`, {
      token: srv.admin,
      body: { disabled: true },
    });
    expect(res.body.user).toMatchObject({ id: user.id, disabled: true });
    expect((await srv.request('GET', '/v1/me', { token: session })).status).toBe(401);
    const login = await srv.request('POST', '/v1/auth/login', {
      body: { username: user.username, password: USER_PASSWORD, deviceId: 'd' },
    });
    // The same answer as a wrong password: a distinct one would confirm the password.
    expect(login.status).toBe(401);
    expect(login.body.error.code).toBe('invalid_credentials');
  });

  it('rate-limits failed logins per username', async () => {
    const { user } = await srv.createUser({ role: 'operator', officeId });
    for (let i = 0; i < 10; i++) {
      const r = await srv.request('POST', '/v1/auth/login', {
        body: { username: user.username, password: `bad-${i}`, deviceId: 'd' },
      });
      expect(r.status).toBe(401);
    }
    const blocked = await srv.request('POST', '/v1/auth/login', {
      body: { username: user.username, password: USER_PASSWORD, deviceId: 'd' },
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    const audit = await srv.request('GET', `/v1/audit?actorId=${user.id}`, { token: srv.admin });
    expect(
      audit.body.entries.filter(
        (e: { action: string; outcome: string }) => e.action === 'auth.login' && e.outcome === 'failed',
      ),
    ).toHaveLength(10);
  });

  it('manages offices and users; refuses duplicates and bad input', async () => {
    const dup = await srv.request('POST', '/v1/admin/offices', {
      token: srv.admin,
      body: { code: 'JKT', name: 'Again' },
    });
    expect(dup.status).toBe(409);
    const bad = await srv.request('POST', '/v1/admin/offices', {
      token: srv.admin,
      body: { code: 'jakarta!', name: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('body.code');
    const offices = await srv.request('GET', '/v1/admin/offices', { token: srv.admin });
    expect(offices.body.offices.map((o: { code: string }) => o.code)).toContain('JKT');
    const noOffice = await srv.request('POST', '/v1/admin/users', {
      token: srv.admin,
      body: {
        username: 'nooffice',
        password: USER_PASSWORD,
        displayName: 'x',
        role: 'operator',
        officeId: null,
      },
    });
    expect(noOffice.status).toBe(400);
    const weak = await srv.request('POST', '/v1/admin/users', {
      token: srv.admin,
      body: { username: 'weak', password: 'short', displayName: 'x', role: 'auditor' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toContain('body.password');
    const users = await srv.request('GET', '/v1/admin/users', { token: srv.admin });
    expect(
      users.body.users.every(
        (u: Record<string, unknown>) => !('passwordHash' in u) && !('password_hash' in u),
      ),
    ).toBe(true);
    const self = await srv.request('PATCH', `/v1/admin/users/${srv.admin.user.id}`, {
      token: srv.admin,
      body: { disabled: true },
    });
    expect(self.status).toBe(409);
  });

  it('refuses admin routes to other roles and audits the refusal', async () => {
    const { session } = await srv.createUser({ role: 'supervisor', officeId });
    const res = await srv.request('POST', '/v1/admin/users', {
      token: session,
      body: { username: 'sneaky', password: USER_PASSWORD, displayName: 'x', role: 'admin' },
    });
    expect(res.status).toBe(403);
    expect((await srv.request('GET', '/v1/admin/users', { token: session })).status).toBe(403);
    const audit = await srv.request('GET', `/v1/audit?actorId=${session.user.id}`, { token: srv.admin });
    const refusals = audit.body.entries.filter((e: { action: string }) => e.action === 'permission.refused');
    expect(refusals).toHaveLength(2);
    expect(await srv.storage.sql.get("SELECT id FROM users WHERE username = 'sneaky'")).toBeUndefined();
  });

  it('bad input gets a 4xx error shape and changes nothing', async () => {
    const { session } = await srv.createUser({ role: 'operator', officeId });
    const before = await srv.storage.headSeq();
    const auditBefore = await srv.storage.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM audit');
    const cases: [string, string, Parameters<TestServer['request']>[2], number][] = [
      ['POST', '/v1/sync/push', { token: session, rawBody: '{"deviceId":' }, 400],
      [
        'POST',
        '/v1/sync/push',
        { token: session, body: { deviceId: 'd', schemaVersion: 1, mutations: [{ op: 'explode' }] } },
        400,
      ],
      ['POST', '/v1/sync/push', { token: session, body: [] }, 400],
      [
        'POST',
        '/v1/sync/push',
        { token: session, rawBody: '<x/>', headers: { 'content-type': 'application/xml' } },
        415,
      ],
      [
        'POST',
        '/v1/sync/push',
        { token: session, rawBody: 'x', headers: { 'content-type': 'text/plain' } },
        400,
      ],
      ['POST', '/v1/auth/login', { body: { username: '', password: 'x' } }, 400],
      ['GET', '/v1/nothing-here', {}, 404],
    ];
    for (const [method, path, opts, status] of cases) {
      const res = await srv.request(method, path, opts);
      expect(res.status, `${method} ${path}`).toBe(status);
      expect(res.body.error).toEqual(
        expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
      );
    }
    const invalid = await srv.request('POST', '/v1/sync/push', {
      token: session,
      body: { deviceId: 'd', schemaVersion: 1, mutations: [{ op: 'explode' }] },
    });
    expect(invalid.body.error.message).toMatch(/^body\.mutations\.0\./);
    const big = await srv.request('POST', '/v1/sync/push', {
      token: session,
      rawBody: JSON.stringify({ pad: 'x'.repeat(6 * 1024 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
    expect(await srv.storage.headSeq()).toBe(before);
    const auditAfter = await srv.storage.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM audit');
    expect(Number(auditAfter!.n)).toBe(Number(auditBefore!.n));
  });
});
