// GET /v1/sync/pull: records and conflicts of the caller's office changed
// after `cursor`, merged into one seq-ordered stream. Both queries run in one
// read snapshot, and the seq counter orders commits, so a cursor never passes
// a change that commits later. Cost: two index range scans on (office_id, seq).
//
// The response is built as text: each record is stored as the JSON text the
// server wrote after validating it, so it is spliced in as is. Parsing and
// re-serializing 5,000 records per page was most of the pull time.
import type { PullResponse } from '../../shared/sync/protocol';
import type { Storage } from '../storage/storage';
import type { ConflictRow } from '../storage/types';
import { rowToConflict } from './records';

interface RecordText {
  table_name: string;
  data: string;
  seq: number;
}

/** The pull response as JSON text (the PullResponse shape). */
export async function pullJson(
  storage: Storage,
  officeId: string,
  cursor: number,
  limit: number,
): Promise<string> {
  return storage.snapshot(async (sql) => {
    const records = await sql.all<RecordText>(
      'SELECT table_name, data, seq FROM records WHERE office_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      [officeId, cursor, limit + 1],
    );
    const conflicts = await sql.all<ConflictRow>(
      'SELECT * FROM conflicts WHERE office_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      [officeId, cursor, limit + 1],
    );
    // Merge the two seq-ordered lists and cut after `limit` items.
    const changes: string[] = [];
    const conflictJson: string[] = [];
    let r = 0;
    let c = 0;
    let last = cursor;
    while (changes.length + conflictJson.length < limit && (r < records.length || c < conflicts.length)) {
      const rec = records[r];
      const con = conflicts[c];
      if (rec && (!con || Number(rec.seq) < Number(con.seq))) {
        // table_name is one of our own table names; data is the JSON we stored.
        changes.push(`{"table":${JSON.stringify(rec.table_name)},"record":${rec.data}}`);
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
    return `{"changes":[${changes.join(',')}],"conflicts":[${conflictJson.join(',')}],"cursor":${next},"hasMore":${hasMore}}`;
  });
}

export async function pull(
  storage: Storage,
  officeId: string,
  cursor: number,
  limit: number,
): Promise<PullResponse> {
  return JSON.parse(await pullJson(storage, officeId, cursor, limit)) as PullResponse;
}
