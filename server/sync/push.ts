// POST /v1/sync/push: one database transaction per batch (speed); each
// mutation runs in BatchWriter.attempt (isolation, like a SAVEPOINT but in
// memory): a rejected mutation rolls back alone and the next one runs. Every outcome, duplicates and rejections included, gets
// an audit entry and is stored by mutationId so a retry returns it again.
// Each mutation is parsed on its own (a bad one is refused alone), and a large
// push yields the event loop every few milliseconds (other requests answer).
import { RevNumber } from '../../shared/domain/numbers';
import { IsoDateTime, SCHEMA_VERSION, SyncedTable, UUID_PATTERN } from '../../shared/domain/record';
import {
  MutationOp,
  parseMutation,
  type Mutation,
  type MutationRefusal,
  type MutationResult,
  type PushEnvelope,
} from '../../shared/sync/protocol';
import type { AuthUser, ServerContext } from '../context';
import { countWithin } from '../batching';
import type { AuditChange } from '../audit/entry';
import { ApiError } from '../errors';
import { marks, type WriteTx } from '../storage/storage';
import { applyMutation, caseCounter, type ApplyContext } from './apply';
import { BatchWriter, recordReads } from './batch';
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

/** The queries that look up stored results of these mutation ids, in chunks of 500. */
function seenReads(ids: string[]): { sql: string; params: string[] }[] {
  const reads: { sql: string; params: string[] }[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    reads.push({
      sql: `SELECT mutation_id, actor_id, result FROM mutations WHERE mutation_id IN (${marks(chunk.length)})`,
      params: chunk,
    });
  }
  return reads;
}

/** A pushed mutation: parsed, or refused before it reached the database. */
export type PushItem = { ok: true; mutation: Mutation } | { ok: false; refused: RefusedMutation };

/** A mutation that failed its schema, with those of its fields that are fit for the audit. */
interface RefusedMutation {
  mutationId: string;
  refusal: MutationRefusal;
  table: string | null;
  recordId: string | null;
  op: string;
  baseRev: number | null;
  clientTime: string | null;
}

/** The fields of a refused mutation that are safe to store (a NUL or an out-of-range number is not). */
function refusedMutation(raw: Record<string, unknown>, mutationId: string, refusal: MutationRefusal) {
  const table = SyncedTable.safeParse(raw.table);
  const op = MutationOp.safeParse(raw.op);
  const baseRev = RevNumber.safeParse(raw.baseRev);
  const clientTime = IsoDateTime.safeParse(raw.clientTime);
  return {
    mutationId,
    refusal,
    table: table.success ? table.data : null,
    recordId: typeof raw.recordId === 'string' && UUID_PATTERN.test(raw.recordId) ? raw.recordId : null,
    op: op.success ? op.data : 'invalid',
    baseRev: baseRev.success ? baseRev.data : null,
    clientTime: clientTime.success ? clientTime.data : null,
  };
}

/**
 * Work done between two turns of the event loop, at most (ms). A 4.5 MB push of 500 mutations of
 * 500 leaves each held /v1/health for seconds; now other requests are answered in between.
 */
const SLICE_MS = 8;

/** Lets the event loop run other requests when this turn has run SLICE_MS; call between mutations. */
export function yielder(): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}

/** Parses each mutation of a push on its own, yielding between them. */
export async function parseItems(raws: PushEnvelope['mutations']): Promise<PushItem[]> {
  const items: PushItem[] = [];
  const pause = yielder();
  for (const raw of raws) {
    const parsed = parseMutation(raw);
    items.push(
      parsed.ok
        ? { ok: true, mutation: parsed.mutation }
        : { ok: false, refused: refusedMutation(raw, raw.mutationId, parsed.refusal) },
    );
    await pause();
  }
  return items;
}

async function pushOne(
  ctx: ApplyContext,
  batch: BatchState,
  deviceId: string,
  item: PushItem,
): Promise<MutationResult> {
  const { tx, actor } = ctx;
  const m = item.ok ? item.mutation : undefined;
  const r = item.ok ? undefined : item.refused;
  const mutationId = m?.mutationId ?? r!.mutationId;
  // Every entry of a push with the same keys in the same order: one object shape for buildAuditRow.
  const audit = (
    outcome: string,
    officeId: string | null,
    detail: string | null,
    op?: { rev: number | null; changes: AuditChange[]; conflictId: string | null; caseId: string | null },
  ) =>
    tx.audit({
      actorId: actor.id,
      deviceId,
      clientTime: m?.clientTime ?? r!.clientTime,
      table: m?.table ?? r!.table,
      recordId: m?.recordId ?? r!.recordId,
      mutationId,
      baseRev: m?.baseRev ?? r!.baseRev,
      action: `push.${m?.op ?? r!.op}`,
      outcome,
      rev: op?.rev ?? null,
      changes: op?.changes ?? [],
      conflictId: op?.conflictId ?? null,
      officeId,
      caseId: op?.caseId ?? null,
      detail,
    });
  const seen = batch.seen.get(mutationId);
  if (seen) {
    if (seen.actor_id !== actor.id) {
      // Never hand one user's result to another; a UUID collision or a forged id is refused.
      await audit('rejected', actor.officeId, 'mutation_id_reused');
      return {
        mutationId,
        outcome: 'rejected',
        error: { code: 'mutation_id_reused', message: 'this mutationId was used by another account' },
      };
    }
    const first = JSON.parse(seen.result) as MutationResult;
    await audit('duplicate', actor.officeId, `first outcome: ${first.outcome}`, {
      rev: first.rev ?? null,
      changes: [],
      conflictId: null,
      caseId: null,
    });
    return { ...first, outcome: 'duplicate', firstOutcome: first.outcome };
  }

  let result: MutationResult;
  if (r) {
    const { code, message, details } = r.refusal;
    result = { mutationId, outcome: 'rejected', error: { code, message, details } };
    await audit('rejected', actor.officeId, `${code}: ${message}`.slice(0, 1000));
  } else
    try {
      const op = await ctx.batch.attempt(() => applyMutation(ctx, m!));
      result = { mutationId, outcome: op.outcome, rev: op.rev, seq: op.seq };
      if (op.conflictIds) {
        result.conflictIds = op.conflictIds;
        ctx.conflictsOpened += op.outcome === 'conflict' ? op.conflictIds.length : 0;
      }
      await audit(
        op.outcome,
        op.officeId,
        op.conflictIds && op.conflictIds.length > 1 ? `conflicts: ${op.conflictIds.join(',')}` : null,
        { rev: op.rev, changes: op.changes, conflictId: op.conflictIds?.[0] ?? null, caseId: op.caseId },
      );
    } catch (err) {
      if (!(err instanceof Rejection)) throw err;
      result = {
        mutationId,
        outcome: 'rejected',
        error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) },
      };
      await audit('rejected', actor.officeId, `${err.code}: ${err.message}`.slice(0, 1000));
    }
  const json = JSON.stringify(result);
  batch.rows.push([mutationId, actor.id, json, tx.now]);
  // The same mutationId later in this batch is a duplicate of this one.
  batch.seen.set(mutationId, { actor_id: actor.id, result: json });
  return result;
}

interface PushJob {
  actor: AuthUser;
  deviceId: string;
  items: PushItem[];
}

const parsedOf = (jobs: PushJob[]): Mutation[] =>
  jobs.flatMap((j) => j.items.flatMap((i) => (i.ok ? [i.mutation] : [])));

/** Mutations between two hand-overs of their rows to the SQLite writer thread. */
const STREAM_EVERY = 50;

/** Runs the given pushes, in order, in ONE write transaction; the results of each. */
async function runPushes(ctx: ServerContext, jobs: PushJob[]): Promise<MutationResult[][]> {
  const year = yearIn(ctx.caseNumberTimeZone);
  const all = parsedOf(jobs);
  // Read under the writer lock, with it: on PostgreSQL in the same round trip as BEGIN and the lock.
  const seen = seenReads(jobs.flatMap((j) => j.items.map((i) => (i.ok ? i.mutation : i.refused).mutationId)));
  // Every record the batch names (and the cases of new child records), one query per table.
  const records = recordReads(
    all.flatMap((m) => {
      const caseId = m.op === 'create' ? m.patch.caseId : undefined;
      const own = { table: m.table, id: m.recordId };
      return typeof caseId === 'string' ? [own, { table: 'cases' as const, id: caseId }] : [own];
    }),
  );
  // New cases take a number: their offices' codes and counters, read with the rest.
  const numbering = caseNumbering(jobs, year);
  return ctx.storage.write(
    async (tx: WriteTx) => {
      const batch: BatchState = { seen: new Map(), rows: [] };
      for (const rows of tx.prefetched.slice(0, seen.length))
        for (const r of rows as { mutation_id: string; actor_id: string; result: string }[])
          batch.seen.set(r.mutation_id, r);
      tx.beforeCommit(async () =>
        tx.deferInsert(
          'INSERT INTO mutations (mutation_id, actor_id, result, created_at)',
          4,
          batch.rows.splice(0),
        ),
      );
      const writer = new BatchWriter(tx);
      const recordRows = tx.prefetched.slice(seen.length, seen.length + records.length);
      writer.absorb(records, recordRows);
      const officeCodes = new Map<string, string>();
      if (numbering) {
        const [offices, counters] = tx.prefetched.slice(seen.length + records.length);
        for (const o of (offices ?? []) as { id: string; code: string }[]) officeCodes.set(o.id, o.code);
        writer.absorbCounters(numbering.counters, (counters ?? []) as { name: string; value: number }[]);
      }
      const out: MutationResult[][] = [];
      const owners: ApplyContext['owners'] = new Map();
      const pause = yielder();
      let done = 0;
      for (const { actor, deviceId, items } of jobs) {
        // Each push keeps its own actor and device; mutations stay isolated (BatchWriter.attempt), so
        // running several pushes here is the same as running them one after the other.
        writer.beginPush();
        const apply: ApplyContext = {
          tx,
          batch: writer,
          actor,
          year,
          officeCodes,
          owners,
          conflictsOpened: 0,
        };
        const results: MutationResult[] = [];
        for (const item of items) {
          results.push(await pushOne(apply, batch, deviceId, item));
          // SQLite: the writer thread inserts these rows while the next mutations are checked.
          if (++done % STREAM_EVERY === 0) await tx.flushWrites();
          // Between mutations only (never inside BatchWriter.attempt): other requests get a turn.
          await pause();
        }
        out.push(results);
      }
      return out;
    },
    [...seen, ...records.map((r) => r.statement), ...(numbering?.statements ?? [])],
  );
}

/** The reads that number the new cases of these pushes (office codes, counters), if any. */
function caseNumbering(jobs: PushJob[], year: string) {
  const offices = new Set<string>();
  for (const { actor, items } of jobs)
    if (
      actor.officeId &&
      items.some((i) => i.ok && i.mutation.op === 'create' && i.mutation.table === 'cases')
    )
      offices.add(actor.officeId);
  if (!offices.size) return undefined;
  const ids = [...offices];
  const counters = ids.map((id) => caseCounter(id, year));
  return {
    counters,
    statements: [
      { sql: `SELECT id, code FROM offices WHERE id IN (${marks(ids.length)})`, params: ids },
      { sql: `SELECT name, value FROM counters WHERE name IN (${marks(counters.length)})`, params: counters },
    ],
  };
}

/** Mutations of all pushes coalesced into one transaction, at most (one push alone may reach MAX_BATCH). */
const MAX_COALESCED = 1000;

/**
 * Pushes that arrive while another one holds the writer lock wait here and then run together in
 * ONE transaction: one lock, one read of the mutation ids and records they name, one multi-row
 * write, one COMMIT, instead of several round trips each under the lock. PostgreSQL: 100
 * concurrent single-mutation pushes were 100 serialized transactions. SQLite: each transaction's
 * reads are round trips to the writer thread, which under 200 clients doubled push p95 even with
 * the driver's group commit. Commit order and seq allocation are unchanged: it is still one
 * Storage.write. If the shared transaction fails, each push is retried alone, so one failing push
 * cannot fail the others.
 */
class PushCoalescer {
  private queue: (PushJob & { resolve(r: MutationResult[]): void; reject(e: unknown): void })[] = [];
  private running = false;

  constructor(private readonly ctx: ServerContext) {}

  submit(job: PushJob): Promise<MutationResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...job, resolve, reject });
      // On the next turn: requests that already arrived join this group.
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const n = countWithin(this.queue, 0, (job) => job.items.length, MAX_COALESCED);
      const group = this.queue.splice(0, n);
      try {
        const results = await runPushes(this.ctx, group);
        group.forEach((job, i) => job.resolve(results[i]!));
      } catch (error) {
        if (group.length === 1) group[0]!.reject(error);
        else
          for (const job of group) {
            await runPushes(this.ctx, [job]).then(
              (r) => job.resolve(r[0]!),
              (e: unknown) => job.reject(e),
            );
          }
      }
    }
    this.running = false;
  }
}

const coalescers = new WeakMap<ServerContext, PushCoalescer>();

export async function push(
  ctx: ServerContext,
  actor: AuthUser,
  body: PushEnvelope,
): Promise<MutationResult[]> {
  assertSchemaVersion(body.schemaVersion);
  // Parsed outside the writer lock, yielding: a large push neither holds the lock nor the event loop.
  const items = await parseItems(body.mutations);
  let coalescer = coalescers.get(ctx);
  if (!coalescer) coalescers.set(ctx, (coalescer = new PushCoalescer(ctx)));
  return coalescer.submit({ actor, deviceId: body.deviceId, items });
}
