// Which files of the data directory go into a backup. Whatever lives there is picked up (the
// document BlobStore's folder today, anything added later), except:
// - the live SQLite database files: the database is copied through SQLite's backup API instead,
//   since copying a database file that is being written gives a torn copy;
// - key files, unless asked for: a backup that holds the file key next to the encrypted blobs, or
//   the audit signing key, is worth as much to a thief as the server itself (docs/deployment.md);
// - scratch folders (`tmp`) and unfinished uploads (`*.part`), which are not durable state and may
//   change size while they are read.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_KEY_FILE } from '../audit/signing-config';
import { DEFAULT_FILES_KEY_FILE } from '../files/key';

export const SQLITE_FILES = ['posko.sqlite', 'posko.sqlite-wal', 'posko.sqlite-shm', 'posko.sqlite-journal'];
/** Key files at their default places in the data directory. */
export const KEY_FILES = [DEFAULT_KEY_FILE, DEFAULT_FILES_KEY_FILE];

function excluded(rel: string, includeKeys: boolean): boolean {
  const parts = rel.split(path.sep);
  if (parts.length === 1 && SQLITE_FILES.includes(rel)) return true;
  if (parts.length === 1 && KEY_FILES.includes(rel)) return !includeKeys;
  if (parts.some((p) => p === 'tmp' || p.startsWith('.posko-backup-'))) return true;
  return rel.endsWith('.part');
}

/** Relative paths of the files to back up, sorted; links and other non-files are skipped. */
export function listDataFiles(dataDir: string, includeKeys: boolean): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    const dir = path.join(dataDir, rel);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const child = rel ? path.join(rel, entry.name) : entry.name;
      if (excluded(child, includeKeys)) continue;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  walk('');
  return out.sort();
}
