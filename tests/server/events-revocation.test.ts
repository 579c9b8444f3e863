// The event stream obeys revocation (issue 14, item 8): after logout, a password reset, disabling
// the user or taking their case role, an open /v1/sync/events stream ends; also when the session
// was revoked behind this node's back (the admin CLI, another API node). The stream carries the
// same security headers as every response, and takes its token from the Authorization header only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, withServer, type Session, type TestServer } from './helpers';

interface OpenStream {
  headers: Headers;
  /** Resolves with the time the stream ended (ms since it was asked to watch). */
  ended: Promise<void>;
  abort(): void;
}

async function openStream(srv: TestServer, session: Session): Promise<OpenStream> {
  const controller = new AbortController();
  const res = await fetch(`${srv.url}/v1/sync/events`, {
    signal: controller.signal,
    headers: { authorization: `Bearer ${session.token}` },
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const first = await reader.read();
  expect(new TextDecoder().decode(first.value)).toContain('event: poke');
  const ended = (async () => {
    try {
      while (!(await reader.read()).done);
    } catch {
      // reset: ended too
    }
  })();
  return { headers: res.headers, ended, abort: () => controller.abort() };
}

async function endsWithin(ms: number, stream: OpenStream): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)));
  try {
    return await Promise.race([stream.ended.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
    stream.abort();
  }
}

describe.each(DB_KINDS)('event streams and revocation on %s', (kind) => {
  let srv: TestServer;
  let officeId: string;

  beforeAll(async () => {
    srv = await withServer(kind);
    officeId = (await srv.createOffice()).id;
  });
  afterAll(() => srv?.close());

  const operator = () => srv.createUser({ role: 'operator', officeId });

  it('ends the stream at logout', async () => {
    const { session } = await operator();
    const stream = await openStream(srv, session);
    expect((await srv.request('POST', '/v1/auth/logout', { token: session })).status).toBe(200);
    expect(await endsWithin(3000, stream)).toBe(true);
  });

  it.each([
    ['disabling the user', { disabled: true }],
    ['a password reset', { password: 'a-brand-new-password' }],
    ['taking the case role', { role: 'auditor', officeId: null }],
  ])('ends the stream at %s', async (_what, patch) => {
    const { user, session } = await operator();
    const other = await openStream(srv, (await operator()).session);
    const stream = await openStream(srv, session);
    const res = await srv.request('PATCH', `/v1/admin/users/${user.id}`, { token: srv.admin, body: patch });
    expect(res.status).toBe(200);
    expect(await endsWithin(3000, stream)).toBe(true);
    // A colleague's stream is not touched.
    expect(await endsWithin(300, other)).toBe(false);
  });

  it('ends the stream when the session was revoked elsewhere (admin CLI, another node)', async () => {
    const { session } = await operator();
    const stream = await openStream(srv, session);
    await srv.storage.write((tx) =>
      tx.run('UPDATE sessions SET revoked_at = ? WHERE user_id = ?', [tx.now, session.user.id]),
    );
    // Open streams are checked against their sessions every 5 s.
    expect(await endsWithin(12_000, stream)).toBe(true);
  }, 20_000);

  it('sends the same security headers as every other response', async () => {
    const { session } = await operator();
    const stream = await openStream(srv, session);
    const me = await srv.request('GET', '/v1/me', { token: session });
    for (const name of ['x-content-type-options', 'referrer-policy', 'x-frame-options', 'cache-control']) {
      expect(stream.headers.get(name), name).toBe(me.headers.get(name));
    }
    stream.abort();
  });

  it('takes no token from the URL', async () => {
    const { session } = await operator();
    const res = await fetch(`${srv.url}/v1/sync/events?token=${session.token}`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
  });
});
