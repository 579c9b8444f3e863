// The key that encrypts stored files at rest (AES-256-GCM), kept outside the
// database like the audit signing key (server/audit/signing-config.ts): whoever
// copies the database or the blob folder does not get the files. From
// POSKO_FILES_KEY (64 hex digits) or a file (POSKO_FILES_KEY_FILE, default
// <data dir>/files-key) created on first start with mode 0600; a key file that
// group or others can read is refused. Several API nodes on one PostgreSQL
// must share the key (the variable, or the same file on each node).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_FILES_KEY_FILE = 'files-key';

export interface FilesKeyOptions {
  keyHex?: string;
  keyFile?: string;
  dataDir?: string;
}

function assertPrivate(file: string): void {
  if (process.platform === 'win32') return;
  const st = statSync(file);
  if (!st.isFile()) throw new Error(`files key ${file}: not a regular file`);
  if (st.mode & 0o077) {
    throw new Error(
      `files key ${file} is readable by group or others (mode ${(st.mode & 0o777).toString(8)}); run chmod 600 ${file}`,
    );
  }
}

function fromHex(hex: string, source: string): Buffer {
  const text = hex.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new Error(`${source}: expected 64 hex digits (a 32-byte key)`);
  return Buffer.from(text, 'hex');
}

/** Loads the files key; creates the key file (0600) when there is none yet. */
export function loadFilesKey(opts: FilesKeyOptions): Buffer {
  if (opts.keyHex) return fromHex(opts.keyHex, 'POSKO_FILES_KEY');
  const file = path.resolve(opts.keyFile ?? path.join(opts.dataDir ?? './data', DEFAULT_FILES_KEY_FILE));
  if (!existsSync(file)) {
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      // 'wx': never overwrite; two nodes starting at once on one data dir: one writes, the other reads.
      writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  assertPrivate(file);
  return fromHex(readFileSync(file, 'utf8'), file);
}
