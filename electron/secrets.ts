// Secrets (the sync access token, the offline unlock verifier) encrypted with
// the OS keychain through safeStorage and kept in userData/secrets.json as
// base64 ciphertext. When the OS cannot encrypt (no keychain, or Linux with
// the "basic_text" fallback, which uses a hard-coded key) we refuse to store
// rather than write something that only looks protected.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { SafeStorage } from 'electron';
import { writeFileAtomic } from './config';
import { ShellError } from './errors';

export class SecretsError extends ShellError {
  constructor(code: 'encryption-unavailable' | 'secret-unreadable', message: string) {
    super(code, message);
  }
}

// Stored as [key, ciphertext] pairs rather than an object so that no key can
// ever be interpreted as a property name during parsing.
const SecretsFile = z.object({
  version: z.literal(1),
  entries: z.array(z.tuple([z.string().max(64), z.string().regex(/^[A-Za-z0-9+/=]*$/)])),
});
// Entries live in a Map: keys like "__proto__" or "constructor" match the
// SecretKey pattern and must not touch Object.prototype.
type Entries = Map<string, string>;

export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

export class SecretStore {
  private readonly file: string;

  constructor(
    private readonly safeStorage: SafeStorageLike,
    userDataDir: string,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    this.file = path.join(userDataDir, 'secrets.json');
  }

  async isAvailable(): Promise<boolean> {
    if (!(await this.safeStorage.isAsyncEncryptionAvailable())) return false;
    return !(this.platform === 'linux' && this.safeStorage.getSelectedStorageBackend() === 'basic_text');
  }

  async get(key: string): Promise<string | null> {
    const entry = (await this.readFile()).get(key);
    if (entry === undefined) return null;
    await this.requireEncryption();
    try {
      const { result, shouldReEncrypt } = await this.safeStorage.decryptStringAsync(
        Buffer.from(entry, 'base64'),
      );
      if (shouldReEncrypt) await this.set(key, result);
      return result;
    } catch {
      throw new SecretsError('secret-unreadable', 'the stored secret cannot be decrypted on this machine');
    }
  }

  async set(key: string, value: string): Promise<void> {
    await this.requireEncryption();
    const encrypted = await this.safeStorage.encryptStringAsync(value);
    const entries = await this.readFile();
    entries.set(key, Buffer.from(encrypted).toString('base64'));
    await this.writeFile(entries);
  }

  /** Deleting never needs the keychain: removing ciphertext is always safe. */
  async delete(key: string): Promise<void> {
    const entries = await this.readFile();
    if (!entries.delete(key)) return;
    await this.writeFile(entries);
  }

  private async requireEncryption(): Promise<void> {
    if (!(await this.isAvailable())) {
      throw new SecretsError(
        'encryption-unavailable',
        'the OS keychain is not available, so secrets are not stored (they would be plaintext)',
      );
    }
  }

  private async readFile(): Promise<Entries> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch {
      return new Map();
    }
    const parsed = SecretsFile.safeParse(safeJson(text));
    // A corrupt file holds nothing we could decrypt anyway; start clean.
    return parsed.success ? new Map(parsed.data.entries) : new Map();
  }

  private async writeFile(entries: Entries): Promise<void> {
    const data = { version: 1, entries: [...entries] };
    await writeFileAtomic(this.file, `${JSON.stringify(data)}\n`);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
