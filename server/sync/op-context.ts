// What the push operations share: the per-batch context, the result of one
// operation, and the reads and writes every operation starts or ends with.
import { isPlainObject, jsonEqual } from '../../shared/sync/paths';
import type { Mutation, MutationOutcome } from '../../shared/sync/protocol';
import type { AuditChange } from '../audit/entry';
import type { AuthUser } from '../context';
import type { WriteTx } from '../storage/storage';
import type { BatchWriter } from './batch';
import { stamp, type StoredRecord } from './records';
import type { OwnerCandidate } from './ownership';
import { Rejection, assertInScope, notFound } from './rules';

export interface OpResult {
  outcome: Exclude<MutationOutcome, 'duplicate' | 'rejected'>;
  rev: number;
  seq: number;
  conflictIds?: string[];
  changes: AuditChange[];
  officeId: string;
  caseId: string;
}

/**
 * The outcome of a mutation that went through without conflict: `applied` only when the client
 * wrote on the version it had (`baseRev` current), `merged` when the record had moved on, even if
 * nothing changed. A client takes `applied` to mean "the server now holds my base plus my patch"
 * and adopts the returned rev, which would make its next edit look current while it lacks the
 * newer changes (the server would then apply it without the three-way check).
 */
export function cleanOutcome(m: Mutation, stored: StoredRecord): 'applied' | 'merged' {
  return m.baseRev < stored.data.rev ? 'merged' : 'applied';
}

/** The result of an operation that changes nothing (already deleted, nothing new in the patch). */
export function unchanged(m: Mutation, stored: StoredRecord): OpResult {
  const { data } = stored;
  return {
    outcome: cleanOutcome(m, stored),
    rev: data.rev,
    seq: data.seq,
    changes: [],
    officeId: data.officeId,
    caseId: String(stored.row.case_id),
  };
}

export interface ApplyContext {
  tx: WriteTx;
  /** All record, conflict and counter access of the batch (in memory, written before commit). */
  batch: BatchWriter;
  actor: AuthUser;
  /** Calendar year for case numbers, in the agency's time zone. */
  year: string;
  /** Office codes looked up in this batch. */
  officeCodes: Map<string, string>;
  /** Users looked up in this batch as case owners (null: no such user). */
  owners: Map<string, OwnerCandidate | null>;
  /** Conflicts opened so far by this push (MAX_CONFLICTS_PER_PUSH); counted once a mutation is kept. */
  conflictsOpened: number;
}

const META = new Set(['rev', 'seq', 'updatedAt', 'updatedBy']);
type Obj = Record<string, unknown>;
const own = (o: Obj | undefined, k: string): unknown =>
  o !== undefined && Object.hasOwn(o, k) ? o[k] : undefined;

/** Leaves of `after` that differ from `before` (the patch half of diff(), in its order). */
function changedLeaves(before: Obj | undefined, after: Obj, prefix: string, out: AuditChange[]): void {
  for (const key of Object.keys(after)) {
    const to = after[key];
    if (to === undefined) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const was = own(before, key);
    if (isPlainObject(to)) {
      changedLeaves(isPlainObject(was) ? was : undefined, to, path, out);
      continue;
    }
    // An object where `after` has a leaf is no leaf of `before` at this path.
    const from = isPlainObject(was) ? undefined : was;
    if (!jsonEqual(from, to)) out.push({ path, from: from ?? null, to });
  }
}

/** Leaves of `before` with no leaf at the same path in `after` (the removal half of diff()). */
function removedLeaves(before: Obj, after: Obj | undefined, prefix: string, out: AuditChange[]): void {
  for (const key of Object.keys(before)) {
    const from = before[key];
    if (from === undefined) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const now = own(after, key);
    if (isPlainObject(from)) removedLeaves(from, isPlainObject(now) ? now : undefined, path, out);
    else if (now === undefined || isPlainObject(now)) out.push({ path, from, to: null });
  }
}

/**
 * The audit changes from `before` to `after`: the entries of diff() from shared/sync/paths, in the
 * same order, minus the stamp fields. One walk of both records instead of flattening both into
 * maps of every leaf: most of an edit's cost was building ~100 path strings per record twice.
 */
export function changesBetween(before: Obj, after: Obj): AuditChange[] {
  const out: AuditChange[] = [];
  changedLeaves(before, after, '', out);
  removedLeaves(before, after, '', out);
  return out.filter((c) => !META.has(c.path));
}

/** Moves a case's open-conflict count (a child record's conflict shows on its case). */
export async function adjustOpenConflicts(ctx: ApplyContext, caseId: string, delta: number): Promise<void> {
  const current = await ctx.batch.getRecord('cases', caseId);
  if (!current) return;
  const open = Math.max(0, Number(current.data.openConflicts ?? 0) + delta);
  const data = stamp(ctx.tx, { ...current.data, openConflicts: open }, current.data.rev, ctx.actor.id);
  ctx.batch.putRecord('cases', data, caseId);
}

export async function loadForWrite(ctx: ApplyContext, m: Mutation): Promise<StoredRecord> {
  const current = await ctx.batch.getRecord(m.table, m.recordId);
  const missing = () => notFound(m.table, m.recordId);
  if (!current) throw missing();
  assertInScope(ctx.actor, current.data.officeId, missing);
  if (m.baseRev > current.data.rev) {
    throw new Rejection(
      'invalid_base_rev',
      `baseRev ${m.baseRev} is ahead of the server rev ${current.data.rev}`,
    );
  }
  return current;
}
