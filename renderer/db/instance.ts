// The console's one database and repository. Imported only by the composition
// root (renderer/main.tsx), which hands them to SyncShell; components reach them
// through React context (useRepository() in features/sync/sync-context.tsx).
// Created lazily so tests and benchmarks can build their own PoskoDb instead.
import { getPlatform } from '../platform/get-platform';
import { PoskoDb } from './database';
import { sharedFileCipher } from './file-crypto';
import type { FileCipher } from './file-crypto';
import { Repository } from './repository';

let db: PoskoDb | null = null;
let repository: Repository | null = null;
let cipher: FileCipher | null = null;

/** One cipher for the database upgrade, the repository and the file sync (sharedFileCipher), so the key is read (or made) once. */
function fileCipher(): FileCipher {
  cipher ??= sharedFileCipher(getPlatform().secrets);
  return cipher;
}

export function getDb(): PoskoDb {
  db ??= new PoskoDb(undefined, { fileCipher: fileCipher() });
  return db;
}

export function getRepository(): Repository {
  repository ??= new Repository(getDb(), { fileCipher: fileCipher() });
  return repository;
}
