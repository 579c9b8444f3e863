// `admin backup` and `admin restore` (docs/deployment.md, "Backups"). A backup is one gzipped tar
// archive (node-tar): the manifest, the database's own copy (SQLite backup API or pg_dump) and the
// data directory's files. The database is copied FIRST: document blobs are written before the row
// that names them and never change (content-addressed), so every blob a copied row names is already
// on disk when the files are read after it. Blobs stored later are extra and harmless.
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as tar from 'tar';
import { LATEST_MIGRATION } from '../storage/migrations';
import { KEY_FILES, listDataFiles } from './data-files';
import { BackupManifest, DATA_PREFIX, DB_ENTRY, MANIFEST_NAME } from './manifest';
import { dumpPostgres, restorePostgres, tablesIn } from './pg-dump';
import { copySqlite, readFacts, SQLITE_FILE, type CopyFacts } from './sqlite-copy';

export interface BackupTarget {
  dataDir: string;
  /** Set: PostgreSQL (the server's DATABASE_URL); unset: SQLite in the data directory. */
  databaseUrl?: string;
}

export interface BackupOptions extends BackupTarget {
  out: string;
  includeKeys?: boolean;
}

/** Reads the facts of a PostgreSQL database the same way readFacts reads a SQLite copy. */
async function pgFacts(databaseUrl: string): Promise<CopyFacts> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // One snapshot for the three reads; pg_dump takes its own a moment later, so these are a lower
    // bound of what the dump holds (the dump may hold a few commits more).
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const m = await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
    const s = await client.query<{ value: string }>("SELECT value FROM counters WHERE name = 'seq'");
    const h = await client.query<{ seq: string; hash: string }>(
      'SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1',
    );
    await client.query('COMMIT');
    const head = h.rows[0];
    return {
      migration: Number(m.rows[0]?.v ?? 0),
      headSeq: Number(s.rows[0]?.value ?? 0),
      auditHead: head ? { seq: Number(head.seq), hash: head.hash } : { seq: 0, hash: '' },
    };
  } finally {
    await client.end();
  }
}

export async function backup(opts: BackupOptions): Promise<BackupManifest> {
  const out = path.resolve(opts.out);
  const dataDir = path.resolve(opts.dataDir);
  const kind = opts.databaseUrl ? 'postgres' : 'sqlite';
  // Staged beside the archive (same file system), removed afterwards.
  const stage = await mkdtemp(path.join(path.dirname(out), '.posko-backup-'));
  try {
    mkdirSync(path.join(stage, 'db'));
    const dbFile = path.join(stage, DB_ENTRY[kind]);
    let facts: CopyFacts;
    if (opts.databaseUrl) {
      facts = await pgFacts(opts.databaseUrl);
      await dumpPostgres(opts.databaseUrl, dbFile);
    } else {
      facts = await copySqlite(dataDir, dbFile);
    }
    // The data directory's files enter the archive through a link, under data/.
    const files = existsSync(dataDir) ? listDataFiles(dataDir, Boolean(opts.includeKeys)) : [];
    if (files.length) symlinkSync(dataDir, path.join(stage, DATA_PREFIX), 'dir');
    const manifest: BackupManifest = {
      format: 'posko-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      database: kind,
      ...facts,
      includesKeys: Boolean(opts.includeKeys) && files.some((f) => KEY_FILES.includes(f)),
      files,
    };
    writeFileSync(path.join(stage, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
    const entries = [MANIFEST_NAME, DB_ENTRY[kind], ...files.map((f) => path.join(DATA_PREFIX, f))];
    const partial = `${out}.partial`;
    // portable: no owner names or device numbers of this machine in the archive.
    // The archive is personal data: readable by its owner only, like the database itself.
    closeSync(openSync(partial, 'w', 0o600));
    await tar.create({ file: partial, cwd: stage, gzip: true, portable: true, strict: true }, entries);
    chmodSync(partial, 0o600);
    renameSync(partial, out);
    return manifest;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** The manifest of an archive, read without unpacking the rest. */
export async function readManifest(file: string): Promise<BackupManifest> {
  let text = '';
  await tar.list({
    file,
    filter: (p) => p === MANIFEST_NAME,
    onReadEntry: (entry) => {
      entry.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    },
  });
  if (!text) throw new Error(`${file} is not a Posko backup (no ${MANIFEST_NAME})`);
  const parsed = BackupManifest.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(`${file}: unreadable backup manifest (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

export interface RestoreOptions extends BackupTarget {
  from: string;
}

export async function restore(opts: RestoreOptions): Promise<BackupManifest> {
  const from = path.resolve(opts.from);
  const dataDir = path.resolve(opts.dataDir);
  const manifest = await readManifest(from);
  const kind = opts.databaseUrl ? 'postgres' : 'sqlite';
  if (manifest.database !== kind)
    throw new Error(
      `the backup is of a ${manifest.database} database; this configuration uses ${kind} (${
        kind === 'sqlite' ? 'DATABASE_URL is unset' : 'DATABASE_URL is set'
      })`,
    );
  if (manifest.migration > LATEST_MIGRATION)
    throw new Error(`the backup comes from a newer Posko (migration ${manifest.migration}); update first`);
  // Only into an empty place: a restore never mixes with, or overwrites, data that is there.
  if (existsSync(dataDir) && readdirSync(dataDir).length)
    throw new Error(`data directory ${dataDir} is not empty: restore only into an empty one`);
  if (opts.databaseUrl && (await tablesIn(opts.databaseUrl)) > 0)
    throw new Error('the PostgreSQL schema is not empty: restore only into an empty database');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const stage = path.join(dataDir, `.posko-backup-restore`);
  mkdirSync(stage, { mode: 0o700 });
  try {
    // node-tar refuses absolute paths and `..` in entries (no writes outside the folder).
    await tar.extract({ file: from, cwd: stage, strict: true, preserveOwner: false });
    const dataPart = path.join(stage, DATA_PREFIX);
    if (existsSync(dataPart))
      for (const name of readdirSync(dataPart))
        renameSync(path.join(dataPart, name), path.join(dataDir, name));
    const dbFile = path.join(stage, DB_ENTRY[kind]);
    if (!existsSync(dbFile)) throw new Error(`the backup has no ${DB_ENTRY[kind]}`);
    if (opts.databaseUrl) {
      await restorePostgres(opts.databaseUrl, dbFile);
    } else {
      const target = path.join(dataDir, SQLITE_FILE);
      renameSync(dbFile, target);
      chmodSync(target, 0o600);
      const db = new Database(target, { fileMustExist: true });
      try {
        const facts = readFacts(db);
        if (facts.auditHead.hash !== manifest.auditHead.hash)
          throw new Error('the restored database does not match its manifest (audit head differs)');
      } finally {
        db.close();
      }
    }
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  return manifest;
}
