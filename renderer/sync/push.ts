// Push: the outbox in order, in batches. Every mutation is settled on its own
// (applied / merged / conflict / duplicate leave the queue, rejected moves to
// "needs attention"), so one bad change never blocks the ones behind it.
// Transport failures throw and leave the outbox untouched: the same batch is
// resent later and the server answers `duplicate` for what it already has.
// A batch is cut by count and by size: its request body never exceeds the
// server's body limit (shared/sync/limits.ts), so the server never has to cut
// the connection on a large push, which a console would take for a network
// drop and retry forever. A single mutation larger than the limit is refused
// here, before sending, and waits in "needs attention" like a server refusal.
import { MAX_BODY_BYTES } from '../../shared/sync/limits';
import { Mutation, type MutationResult } from '../../shared/sync/protocol';
import { TransportError, type SyncTransport } from './transport';
import type { OutboxRow } from '../db/database';
import type { PushItem, SyncStore } from '../db/sync-store-types';

export interface PushContext {
  store: SyncStore;
  transport: SyncTransport;
  deviceId: string;
  schemaVersion: number;
  batchSize: number;
  /** Largest request body to send, in bytes; the server's limit unless a test sets a smaller one. */
  maxBatchBytes?: number;
  now: () => string;
}

/** The code of a change refused on this device because no request could carry it. */
export const MUTATION_TOO_LARGE = 'mutation_too_large';

export interface PushSummary {
  sent: number;
  rejected: number;
}

export function toWire(row: OutboxRow): Mutation {
  const wire: Mutation = {
    mutationId: row.mutationId,
    table: row.table,
    recordId: row.recordId,
    op: row.op,
    baseRev: row.baseRev,
    patch: row.patch,
    prior: row.prior,
    clientTime: row.clientTime,
  };
  if (row.conflictId) wire.conflictId = row.conflictId;
  return wire;
}

function rejectedLocally(row: OutboxRow, code: string, message: string): PushItem {
  return { row, result: { mutationId: row.mutationId, outcome: 'rejected', error: { code, message } } };
}

export async function pushAll(ctx: PushContext): Promise<PushSummary> {
  const summary: PushSummary = { sent: 0, rejected: 0 };
  let lastSettled: string | null = null;
  for (;;) {
    const rows = takeBatch(ctx, await ctx.store.peekOutbox(ctx.batchSize));
    if (rows.length === 0) return summary;
    // A store that fails to remove settled rows would make us spin forever.
    if (rows[0]?.mutationId === lastSettled) throw new Error('outbox did not advance after a push');
    const items = await pushBatch(ctx, rows);
    await ctx.store.applyPushResults(items, ctx.now());
    summary.sent += items.length;
    summary.rejected += items.filter((i) => i.result.outcome === 'rejected').length;
    lastSettled = rows[rows.length - 1]?.mutationId ?? null;
  }
}

const encoder = new TextEncoder();
/** Bytes of a value as the transport sends it (UTF-8 JSON). */
function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

function limitOf(ctx: PushContext): number {
  return ctx.maxBatchBytes ?? MAX_BODY_BYTES;
}

/** The request body around the mutations: `{"deviceId":…,"schemaVersion":…,"mutations":[]}`. */
function envelopeBytes(ctx: PushContext): number {
  return jsonBytes({ deviceId: ctx.deviceId, schemaVersion: ctx.schemaVersion, mutations: [] });
}

/**
 * The longest prefix of `rows` whose request body fits the limit, and never less than one row:
 * a row too large on its own goes alone and is refused by pushBatch without being sent. The
 * rest stays in the outbox, in order, for the next batch.
 */
function takeBatch(ctx: PushContext, rows: OutboxRow[]): OutboxRow[] {
  const limit = limitOf(ctx);
  let total = envelopeBytes(ctx);
  const batch: OutboxRow[] = [];
  for (const row of rows) {
    // One comma between two mutations.
    const size = jsonBytes(toWire(row)) + (batch.length > 0 ? 1 : 0);
    if (batch.length > 0 && total + size > limit) break;
    batch.push(row);
    total += size;
  }
  return batch;
}

async function pushBatch(ctx: PushContext, rows: OutboxRow[]): Promise<PushItem[]> {
  const items: PushItem[] = [];
  const valid: OutboxRow[] = [];
  const limit = limitOf(ctx);
  for (const row of rows) {
    // Checked before sending: one malformed row would otherwise fail the whole
    // batch with a 400 every time, the permanent deadlock we must never have.
    const parsed = Mutation.safeParse(toWire(row));
    const bytes = envelopeBytes(ctx) + jsonBytes(toWire(row));
    if (!parsed.success) items.push(rejectedLocally(row, 'invalid_local_mutation', parsed.error.message));
    else if (bytes > limit)
      items.push(rejectedLocally(row, MUTATION_TOO_LARGE, tooLargeMessage(bytes, limit)));
    else valid.push(row);
  }
  if (valid.length > 0) {
    try {
      items.push(...(await send(ctx, valid)));
    } catch (error) {
      if (!(error instanceof TransportError) || !isBatchRefusal(error)) throw error;
      // The server refused the batch as a whole; find the culprit by sending one by one.
      for (const row of valid) items.push(...(await sendSingle(ctx, row)));
    }
  }
  const order = new Map(rows.map((r, i) => [r.mutationId, i]));
  return items.sort((a, b) => (order.get(a.row.mutationId) ?? 0) - (order.get(b.row.mutationId) ?? 0));
}

function tooLargeMessage(bytes: number, limit: number): string {
  const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
  return `this change is ${mb(bytes)} MB and the server accepts at most ${mb(limit)} MB per request: it was not sent`;
}

function isBatchRefusal(error: TransportError): boolean {
  return error.kind === 'bad_request' || error.kind === 'too_large';
}

async function sendSingle(ctx: PushContext, row: OutboxRow): Promise<PushItem[]> {
  try {
    return await send(ctx, [row]);
  } catch (error) {
    if (error instanceof TransportError && isBatchRefusal(error)) {
      return [rejectedLocally(row, error.body?.code ?? error.kind, error.message)];
    }
    throw error;
  }
}

async function send(ctx: PushContext, rows: OutboxRow[]): Promise<PushItem[]> {
  const response = await ctx.transport.push({
    deviceId: ctx.deviceId,
    schemaVersion: ctx.schemaVersion,
    mutations: rows.map(toWire),
  });
  const results = response.results;
  if (results.length !== rows.length) {
    throw new TransportError(
      'invalid_response',
      `push answered ${results.length} results for ${rows.length} mutations`,
    );
  }
  return rows.map((row, i) => {
    const result = results[i] as MutationResult;
    if (result.mutationId !== row.mutationId) {
      throw new TransportError('invalid_response', 'push results are not in request order');
    }
    return { row, result };
  });
}
