// The audit signing key: Ed25519, kept outside the database so that whoever can write the
// database file cannot sign a rewritten chain. From POSKO_AUDIT_SIGNING_KEY (a PKCS#8 PEM) or a
// file (POSKO_AUDIT_KEY_FILE, default <data dir>/audit-signing-key.pem) that is created on first
// start with mode 0600; a file that group or others can read is refused.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const DEFAULT_KEY_FILE = 'audit-signing-key.pem';
/** Default checkpoint interval: the window in which unanchored entries could be rewritten unseen. */
export const DEFAULT_CHECKPOINT_SECONDS = 600;

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : undefined));

export const SigningEnv = z.object({
  POSKO_AUDIT_SIGNING_KEY: optionalText,
  POSKO_AUDIT_KEY_FILE: optionalText,
  /** 0 turns the timer off (checkpoints on demand only). */
  POSKO_AUDIT_CHECKPOINT_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600)
    .default(DEFAULT_CHECKPOINT_SECONDS),
});
export type SigningEnv = z.infer<typeof SigningEnv>;

export function readSigningEnv(env: NodeJS.ProcessEnv = process.env): SigningEnv {
  const parsed = SigningEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI PEM: what an auditor keeps and gives the offline verifier. */
  publicKeyPem: string;
  /** First 16 hex digits of sha256(SPKI DER): names the key in every checkpoint. */
  keyId: string;
  /** Where it came from, for the start-up log (never the key itself). */
  source: string;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

function fromPem(pem: string, source: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new Error(`${source}: not a PEM private key`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${source}: not an Ed25519 key`);
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
    source,
  };
}

/** Refuses a key file that anyone but its owner can read (POSIX modes; Windows has ACLs instead). */
function assertPrivate(file: string): void {
  if (process.platform === 'win32') return;
  const st = statSync(file);
  if (!st.isFile()) throw new Error(`audit signing key ${file}: not a regular file`);
  if (st.mode & 0o077) {
    throw new Error(
      `audit signing key ${file} is readable by group or others (mode ${(st.mode & 0o777).toString(8)}); ` +
        `run chmod 600 ${file}`,
    );
  }
}

export interface SigningOptions {
  /** PKCS#8 PEM text, `\n`-escaped or base64 (POSKO_AUDIT_SIGNING_KEY); wins over the file. */
  keyPem?: string;
  keyFile?: string;
  dataDir?: string;
}

export function keyFilePath(opts: SigningOptions): string {
  return path.resolve(opts.keyFile ?? path.join(opts.dataDir ?? './data', DEFAULT_KEY_FILE));
}

/** Loads the signing key; creates the key file (0600) when there is none yet. */
/**
 * The key text of POSKO_AUDIT_SIGNING_KEY as PEM: env files and secret managers often cannot hold a
 * multi-line value, so `\n` escapes and a base64 of the whole PEM are taken too.
 */
export function envPem(value: string): string {
  const text = value.replace(/\\n/g, '\n').trim();
  if (text.includes('-----BEGIN')) return text;
  return Buffer.from(text, 'base64').toString('utf8');
}

export function loadSigningKey(opts: SigningOptions): SigningKey {
  if (opts.keyPem) return fromPem(envPem(opts.keyPem), 'POSKO_AUDIT_SIGNING_KEY');
  const file = keyFilePath(opts);
  if (!existsSync(file)) {
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      const { privateKey } = generateKeyPairSync('ed25519');
      // 'wx': never overwrite. Two nodes starting at once on one data dir: one writes, the other reads it.
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  assertPrivate(file);
  return fromPem(readFileSync(file, 'utf8'), file);
}

/** Loads the key only if it exists (the CLI must not create one beside a server that has its own). */
export function loadExistingSigningKey(opts: SigningOptions): SigningKey {
  if (opts.keyPem) return fromPem(envPem(opts.keyPem), 'POSKO_AUDIT_SIGNING_KEY');
  const file = keyFilePath(opts);
  try {
    assertPrivate(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(`no audit signing key at ${file}: start the server once, or set POSKO_AUDIT_KEY_FILE`);
    throw err;
  }
  return fromPem(readFileSync(file, 'utf8'), file);
}
