// Login throttling under parallel requests (issue 14, item 1): an attempt is reserved before its
// password hash runs, so 100 guesses sent at once are not all checked; a locked key's refusals
// are audited once per window; a disabled account with the right password answers exactly like a
// wrong password.
import { afterEach, describe, expect, it } from 'vitest';
import { DB_KINDS, USER_PASSWORD, withServer, type TestServer } from './helpers';

const PARALLEL = 100;

async function failedLoginAudit(srv: TestServer): Promise<{ detail: string; actor_id: string | null }[]> {
  return srv.storage.sql.all(
    "SELECT detail, actor_id FROM audit WHERE action = 'auth.login' AND outcome = 'failed' ORDER BY seq",
  );
}

function countStatuses(statuses: number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}

describe.each(DB_KINDS)('login throttling on %s', (kind) => {
  let srv: TestServer | undefined;
  afterEach(async () => {
    await srv?.close();
    srv = undefined;
  });

  it(`checks at most 10 passwords of one user when ${PARALLEL} wrong ones arrive at once`, async () => {
    srv = await withServer(kind);
    const s = srv;
    const office = await s.createOffice();
    const { user } = await s.createUser({ role: 'operator', officeId: office.id });
    const before = (await failedLoginAudit(s)).length;
    const statuses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        s
          .request('POST', '/v1/auth/login', {
            body: { username: user.username, password: `wrong-${i}`, deviceId: 'd' },
          })
          .then((r) => r.status),
      ),
    );
    // Before the fix all 100 were 401: every one of them had its password checked.
    expect(countStatuses(statuses)).toEqual({ 401: 10, 429: PARALLEL - 10 });
    const audit = (await failedLoginAudit(s)).slice(before);
    expect(audit.filter((e) => e.detail.startsWith('bad_password'))).toHaveLength(10);
    // 90 refusals, one audit entry: the locked key is audited once per window.
    expect(audit.filter((e) => e.detail.startsWith('rate_limited'))).toHaveLength(1);
    // More refusals later in the same window add nothing to the audit.
    const again = await s.request('POST', '/v1/auth/login', {
      body: { username: user.username, password: USER_PASSWORD, deviceId: 'd' },
    });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await failedLoginAudit(s)).slice(before)).toHaveLength(11);
  }, 60_000);

  it(`checks at most 50 passwords from one address when ${PARALLEL} arrive at once`, async () => {
    srv = await withServer(kind);
    const s = srv;
    const statuses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        s
          .request('POST', '/v1/auth/login', {
            body: { username: `nobody-${i}`, password: 'whatever-it-is', deviceId: 'd' },
          })
          .then((r) => r.status),
      ),
    );
    expect(countStatuses(statuses)).toEqual({ 401: 50, 429: PARALLEL - 50 });
    const audit = await failedLoginAudit(s);
    expect(audit.filter((e) => e.detail.startsWith('unknown_user'))).toHaveLength(50);
    expect(audit.filter((e) => e.detail.startsWith('rate_limited'))).toHaveLength(1);
  }, 60_000);

  it('a disabled account with the right password answers exactly like a wrong password', async () => {
    srv = await withServer(kind);
    const office = await srv.createOffice();
    const { user } = await srv.createUser({ role: 'operator', officeId: office.id });
    const disable = await srv.request('PATCH', `/v1/admin/users/${user.id}`, {
      token: srv.admin,
      body: { disabled: true },
    });
    expect(disable.status).toBe(200);
    const right = await srv.request('POST', '/v1/auth/login', {
      body: { username: user.username, password: USER_PASSWORD, deviceId: 'd' },
    });
    const wrong = await srv.request('POST', '/v1/auth/login', {
      body: { username: user.username, password: 'not-the-password', deviceId: 'd' },
    });
    // Before the fix: 403 account_disabled, which confirms the password to whoever typed it.
    expect(right.status).toBe(401);
    expect(right.body).toEqual(wrong.body);
    // The audit still says why.
    const audit = await failedLoginAudit(srv);
    expect(audit.map((e) => e.detail.split(' ')[0])).toEqual(['account_disabled', 'bad_password']);
    expect(audit[0]?.actor_id).toBe(user.id);
  });

  it('a right password gives its attempt back and clears the user', async () => {
    srv = await withServer(kind);
    const office = await srv.createOffice();
    const { user } = await srv.createUser({ role: 'operator', officeId: office.id });
    const login = (password: string) =>
      srv!.request('POST', '/v1/auth/login', {
        body: { username: user.username, password, deviceId: 'd' },
      });
    for (let i = 0; i < 9; i++) expect((await login(`bad-${i}`)).status).toBe(401);
    expect((await login(USER_PASSWORD)).status).toBe(200);
    // The nine failures are forgotten: nine more are allowed before the lock.
    for (let i = 0; i < 10; i++) expect((await login(`bad-again-${i}`)).status).toBe(401);
    expect((await login(USER_PASSWORD)).status).toBe(429);
  }, 60_000);
});
