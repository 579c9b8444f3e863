// A byte-for-byte dump of the server's database, read through the server's own
// storage (works on SQLite and PostgreSQL alike), and the check that refused
// input changed nothing except what the documented design records on purpose:
// audit entries of refusals (failed logins, permission refusals, rejected or
// duplicate push mutations), of audit reads, exports and checkpoints, the stored
// first result of a rejected mutation, and the audit counter that follows the chain.
import type { Storage } from '../../server/storage/storage';

export type TableDump = Map<string, string>;
export type DbDump = Map<string, TableDump>;

/** Tables compared in full after every request. */
const STRICT_TABLES = [
  'offices',
  'users',
  'sessions',
  'records',
  'conflicts',
  'schema_migrations',
  // Stored files (issue 16): bad input must not start, stage or record an upload either.
  'file_uploads',
  'file_upload_chunks',
  'file_blobs',
  'file_blob_chunks',
  'document_files',
  // Device register (issue 19): refused input neither registers nor revokes a device.
  'devices',
  // Case hand-overs (issue 17): refused input moves no case.
  'case_moves',
];

export async function listTables(storage: Storage): Promise<string[]> {
  const rows =
    storage.kind === 'sqlite'
      ? await storage.sql.all<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
      : await storage.sql.all<{ name: string }>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
        );
  return rows.map((r) => r.name);
}

const KEY: Record<string, string> = {
  offices: 'id',
  users: 'id',
  sessions: 'token_hash',
  records: 'table_name, id',
  conflicts: 'id',
  schema_migrations: 'version',
  mutations: 'mutation_id',
  audit: 'seq',
  audit_checkpoints: 'n',
  counters: 'name',
  file_uploads: 'id',
  file_upload_chunks: 'upload_id, start',
  file_blobs: 'sha256',
  file_blob_chunks: 'sha256, idx',
  document_files: 'id',
  devices: 'id',
  case_moves: 'seq',
};

/** Every row of a table as canonical JSON (sorted keys, numbers normalised), keyed by primary key. */
export async function dumpTable(storage: Storage, table: string, where = ''): Promise<TableDump> {
  const key = KEY[table];
  if (!key) throw new Error(`unknown table ${table}: add it to the fuzz oracle`);
  const rows = await storage.sql.all<Record<string, unknown>>(
    `SELECT * FROM ${table} ${where} ORDER BY ${key}`,
  );
  const out: TableDump = new Map();
  for (const row of rows) {
    const canon = Object.keys(row)
      .sort()
      .map((k) => {
        const v = row[k];
        // pg returns BIGINT as a string: compare values, not driver representations.
        return [k, typeof v === 'bigint' || (typeof v === 'string' && /^\d+$/.test(v)) ? String(v) : v];
      });
    out.set(
      key
        .split(', ')
        .map((k) => String(row[k]))
        .join('|'),
      JSON.stringify(canon),
    );
  }
  return out;
}

export async function dumpAll(storage: Storage): Promise<DbDump> {
  const dump: DbDump = new Map();
  for (const t of await listTables(storage)) dump.set(t, await dumpTable(storage, t));
  return dump;
}

export function diffTable(before: TableDump, after: TableDump): string[] {
  const out: string[] = [];
  for (const [k, v] of before) {
    const now = after.get(k);
    if (now === undefined) out.push(`row ${k} removed`);
    else if (now !== v) out.push(`row ${k} changed: ${v.slice(0, 200)} -> ${now.slice(0, 200)}`);
  }
  for (const [k, v] of after) if (!before.has(k)) out.push(`row ${k} added: ${v.slice(0, 300)}`);
  return out;
}

export interface AuditRowLite {
  seq: number;
  action: string;
  outcome: string;
  mutation_id: string | null;
}

/** A refusal the design records on purpose (docs/sync-protocol.md: audit, idempotency). */
export function allowedAuditEntry(e: AuditRowLite): boolean {
  if (e.action === 'auth.login') return e.outcome === 'failed';
  if (e.action === 'permission.refused') return e.outcome === 'refused';
  if (e.action.startsWith('push.')) return e.outcome === 'rejected' || e.outcome === 'duplicate';
  // Reads of case values, exports and checkpoints are audited by design (sync-protocol.md, audit).
  if (e.action === 'audit.read' || e.action === 'audit.export') return e.outcome === 'ok';
  if (e.action === 'audit.checkpoint') return e.outcome === 'ok' || e.outcome === 'refused';
  return false;
}

/**
 * The whole-database oracle: strict tables identical; counters identical except `audit`; baseline
 * audit and mutation rows untouched; every new audit entry an allowed refusal; every new mutation
 * row a stored rejection.
 */
export async function compareWithBaseline(storage: Storage, base: DbDump): Promise<string[]> {
  const problems: string[] = [];
  const tables = await listTables(storage);
  const expected = [...base.keys()].sort();
  if (JSON.stringify(tables) !== JSON.stringify(expected))
    problems.push(`tables changed: ${expected.join(',')} -> ${tables.join(',')}`);
  for (const t of STRICT_TABLES)
    for (const d of diffTable(base.get(t)!, await dumpTable(storage, t))) problems.push(`${t}: ${d}`);
  const counters = await dumpTable(storage, 'counters');
  const baseCounters = new Map(base.get('counters'));
  baseCounters.delete('audit');
  counters.delete('audit');
  for (const d of diffTable(baseCounters, counters)) problems.push(`counters: ${d}`);
  for (const t of ['audit', 'mutations']) {
    const now = await dumpTable(storage, t);
    const before = base.get(t)!;
    for (const d of diffTable(before, new Map([...now].filter(([k]) => before.has(k)))))
      problems.push(`${t}: ${d}`);
    for (const [k, v] of now) {
      if (before.has(k)) continue;
      const row = Object.fromEntries(JSON.parse(v) as [string, unknown][]);
      if (t === 'audit' && !allowedAuditEntry(row as unknown as AuditRowLite))
        problems.push(
          `audit: entry ${k} of kind ${String(row.action)}/${String(row.outcome)} is not a refusal`,
        );
      if (
        t === 'mutations' &&
        (JSON.parse(String(row.result)) as { outcome?: string }).outcome !== 'rejected'
      )
        problems.push(`mutations: ${k} stored as ${String(row.result).slice(0, 200)}`);
    }
  }
  return problems;
}
