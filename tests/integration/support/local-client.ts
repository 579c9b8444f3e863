// Test-side stand-ins for the console: a PoskoDb on fake-indexeddb, local
// writes done the way the repository does them (record + outbox mutation in
// one transaction). Cases come from the one factory (tests/support/case-factory.ts).
import 'fake-indexeddb/auto';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import Dexie from 'dexie';
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { SERVER_FIELDS, type SyncedTable } from '../../../shared/domain/record';
import { applyPatch, flatten, getPath, type LeafMap } from '../../../shared/sync/paths';
import type { MutationOp } from '../../../shared/sync/protocol';
import { PoskoDb } from '../../../renderer/db/database';
import type { OutboxRow } from '../../../renderer/db/database';

let dbCounter = 0;
export function freshDb(label = 'client'): PoskoDb {
  // Dexie may have been loaded before the fake was installed: point it there explicitly.
  Dexie.dependencies.indexedDB = indexedDB;
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
  dbCounter += 1;
  return new PoskoDb(`posko-test-${label}-${process.pid}-${dbCounter}-${uuidv4()}`);
}

/** A minimal valid local case (rev 0) in `officeId`: the factory's caseRecord, under the name these suites use. */
export { caseRecord as newCase } from '../../support/case-factory';

export interface Who {
  actorId: string;
  deviceId: string;
}

/** What the repository does for one save: the record and its mutation, atomically. */
export async function localWrite(
  db: PoskoDb,
  who: Who,
  table: SyncedTable,
  recordId: string,
  patch: LeafMap,
  options: { op?: MutationOp; create?: Record<string, unknown>; conflictId?: string } = {},
): Promise<OutboxRow> {
  return db.transaction('rw', db.table(table), db.outbox, async () => {
    const current = (await db.table(table).get(recordId)) as Record<string, unknown> | undefined;
    const base = current ?? options.create;
    if (!base) throw new Error(`no record ${recordId}`);
    const prior: LeafMap = {};
    for (const path of Object.keys(patch)) prior[path] = current ? (getPath(current, path) ?? null) : null;
    const op: MutationOp = options.op ?? (current ? 'update' : 'create');
    const next = applyPatch(base, patch);
    await db.table(table).put(next);
    const row: OutboxRow = {
      mutationId: uuidv7(),
      table,
      recordId,
      op,
      baseRev: typeof current?.rev === 'number' ? current.rev : 0,
      patch,
      prior,
      actorId: who.actorId,
      deviceId: who.deviceId,
      clientTime: new Date().toISOString(),
    };
    if (options.conflictId) row.conflictId = options.conflictId;
    await db.outbox.add(row);
    return row;
  });
}

/** A create: every synced leaf of the record, server-owned fields left out. */
export function createPatch(record: Record<string, unknown>): LeafMap {
  const out = flatten(record);
  for (const path of Object.keys(out)) {
    if ((SERVER_FIELDS as readonly string[]).includes(path.split('.')[0] ?? '')) delete out[path];
  }
  return out;
}
