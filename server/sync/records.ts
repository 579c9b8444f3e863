// Row access for synced records and conflicts. A record row holds only the
// latest version (history lives in the audit), re-stamped with a new seq on
// every write, so "changed after cursor" is one index range scan. Push writes go
// through BatchWriter (batch.ts); this file holds the row <-> object mapping.
//
// Stored compact: `data` is written without the leaves that equal their schema default
// (compactRecord, shared/sync/wire.ts), the very bytes a compact pull sends, so a first sync
// splices stored bytes instead of parsing, compacting and writing every record again. Everything
// that reads `data` for the record itself goes through parseStoredRecord, which restores the
// defaults: merge, rules, audit replay and non-compact pulls all see the full record, and a row
// written full before this (or by hand) passes through unchanged, so old rows need no migration.
// The defaults restored are today's schema's: changing a default (not adding a field) needs a
// migration that rewrites stored rows first (tests/unit/shared/wire-defaults.test.ts pins them).
import type { Conflict } from '../../shared/sync/protocol';
import type { SyncedTable } from '../../shared/domain/record';
import { compactRecord, expandRecord } from '../../shared/sync/wire';
import type { WriteTx } from '../storage/storage';
import type { ConflictRow, RecordRow, Sql } from '../storage/types';

export type RecordData = Record<string, unknown> & { id: string; rev: number; seq: number; officeId: string };

export interface StoredRecord {
  row: RecordRow;
  data: RecordData;
}

/** The full record of a stored `data` text (compact or full): every left-out default restored. */
export function parseStoredRecord(table: SyncedTable, data: string): RecordData {
  return expandRecord(table, JSON.parse(data) as Record<string, unknown>) as RecordData;
}

/** The `data` text to store for a complete, validated record: compact, as a compact pull sends it. */
export function storedRecordJson(table: SyncedTable, record: Record<string, unknown>): string {
  return JSON.stringify(compactRecord(table, record));
}

export async function getRecord(sql: Sql, table: SyncedTable, id: string): Promise<StoredRecord | undefined> {
  const row = await sql.get<RecordRow>('SELECT * FROM records WHERE table_name = ? AND id = ?', [table, id]);
  return row ? { row, data: parseStoredRecord(table, row.data) } : undefined;
}

/** Stamps a new server version of `data`: rev + 1 and a fresh seq. */
export function stamp(tx: WriteTx, data: Record<string, unknown>, rev: number, actorId: string): RecordData {
  return {
    ...data,
    rev: rev + 1,
    seq: tx.nextSeq(String(data.officeId)),
    updatedAt: tx.now,
    updatedBy: actorId,
  } as unknown as RecordData;
}

export function rowToConflict(row: ConflictRow): Conflict {
  const conflict: Conflict = {
    id: row.id,
    table: row.table_name as SyncedTable,
    recordId: row.record_id,
    caseId: row.case_id,
    officeId: row.office_id,
    path: row.path,
    base: JSON.parse(row.base) as unknown,
    server: JSON.parse(row.server) as unknown,
    client: JSON.parse(row.client) as unknown,
    serverActorId: row.server_actor_id,
    serverAt: row.server_at,
    clientActorId: row.client_actor_id,
    clientAt: row.client_at,
    mutationId: row.mutation_id,
    status: row.status === 'resolved' ? 'resolved' : 'open',
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
    seq: Number(row.seq),
  };
  if (row.resolution !== null) conflict.resolution = JSON.parse(row.resolution) as unknown;
  return conflict;
}

/** The 19 column values of a conflicts row, in table order. */
export function conflictToRow(c: Conflict): unknown[] {
  return [
    c.id,
    c.table,
    c.recordId,
    c.caseId,
    c.officeId,
    c.path,
    JSON.stringify(c.base ?? null),
    JSON.stringify(c.server ?? null),
    JSON.stringify(c.client ?? null),
    c.serverActorId,
    c.serverAt,
    c.clientActorId,
    c.clientAt,
    c.mutationId,
    c.status,
    c.resolvedBy,
    c.resolvedAt,
    c.resolution === undefined ? null : JSON.stringify(c.resolution),
    c.seq,
  ];
}
