// The real client address behind a reverse proxy (issue 14, item 2): X-Forwarded-For is believed
// only from a proxy named in POSKO_TRUST_PROXY (off by default). Then the login throttle and the
// audit see the client, not the proxy; without it, anyone could forge the header.
import { afterEach, describe, expect, it } from 'vitest';
import { redactUrl } from '../../server/app';
import { readEnv } from '../../server/config';
import { DB_KINDS, USER_PASSWORD, withServer, type TestServer } from './helpers';

const CLIENT_A = '203.0.113.7';
const CLIENT_B = '198.51.100.23';

async function loginAudit(srv: TestServer): Promise<{ outcome: string; detail: string }[]> {
  return srv.storage.sql.all("SELECT outcome, detail FROM audit WHERE action = 'auth.login' ORDER BY seq");
}

function login(srv: TestServer, username: string, password: string, forwardedFor?: string) {
  return srv.request('POST', '/v1/auth/login', {
    body: { username, password, deviceId: 'd' },
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  });
}

/** `n` failed logins (50: the per-address limit) that seem to come from `forwardedFor`. */
async function exhaustAddress(srv: TestServer, forwardedFor: string, n = 50): Promise<void> {
  const statuses = await Promise.all(
    Array.from({ length: n }, (_, i) => login(srv, `nobody-${i}`, 'wrong-password', forwardedFor)),
  );
  expect(statuses.every((r) => r.status === 401)).toBe(true);
}

describe.each(DB_KINDS)('client address behind a proxy on %s', (kind) => {
  let srv: TestServer | undefined;
  afterEach(async () => {
    await srv?.close();
    srv = undefined;
  });

  it('believes X-Forwarded-For from a trusted proxy: the audit and the throttle see the client', async () => {
    srv = await withServer(kind, { trustProxy: ['127.0.0.1'] });
    const office = await srv.createOffice();
    const { user } = await srv.createUser({ role: 'operator', officeId: office.id });
    expect((await login(srv, user.username, USER_PASSWORD, CLIENT_A)).status).toBe(200);
    expect((await login(srv, user.username, 'wrong-password', `${CLIENT_B}, 127.0.0.1`)).status).toBe(401);
    const audit = await loginAudit(srv);
    expect(audit.at(-2)).toMatchObject({ outcome: 'ok', detail: `address ${CLIENT_A}` });
    expect(audit.at(-1)?.detail).toContain(`address ${CLIENT_B}`);
    // 50 failures from one client lock that client only, not everyone behind the proxy.
    await exhaustAddress(srv, CLIENT_A);
    expect((await login(srv, 'someone', 'wrong-password', CLIENT_A)).status).toBe(429);
    expect((await login(srv, user.username, USER_PASSWORD, CLIENT_B)).status).toBe(200);
  }, 60_000);

  it('ignores X-Forwarded-For by default: a client cannot forge its address', async () => {
    srv = await withServer(kind);
    const office = await srv.createOffice();
    const { user } = await srv.createUser({ role: 'operator', officeId: office.id });
    expect((await login(srv, user.username, 'wrong-password', CLIENT_A)).status).toBe(401);
    expect((await loginAudit(srv)).at(-1)?.detail).toContain('address 127.0.0.1');
    // Changing the header does not escape the per-address lock (one failure is already counted).
    await exhaustAddress(srv, CLIENT_B, 49);
    expect((await login(srv, user.username, USER_PASSWORD, CLIENT_A)).status).toBe(429);
  }, 60_000);

  it('ignores X-Forwarded-For from a peer that is not in the list', async () => {
    srv = await withServer(kind, { trustProxy: ['10.0.0.0/8'] });
    expect((await login(srv, 'nobody', 'wrong-password', CLIENT_A)).status).toBe(401);
    expect((await loginAudit(srv)).at(-1)?.detail).toContain('address 127.0.0.1');
  });
});

describe('POSKO_TRUST_PROXY', () => {
  it('is off by default and takes a list of addresses and CIDR blocks', () => {
    expect(readEnv({}).POSKO_TRUST_PROXY).toEqual([]);
    expect(
      readEnv({ POSKO_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,fd00::/8,::1,loopback' }).POSKO_TRUST_PROXY,
    ).toEqual(['127.0.0.1', '10.0.0.0/8', 'fd00::/8', '::1', 'loopback']);
  });

  it.each(['true', '*', '1', 'proxy.example', '10.0.0.0/33', '10.0.0.1/8/8'])('refuses %s', (value) => {
    expect(() => readEnv({ POSKO_TRUST_PROXY: value })).toThrow(/POSKO_TRUST_PROXY/);
  });
});

describe('request log', () => {
  it('never writes a token from the URL (headers are not logged at all)', () => {
    expect(redactUrl('/v1/sync/events?token=abc123&x=1')).toBe('/v1/sync/events?token=[redacted]&x=1');
    expect(redactUrl('/v1/sync/events?x=1&TICKET=abc&access_token=def')).toBe(
      '/v1/sync/events?x=1&TICKET=[redacted]&access_token=[redacted]',
    );
    expect(redactUrl('/v1/sync/pull?cursor=3')).toBe('/v1/sync/pull?cursor=3');
  });
});
