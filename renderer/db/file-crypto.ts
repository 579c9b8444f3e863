// Document files at rest: AES-GCM (WebCrypto) under one 256-bit key per
// device. The key lives in the platform bridge's secrets (the OS keychain in
// Electron), never in IndexedDB next to the files it protects: a copied
// profile folder then holds only ciphertext. Losing the key loses the local
// copies; the synced record still says which files were received.
import { z } from 'zod';
import { fromBase64, toBase64 } from '../lib/base64';

/** The secret under which the key is kept (bridge SecretKey: short lowercase name). */
export const FILE_KEY_SECRET = 'posko.document-file-key.v1';

export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

export interface EncryptedBytes {
  /** 96-bit nonce, fresh for every file (never reused under one key). */
  iv: Uint8Array;
  /** Ciphertext with the 16-byte GCM tag appended. */
  ciphertext: Uint8Array;
}

export interface FileCipher {
  encrypt(plain: Uint8Array): Promise<EncryptedBytes>;
  decrypt(encrypted: EncryptedBytes): Promise<Uint8Array>;
}

export class FileKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileKeyError';
  }
}

/** 32 bytes in base64: 43 characters and one '=' of padding. */
const StoredKey = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'expected a 256-bit key in base64');

/** WebCrypto wants its own ArrayBuffer-backed views; copies are cheap next to the cipher. */
const own = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);

/**
 * A cipher whose key is read from `secrets` on first use, or generated
 * (random 256 bits, base64) and stored there if there is none yet.
 */
export function createFileCipher(
  secrets: SecretStore,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): FileCipher {
  let key: Promise<CryptoKey> | null = null;
  const loadKey = async (): Promise<CryptoKey> => {
    let stored = await secrets.get(FILE_KEY_SECRET);
    if (stored === null) {
      stored = toBase64(globalThis.crypto.getRandomValues(new Uint8Array(32)));
      await secrets.set(FILE_KEY_SECRET, stored);
    }
    // A damaged secret must not be silently replaced: that would orphan every stored file.
    if (!StoredKey.safeParse(stored).success)
      throw new FileKeyError('The document file key on this device is damaged');
    return subtle.importKey('raw', fromBase64(stored), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  };
  const getKey = () => {
    key ??= loadKey().catch((error: unknown) => {
      key = null; // let a later call retry (e.g. the keychain was locked)
      throw error;
    });
    return key;
  };
  return {
    async encrypt(plain) {
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
      const ciphertext = await subtle.encrypt({ name: 'AES-GCM', iv }, await getKey(), own(plain));
      return { iv, ciphertext: new Uint8Array(ciphertext) };
    },
    async decrypt({ iv, ciphertext }) {
      const plain = await subtle.decrypt({ name: 'AES-GCM', iv: own(iv) }, await getKey(), own(ciphertext));
      return new Uint8Array(plain);
    },
  };
}

const shared = new WeakMap<SecretStore, FileCipher>();

/**
 * One cipher per secret store for the whole console (the repository that attaches, the file sync
 * that downloads): two ciphers that each found no key on first use would each generate one, and
 * the second stored would orphan every file the first encrypted.
 */
export function sharedFileCipher(secrets: SecretStore): FileCipher {
  let cipher = shared.get(secrets);
  if (!cipher) {
    cipher = createFileCipher(secrets);
    shared.set(secrets, cipher);
  }
  return cipher;
}
