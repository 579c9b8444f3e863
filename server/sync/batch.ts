// The unit of work of one push batch. Mutations read and write records,
// conflicts and counters through it, in memory; everything is written in a
// few multi-row statements just before commit. Why: on PostgreSQL every
// statement is a network round trip, and a SAVEPOINT + reads + writes per
// mutation cost ~1 ms each. Isolation stays exactly as with savepoints: each
// mutation runs in `attempt`, and a Rejection undoes its in-memory writes from
// an undo journal, so a rejected mutation leaves nothing behind and the next
// one sees the state as if it never ran. Writers are serialized by the seq
// counter lock (Storage.write), so nothing else can change these rows between
// our reads and the commit.
import { UUID_PATTERN, type SyncedTable } from '../../shared/domain/record';
import type { Conflict } from '../../shared/sync/protocol';
import { marks, type WriteTx } from '../storage/storage';
import type { ConflictRow, RecordRow } from '../storage/types';
import {
  conflictToRow,
  parseStoredRecord,
  rowToConflict,
  storedRecordJson,
  type RecordData,
  type StoredRecord,
} from './records';

const CHUNK = 500;
const key = (table: string, id: string) => `${table}\u0000${id}`;

interface DirtyRecord {
  table: SyncedTable;
  data: RecordData;
  caseId: string;
  updatedAt: string;
}

export interface RecordRead {
  table: SyncedTable;
  ids: string[];
  statement: { sql: string; params: string[] };
}

/**
 * Every stored record id is a UUID (recordId is validated, and records are only created by push).
 * Anything else, e.g. a `caseId` in a patch, names no record: it is not sent to the database, where
 * a NUL byte in it made PostgreSQL fail the whole push (500) instead of "no such case".
 */
const RECORD_ID = UUID_PATTERN;

/** The queries that read these records: one per table and chunk of ids (non-ids are skipped). */
export function recordReads(keys: { table: SyncedTable; id: string }[]): RecordRead[] {
  const byTable = new Map<SyncedTable, Set<string>>();
  for (const k of keys) {
    if (!RECORD_ID.test(k.id)) continue;
    let ids = byTable.get(k.table);
    if (!ids) byTable.set(k.table, (ids = new Set()));
    ids.add(k.id);
  }
  const reads: RecordRead[] = [];
  for (const [table, idSet] of byTable) {
    const ids = [...idSet];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      reads.push({
        table,
        ids: chunk,
        statement: {
          sql: `SELECT * FROM records WHERE table_name = ? AND id IN (${marks(chunk.length)})`,
          params: [table, ...chunk],
        },
      });
    }
  }
  return reads;
}

export class BatchWriter {
  /** Records read or written in this batch; null = known not to exist. */
  private readonly records = new Map<string, StoredRecord | null>();
  private readonly dirtyRecords = new Map<string, DirtyRecord>();
  private readonly conflicts = new Map<string, Conflict>();
  /** Conflict ids first inserted by this batch (the others exist and are updated). */
  private readonly newConflicts = new Set<string>();
  private readonly dirtyConflicts = new Set<string>();
  private readonly counters = new Map<string, number>();
  private readonly dirtyCounters = new Set<string>();
  private readonly journal: (() => void)[] = [];
  /** For each record the current push wrote: the record as it was when the push began (null: none). */
  private readonly atPushStart = new Map<string, StoredRecord | null>();

  constructor(private readonly tx: WriteTx) {
    tx.beforeCommit(() => this.flush());
  }

  /** Sets a map entry, remembering how to undo it. */
  private set<K, V>(map: Map<K, V>, k: K, v: V): void {
    const had = map.has(k);
    const old = map.get(k);
    map.set(k, v);
    this.journal.push(() => (had ? map.set(k, old as V) : map.delete(k)));
  }

  private add<T>(set: Set<T>, v: T): void {
    if (set.has(v)) return;
    set.add(v);
    this.journal.push(() => set.delete(v));
  }

  /** Runs one mutation: a throw undoes every write it made through this batch. */
  async attempt<T>(fn: () => Promise<T>): Promise<T> {
    const mark = this.journal.length;
    try {
      const out = await fn();
      return out;
    } catch (err) {
      while (this.journal.length > mark) this.journal.pop()!();
      throw err;
    } finally {
      // Committed attempts need no undo information: keep the journal short.
      if (mark === 0) this.journal.length = 0;
    }
  }

  /** Loads the given records in one query per table (and chunk), so mutations find them in memory. */
  async preload(keys: { table: SyncedTable; id: string }[]): Promise<void> {
    const reads = recordReads(keys.filter((k) => !this.records.has(key(k.table, k.id))));
    const rows: RecordRow[][] = [];
    for (const r of reads) rows.push(await this.tx.all<RecordRow>(r.statement.sql, r.statement.params));
    this.absorb(reads, rows);
  }

  /** Takes in the rows of `recordReads` queries run elsewhere (e.g. with the writer lock). */
  absorb(reads: RecordRead[], rows: readonly unknown[][]): void {
    reads.forEach((r, i) => {
      // Only ids this batch knew nothing about: what it already holds (maybe written since) stays.
      const fresh = new Set(r.ids.filter((id) => !this.records.has(key(r.table, id))));
      for (const id of fresh) this.records.set(key(r.table, id), null);
      for (const row of (rows[i] ?? []) as RecordRow[]) {
        if (fresh.has(row.id))
          this.records.set(key(r.table, row.id), { row, data: parseStoredRecord(r.table, row.data) });
      }
    });
  }

  async getRecord(table: SyncedTable, id: string): Promise<StoredRecord | undefined> {
    if (!RECORD_ID.test(id)) return undefined;
    const k = key(table, id);
    if (!this.records.has(k)) await this.preload([{ table, id }]);
    return this.records.get(k) ?? undefined;
  }

  /**
   * Starts a push: from here on recordBeforePush() answers with the records as they are now. Pushes
   * coalesced into one batch each start their own, as if they ran one after the other.
   */
  beginPush(): void {
    this.atPushStart.clear();
  }

  /**
   * The record as it was before the current push wrote it (what rights are judged on). No undo
   * needed: a rejected mutation puts back exactly the version remembered here.
   */
  async recordBeforePush(table: SyncedTable, id: string): Promise<StoredRecord | undefined> {
    const k = key(table, id);
    if (this.atPushStart.has(k)) return this.atPushStart.get(k) ?? undefined;
    return this.getRecord(table, id);
  }

  /** Writes a record version (insert or update); `data` must be a complete, validated record. */
  putRecord(table: SyncedTable, data: RecordData, caseId: string): void {
    const k = key(table, data.id);
    if (!this.atPushStart.has(k)) this.atPushStart.set(k, this.records.get(k) ?? null);
    const row = {
      table_name: table,
      id: data.id,
      office_id: data.officeId,
      case_id: caseId,
      rev: data.rev,
      seq: data.seq,
      data: '',
      deleted: data.deleted ? 1 : 0,
      updated_at: this.tx.now,
      updated_by: String(data.updatedBy),
    };
    this.set(this.records, k, { row, data });
    this.set(this.dirtyRecords, k, { table, data, caseId, updatedAt: this.tx.now });
  }

  async getConflict(id: string): Promise<Conflict | undefined> {
    if (!this.conflicts.has(id)) {
      const row = await this.tx.get<ConflictRow>('SELECT * FROM conflicts WHERE id = ?', [id]);
      if (!row) return undefined;
      this.conflicts.set(id, rowToConflict(row));
    }
    return this.conflicts.get(id);
  }

  insertConflict(c: Conflict): void {
    this.set(this.conflicts, c.id, c);
    this.add(this.newConflicts, c.id);
  }

  updateConflict(c: Conflict): void {
    this.set(this.conflicts, c.id, c);
    this.add(this.dirtyConflicts, c.id);
  }

  /** Takes in counter values read elsewhere (with the writer lock); a name without a row is 0. */
  absorbCounters(names: readonly string[], rows: readonly { name: string; value: number }[]): void {
    for (const name of names) if (!this.counters.has(name)) this.counters.set(name, 0);
    for (const row of rows) if (names.includes(row.name)) this.counters.set(row.name, Number(row.value));
  }

  /** Increments a named counter (case numbers) and returns the new value; undone with its mutation. */
  async increment(name: string): Promise<number> {
    if (!this.counters.has(name)) {
      const row = await this.tx.get<{ value: number }>('SELECT value FROM counters WHERE name = ?', [name]);
      this.counters.set(name, Number(row?.value ?? 0));
    }
    const value = (this.counters.get(name) ?? 0) + 1;
    this.set(this.counters, name, value);
    this.add(this.dirtyCounters, name);
    return value;
  }

  /**
   * Hands what changed since the last call to the transaction (queued, not run: on PostgreSQL they
   * travel in one statement with the audit and mutation rows) and forgets it. Called before commit
   * and, on SQLite, every few mutations (tx.flushWrites): only between attempts, never inside one.
   */
  private async flush(): Promise<void> {
    if (this.journal.length) throw new Error('BatchWriter: flushed inside a mutation');
    const { tx } = this;
    tx.deferInsert(
      'INSERT INTO records (table_name, id, office_id, case_id, rev, seq, data, deleted, updated_at, updated_by)',
      10,
      Array.from(this.dirtyRecords.values(), (r) => [
        r.table,
        r.data.id,
        r.data.officeId,
        r.caseId,
        r.data.rev,
        r.data.seq,
        storedRecordJson(r.table, r.data),
        r.data.deleted ? 1 : 0,
        r.updatedAt,
        r.data.updatedBy,
      ]),
      `ON CONFLICT (table_name, id) DO UPDATE SET rev = excluded.rev, seq = excluded.seq, data = excluded.data,
         deleted = excluded.deleted, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    );
    tx.deferInsert(
      `INSERT INTO conflicts (id, table_name, record_id, case_id, office_id, path, base, server, client,
         server_actor_id, server_at, client_actor_id, client_at, mutation_id, status, resolved_by, resolved_at,
         resolution, seq)`,
      19,
      Array.from(this.newConflicts, (id) => conflictToRow(this.conflicts.get(id)!)),
    );
    for (const id of this.dirtyConflicts) {
      if (this.newConflicts.has(id)) continue;
      const c = this.conflicts.get(id)!;
      tx.deferWrite(
        'UPDATE conflicts SET status = ?, resolved_by = ?, resolved_at = ?, resolution = ?, seq = ? WHERE id = ?',
        [c.status, c.resolvedBy, c.resolvedAt, JSON.stringify(c.resolution ?? null), c.seq, c.id],
      );
    }
    for (const name of this.dirtyCounters) {
      tx.deferWrite(
        `INSERT INTO counters (name, value) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
        [name, this.counters.get(name)],
      );
    }
    // Written: a later change to the same record, conflict or counter writes it again (an upsert,
    // or an UPDATE for a conflict inserted here).
    this.dirtyRecords.clear();
    this.newConflicts.clear();
    this.dirtyConflicts.clear();
    this.dirtyCounters.clear();
  }
}
