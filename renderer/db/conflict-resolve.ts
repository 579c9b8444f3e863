// Resolving a conflict is itself a mutation: the chosen value goes to the
// local record and to the outbox in one transaction, like every other save,
// and the server decides (supervisor or case owner) and audits it. The row is
// built by the same helper as other mutations (./mutation) and the local row
// goes through toLocalRow, so derived fields (searchKeys) follow the chosen
// value. The UI reaches it through Repository.resolveConflict.
import type { Dexie } from 'dexie';
import { RECORD_SCHEMAS } from '../../shared/domain/tables';
import { getPath, setPath, type Json } from '../../shared/sync/paths';
import type { Conflict } from '../../shared/sync/protocol';
import type { Actor } from '../session/actor';
import { stripLocal, toLocalRow, type OutboxRow } from './database';
import { buildMutation } from './mutation';

export async function resolveConflict(
  db: Dexie,
  conflict: Conflict,
  chosen: Json,
  actor: Actor,
  now: Date = new Date(),
): Promise<OutboxRow> {
  const records = db.table(conflict.table);
  const outbox = db.table<OutboxRow, number>('outbox');
  return db.transaction('rw', records, outbox, async () => {
    const current = (await records.get(conflict.recordId)) as Record<string, unknown> | undefined;
    if (!current) throw new Error(`record ${conflict.recordId} is not on this device`);
    const row = buildMutation(
      {
        table: conflict.table,
        recordId: conflict.recordId,
        op: 'resolve',
        conflictId: conflict.id,
        baseRev: typeof current.rev === 'number' ? current.rev : 0,
        patch: { [conflict.path]: chosen },
        prior: { [conflict.path]: (getPath(current, conflict.path) ?? null) as Json },
      },
      actor,
      now,
    );
    const next = setPath(stripLocal(current), conflict.path, chosen);
    const parsed = RECORD_SCHEMAS[conflict.table].safeParse(next);
    // A value the local schema cannot read (older app) still goes out: the server validates and decides.
    const local = parsed.success ? toLocalRow(conflict.table, parsed.data, current) : { ...current, ...next };
    await records.put(local);
    await outbox.add(row);
    return row;
  });
}

/** Conflicts with a resolve waiting in the outbox: shown as "resolving", not as open work. */
export async function pendingResolutions(db: Dexie): Promise<Set<string>> {
  const rows = await db.table<OutboxRow, number>('outbox').toArray();
  return new Set(rows.flatMap((row) => (row.op === 'resolve' && row.conflictId ? [row.conflictId] : [])));
}
