// A consistent copy of the live SQLite database through SQLite's online backup API
// (better-sqlite3's db.backup), safe while the server writes: the copy is the database as of one
// commit. The whole database is copied in one step, so a commit of the server between steps cannot
// restart the copy over and over under write load (SQLite restarts a multi-step backup whenever
// another connection writes the source).
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export const SQLITE_FILE = 'posko.sqlite';

export interface CopyFacts {
  migration: number;
  headSeq: number;
  auditHead: { seq: number; hash: string };
}

/** What the copy holds, read from the copy itself (so it matches the archived database exactly). */
export function readFacts(db: Database.Database): CopyFacts {
  const migration = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as {
    v: number | null;
  };
  const seq = db.prepare("SELECT value FROM counters WHERE name = 'seq'").get() as
    { value: number } | undefined;
  const head = db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as
    { seq: number; hash: string } | undefined;
  return {
    migration: Number(migration.v ?? 0),
    headSeq: Number(seq?.value ?? 0),
    auditHead: head ? { seq: Number(head.seq), hash: head.hash } : { seq: 0, hash: '' },
  };
}

/** Copies `<dataDir>/posko.sqlite` to `dest` and checks the copy; returns what it holds. */
export async function copySqlite(dataDir: string, dest: string): Promise<CopyFacts> {
  const source = path.join(dataDir, SQLITE_FILE);
  if (!existsSync(source)) throw new Error(`no SQLite database at ${source}`);
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(dest, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  const copy = new Database(dest, { fileMustExist: true });
  try {
    // The copy is a rollback-journal database file of its own; a damaged one is refused here,
    // not found out during a restore.
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copied database fails its check: ${String(check)}`);
    return readFacts(copy);
  } finally {
    copy.close();
  }
}
