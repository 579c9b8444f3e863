// Create and update, and the dispatcher of the four mutation operations
// (delete and resolve: resolve.ts). Each runs inside BatchWriter.attempt (see
// push.ts): throwing a Rejection undoes only this mutation.
import { v7 as uuidv7 } from 'uuid';

export type { ApplyContext, OpResult } from './op-context';
import { APPEND_ONLY_TABLES } from '../../shared/domain/tables';
import { isServerPath } from '../../shared/domain/rules';
import { threeWayMerge } from '../../shared/sync/merge';
import { applyPatch, getPath, isPlainObject, jsonEqual, type LeafMap } from '../../shared/sync/paths';
import {
  MAX_CONFLICTS_PER_MUTATION,
  MAX_CONFLICTS_PER_PUSH,
  type Mutation,
} from '../../shared/sync/protocol';
import type { AuditChange } from '../audit/entry';
import {
  adjustOpenConflicts,
  changesBetween,
  cleanOutcome,
  loadForWrite,
  unchanged,
  type ApplyContext,
  type OpResult,
} from './op-context';
import { assertOwnerChange } from './ownership';
import { stamp } from './records';
import { remove, resolve } from './resolve';
import {
  Rejection,
  assertFieldPaths,
  assertInScope,
  assertLeaves,
  assertTransition,
  assertWritablePaths,
  caseIdOf,
  unknownField,
  validateRecord,
  validateWithLeaves,
} from './rules';

/**
 * applyPatch({}, the given leaves of `patch`), built in place: every object here is new, so no
 * copy per leaf (applyPatch copies the path to each leaf, quadratic in the leaves of a create).
 * Patch values are leaves (assertLeaves), so no object of the client's is ever written into.
 * Plain objects (V8 keeps them fast to copy and to validate; null-prototype ones are dictionaries),
 * so a `__proto__` segment, which names no field anyway, is refused before it could reach a setter.
 */
function buildFromLeaves(patch: LeafMap, paths: string[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const path of paths) {
    if (path.includes('__proto__')) throw unknownField(path);
    const keys = path.split('.');
    let node = root;
    for (let i = 0; i < keys.length - 1; i++) {
      const key = keys[i]!;
      const next = Object.hasOwn(node, key) ? node[key] : undefined;
      if (isPlainObject(next)) node = next;
      else node = node[key] = {};
    }
    node[keys[keys.length - 1]!] = patch[path];
  }
  return root;
}

/** The counter of case numbers of an office in a year. */
export const caseCounter = (officeId: string, year: string) => `case:${officeId}:${year}`;

async function nextCaseNumber(ctx: ApplyContext, officeId: string): Promise<string> {
  const { tx, year } = ctx;
  let code = ctx.officeCodes.get(officeId);
  if (!code) {
    const office = await tx.get<{ code: string }>('SELECT code FROM offices WHERE id = ?', [officeId]);
    if (!office) throw new Rejection('forbidden_office', 'your account has no valid office');
    code = office.code;
    ctx.officeCodes.set(officeId, code);
  }
  // Undone with the mutation (BatchWriter.attempt): a rejected create gives its number back, so numbers are never skipped or reused.
  const value = await ctx.batch.increment(caseCounter(officeId, year));
  return `${code}-${year}-${String(value).padStart(6, '0')}`;
}

async function create(ctx: ApplyContext, m: Mutation): Promise<OpResult> {
  const { tx, actor, batch } = ctx;
  if (await batch.getRecord(m.table, m.recordId)) {
    throw new Rejection('already_exists', `${m.table}/${m.recordId} already exists; send an update`);
  }
  const patchedId = m.patch.id;
  if (patchedId !== undefined && patchedId !== m.recordId) {
    throw new Rejection('invalid_mutation', 'id: must equal recordId', { path: 'id' });
  }
  // A client diffs its whole local record against {}: server-owned fields may come along and are replaced.
  // (Filtered out of the patch rather than deleted afterwards: `delete` would make the object slow to parse.)
  const userPaths = Object.keys(m.patch).filter((p) => !isServerPath(p));
  const body = buildFromLeaves(m.patch as LeafMap, userPaths);

  let officeId = actor.officeId ?? '';
  if (m.table !== 'cases') {
    // A case of another office is "no such case" too: the answer must not tell that it exists.
    const noCase = () => new Rejection('not_found', 'caseId: no such case', { path: 'caseId' });
    const parent = typeof body.caseId === 'string' ? await batch.getRecord('cases', body.caseId) : undefined;
    if (!parent) throw noCase();
    officeId = parent.data.officeId;
    assertInScope(actor, officeId, noCase);
  }
  if (body.officeId !== undefined && body.officeId !== officeId) {
    throw new Rejection('forbidden_office', 'officeId: records are created in your own office', {
      path: 'officeId',
    });
  }
  if (APPEND_ONLY_TABLES.includes(m.table)) {
    if (body.authorId !== undefined && body.authorId !== actor.id) {
      throw new Rejection('invalid_record', 'authorId: must be the pushing user', { path: 'authorId' });
    }
    body.authorId = actor.id;
  }
  const seq = tx.nextSeq(officeId);
  // The server's fields, set on the fresh object rather than spread into a copy of it.
  const candidate = body;
  candidate.id = m.recordId;
  candidate.rev = 1;
  candidate.seq = seq;
  candidate.updatedAt = tx.now;
  candidate.updatedBy = actor.id;
  candidate.deleted = false;
  candidate.officeId = officeId;
  if (m.table === 'cases') {
    candidate.caseNumber = null;
    candidate.openConflicts = 0;
  }
  const { data, leaves } = validateWithLeaves(m.table, candidate, userPaths);
  if (m.table === 'cases') {
    await assertOwnerChange(ctx, null, data.ownerId, officeId);
    data.caseNumber = await nextCaseNumber(ctx, officeId);
  }
  const caseId = caseIdOf(m.table, data);
  batch.putRecord(m.table, data, caseId);
  // The audit keeps what a person entered (and the number the server gave), not every schema default.
  const changes: AuditChange[] = userPaths.map((path, i) => ({ path, from: null, to: leaves[i] }));
  if (m.table === 'cases') changes.push({ path: 'caseNumber', from: null, to: data.caseNumber as string });
  return { outcome: 'applied', rev: 1, seq, changes, officeId, caseId };
}

async function update(ctx: ApplyContext, m: Mutation): Promise<OpResult> {
  const { tx, actor } = ctx;
  if (APPEND_ONLY_TABLES.includes(m.table)) {
    throw new Rejection('append_only', `${m.table} are append-only: add a new entry instead of editing`);
  }
  assertWritablePaths(m.patch as LeafMap);
  // Before any merge: a leaf that names no field would otherwise become a conflict no resolve can settle.
  assertFieldPaths(m.table, m.patch as LeafMap);
  const current = await loadForWrite(ctx, m);
  if (current.data.deleted) throw new Rejection('record_deleted', `${m.table}/${m.recordId} was deleted`);
  const server = current.data;
  const behind = m.baseRev < server.rev;
  // Up to date: the client saw this exact version, so every leaf it sent applies.
  const merge = behind
    ? threeWayMerge(server, m.patch as LeafMap, m.prior as LeafMap)
    : {
        apply: Object.fromEntries(
          Object.entries(m.patch).filter(([p, v]) => !jsonEqual(getPath(server, p), v)),
        ) as LeafMap,
        conflicts: [],
      };
  const caseId = String(current.row.case_id);
  const applied = Object.keys(merge.apply);
  if (!applied.length && !merge.conflicts.length) {
    return unchanged(m, current);
  }
  const opened = merge.conflicts.length;
  if (opened > MAX_CONFLICTS_PER_MUTATION || ctx.conflictsOpened + opened > MAX_CONFLICTS_PER_PUSH) {
    throw new Rejection(
      'too_many_conflicts',
      `this edit would open ${opened} conflicts (${ctx.conflictsOpened} opened by this push so far); at most ${MAX_CONFLICTS_PER_MUTATION} per mutation and ${MAX_CONFLICTS_PER_PUSH} per push`,
      { conflicts: opened, max: MAX_CONFLICTS_PER_MUTATION, maxPerPush: MAX_CONFLICTS_PER_PUSH },
    );
  }
  let next: Record<string, unknown> = applyPatch(server, merge.apply);
  if (m.table === 'cases') {
    assertTransition(server, next);
    await assertOwnerChange(ctx, server.ownerId, next.ownerId, server.officeId);
  }

  const conflictIds: string[] = [];
  for (const c of merge.conflicts) {
    const id = uuidv7();
    conflictIds.push(id);
    ctx.batch.insertConflict({
      id,
      table: m.table,
      recordId: m.recordId,
      caseId,
      officeId: server.officeId,
      path: c.path,
      base: c.base,
      server: c.server,
      client: c.client,
      serverActorId: (server.updatedBy as string | null) ?? null,
      serverAt: (server.updatedAt as string | null) ?? null,
      clientActorId: actor.id,
      clientAt: m.clientTime,
      mutationId: m.mutationId,
      status: 'open',
      resolvedBy: null,
      resolvedAt: null,
      seq: tx.nextSeq(server.officeId),
    });
  }
  if (m.table === 'cases' && conflictIds.length) {
    next = { ...next, openConflicts: Number(server.openConflicts ?? 0) + conflictIds.length };
  }
  let rev = server.rev;
  let seq = server.seq;
  let changes: AuditChange[] = [];
  if (applied.length || m.table === 'cases') {
    const stamped = stamp(tx, next, server.rev, actor.id);
    const data = validateRecord(m.table, stamped, applied);
    ctx.batch.putRecord(m.table, data, caseId);
    ({ rev, seq } = data);
    changes = changesBetween(server, data);
  }
  if (m.table !== 'cases' && conflictIds.length) await adjustOpenConflicts(ctx, caseId, conflictIds.length);
  const outcome = conflictIds.length ? 'conflict' : cleanOutcome(m, current);
  return {
    outcome,
    rev,
    seq,
    changes,
    officeId: server.officeId,
    caseId,
    ...(conflictIds.length ? { conflictIds } : {}),
  };
}

export function applyMutation(ctx: ApplyContext, m: Mutation): Promise<OpResult> {
  assertLeaves(m.patch as LeafMap);
  switch (m.op) {
    case 'create':
      return create(ctx, m);
    case 'update':
      return update(ctx, m);
    case 'delete':
      return remove(ctx, m);
    case 'resolve':
      return resolve(ctx, m);
  }
}
