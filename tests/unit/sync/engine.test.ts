import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { DexieSyncStore } from '../../../renderer/db/sync-store';
import { SyncEngine } from '../../../renderer/sync/engine';
import { SyncTransport } from '../../../renderer/sync/transport';
import type { PoskoDb } from '../../../renderer/db/database';
import type { OutboxRow } from '../../../renderer/db/database';
import { createPatch, freshDb, localWrite, newCase, type Who } from '../../integration/support/local-client';
import { applied, emptyPull, json, scriptedServer, type ScriptedServer } from './fake-server';

const who: Who = { actorId: 'u1', deviceId: 'dev-1' };
const dbs: PoskoDb[] = [];

function setup(server: ScriptedServer, batchSize = 200) {
  const db = freshDb('engine');
  dbs.push(db);
  let token: string | null = 'tok';
  const transport = new SyncTransport({
    baseUrl: () => 'http://sync.test',
    getToken: () => token,
    fetch: server.fetch,
  });
  const engine = new SyncEngine({
    store: new DexieSyncStore(db),
    transport,
    deviceId: who.deviceId,
    batchSize,
  });
  return { db, engine, setToken: (t: string | null) => (token = t) };
}

async function createCases(db: PoskoDb, n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const record = newCase('office-1', { summary: `case ${i}` });
    await localWrite(db, who, 'cases', record.id, createPatch(record), { create: record });
    ids.push(record.id);
  }
  return ids;
}

afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

describe('push', () => {
  it('sends the outbox in order and in batches; a rejected mutation goes to attention and never blocks', async () => {
    const server = scriptedServer();
    server.onPush = (req) =>
      json(200, {
        results: req.mutations.map((m, i) =>
          server.pushes.length === 1 && i === 1
            ? {
                mutationId: m.mutationId,
                outcome: 'rejected',
                error: { code: 'illegal_transition', message: 'no' },
              }
            : applied(m, 1, 10 + i),
        ),
      });
    const { db, engine } = setup(server, 2);
    const ids = await createCases(db, 5);
    const result = await engine.syncNow();
    expect(result).toMatchObject({ ok: true, pushed: 5, rejected: 1 });
    expect(server.pushes.map((p) => p.mutations.length)).toEqual([2, 2, 1]);
    expect(server.pushes.flatMap((p) => p.mutations.map((m) => m.recordId))).toEqual(ids);
    expect(await db.outbox.count()).toBe(0);
    const attention = await db.attention.toArray();
    expect(attention).toHaveLength(1);
    expect(attention[0]).toMatchObject({
      recordId: ids[1],
      outcome: 'rejected',
      error: { code: 'illegal_transition' },
    });
    expect((await db.cases.get(ids[0] as string))?.rev).toBe(1);
    expect((await db.cases.get(ids[1] as string))?.rev).toBe(0);
    expect(engine.status.get()).toMatchObject({ phase: 'idle', pending: 0, attention: 1, error: null });
  });

  it('keeps a malformed local mutation out of the batch and a batch-level 400 is narrowed to the culprit', async () => {
    const server = scriptedServer();
    const { db, engine } = setup(server);
    const [a, b, c] = await createCases(db, 3);
    await db.outbox.filter((r) => r.recordId === a).modify({ patch: { 'not a path!': 1 } });
    server.onPush = (req) =>
      req.mutations.some((m) => m.recordId === b)
        ? json(400, { error: { code: 'validation', message: 'bad field worker.x' } })
        : json(200, { results: req.mutations.map((m) => applied(m)) });
    const result = await engine.syncNow();
    expect(result.ok).toBe(true);
    expect(server.pushes[0]?.mutations.map((m) => m.recordId)).toEqual([b, c]);
    const attention = await db.attention.toArray();
    expect(attention.map((x) => [x.recordId, x.error?.code]).sort()).toEqual(
      [
        [a, 'invalid_local_mutation'],
        [b, 'validation'],
      ].sort(),
    );
    expect((await db.cases.get(c as string))?.rev).toBe(1);
  });

  it('retries the same batch after a network error and after a lost response, without losing anything', async () => {
    const server = scriptedServer();
    const { db, engine } = setup(server);
    await createCases(db, 2);
    server.onPush = () => {
      throw new TypeError('fetch failed');
    };
    const offline = await engine.syncNow();
    expect(offline.ok).toBe(false);
    expect(engine.status.get()).toMatchObject({ phase: 'offline', online: false, pending: 2 });
    expect(engine.status.get().nextRetryAt).not.toBeNull();
    // The server applies, the answer is lost on the way back.
    const seen = new Set<string>();
    server.onPush = (req) => {
      const first = req.mutations.every((m) => !seen.has(m.mutationId));
      req.mutations.forEach((m) => seen.add(m.mutationId));
      if (first) return new Response('{"results":[', { status: 200 });
      return json(200, {
        results: req.mutations.map((m) => ({ ...applied(m), outcome: 'duplicate', firstOutcome: 'applied' })),
      });
    };
    expect((await engine.syncNow()).ok).toBe(false);
    expect(await db.outbox.count()).toBe(2);
    expect((await engine.syncNow()).ok).toBe(true);
    expect(server.pushes.at(-1)?.mutations.map((m) => m.mutationId)).toEqual(
      server.pushes.at(-2)?.mutations.map((m) => m.mutationId),
    );
    expect(await db.outbox.count()).toBe(0);
    expect(engine.status.get()).toMatchObject({ phase: 'idle', online: true, error: null });
  });

  it('a resend answered duplicate of a first rejection still lands in attention', async () => {
    const server = scriptedServer();
    const { db, engine } = setup(server);
    const [id] = await createCases(db, 1);
    server.onPush = (req) =>
      json(200, {
        results: req.mutations.map((m) => ({
          mutationId: m.mutationId,
          outcome: 'duplicate',
          firstOutcome: 'rejected',
          error: { code: 'forbidden_office', message: 'not your office' },
        })),
      });
    expect((await engine.syncNow()).ok).toBe(true);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.attention.toArray()).toMatchObject([
      { recordId: id, error: { code: 'forbidden_office' } },
    ]);
  });

  it('401 halts with session expired and keeps the outbox; resume after login sends it', async () => {
    const server = scriptedServer();
    const { db, engine, setToken } = setup(server);
    await createCases(db, 1);
    server.onPush = (req, call) =>
      call === 1
        ? json(401, { error: { code: 'unauthorized', message: 'expired' } })
        : json(200, { results: req.mutations.map((m) => applied(m)) });
    const first = await engine.syncNow();
    expect(first.error?.code).toBe('session_expired');
    expect(engine.status.get().phase).toBe('session_expired');
    expect((await engine.syncNow()).ok).toBe(false);
    expect(server.pushes).toHaveLength(1); // halted: no hammering with a dead token
    expect(await db.outbox.count()).toBe(1);
    setToken('fresh');
    expect((await engine.resume()).ok).toBe(true);
    expect(await db.outbox.count()).toBe(0);
  });

  it('409 schema_version_unsupported shows "update the app" and stops', async () => {
    const server = scriptedServer();
    const { db, engine } = setup(server);
    await createCases(db, 1);
    server.onPush = () => json(409, { error: { code: 'schema_version_unsupported', message: 'too old' } });
    const result = await engine.syncNow();
    expect(result.error?.code).toBe('update_required');
    expect(engine.status.get().phase).toBe('update_required');
    expect(await db.outbox.count()).toBe(1);
  });
});

describe('pull', () => {
  it('applies pages with the cursor, rebases records with pending edits, reports progress', async () => {
    const server = scriptedServer();
    const { db, engine } = setup(server);
    const mine = newCase('office-1', { summary: 'old', rev: 3, seq: 3 });
    await db.cases.put({ ...mine, searchKeys: [] });
    await localWrite(db, who, 'cases', mine.id, { summary: 'my unsent edit' });
    server.onPush = () => {
      throw new TypeError('offline for push'); // keep the edit pending while we pull
    };
    const other = newCase('office-1', { rev: 1, seq: 4 });
    const pages = [
      { changes: [{ table: 'cases', record: other }], conflicts: [], cursor: 4, hasMore: true },
      {
        changes: [
          { table: 'cases', record: { ...mine, rev: 4, seq: 5, urgency: 'urgent', summary: 'server' } },
        ],
        conflicts: [],
        cursor: 5,
        hasMore: false,
      },
    ];
    server.onPull = (cursor) => json(200, cursor === 0 ? pages[0] : pages[1]);
    const progress: number[] = [];
    engine.status.subscribe((s) => s.pull && progress.push(s.pull.received));
    expect((await engine.syncNow()).ok).toBe(false);
    // Push failed, so no pull: the cycle stops at the first failure.
    expect(server.pulls).toEqual([]);
    server.onPush = () => json(200, { results: [] });
    await db.outbox.toCollection().modify({}); // outbox untouched
    const store = new DexieSyncStore(db);
    const result = await store.applyPullPage(pages[0] as never);
    expect(result.applied).toBe(1);
    const second = await store.applyPullPage(pages[1] as never);
    expect(second.rebased).toBe(1);
    const local = await db.cases.get(mine.id);
    expect(local).toMatchObject({ rev: 4, urgency: 'urgent', summary: 'my unsent edit' });
    expect(await store.getCursor()).toBe(5);
    expect(await db.outbox.count()).toBe(1);
    // Full engine pull over pages with progress.
    await db.syncState.put({ key: 'cursor', value: 0 });
    server.onPush = (req) => json(200, { results: req.mutations.map((m) => applied(m, 5, 6)) });
    expect((await engine.syncNow()).ok).toBe(true);
    expect(server.pulls).toEqual([0, 4]);
    expect(progress).toContain(1);
    expect(progress).toContain(2);
  });

  it('skips a record this build cannot read without stopping the page or the cursor', async () => {
    const server = scriptedServer();
    const { db, engine } = setup(server);
    const good = newCase('office-1', { rev: 1, seq: 1 });
    server.onPull = () =>
      json(200, {
        changes: [
          { table: 'cases', record: { id: 'garbage' } },
          { table: 'cases', record: good },
        ],
        conflicts: [],
        cursor: 2,
        hasMore: false,
      });
    expect((await engine.syncNow()).ok).toBe(true);
    expect(await db.cases.count()).toBe(1);
    expect(await new DexieSyncStore(db).getCursor()).toBe(2);
  });

  it('a pull answer that breaks the contract is an error, changes nothing', async () => {
    const server = scriptedServer();
    const { db, engine } = setup(server);
    server.onPull = () => json(200, { ...emptyPull, cursor: -5 });
    const result = await engine.syncNow();
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('invalid_response');
    expect(await db.syncState.get('cursor')).toBeUndefined();
  });
});

describe('DexieSyncStore.applyPushResults', () => {
  it('removes answered rows by primary key, and rows handed over without one by mutation id', async () => {
    const db = freshDb('store');
    dbs.push(db);
    await createCases(db, 4);
    const store = new DexieSyncStore(db);
    const rows = await store.peekOutbox(10);
    expect(rows.every((r) => typeof r.seq === 'number')).toBe(true);
    const wire = (row: (typeof rows)[number]) => ({
      row,
      result: applied({ ...row, patch: row.patch as never, prior: row.prior as never }, 1, 5),
    });
    const { seq: _dropped, ...unkeyed } = rows[3]!;
    await store.applyPushResults([wire(rows[0]!), wire(rows[1]!), wire(unkeyed)], '2026-12-01T00:00:00Z');
    expect((await store.peekOutbox(10)).map((r) => r.mutationId)).toEqual([rows[2]!.mutationId]);
    // Stamped with the server's rev and seq: the local base matched (rev 0) and the outcome was applied.
    expect((await db.cases.get(rows[0]!.recordId))?.rev).toBe(1);
  });

  it('adopts the server rev only when it is the local base plus this one write', async () => {
    const db = freshDb('store-stamp');
    dbs.push(db);
    const store = new DexieSyncStore(db);
    // Three cases at rev 1, each with one local edit waiting (baseRev 1).
    const cases = Array.from({ length: 3 }, () => newCase('office-1', { rev: 1, seq: 1 }));
    await db.cases.bulkPut(cases as never);
    const rows: OutboxRow[] = [];
    for (const c of cases) rows.push(await localWrite(db, who, 'cases', c.id, { summary: 'edited here' }));
    const answer = (i: number, outcome: 'applied' | 'merged', rev: number) => ({
      row: rows[i]!,
      result: { mutationId: rows[i]!.mutationId, outcome, rev, seq: 9 },
    });
    await store.applyPushResults(
      [
        answer(0, 'applied', 2), // our base plus our edit: rev 2 is ours
        answer(1, 'merged', 3), // someone else's change is in rev 3: not ours until pulled
        answer(2, 'applied', 3), // an older server's no-op on a record that moved on
      ],
      '2026-12-01T00:00:00Z',
    );
    const revs = await Promise.all(cases.map(async (c) => (await db.cases.get(c.id))?.rev));
    // Stamping rev 3 would make the next edit claim a version whose changes this laptop lacks, and
    // the server would apply it without a merge: a silent overwrite (chaos seed 215).
    expect(revs).toEqual([2, 1, 1]);
  });
});

describe('DexieSyncStore.applyPushResults: resolves', () => {
  it('a resolve the server took shows the conflict resolved before the next pull', async () => {
    const db = freshDb('store-resolve');
    dbs.push(db);
    const store = new DexieSyncStore(db);
    const record = newCase('office-1', { rev: 2, seq: 2 });
    await db.cases.put(record as never);
    const conflict = (id: string) => ({
      id,
      table: 'cases' as const,
      recordId: record.id,
      caseId: record.id,
      officeId: 'office-1',
      path: 'summary',
      base: 'a',
      server: 'b',
      client: 'c',
      serverActorId: 'u1',
      serverAt: '2026-12-01T00:00:00.000Z',
      clientActorId: 'u2',
      clientAt: '2026-12-01T00:00:00.000Z',
      mutationId: uuidv7(),
      status: 'open' as const,
      resolvedBy: null,
      resolvedAt: null,
      seq: 3,
    });
    const [taken, refused] = [conflict(uuidv7()), conflict(uuidv7())];
    await db.conflicts.bulkPut([taken, refused]);
    const resolve = (c: typeof taken) =>
      localWrite(db, who, 'cases', record.id, { summary: 'c' }, { op: 'resolve', conflictId: c.id });
    const rows = [await resolve(taken), await resolve(refused)];
    await store.applyPushResults(
      [
        { row: rows[0]!, result: { mutationId: rows[0]!.mutationId, outcome: 'merged', rev: 4, seq: 9 } },
        {
          row: rows[1]!,
          result: {
            mutationId: rows[1]!.mutationId,
            outcome: 'rejected',
            error: { code: 'already_resolved', message: 'already resolved' },
          },
        },
      ],
      '2026-12-01T01:00:00.000Z',
    );
    expect(await db.conflicts.get(taken.id)).toMatchObject({
      status: 'resolved',
      resolvedBy: rows[0]!.actorId,
      resolvedAt: '2026-12-01T01:00:00.000Z',
      resolution: 'c',
    });
    expect(await db.conflicts.get(refused.id)).toMatchObject({ status: 'open', resolvedBy: null });
  });
});

describe('DexieSyncStore.applyPullPage', () => {
  it('keeps local-only fields of stored rows whether their key range is sparse or crowded', async () => {
    const db = freshDb('store-pull');
    dbs.push(db);
    const store = new DexieSyncStore(db);
    // Ten stored cases (ids in creation order), each with a local-only field.
    const stored = Array.from({ length: 10 }, (_, i) => newCase('office-1', { rev: 1, seq: i + 1 }));
    await db.cases.bulkPut(stored.map((c) => ({ ...c, _pinned: c.id }) as never));
    const pulled = (c: (typeof stored)[number], summary: string) => ({
      table: 'cases' as const,
      record: { ...c, rev: 2, summary },
    });
    // Crowded: first and last stored id, with eight stored rows between them (read one by one).
    await store.applyPullPage({
      changes: [pulled(stored[0]!, 'a'), pulled(stored[9]!, 'b')],
      conflicts: [],
      cursor: 20,
    });
    // Sparse: the newest stored case and three new ones after it (one range read).
    const fresh = Array.from({ length: 3 }, () => newCase('office-1', { rev: 1, seq: 30 }));
    await store.applyPullPage({
      changes: [pulled(stored[9]!, 'c'), ...fresh.map((c) => pulled(c, 'new'))],
      conflicts: [],
      cursor: 40,
    });
    const rows = (await db.cases.toArray()) as unknown as Array<Record<string, unknown>>;
    const byId = new Map(rows.map((r) => [r.id as string, r]));
    expect(rows).toHaveLength(13);
    expect(byId.get(stored[0]!.id)).toMatchObject({ summary: 'a', rev: 2, _pinned: stored[0]!.id });
    expect(byId.get(stored[9]!.id)).toMatchObject({ summary: 'c', rev: 2, _pinned: stored[9]!.id });
    expect(byId.get(stored[5]!.id)).toMatchObject({ rev: 1, _pinned: stored[5]!.id });
    for (const c of fresh) {
      expect(byId.get(c.id)).toMatchObject({ summary: 'new', rev: 2 });
      expect(byId.get(c.id)).not.toHaveProperty('_pinned');
    }
  });
});
