import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { SecretStore } from '../../../electron/secrets';
import type { SafeStorageLike } from '../../../electron/secrets';

/** A reversible stand-in for the OS keychain cipher (XOR + marker). */
function fakeSafeStorage(
  available: boolean,
  backend: ReturnType<SafeStorageLike['getSelectedStorageBackend']> = 'gnome_libsecret',
) {
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    isAsyncEncryptionAvailable: vi.fn(async () => available),
    getSelectedStorageBackend: vi.fn(() => backend),
    encryptStringAsync: vi.fn(async (s: string) =>
      Buffer.concat([Buffer.from('v10'), xor(Buffer.from(s, 'utf8'))]),
    ),
    decryptStringAsync: vi.fn(async (b: Buffer) => {
      if (b.subarray(0, 3).toString() !== 'v10') throw new Error('bad ciphertext');
      return { result: xor(b.subarray(3)).toString('utf8'), shouldReEncrypt: false };
    }),
  } satisfies SafeStorageLike;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'posko-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const file = () => path.join(dir, 'secrets.json');

describe('SecretStore', () => {
  it('stores ciphertext only, readable back through safeStorage', async () => {
    const store = new SecretStore(fakeSafeStorage(true), dir, 'linux');
    await store.set('sync.token', 'tok-very-secret');
    expect(readFileSync(file(), 'utf8')).not.toContain('tok-very-secret');
    if (process.platform !== 'win32') expect(statSync(file()).mode & 0o077).toBe(0);
    await expect(store.get('sync.token')).resolves.toBe('tok-very-secret');
    await expect(store.get('missing')).resolves.toBeNull();
    await store.delete('sync.token');
    await expect(store.get('sync.token')).resolves.toBeNull();
  });

  it('refuses to store when encryption is unavailable, writing nothing', async () => {
    const safe = fakeSafeStorage(false);
    const store = new SecretStore(safe, dir, 'win32');
    await expect(store.set('sync.token', 'tok')).rejects.toMatchObject({ code: 'encryption-unavailable' });
    expect(safe.encryptStringAsync).not.toHaveBeenCalled();
    expect(() => readFileSync(file())).toThrow();
  });

  it('refuses the Linux basic_text backend (a hard-coded key is plaintext in disguise)', async () => {
    const store = new SecretStore(fakeSafeStorage(true, 'basic_text'), dir, 'linux');
    await expect(store.isAvailable()).resolves.toBe(false);
    await expect(store.set('sync.token', 'tok')).rejects.toMatchObject({ code: 'encryption-unavailable' });
  });

  it('reports an undecryptable secret instead of returning garbage', async () => {
    const store = new SecretStore(fakeSafeStorage(true), dir, 'darwin');
    await store.set('a', 'x');
    const tampered = JSON.parse(readFileSync(file(), 'utf8'));
    tampered.entries = [['a', Buffer.from('zzz').toString('base64')]];
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file(), JSON.stringify(tampered));
    await expect(store.get('a')).rejects.toMatchObject({ code: 'secret-unreadable' });
  });

  it('treats prototype names as ordinary keys', async () => {
    const store = new SecretStore(fakeSafeStorage(true), dir, 'darwin');
    await expect(store.get('constructor')).resolves.toBeNull();
    await store.set('__proto__', 'p');
    await store.set('other', 'o');
    await expect(store.get('__proto__')).resolves.toBe('p');
    await expect(store.get('other')).resolves.toBe('o');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
