import { describe, expect, it } from 'vitest';
import { getActor } from '../../../renderer/session/actor';
import { SessionManager, SignInError, TOKEN_SECRET_KEY } from '../../../renderer/session/session-manager';
import type { KeyValueTable } from '../../../renderer/session/session-store';
import { checkVerifier, createVerifier, VerifierCostError } from '../../../renderer/session/verifier';
import { toBase64 } from '../../../renderer/lib/base64';
import { TransportError } from '../../../renderer/sync/transport';
import { VERIFIERS_SECRET_KEY } from '../../../renderer/session/verifier-store';
import type { LoginResponse } from '../../../shared/sync/protocol';

function memoryTable(): KeyValueTable & { rows: Map<string, unknown> } {
  const rows = new Map<string, unknown>();
  return {
    rows,
    get: async (key) => (rows.has(key) ? { key, value: structuredClone(rows.get(key)) } : undefined),
    put: async (row) => rows.set(row.key, structuredClone(row.value)),
    delete: async (key) => void rows.delete(key),
  };
}

function memorySecrets() {
  const values = new Map<string, string>();
  return {
    values,
    get: async (key: string) => values.get(key) ?? null,
    set: async (key: string, value: string) => void values.set(key, value),
    delete: async (key: string) => void values.delete(key),
  };
}

const user = {
  id: 'user-1',
  username: 'sari',
  displayName: 'Sari',
  role: 'operator' as const,
  officeId: 'office-1',
};

function setup() {
  const table = memoryTable();
  const secrets = memorySecrets();
  let network: 'up' | 'down' = 'up';
  const login = async (username: string, password: string): Promise<LoginResponse> => {
    if (network === 'down') throw new TransportError('network', 'offline');
    if (username !== 'sari' || password !== 'correct horse')
      throw new TransportError('unauthorized', 'bad', 401);
    return { token: 'tok-1', expiresAt: '2099-01-01T00:00:00.000Z', user };
  };
  const session = new SessionManager({
    table,
    secrets,
    login,
    deviceId: () => 'dev-1',
    serverUrl: () => 'http://sync.test',
  });
  return { table, secrets, session, setNetwork: (n: 'up' | 'down') => (network = n) };
}

/** A verifier as an older build (or a tampered store) could have left it: same format, low cost. */
async function pbkdf2Verifier(password: string, iterations: number) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    256,
  );
  return {
    algorithm: 'PBKDF2-SHA256',
    iterations,
    salt: toBase64(salt),
    hash: toBase64(new Uint8Array(bits)),
  };
}

describe('password verifier', () => {
  it('is salted, accepts the password and refuses another', async () => {
    const a = await createVerifier('secret');
    const b = await createVerifier('secret');
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(await checkVerifier('secret', a)).toBe(true);
    expect(await checkVerifier('Secret', a)).toBe(false);
  });

  it('defaults to 600k PBKDF2 iterations and refuses to make or trust a cheaper verifier', async () => {
    const verifier = await createVerifier('x');
    expect(verifier.iterations).toBeGreaterThanOrEqual(600_000);
    await expect(createVerifier('x', 1000)).rejects.toBeInstanceOf(VerifierCostError);
    // A stored verifier below the floor never matches, even with the right password.
    const cheap = await pbkdf2Verifier('x', 1000);
    expect(await checkVerifier('x', cheap)).toBe(false);
    expect(await checkVerifier('x', { ...verifier })).toBe(true);
  });
});

describe('session manager', () => {
  it('first sign-in online keeps the token in secrets and sets the actor', async () => {
    const { session, secrets, table } = setup();
    await session.init();
    expect(session.get().status).toBe('signed_out');
    await session.signIn('sari', 'correct horse');
    expect(session.get()).toMatchObject({ status: 'active', mode: 'online' });
    expect(session.getToken()).toBe('tok-1');
    expect(JSON.parse(secrets.values.get(TOKEN_SECRET_KEY) ?? '{}')).toMatchObject({
      userId: 'user-1',
      token: 'tok-1',
    });
    expect(JSON.stringify([...table.rows.values()])).not.toContain('correct horse');
    expect(getActor()).toMatchObject({ actorId: 'user-1', officeId: 'office-1' });
  });

  it('unlocks offline with the local verifier after one online sign-in; refuses a wrong password', async () => {
    const { session, setNetwork } = setup();
    await session.signIn('sari', 'correct horse');
    session.lock();
    // An idle lock keeps the token in memory: sync goes on behind the unlock screen.
    expect(session.get()).toMatchObject({ status: 'locked', reason: 'idle', user: { id: 'user-1' } });
    expect(session.getToken()).toBe('tok-1');
    setNetwork('down');
    await expect(session.signIn('sari', 'wrong')).rejects.toMatchObject({ code: 'invalid_credentials' });
    await session.signIn('sari', 'correct horse');
    expect(session.get()).toMatchObject({ status: 'active', mode: 'offline' });
    expect(session.getToken()).toBe('tok-1');
  });

  it('the first sign-in cannot be offline; a 401 from the server is never bypassed by the verifier', async () => {
    const { session, setNetwork } = setup();
    setNetwork('down');
    await expect(session.signIn('sari', 'correct horse')).rejects.toBeInstanceOf(SignInError);
    await expect(session.signIn('sari', 'correct horse')).rejects.toMatchObject({
      code: 'offline_first_login',
    });
    setNetwork('up');
    await session.signIn('sari', 'correct horse');
    await session.logout();
    await expect(session.signIn('sari', 'old password')).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
  });

  it('expiry keeps the user; logout forgets the token and the current session, and resets the actor', async () => {
    const { session, secrets, table } = setup();
    await session.signIn('sari', 'correct horse');
    session.expire();
    expect(session.get()).toMatchObject({ status: 'expired', user: { id: 'user-1' } });
    await session.logout();
    expect(session.get()).toMatchObject({ status: 'signed_out', lastUsername: 'sari' });
    expect(secrets.values.has(TOKEN_SECRET_KEY)).toBe(false);
    expect(table.rows.has('current')).toBe(false);
    expect(getActor().actorId).toBe('local');
    // The app restarts: a remembered session starts locked.
    await session.signIn('sari', 'correct horse');
    const restarted = setup();
    for (const [k, v] of table.rows) restarted.table.rows.set(k, v);
    expect(await restarted.session.init()).toMatchObject({ status: 'locked', reason: 'restart' });
    expect(restarted.session.getToken()).toBeNull();
  });

  it("refuses another user while the outbox holds someone else's unsent work, online and offline", async () => {
    const pending = new Map<string, number>([['user-1', 0]]);
    const base = setup();
    const table = base.table;
    const secrets = base.secrets;
    let network: 'up' | 'down' = 'up';
    const users = {
      sari: { ...user },
      budi: {
        id: 'user-2',
        username: 'budi',
        displayName: 'Budi',
        role: 'operator' as const,
        officeId: 'office-1',
      },
    };
    const session = new SessionManager({
      table,
      secrets,
      login: async (username) => {
        if (network === 'down') throw new TransportError('network', 'offline');
        const who = users[username as keyof typeof users];
        return { token: `tok-${who.id}`, expiresAt: '2099-01-01T00:00:00.000Z', user: who };
      },
      deviceId: () => 'dev-1',
      serverUrl: () => 'http://sync.test',
      pendingOfOthers: async (userId) => {
        let count = 0;
        for (const [actor, n] of pending) if (actor !== userId) count += n;
        return { count, names: count ? ['Sari'] : [] };
      },
    });
    await session.signIn('budi', 'pw-budi');
    await session.logout();
    await session.signIn('sari', 'pw-sari');
    pending.set('user-1', 3); // Sari saves three changes, then leaves without syncing.
    await session.logout();
    await expect(session.signIn('budi', 'pw-budi')).rejects.toMatchObject({
      code: 'other_user_pending',
      details: { count: 3, names: 'Sari' },
    });
    expect(session.get().status).toBe('signed_out');
    expect(secrets.values.has(TOKEN_SECRET_KEY)).toBe(false);
    network = 'down'; // the verifier path is guarded too
    await expect(session.signIn('budi', 'pw-budi')).rejects.toMatchObject({ code: 'other_user_pending' });
    // Sari herself may always come back; once her work is pushed Budi may sign in.
    await session.signIn('sari', 'pw-sari');
    expect(session.get()).toMatchObject({ status: 'active', user: { id: 'user-1' } });
    pending.set('user-1', 0);
    await session.logout();
    await session.signIn('budi', 'pw-budi');
    expect(session.get()).toMatchObject({ status: 'active', user: { id: 'user-2' } });
  });

  it('keeps the verifier in the secret store, never in IndexedDB, and refuses one below the cost floor', async () => {
    const { session, secrets, table, setNetwork } = setup();
    await session.signIn('sari', 'correct horse');
    expect(JSON.stringify([...table.rows.values()])).not.toContain('PBKDF2');
    const stored = JSON.parse(secrets.values.get(VERIFIERS_SECRET_KEY) ?? '{}');
    expect(stored.users[0][1].verifier).toMatchObject({ algorithm: 'PBKDF2-SHA256', iterations: 600_000 });
    // Someone rewrites the entry with a cheap verifier of a password they know: it must not unlock.
    stored.users[0][1].verifier = await pbkdf2Verifier('planted', 1000);
    secrets.values.set(VERIFIERS_SECRET_KEY, JSON.stringify(stored));
    const restarted = setup();
    for (const [k, v] of table.rows) restarted.table.rows.set(k, v);
    for (const [k, v] of secrets.values) restarted.secrets.values.set(k, v);
    await restarted.session.init();
    restarted.setNetwork('down');
    setNetwork('down');
    await expect(restarted.session.signIn('sari', 'planted')).rejects.toMatchObject({
      code: 'offline_first_login',
    });
  });

  it('removes a verifier an older build left in IndexedDB at start', async () => {
    const table = memoryTable();
    const legacy = { user, serverUrl: 'http://sync.test', lastOnlineLoginAt: 'x', verifier: { hash: 'h' } };
    table.rows.set('account:sari', legacy);
    const session = new SessionManager({
      table: { ...table, toArray: async () => [...table.rows].map(([key, value]) => ({ key, value })) },
      secrets: memorySecrets(),
      login: async () => ({ token: 't', expiresAt: '2099-01-01T00:00:00.000Z', user }),
      deviceId: () => 'dev-1',
      serverUrl: () => 'http://sync.test',
    });
    await session.init();
    expect(table.rows.get('account:sari')).toEqual({
      user,
      serverUrl: 'http://sync.test',
      lastOnlineLoginAt: 'x',
    });
  });
});
