// Document files at rest: AES-GCM under a per-device key from the bridge's
// secrets, round trip through the repository, and the v2 -> v3 upgrade that
// encrypts files stored in plaintext before.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PoskoDb } from '../../../renderer/db/database';
import { FILE_KEY_SECRET, createFileCipher } from '../../../renderer/db/file-crypto';
import type { SecretStore } from '../../../renderer/db/file-crypto';
import { Repository } from '../../../renderer/db/repository';

const actor = { actorId: 'op-1', deviceId: 'dev-1', officeId: 'JKT' };
const PLAIN = 'PASPOR X1234567 Siti Aminah binti Slamet';

function memorySecrets(): SecretStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get: async (key) => map.get(key) ?? null,
    set: async (key, value) => void map.set(key, value),
  };
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i += 1) {
    for (let j = 0; j < needle.length; j += 1) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

describe('file cipher', () => {
  it('makes a random 256-bit key on first use, keeps it in the secrets, and round-trips', async () => {
    const secrets = memorySecrets();
    const cipher = createFileCipher(secrets);
    const plain = new TextEncoder().encode(PLAIN);
    const encrypted = await cipher.encrypt(plain);
    const key = secrets.map.get(FILE_KEY_SECRET);
    expect(key).toBeDefined();
    expect(atob(key!)).toHaveLength(32);
    expect(encrypted.iv).toHaveLength(12);
    expect(encrypted.ciphertext).toHaveLength(plain.length + 16);
    expect(contains(encrypted.ciphertext, plain)).toBe(false);
    // Another cipher over the same secrets (next app start) reads the same key.
    expect(new TextDecoder().decode(await createFileCipher(secrets).decrypt(encrypted))).toBe(PLAIN);
    // A fresh nonce per file.
    const again = await cipher.encrypt(plain);
    expect(again.iv).not.toEqual(encrypted.iv);
  });

  it('refuses tampered bytes and a different device key', async () => {
    const cipher = createFileCipher(memorySecrets());
    const encrypted = await cipher.encrypt(new TextEncoder().encode(PLAIN));
    const tampered = new Uint8Array(encrypted.ciphertext);
    tampered[0] = tampered[0]! ^ 1;
    await expect(cipher.decrypt({ iv: encrypted.iv, ciphertext: tampered })).rejects.toThrow();
    await expect(createFileCipher(memorySecrets()).decrypt(encrypted)).rejects.toThrow();
  });

  it('does not replace a damaged key (that would orphan every stored file)', async () => {
    const secrets = memorySecrets();
    secrets.map.set(FILE_KEY_SECRET, 'not-a-key');
    await expect(createFileCipher(secrets).encrypt(new Uint8Array(1))).rejects.toThrow(/damaged/);
    expect(secrets.map.get(FILE_KEY_SECRET)).toBe('not-a-key');
  });
});

describe('document files in IndexedDB', () => {
  let db: PoskoDb;
  let repo: Repository;
  beforeEach(() => {
    db = new PoskoDb(`files-${Math.random()}`);
    repo = new Repository(db, { actor: () => actor, fileCipher: createFileCipher(memorySecrets()) });
  });
  afterEach(async () => {
    db.close();
    await db.delete();
  });

  it('stores iv + ciphertext, never the plaintext, and decrypts on open', async () => {
    const { documents } = await repo.createCase(
      {
        receivedAt: '2025-06-02T03:00:00.000Z',
        channel: 'phone',
        receivedBy: 'op-1',
        ownerId: 'op-1',
        status: 'received',
        urgency: 'normal',
        worker: { fullName: 'Siti Aminah' },
      },
      ['passport_copy'],
    );
    const plain = new TextEncoder().encode(PLAIN);
    await repo.attachDocumentFile(documents[0]!.id, {
      name: 'paspor.pdf',
      mimeType: 'application/pdf',
      bytes: plain,
    });
    const row = await db.documentFiles.get(documents[0]!.id);
    expect(row).toBeDefined();
    expect(Object.keys(row!)).not.toContain('bytes');
    expect(contains(row!.ciphertext, plain)).toBe(false);
    expect(row!.size).toBe(plain.length);
    const opened = await repo.documentFile(documents[0]!.id);
    expect(new TextDecoder().decode(opened!.bytes)).toBe(PLAIN);
    expect(opened).not.toHaveProperty('ciphertext');
  });
});

describe('database version 3', () => {
  async function v2WithPlainFile(name: string) {
    const v2 = new Dexie(name);
    v2.version(2).stores({ documentFiles: 'documentId, caseId, sha256' });
    await v2.table('documentFiles').add({
      documentId: 'doc-1',
      caseId: 'case-1',
      name: 'kontrak.pdf',
      mimeType: 'application/pdf',
      size: PLAIN.length,
      sha256: 'x',
      bytes: new TextEncoder().encode(PLAIN),
      storedAt: '2025-06-02T03:00:00.000Z',
    });
    v2.close();
  }

  it('encrypts files stored in plaintext at version 2', async () => {
    const name = `v2-${Math.random()}`;
    await v2WithPlainFile(name);
    const cipher = createFileCipher(memorySecrets());
    const upgraded = new PoskoDb(name, { fileCipher: cipher });
    const row = await upgraded.documentFiles.get('doc-1');
    // At least v3 (later versions, e.g. v4's office directory, upgrade on top of it).
    expect(upgraded.verno).toBeGreaterThanOrEqual(3);
    expect(row).not.toHaveProperty('bytes');
    expect(row).toMatchObject({ name: 'kontrak.pdf', caseId: 'case-1', size: PLAIN.length });
    expect(contains(row!.ciphertext, new TextEncoder().encode(PLAIN))).toBe(false);
    expect(new TextDecoder().decode(await cipher.decrypt(row!))).toBe(PLAIN);
    upgraded.close();
    await upgraded.delete();
  });

  it('stays at version 2 with the file intact when no cipher is given', async () => {
    const name = `v2-${Math.random()}`;
    await v2WithPlainFile(name);
    const upgraded = new PoskoDb(name);
    await expect(upgraded.open()).rejects.toThrow();
    upgraded.close();
    const check = new Dexie(name);
    await check.open();
    expect(check.verno).toBe(2);
    const row = (await check.table('documentFiles').get('doc-1')) as { bytes?: Uint8Array } | undefined;
    expect(new TextDecoder().decode(row?.bytes)).toBe(PLAIN);
    check.close();
    await Dexie.delete(name);
  });
});
