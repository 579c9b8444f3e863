// What the push operations share: the per-batch context, the result of one
// operation, and the reads and writes every operation starts or ends with.
import { diff } from '../../shared/sync/paths';
import type { Mutation, MutationOutcome } from '../../shared/sync/protocol';
import type { AuditChange } from '../audit/entry';
import type { AuthUser } from '../context';
import type { WriteTx } from '../storage/storage';
import type { BatchWriter } from './batch';
import { stamp, type StoredRecord } from './records';
import { Rejection, assertOffice } from './rules';

export interface OpResult {
  outcome: Exclude<MutationOutcome, 'duplicate' | 'rejected'>;
  rev: number;
  seq: number;
  conflictIds?: string[];
  changes: AuditChange[];
  officeId: string;
  caseId: string;
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
}

const META = new Set(['rev', 'seq', 'updatedAt', 'updatedBy']);
export function changesBetween(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): AuditChange[] {
  const { patch, prior } = diff(before, after);
  return Object.keys(patch)
    .filter((p) => !META.has(p))
    .map((path) => ({ path, from: prior[path] ?? null, to: patch[path] ?? null }));
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
  if (!current) throw new Rejection('not_found', `${m.table}/${m.recordId} does not exist on the server`);
  assertOffice(ctx.actor, current.data.officeId);
  if (m.baseRev > current.data.rev) {
    throw new Rejection(
      'invalid_base_rev',
      `baseRev ${m.baseRev} is ahead of the server rev ${current.data.rev}`,
    );
  }
  return current;
}
