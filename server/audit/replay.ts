// Replay: rebuilds each record's current state from its audit entries and compares it with the
// stored record, so a record edited in the database behind the server's back (its data, rev,
// tombstone or owner) is found, and so is a record whose history was cut from the audit.
// Pages through the records table; memory stays bounded by one page and its entries.
import { SERVER_FIELDS, type SyncedTable } from '../../shared/domain/record';
import { APPEND_ONLY_TABLES, RECORD_SCHEMAS } from '../../shared/domain/tables';
import { flatten, jsonEqual, setPath, type Json } from '../../shared/sync/paths';
import type { AuditEntry } from '../../shared/sync/protocol';
import { marks } from '../storage/storage';
import type { AuditRow, RecordRow, Sql } from '../storage/types';
import { parseStoredRecord } from '../sync/records';
import { rowToEntry } from './entry';

export interface RecordMismatch {
  table: string;
  id: string;
  /** What differs; paths only, never values (verify is open to supervisors and admins). */
  problem: string;
  paths?: string[];
}

export interface ReplayCheck {
  /** Records compared, and how many differ from their history. */
  records: number;
  mismatched: number;
  /** The first mismatches (at most 100). */
  mismatches: RecordMismatch[];
}

const PAGE = 500;
const MAX_LISTED = 100;
/** The outcomes that changed a record (rejected and duplicate never do). */
const WROTE = new Set(['applied', 'merged', 'conflict']);
const SERVER_FIELD_SET = new Set<string>(SERVER_FIELDS);

interface State {
  data: Record<string, unknown>;
  /** Paths the audit set: only these may not fall back to a schema default. */
  mentioned: Set<string>;
}

type Obj = Record<string, unknown>;

/** The record a create made: what the person entered, the server's fields, the schema's defaults. */
function created(table: SyncedTable, e: AuditEntry): State {
  let data: Obj = {};
  const mentioned = new Set<string>();
  for (const c of e.changes) {
    data = setPath(data, c.path, c.to as Json);
    mentioned.add(c.path);
  }
  Object.assign(data, {
    id: e.recordId,
    rev: e.rev ?? 1,
    seq: 0,
    updatedAt: e.at,
    updatedBy: e.actorId,
    deleted: false,
    officeId: e.officeId,
  });
  if (table === 'cases') data.openConflicts = 0;
  if (APPEND_ONLY_TABLES.includes(table) && data.authorId === undefined) data.authorId = e.actorId;
  for (const f of ['id', 'deleted', 'officeId', 'openConflicts', 'authorId']) mentioned.add(f);
  const parsed = RECORD_SCHEMAS[table].safeParse(data);
  return { data: parsed.success ? (parsed.data as Obj) : data, mentioned };
}

const stampWith = (s: State, e: AuditEntry, rev: number) => {
  s.data.rev = rev;
  s.data.updatedAt = e.at;
  s.data.updatedBy = e.actorId;
};

/** One entry of the record's own history (update, delete, resolve). */
function applyOwn(s: State, e: AuditEntry): void {
  for (const c of e.changes) {
    s.data = setPath(s.data, c.path, c.to as Json);
    s.mentioned.add(c.path);
  }
  if (e.rev !== null && e.rev > Number(s.data.rev)) stampWith(s, e, e.rev);
}

/** A child record's conflict or resolve moves its case's open-conflict count (op-context.ts). */
function applyChildEffect(s: State, e: AuditEntry): void {
  const open = Number(s.data.openConflicts ?? 0);
  const delta =
    e.action === 'push.resolve'
      ? -1
      : e.detail?.startsWith('conflicts: ')
        ? e.detail.slice(11).split(',').length
        : 1;
  s.data.openConflicts = Math.max(0, open + delta);
  stampWith(s, e, Number(s.data.rev) + 1);
}

/** Paths whose stored leaf differs from the replayed one (null and absent are alike). */
function differing(stored: Obj, s: State): string[] {
  const a = flatten(stored);
  const b = flatten(s.data);
  const out: string[] = [];
  for (const path of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (path === 'seq') continue;
    const mine = a[path] ?? null;
    const replayed = b[path] ?? null;
    if (jsonEqual(mine, replayed)) continue;
    // A default of today's schema that an older record never had: not an edit.
    if (mine === null && !s.mentioned.has(path) && !SERVER_FIELD_SET.has(path)) continue;
    out.push(path);
  }
  return out;
}

function compare(row: RecordRow, s: State | undefined): RecordMismatch | undefined {
  const base = { table: row.table_name, id: row.id };
  if (!s) return { ...base, problem: 'no create in the audit' };
  let stored: Obj;
  try {
    stored = parseStoredRecord(row.table_name as SyncedTable, row.data) as Obj;
  } catch {
    return { ...base, problem: 'stored data is not JSON' };
  }
  const paths = differing(stored, s);
  const columns =
    Number(row.rev) !== Number(stored.rev) ||
    Boolean(Number(row.deleted)) !== Boolean(stored.deleted) ||
    row.office_id !== stored.officeId ||
    row.updated_at !== stored.updatedAt ||
    row.updated_by !== stored.updatedBy;
  if (columns) paths.push('(row columns)');
  if (!paths.length) return undefined;
  return { ...base, problem: 'differs from its audit history', paths: paths.slice(0, 20) };
}

async function entriesOf(sql: Sql, column: 'record_id' | 'case_id', ids: string[]): Promise<AuditEntry[]> {
  if (!ids.length) return [];
  const rows = await sql.all<AuditRow>(
    `SELECT * FROM audit WHERE ${column} IN (${marks(ids.length)}) AND table_name IS NOT NULL ORDER BY seq`,
    ids,
  );
  return rows.map(rowToEntry);
}

/** Replays one page of records against their entries. */
async function replayPage(sql: Sql, rows: RecordRow[]): Promise<RecordMismatch[]> {
  const own = await entriesOf(
    sql,
    'record_id',
    rows.map((r) => r.id),
  );
  const caseIds = rows.filter((r) => r.table_name === 'cases').map((r) => r.id);
  const children = (await entriesOf(sql, 'case_id', caseIds)).filter(
    (e) =>
      e.table !== 'cases' &&
      ((e.action === 'push.update' && e.outcome === 'conflict') ||
        (e.action === 'push.resolve' && (e.outcome === 'applied' || e.outcome === 'merged'))),
  );
  const events = [
    ...own.map((e) => ({ e, child: false })),
    ...children.map((e) => ({ e, child: true })),
  ].sort((x, y) => x.e.seq - y.e.seq);
  const states = new Map<string, State>();
  const key = (table: string | null | undefined, id: string | null | undefined) => `${table}/${id}`;
  for (const { e, child } of events) {
    if (!WROTE.has(e.outcome)) continue;
    if (child) {
      const s = states.get(key('cases', e.caseId));
      if (s) applyChildEffect(s, e);
      continue;
    }
    const k = key(e.table, e.recordId);
    if (e.action === 'push.create') {
      states.set(k, created(e.table as SyncedTable, e));
      continue;
    }
    const s = states.get(k);
    if (s) applyOwn(s, e);
  }
  const out: RecordMismatch[] = [];
  for (const row of rows) {
    const m = compare(row, states.get(key(row.table_name, row.id)));
    if (m) out.push(m);
  }
  return out;
}

export async function replayRecords(sql: Sql): Promise<ReplayCheck> {
  const check: ReplayCheck = { records: 0, mismatched: 0, mismatches: [] };
  const note = (m: RecordMismatch) => {
    check.mismatched += 1;
    if (check.mismatches.length < MAX_LISTED) check.mismatches.push(m);
  };
  let after: [string, string] = ['', ''];
  for (;;) {
    const rows = await sql.all<RecordRow>(
      'SELECT * FROM records WHERE table_name > ? OR (table_name = ? AND id > ?) ORDER BY table_name, id LIMIT ?',
      [after[0], after[0], after[1], PAGE],
    );
    if (!rows.length) break;
    check.records += rows.length;
    for (const m of await replayPage(sql, rows)) note(m);
    const last = rows[rows.length - 1]!;
    after = [last.table_name, last.id];
    if (rows.length < PAGE) break;
  }
  // A record the audit created that is gone from the records table.
  const gone = await sql.all<{ table_name: string; record_id: string }>(
    `SELECT a.table_name, a.record_id FROM audit a
     WHERE a.action = 'push.create' AND a.outcome = 'applied'
       AND NOT EXISTS (SELECT 1 FROM records r WHERE r.table_name = a.table_name AND r.id = a.record_id)`,
  );
  for (const g of gone)
    note({ table: g.table_name, id: g.record_id, problem: 'created in the audit, missing from the records' });
  return check;
}
