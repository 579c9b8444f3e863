// Delete (a tombstone) and resolve (a person's choice for an open conflict).
// Like create and update (apply.ts), they run inside BatchWriter.attempt.
import { isFieldOf } from '../../shared/domain/field-paths';
import { APPEND_ONLY_TABLES } from '../../shared/domain/tables';
import { setPath, type Json } from '../../shared/sync/paths';
import type { Mutation } from '../../shared/sync/protocol';
import {
  adjustOpenConflicts,
  changesBetween,
  cleanOutcome,
  loadForWrite,
  unchanged,
  type ApplyContext,
  type OpResult,
} from './op-context';
import { stamp } from './records';
import { assertOwnerChange } from './ownership';
import { Rejection, assertInScope, assertTransition, validateRecord } from './rules';

export async function remove(ctx: ApplyContext, m: Mutation): Promise<OpResult> {
  const { tx, actor } = ctx;
  if (m.table === 'cases') {
    throw new Rejection(
      'not_deletable',
      'cases are never deleted: close them or merge them into another case',
    );
  }
  const current = await loadForWrite(ctx, m);
  const server = current.data;
  const caseId = String(current.row.case_id);
  if (APPEND_ONLY_TABLES.includes(m.table) && server.authorId !== actor.id) {
    throw new Rejection('forbidden', `only the author may withdraw an entry of ${m.table}`);
  }
  if (server.deleted) {
    return unchanged(m, current);
  }
  // A tombstone keeps the data: a deletion is a change like any other, visible and auditable.
  const data = stamp(tx, { ...server, deleted: true }, server.rev, actor.id);
  ctx.batch.putRecord(m.table, data, caseId);
  const outcome = cleanOutcome(m, current);
  return {
    outcome,
    rev: data.rev,
    seq: data.seq,
    changes: [{ path: 'deleted', from: false, to: true }],
    officeId: server.officeId,
    caseId,
  };
}

export async function resolve(ctx: ApplyContext, m: Mutation): Promise<OpResult> {
  const { tx, actor } = ctx;
  if (!m.conflictId)
    throw new Rejection('invalid_mutation', 'conflictId: required for op "resolve"', { path: 'conflictId' });
  const conflictId = m.conflictId;
  const missing = () => new Rejection('not_found', `conflict ${conflictId} does not exist`);
  const conflict = await ctx.batch.getConflict(conflictId);
  if (!conflict) throw missing();
  // Scope first: another office's conflict must not even be told apart by its record.
  assertInScope(actor, conflict.officeId, missing);
  if (conflict.table !== m.table || conflict.recordId !== m.recordId) {
    throw new Rejection('invalid_mutation', 'conflictId: belongs to another record', { path: 'conflictId' });
  }
  // Rights are judged on the case as stored before this push: an ownerId the same push set (or
  // tried to set) does not count, so "make me the owner, then resolve" is refused.
  const caseRecord = conflict.caseId ? await ctx.batch.recordBeforePush('cases', conflict.caseId) : undefined;
  if (actor.role !== 'supervisor' && caseRecord?.data.ownerId !== actor.id) {
    throw new Rejection(
      'forbidden',
      'only a supervisor of the office or the case owner may resolve a conflict',
    );
  }
  if (conflict.status !== 'open')
    throw new Rejection('already_resolved', `conflict ${conflict.id} is already resolved`);
  const paths = Object.keys(m.patch);
  if (paths.length !== 1 || paths[0] !== conflict.path) {
    throw new Rejection('invalid_mutation', `patch: must hold exactly the chosen value of ${conflict.path}`, {
      path: 'patch',
    });
  }
  const chosen = m.patch[conflict.path] as Json;
  const current = await loadForWrite(ctx, m);
  const server = current.data;
  const caseId = String(current.row.case_id);
  // A conflict on a path that names no field (opened before such leaves were refused, see
  // assertFieldPaths) is settled without writing the value: no record could hold it, and
  // refusing the resolve kept its case's open-conflict count above 0 for ever.
  const settleOnly = !isFieldOf(m.table, conflict.path);
  let next: Record<string, unknown> = settleOnly ? server : setPath(server, conflict.path, chosen);
  if (m.table === 'cases') {
    assertTransition(server, next);
    if (conflict.path === 'ownerId') await assertOwnerChange(ctx, server.ownerId, chosen, server.officeId);
    next = { ...next, openConflicts: Math.max(0, Number(server.openConflicts ?? 0) - 1) };
  }
  ctx.batch.updateConflict({
    ...conflict,
    status: 'resolved',
    resolvedBy: actor.id,
    resolvedAt: tx.now,
    resolution: chosen,
    seq: tx.nextSeq(conflict.officeId),
  });
  const data = validateRecord(
    m.table,
    stamp(tx, next, server.rev, actor.id),
    settleOnly ? [] : [conflict.path],
  );
  ctx.batch.putRecord(m.table, data, caseId);
  if (m.table !== 'cases') await adjustOpenConflicts(ctx, caseId, -1);
  return {
    outcome: cleanOutcome(m, current),
    rev: data.rev,
    seq: data.seq,
    conflictIds: [conflict.id],
    changes: changesBetween(server, data),
    officeId: server.officeId,
    caseId,
  };
}
