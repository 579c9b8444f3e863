// Row access for synced records and conflicts. A record row holds only the
// latest version (history lives in the audit), re-stamped with a new seq on
// every write, so "changed after cursor" is one index range scan. Push writes go
// through BatchWriter (batch.ts); this file holds the row <-> object mapping.
import type { Conflict } from '../../shared/sync/protocol';
import type { SyncedTable } from '../../shared/domain/record';
import type { WriteTx } from '../storage/storage';
import type { ConflictRow, RecordRow, Sql } from '../storage/types';

export type RecordData = Record<string, unknown> & { id: string; rev: number; seq: number; officeId: string };

export interface StoredRecord {
  row: RecordRow;
  data: RecordData;
}

export async function getRecord(sql: Sql, table: SyncedTable, id: string): Promise<StoredRecord | undefined> {
  const row = await sql.get<RecordRow>('SELECT * FROM records WHERE table_name = ? AND id = ?', [table, id]);
  return row ? { row, data: JSON.parse(row.data) as RecordData } : undefined;
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
