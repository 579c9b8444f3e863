// A supervisor hands a case over to another office (issue 17). officeId is
// fixed at creation for every client edit (shared/domain/rules.ts), so this is
// a server operation of its own, in one write transaction, through the same
// pieces as a push: BatchWriter, stamp (rev + 1, a fresh seq of the RECEIVING
// office, so its consoles pull the records and get poked), schema validation,
// and one hash-chained audit entry per record with its changed leaves (the
// audit replay rebuilds the move like any edit).
//
// What moves: the case (status handed_over, the reason as its closure reason,
// no owner: its owner belongs to the sending office, and ownerId must name a
// user of the case's office) and every child record, with their conflicts.
// What the sending office keeps: what the access rules allow, which is nothing
// of the case; its consoles are told through a case_moves row (a seq of the
// sending office) and drop the case (GET /v1/cases/moved). Both offices read
// the handover in their audit: the records' entries belong to the receiving
// office, and a `case.handover` entry with outcome `sent` to the sending one.
import { SYNCED_TABLES, type SyncedTable } from '../../shared/domain/record';
import { transitionViolation } from '../../shared/domain/rules';
import type { AuthUser } from '../context';
import { ApiError } from '../errors';
import type { Storage, WriteTx } from '../storage/storage';
import { changesBetween } from './op-context';
import { getRecord, stamp, storedRecordJson } from './records';
import { validateRecord } from './rules';

export interface HandoverInput {
  toOfficeCode: string;
  reason: string;
}

export interface HandoverResult {
  caseId: string;
  fromOfficeId: string;
  toOffice: { id: string; code: string; name: string };
  /** Records moved (the case and its children). */
  records: number;
  rev: number;
}

const TABLES: ReadonlySet<string> = new Set(SYNCED_TABLES);

async function moveRecord(
  tx: WriteTx,
  by: AuthUser,
  table: SyncedTable,
  id: string,
  fields: Record<string, unknown>,
  caseId: string,
): Promise<number> {
  const current = await getRecord(tx, table, id);
  if (!current) throw new Error(`handover: ${table}/${id} vanished inside the transaction`);
  const next = { ...current.data, ...fields };
  // stamp takes the seq from the record's (new) office: the receiving office's consoles get it.
  const data = validateRecord(table, stamp(tx, next, current.data.rev, by.id), Object.keys(fields));
  // Written here, not through BatchWriter: its upsert never changes office_id (no push may move a
  // record), and this is the one operation that does. Stored compact like every record write
  // (records.ts), so a compact pull splices it as it is.
  await tx.run(
    `UPDATE records SET office_id = ?, rev = ?, seq = ?, data = ?, updated_at = ?, updated_by = ?
     WHERE table_name = ? AND id = ?`,
    [data.officeId, data.rev, data.seq, storedRecordJson(table, data), tx.now, by.id, table, id],
  );
  await tx.audit({
    action: 'case.handover',
    outcome: 'applied',
    actorId: by.id,
    deviceId: by.deviceId,
    table,
    recordId: id,
    mutationId: null,
    baseRev: current.data.rev,
    rev: data.rev,
    changes: changesBetween(current.data, data),
    officeId: data.officeId,
    caseId,
    detail: null,
  });
  return data.rev;
}

/**
 * Moves case `caseId` of `by`'s office to the office with code `input.toOfficeCode`. Refuses (404)
 * a case outside the caller's office, as any other read does; 404 an unknown office, 409 the
 * caller's own office, a deleted case, or a status that may not become handed_over.
 */
export async function handOverCase(
  storage: Storage,
  by: AuthUser,
  caseId: string,
  input: HandoverInput,
): Promise<HandoverResult> {
  const fromOfficeId = by.officeId;
  if (!fromOfficeId) throw new ApiError(403, 'no_office', 'your account has no office; ask an administrator');
  return storage.write(async (tx) => {
    const office = await tx.get<{ id: string; code: string; name: string }>(
      'SELECT id, code, name FROM offices WHERE code = ?',
      [input.toOfficeCode],
    );
    if (!office) throw new ApiError(404, 'not_found', `no office with code ${input.toOfficeCode}`);
    return moveCase(tx, by, caseId, office, input);
  });
}

async function moveCase(
  tx: WriteTx,
  by: AuthUser,
  caseId: string,
  office: { id: string; code: string; name: string },
  input: HandoverInput,
): Promise<HandoverResult> {
  const fromOfficeId = String(by.officeId);
  {
    const current = await getRecord(tx, 'cases', caseId);
    if (!current || current.data.officeId !== fromOfficeId)
      throw new ApiError(404, 'not_found', `no case ${caseId}`);
    if (current.data.deleted) throw new ApiError(409, 'case_deleted', 'a deleted case cannot be handed over');
    if (office.id === fromOfficeId)
      throw new ApiError(409, 'same_office', 'the case is already in this office');
    const caseFields = {
      officeId: office.id,
      status: 'handed_over',
      // The workflow's closure reason for a handover; the person's words go to the audit and the move row.
      closureReason: 'handed_to_other_agency',
      ownerId: null,
    };
    const violation = transitionViolation(current.data, { ...current.data, ...caseFields });
    if (violation) throw new ApiError(409, violation.code, violation.message);

    const rev = await moveRecord(tx, by, 'cases', caseId, caseFields, caseId);
    const children = await tx.all<{ table_name: string; id: string }>(
      'SELECT table_name, id FROM records WHERE case_id = ? AND office_id = ? ORDER BY table_name, id',
      [caseId, fromOfficeId],
    );
    let moved = 1;
    for (const child of children) {
      if (child.table_name === 'cases' || !TABLES.has(child.table_name)) continue;
      await moveRecord(tx, by, child.table_name as SyncedTable, child.id, { officeId: office.id }, caseId);
      moved += 1;
    }
    // Open and resolved conflicts of these records follow them (new seq: the receiving office pulls them).
    const conflicts = await tx.all<{ id: string }>(
      'SELECT id FROM conflicts WHERE case_id = ? AND office_id = ?',
      [caseId, fromOfficeId],
    );
    // (BatchWriter's conflict update writes status and seq only: the office is written here.)
    for (const { id } of conflicts)
      tx.deferWrite('UPDATE conflicts SET office_id = ?, seq = ? WHERE id = ?', [
        office.id,
        tx.nextSeq(office.id),
        id,
      ]);
    // The sending office's consoles: a move row in their seq order, and the entry in their audit.
    const moveSeq = tx.nextSeq(fromOfficeId);
    tx.deferWrite(
      'INSERT INTO case_moves (seq, case_id, from_office_id, to_office_id, at, actor_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [moveSeq, caseId, fromOfficeId, office.id, tx.now, by.id, input.reason],
    );
    await tx.audit({
      action: 'case.handover',
      outcome: 'sent',
      actorId: by.id,
      deviceId: by.deviceId,
      table: 'cases',
      recordId: caseId,
      mutationId: null,
      baseRev: null,
      rev: null,
      changes: [{ path: 'officeId', from: fromOfficeId, to: office.id }],
      officeId: fromOfficeId,
      caseId,
      detail: `to ${office.code}: ${input.reason}`,
    });
    return { caseId, fromOfficeId, toOffice: office, records: moved, rev };
  }
}

export interface CaseMove {
  seq: number;
  caseId: string;
  toOfficeId: string;
  at: string;
}

/** Cases moved out of `officeId` after `after` (seq order), for its consoles to drop. */
export async function movedOut(
  storage: Storage,
  officeId: string,
  after: number,
  limit: number,
): Promise<{ moves: CaseMove[]; cursor: number; hasMore: boolean }> {
  const rows = await storage.sql.all<{ seq: number; case_id: string; to_office_id: string; at: string }>(
    'SELECT seq, case_id, to_office_id, at FROM case_moves WHERE from_office_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    [officeId, after, limit + 1],
  );
  const page = rows.slice(0, limit).map((r) => ({
    seq: Number(r.seq),
    caseId: r.case_id,
    toOfficeId: r.to_office_id,
    at: r.at,
  }));
  return { moves: page, cursor: page.at(-1)?.seq ?? after, hasMore: rows.length > limit };
}
