// Versioned schema migrations, run at start on both databases. Each migration
// is applied once, in order, recorded in schema_migrations. Tables use types
// both engines read the same way (TEXT for JSON and ISO times, INTEGER/BIGINT
// for numbers and flags), so one set of queries serves both.
import { DEVICES_TABLE } from '../devices/migration';
import type { DbKind, SqlDriver, TxSql } from './types';

interface Migration {
  version: number;
  name: string;
  sql: (kind: DbKind) => string[];
}

/**
 * Triggers that refuse UPDATE and DELETE of `table` (and TRUNCATE on PostgreSQL), with `message`.
 * On PostgreSQL they call the function `fn`, created here unless an earlier migration made it.
 */
const appendOnlyTriggers = (
  kind: DbKind,
  table: string,
  message: string,
  fn = { name: `posko_${table}_append_only`, create: true },
): string[] =>
  kind === 'sqlite'
    ? [
        `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
         BEGIN SELECT RAISE(ABORT, '${message}'); END`,
        `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
         BEGIN SELECT RAISE(ABORT, '${message}'); END`,
      ]
    : [
        ...(fn.create
          ? [
              `CREATE FUNCTION ${fn.name}() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN RAISE EXCEPTION '${message}'; END $$`,
            ]
          : []),
        `CREATE TRIGGER ${table}_no_update BEFORE UPDATE OR DELETE ON ${table}
         FOR EACH ROW EXECUTE FUNCTION ${fn.name}()`,
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION ${fn.name}()`,
      ];

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: (kind) => [
      `CREATE TABLE offices (
        id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, created_at TEXT NOT NULL)`,
      `CREATE TABLE users (
        id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL,
        office_id TEXT REFERENCES offices(id), password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
      `CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), device_id TEXT NOT NULL,
        created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT)`,
      `CREATE INDEX sessions_user ON sessions (user_id)`,
      `CREATE TABLE records (
        table_name TEXT NOT NULL, id TEXT NOT NULL, office_id TEXT NOT NULL, case_id TEXT NOT NULL,
        rev INTEGER NOT NULL, seq BIGINT NOT NULL, data TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL, updated_by TEXT NOT NULL, PRIMARY KEY (table_name, id))`,
      `CREATE UNIQUE INDEX records_seq ON records (seq)`,
      `CREATE INDEX records_office_seq ON records (office_id, seq)`,
      `CREATE INDEX records_case ON records (case_id)`,
      `CREATE TABLE mutations (
        mutation_id TEXT PRIMARY KEY, actor_id TEXT NOT NULL, result TEXT NOT NULL, created_at TEXT NOT NULL)`,
      `CREATE TABLE conflicts (
        id TEXT PRIMARY KEY, table_name TEXT NOT NULL, record_id TEXT NOT NULL, case_id TEXT,
        office_id TEXT NOT NULL, path TEXT NOT NULL, base TEXT NOT NULL, server TEXT NOT NULL, client TEXT NOT NULL,
        server_actor_id TEXT, server_at TEXT, client_actor_id TEXT NOT NULL, client_at TEXT NOT NULL,
        mutation_id TEXT NOT NULL, status TEXT NOT NULL, resolved_by TEXT, resolved_at TEXT, resolution TEXT,
        seq BIGINT NOT NULL)`,
      `CREATE UNIQUE INDEX conflicts_seq ON conflicts (seq)`,
      `CREATE INDEX conflicts_office_seq ON conflicts (office_id, seq)`,
      `CREATE INDEX conflicts_record ON conflicts (table_name, record_id)`,
      `CREATE TABLE audit (
        seq BIGINT PRIMARY KEY, at TEXT NOT NULL, client_time TEXT, actor_id TEXT, device_id TEXT,
        action TEXT NOT NULL, table_name TEXT, record_id TEXT, mutation_id TEXT, base_rev INTEGER, rev INTEGER,
        changes TEXT NOT NULL, outcome TEXT NOT NULL, conflict_id TEXT, office_id TEXT, case_id TEXT,
        detail TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)`,
      `CREATE INDEX audit_record ON audit (record_id, seq)`,
      `CREATE INDEX audit_case ON audit (case_id, seq)`,
      `CREATE INDEX audit_actor ON audit (actor_id, seq)`,
      `CREATE INDEX audit_office ON audit (office_id, seq)`,
      `CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)`,
      `INSERT INTO counters (name, value) VALUES ('seq', 0), ('audit', 0)`,
      ...appendOnlyTriggers(kind, 'audit', 'audit is append-only'),
    ],
  },
  {
    version: 2,
    name: 'audit checkpoints',
    // Signed heads of the audit chain (server/audit/anchor.ts): `n` counts them without gaps, one
    // per head (unique seq), so two nodes never store two for the same head. Append-only like the audit.
    sql: (kind) => [
      `CREATE TABLE audit_checkpoints (
        n BIGINT PRIMARY KEY, seq BIGINT NOT NULL UNIQUE, hash TEXT NOT NULL, at TEXT NOT NULL,
        key_id TEXT NOT NULL, signature TEXT NOT NULL)`,
      // The audit's own function on PostgreSQL (made by migration 1).
      ...appendOnlyTriggers(kind, 'audit_checkpoints', 'audit checkpoints are append-only', {
        name: 'posko_audit_append_only',
        create: false,
      }),
    ],
  },
  {
    version: 3,
    name: 'document files',
    // Issue 16 (server/files/). file_uploads: tus upload state, in the database so that any node
    // resumes an upload; offset_bytes is what is durably staged. file_upload_chunks: staged bytes
    // on PostgreSQL (SQLite stages in a folder). file_blobs: one row per stored blob (by SHA-256),
    // written after its sealed segments, so a blob without its row is never served.
    // file_blob_chunks: sealed segments on PostgreSQL. document_files: every stored version of a
    // document's file, append-only (no operator hard-deletes a stored file).
    sql: (kind) => {
      const bytes = kind === 'postgres' ? 'BYTEA' : 'BLOB';
      return [
        `CREATE TABLE file_uploads (
          id TEXT PRIMARY KEY, document_id TEXT NOT NULL, case_id TEXT NOT NULL, office_id TEXT NOT NULL,
          user_id TEXT NOT NULL, device_id TEXT NOT NULL, size BIGINT NOT NULL, offset_bytes BIGINT NOT NULL,
          sha256 TEXT NOT NULL, filename TEXT NOT NULL, mime_claimed TEXT NOT NULL, metadata TEXT NOT NULL,
          state TEXT NOT NULL, result TEXT, created_at TEXT NOT NULL, finished_at TEXT)`,
        `CREATE INDEX file_uploads_document ON file_uploads (document_id)`,
        `CREATE TABLE file_upload_chunks (
          upload_id TEXT NOT NULL, start BIGINT NOT NULL, data ${bytes} NOT NULL, PRIMARY KEY (upload_id, start))`,
        `CREATE TABLE file_blobs (
          sha256 TEXT PRIMARY KEY, size BIGINT NOT NULL, kind TEXT NOT NULL, segments INTEGER NOT NULL,
          created_at TEXT NOT NULL)`,
        `CREATE TABLE file_blob_chunks (
          sha256 TEXT NOT NULL, idx INTEGER NOT NULL, data ${bytes} NOT NULL, PRIMARY KEY (sha256, idx))`,
        `CREATE TABLE document_files (
          id TEXT PRIMARY KEY, document_id TEXT NOT NULL, case_id TEXT NOT NULL, office_id TEXT NOT NULL,
          version INTEGER NOT NULL, sha256 TEXT NOT NULL, size BIGINT NOT NULL, name TEXT NOT NULL,
          kind TEXT NOT NULL, stored_by TEXT NOT NULL, stored_at TEXT NOT NULL, upload_id TEXT NOT NULL UNIQUE,
          UNIQUE (document_id, version))`,
        `CREATE INDEX document_files_case ON document_files (case_id)`,
        `CREATE INDEX document_files_office ON document_files (office_id, sha256)`,
        ...appendOnlyTriggers(kind, 'document_files', 'stored file versions are append-only'),
      ];
    },
  },
  {
    version: 4,
    name: 'device register',
    // Issue 19 (server/devices/): one row per console that signed in, and its revocation.
    sql: () => DEVICES_TABLE,
  },
  {
    version: 5,
    name: 'case moves',
    // Issue 17 (server/sync/handover.ts): a case handed over to another office leaves its records
    // in the receiving office; the sending office's consoles learn to drop it from these rows
    // (GET /v1/cases/moved, after their own cursor), seq from the same counter as records.
    sql: () => [
      `CREATE TABLE case_moves (
        seq BIGINT PRIMARY KEY, case_id TEXT NOT NULL, from_office_id TEXT NOT NULL,
        to_office_id TEXT NOT NULL, at TEXT NOT NULL, actor_id TEXT NOT NULL, reason TEXT NOT NULL)`,
      `CREATE INDEX case_moves_from ON case_moves (from_office_id, seq)`,
    ],
  },
];

export const LATEST_MIGRATION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

async function applied(tx: TxSql): Promise<Set<number>> {
  const rows = await tx.all<{ version: number }>('SELECT version FROM schema_migrations');
  return new Set(rows.map((r) => Number(r.version)));
}

export async function migrate(driver: SqlDriver): Promise<number[]> {
  return driver.transaction(async (tx) => {
    // Several API nodes may start at once against one PostgreSQL: one migrates, the others wait.
    // The lock comes first: even CREATE TABLE IF NOT EXISTS races on an empty database.
    if (driver.kind === 'postgres') await tx.run('SELECT pg_advisory_xact_lock(4870001)');
    await tx.run(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const done = await applied(tx);
    const ran: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      for (const statement of m.sql(driver.kind)) await tx.run(statement);
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
      ran.push(m.version);
    }
    return ran;
  });
}
