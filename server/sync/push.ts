// POST /v1/sync/push: one database transaction per batch (speed); each
// mutation runs in BatchWriter.attempt (isolation, like a SAVEPOINT but in
// memory): a rejected mutation rolls back alone and the next one runs. Every outcome, duplicates and rejections included, gets
// an audit entry and is stored by mutationId so a retry returns it again.
import { SCHEMA_VERSION } from '../../shared/domain/record';
import type { Mutation, MutationResult, PushRequest } from '../../shared/sync/protocol';
import type { AuthUser, ServerContext } from '../context';
import { ApiError } from '../errors';
import type { WriteTx } from '../storage/storage';
import { applyMutation, type ApplyContext } from './apply';
import { BatchWriter } from './batch';
import { Rejection } from './rules';

/** Schema versions this server reads. A newer client must wait for a server upgrade, an older one must update. */
export const SUPPORTED_SCHEMA_VERSIONS: readonly number[] = [SCHEMA_VERSION];

export function assertSchemaVersion(version: number): void {
  if (!SUPPORTED_SCHEMA_VERSIONS.includes(version)) {
    throw new ApiError(
      409,
      'schema_version_unsupported',
      `schema version ${version} is not supported by this server (supported: ${SUPPORTED_SCHEMA_VERSIONS.join(', ')}); update the app`,
      { supported: SUPPORTED_SCHEMA_VERSIONS, received: version },
    );
  }
}

const yearFormats = new Map<string, Intl.DateTimeFormat>();
export function yearIn(timeZone: string, date = new Date()): string {
  // Building an Intl formatter costs about a millisecond: one per time zone, reused.
  let format = yearFormats.get(timeZone);
  if (!format)
    yearFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' })));
  return format.format(date);
}

interface BatchState {
  /** First results of mutationIds already stored, looked up for the whole batch in one query. */
  seen: Map<string, { actor_id: string; result: string }>;
  /** Rows for the mutations table, inserted in bulk before commit. */
  rows: unknown[][];
}

async function loadSeen(tx: WriteTx, ids: string[]): Promise<BatchState['seen']> {
  const seen: BatchState['seen'] = new Map();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await tx.all<{ mutation_id: string; actor_id: string; result: string }>(
      `SELECT mutation_id, actor_id, result FROM mutations WHERE mutation_id IN (${chunk.map(() => '?').join(', ')})`,
      chunk,
    );
    for (const r of rows) seen.set(r.mutation_id, r);
  }
  return seen;
}

function insertMutationRows(tx: WriteTx, rows: unknown[][]): void {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    tx.deferWrite(
      `INSERT INTO mutations (mutation_id, actor_id, result, created_at) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`,
      chunk.flat(),
    );
  }
}

async function pushOne(
  ctx: ApplyContext,
  batch: BatchState,
  deviceId: string,
  m: Mutation,
): Promise<MutationResult> {
  const { tx, actor } = ctx;
  const base = {
    actorId: actor.id,
    deviceId,
    clientTime: m.clientTime,
    table: m.table,
    recordId: m.recordId,
    mutationId: m.mutationId,
    baseRev: m.baseRev,
    action: `push.${m.op}`,
  };
  const seen = batch.seen.get(m.mutationId);
  if (seen) {
    if (seen.actor_id !== actor.id) {
      // Never hand one user's result to another; a UUID collision or a forged id is refused.
      await tx.audit({
        ...base,
        outcome: 'rejected',
        officeId: actor.officeId,
        detail: 'mutation_id_reused',
      });
      return {
        mutationId: m.mutationId,
        outcome: 'rejected',
        error: { code: 'mutation_id_reused', message: 'this mutationId was used by another account' },
      };
    }
    const first = JSON.parse(seen.result) as MutationResult;
    await tx.audit({
      ...base,
      outcome: 'duplicate',
      rev: first.rev ?? null,
      officeId: actor.officeId,
      detail: `first outcome: ${first.outcome}`,
    });
    return { ...first, outcome: 'duplicate', firstOutcome: first.outcome };
  }

  let result: MutationResult;
  try {
    const op = await ctx.batch.attempt(() => applyMutation(ctx, m));
    result = { mutationId: m.mutationId, outcome: op.outcome, rev: op.rev, seq: op.seq };
    if (op.conflictIds) result.conflictIds = op.conflictIds;
    await tx.audit({
      ...base,
      outcome: op.outcome,
      rev: op.rev,
      changes: op.changes,
      conflictId: op.conflictIds?.[0] ?? null,
      officeId: op.officeId,
      caseId: op.caseId,
      detail: op.conflictIds && op.conflictIds.length > 1 ? `conflicts: ${op.conflictIds.join(',')}` : null,
    });
  } catch (err) {
    if (!(err instanceof Rejection)) throw err;
    result = {
      mutationId: m.mutationId,
      outcome: 'rejected',
      error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) },
    };
    await tx.audit({
      ...base,
      outcome: 'rejected',
      officeId: actor.officeId,
      detail: `${err.code}: ${err.message}`.slice(0, 1000),
    });
  }
  const json = JSON.stringify(result);
  batch.rows.push([m.mutationId, actor.id, json, tx.now]);
  // The same mutationId later in this batch is a duplicate of this one.
  batch.seen.set(m.mutationId, { actor_id: actor.id, result: json });
  return result;
}

export async function push(
  ctx: ServerContext,
  actor: AuthUser,
  body: PushRequest,
): Promise<MutationResult[]> {
  assertSchemaVersion(body.schemaVersion);
  const year = yearIn(ctx.caseNumberTimeZone);
  return ctx.storage.write(async (tx: WriteTx) => {
    const batch: BatchState = {
      seen: await loadSeen(
        tx,
        body.mutations.map((m) => m.mutationId),
      ),
      rows: [],
    };
    tx.beforeCommit(async () => insertMutationRows(tx, batch.rows));
    const writer = new BatchWriter(tx);
    // Every record the batch names (and the cases of new child records), read in one query per table.
    await writer.preload(
      body.mutations.flatMap((m) => {
        const caseId = m.op === 'create' ? m.patch.caseId : undefined;
        const own = { table: m.table, id: m.recordId };
        return typeof caseId === 'string' ? [own, { table: 'cases' as const, id: caseId }] : [own];
      }),
    );
    const apply: ApplyContext = { tx, batch: writer, actor, year, officeCodes: new Map() };
    const results: MutationResult[] = [];
    for (const m of body.mutations) results.push(await pushOne(apply, batch, body.deviceId, m));
    return results;
  });
}
