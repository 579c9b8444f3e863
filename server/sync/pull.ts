// GET /v1/sync/pull: records and conflicts of the caller's office changed
// after `cursor`, merged into one seq-ordered stream. Both queries run in one
// read snapshot, and the seq counter orders commits, so a cursor never passes
// a change that commits later. Cost: two index range scans on (office_id, seq).
//
// The response is built as bytes: each record is stored as the JSON text the
// server wrote after validating it, so it is spliced in as is. SQLite hands it
// over as its UTF-8 bytes (CAST AS BLOB), so a page of 5,000 records is never
// turned into JavaScript strings, concatenated, and encoded back to UTF-8 for
// the socket: that was two thirds of the server's time on a first sync.
//
// Records are stored compact (records.ts: without the leaves that equal their schema default), so
// a console that asks for compact records (`?compact=<schema version>`, shared/sync/wire.ts) gets
// the stored bytes spliced as they are; a row stored full before that is valid for it too, since
// the console restores defaults whatever it gets. A client that asks for nothing (an older one)
// gets full records as before: each one parsed, its defaults restored and written again, the
// slow path.
import { SYNCED_TABLES, type SyncedTable } from '../../shared/domain/record';
import type { Storage } from '../storage/storage';
import type { ConflictRow } from '../storage/types';
import { parseStoredRecord, rowToConflict } from './records';

interface RecordBytes {
  /** One of ours: records are only written by push, for a validated table. */
  table_name: SyncedTable;
  /** The stored JSON: its UTF-8 bytes on SQLite, text on PostgreSQL. */
  data: Buffer | string;
  seq: number;
}

const SELECT_BYTES = {
  sqlite: 'CAST(data AS BLOB) AS data',
  postgres: 'data',
} as const;
/** Full records are parsed anyway: text from both databases. */
const SELECT_TEXT = 'data';

const COMMA = Buffer.from(',');
const RECORD_END = Buffer.from('}');
const CHANGES_START = Buffer.from('{"changes":[');
/** `{"table":"cases","record":` and so on: the bytes before each record, one per synced table. */
const RECORD_START = Object.fromEntries(
  SYNCED_TABLES.map((table) => [table, Buffer.from(`{"table":${JSON.stringify(table)},"record":`)]),
) as Record<SyncedTable, Buffer>;

export interface PullOptions {
  /** The client restores defaults (wantsCompact): stored records go out as stored. */
  compact?: boolean;
}

/** One stored record as it goes into the body: as stored (compact client), or full. */
function recordBytes(rec: RecordBytes, compact: boolean): Buffer {
  if (compact) return typeof rec.data === 'string' ? Buffer.from(rec.data) : rec.data;
  const text = typeof rec.data === 'string' ? rec.data : rec.data.toString('utf8');
  return Buffer.from(JSON.stringify(parseStoredRecord(rec.table_name, text)));
}

/** The pull response as UTF-8 JSON (the PullResponse shape). */
export async function pullBody(
  storage: Storage,
  officeId: string,
  cursor: number,
  limit: number,
  options: PullOptions = {},
): Promise<Buffer> {
  const compact = options.compact === true;
  return storage.snapshot(async (sql) => {
    const records = await sql.all<RecordBytes>(
      `SELECT table_name, ${compact ? SELECT_BYTES[storage.kind] : SELECT_TEXT}, seq FROM records
       WHERE office_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
      [officeId, cursor, limit + 1],
    );
    const conflicts = await sql.all<ConflictRow>(
      'SELECT * FROM conflicts WHERE office_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      [officeId, cursor, limit + 1],
    );
    // Merge the two seq-ordered lists and cut after `limit` items.
    const changes: Buffer[] = [];
    const conflictJson: string[] = [];
    let r = 0;
    let c = 0;
    let last = cursor;
    while (r + c < limit && (r < records.length || c < conflicts.length)) {
      const rec = records[r];
      const con = conflicts[c];
      if (rec && (!con || Number(rec.seq) < Number(con.seq))) {
        // data is the JSON we stored.
        if (r > 0) changes.push(COMMA);
        changes.push(RECORD_START[rec.table_name], recordBytes(rec, compact), RECORD_END);
        last = Number(rec.seq);
        r += 1;
      } else if (con) {
        conflictJson.push(JSON.stringify(rowToConflict(con)));
        last = Number(con.seq);
        c += 1;
      }
    }
    const hasMore = r < records.length || c < conflicts.length;
    // Nothing more for this office: jump to the committed head so the next pull starts there,
    // even if the newest changes belonged to other offices.
    const next = hasMore ? last : Math.max(last, cursor, await storage.headSeq(sql));
    return Buffer.concat([
      CHANGES_START,
      ...changes,
      Buffer.from(`],"conflicts":[${conflictJson.join(',')}],"cursor":${next},"hasMore":${hasMore}}`),
    ]);
  });
}
