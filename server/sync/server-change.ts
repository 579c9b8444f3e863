// A change the server itself makes to a synced record (issue 16: "the file of
// this document is stored"), written through the same pieces as a pushed
// mutation: BatchWriter (the record row, upserted with the batch's other
// writes), stamp (rev + 1, a fresh seq that the office's consoles pull and
// get poked for), full validation with the table's schema, and one audit
// entry in the hash chain with the changed leaves. Only server-owned fields
// are written here, so nothing merges against a client's edit: a console that
// edits the record later is simply behind by one rev and its patch merges.
import type { SyncedTable } from '../../shared/domain/record';
import { isServerPath } from '../../shared/domain/rules';
import type { AuthUser } from '../context';
import type { WriteTx } from '../storage/storage';
import { BatchWriter } from './batch';
import { changesBetween } from './op-context';
import type { RecordData } from './records';
import { stamp } from './records';
import { caseIdOf, validateRecord } from './rules';

export interface ServerChange {
  table: SyncedTable;
  recordId: string;
  /** Top-level server-owned fields and their new values. */
  fields: Record<string, unknown>;
  /** The user on whose request the server makes the change (audited as the actor). */
  actor: AuthUser;
  /** Audit action, e.g. `file.stored`. */
  action: string;
  detail?: string | null;
  /** Ties the audit entry to what caused it (e.g. the upload id). */
  mutationId?: string | null;
}

export interface ServerChangeResult {
  rev: number;
  seq: number;
  record: RecordData;
}

/**
 * Writes `fields` onto the record inside `tx` (the caller's Storage.write), or throws when the record
 * is missing or deleted (the caller decides what the client hears). Must be the only BatchWriter of
 * this transaction for the record.
 */
export async function applyServerChange(tx: WriteTx, change: ServerChange): Promise<ServerChangeResult> {
  for (const path of Object.keys(change.fields))
    if (!isServerPath(path)) throw new Error(`applyServerChange: ${path} is not a server-owned field`);
  const writer = new BatchWriter(tx);
  // One unit of work, like each pushed mutation (BatchWriter.attempt): a throw leaves nothing behind.
  const { current, data, caseId } = await writer.attempt(async () => {
    const current = await writer.getRecord(change.table, change.recordId);
    if (!current || current.data.deleted)
      throw new Error(`${change.table}/${change.recordId}: no such record`);
    const stamped = stamp(tx, { ...current.data, ...change.fields }, current.data.rev, change.actor.id);
    const data = validateRecord(change.table, stamped, Object.keys(change.fields));
    const caseId = caseIdOf(change.table, data);
    writer.putRecord(change.table, data, caseId);
    return { current, data, caseId };
  });
  await tx.audit({
    action: change.action,
    outcome: 'applied',
    actorId: change.actor.id,
    deviceId: change.actor.deviceId,
    table: change.table,
    recordId: change.recordId,
    mutationId: change.mutationId ?? null,
    baseRev: current.data.rev,
    rev: data.rev,
    // A null leaf that becomes an object (storedFile: null -> {...}) also comes out of
    // changesBetween as a removal "storedFile: null -> null", which a replay of the audit would apply
    // after the new leaves and so wipe them: it is no change, dropped.
    changes: changesBetween(current.data, data).filter((c) => !(c.from === null && c.to === null)),
    officeId: data.officeId,
    caseId,
    detail: change.detail ?? null,
  });
  return { rev: data.rev, seq: data.seq, record: data };
}
