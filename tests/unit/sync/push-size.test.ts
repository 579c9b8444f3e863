// Issue 14 item 6, console side: push batches are cut by size as well as by
// count, so no request body the console sends exceeds the server's limit
// (shared/sync/limits.ts), and a mutation too large for any request is refused
// here, once, into "needs attention": never sent, never dropped, never retried.
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxRow, PoskoDb } from '../../../renderer/db/database';
import { DexieSyncStore } from '../../../renderer/db/sync-store';
import { SyncEngine } from '../../../renderer/sync/engine';
import { MUTATION_TOO_LARGE } from '../../../renderer/sync/push';
import { SyncTransport } from '../../../renderer/sync/transport';
import { MAX_BODY_BYTES } from '../../../shared/sync/limits';
import { freshDb, localWrite, newCase, type Who } from '../../integration/support/local-client';
import { scriptedServer } from './fake-server';

const who: Who = { actorId: 'u1', deviceId: 'dev-1' };
const dbs: PoskoDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

function setup(options: { batchSize?: number; maxBatchBytes?: number } = {}) {
  const db = freshDb('push-size');
  dbs.push(db);
  const server = scriptedServer();
  const bodies: number[] = [];
  const transport = new SyncTransport({
    baseUrl: () => 'http://sync.test',
    getToken: () => 'tok',
    fetch: async (input, init) => {
      if (init?.body !== undefined) bodies.push(new TextEncoder().encode(String(init.body)).length);
      return server.fetch(input, init);
    },
  });
  const store = new DexieSyncStore(db);
  const engine = new SyncEngine({ store, transport, deviceId: who.deviceId, ...options });
  return { db, store, engine, server, bodies };
}

/** A case at rev 1 and `n` edits of it, each setting four long texts (non-ASCII: 2 bytes a char). */
async function bigEdits(db: PoskoDb, n: number, chars: number): Promise<OutboxRow[]> {
  const record = newCase('office-1', { rev: 1, seq: 1 });
  await db.cases.put({ ...record, searchKeys: [] });
  const rows: OutboxRow[] = [];
  for (let i = 0; i < n; i++) {
    const text = (k: string) => `${k}${i} ${'é'.repeat(chars)}`;
    rows.push(
      await localWrite(db, who, 'cases', record.id, {
        summary: text('s'),
        demands: text('d'),
        chronology: text('c'),
        'worker.fullName': `name ${i}`,
      }),
    );
  }
  return rows;
}

describe('push batches by size', () => {
  it("splits 200 edits of ~80 KB each so that no request body exceeds the server's 5 MB limit", async () => {
    const { db, engine, server, bodies } = setup();
    const rows = await bigEdits(db, 200, 13_000);
    const result = await engine.syncNow();
    expect(result.pushed).toBe(200);
    expect(result.rejected).toBe(0);
    // By count alone this was one request of ~16 MB.
    expect(server.pushes.length).toBeGreaterThan(3);
    expect(Math.max(...bodies)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    // Every mutation sent exactly once, in outbox order.
    expect(server.pushes.flatMap((p) => p.mutations.map((m) => m.mutationId))).toEqual(
      rows.map((r) => r.mutationId),
    );
    expect(await db.outbox.count()).toBe(0);
  });

  it('fills each batch up to the limit (measured request bodies, a small limit)', async () => {
    const limit = 40_000;
    const { db, engine, server, bodies } = setup({ maxBatchBytes: limit });
    // Each edit after the first carries ~6 KB of patch and ~6 KB of prior: ~12.4 KB a mutation.
    await bigEdits(db, 30, 1_000);
    await engine.syncNow();
    expect(bodies.length).toBeGreaterThan(1);
    for (const size of bodies) expect(size).toBeLessThanOrEqual(limit);
    // Not one mutation per request: each batch but the last had no room for the next edit.
    expect(server.pushes[1]?.mutations.length).toBe(3);
    for (const size of bodies.slice(0, -1)) expect(size).toBeGreaterThan(limit - 12_500);
  });

  it('refuses a mutation larger than any request locally, into needs attention, and sends the rest', async () => {
    const limit = 20_000;
    const { db, store, engine, server } = setup({ maxBatchBytes: limit });
    const [small1] = await bigEdits(db, 1, 100);
    const [huge] = await bigEdits(db, 1, 12_000); // ~72 KB: over the limit alone
    const [small2] = await bigEdits(db, 1, 100);
    const result = await engine.syncNow();
    expect(result.pushed).toBe(3);
    expect(result.rejected).toBe(1);
    const sent = server.pushes.flatMap((p) => p.mutations.map((m) => m.mutationId));
    expect(sent).toEqual([small1!.mutationId, small2!.mutationId]);
    expect(await db.outbox.count()).toBe(0);
    const attention = await store.listAttention();
    expect(attention).toHaveLength(1);
    expect(attention[0]).toMatchObject({
      mutationId: huge!.mutationId,
      outcome: 'rejected',
      status: 'open',
      error: { code: MUTATION_TOO_LARGE },
    });
    expect(attention[0]?.error?.message).toMatch(/MB/);
    // Nothing left to retry: the next sync sends nothing.
    const pushesBefore = server.pushes.length;
    await engine.syncNow();
    expect(server.pushes.length).toBe(pushesBefore);
  });
});
