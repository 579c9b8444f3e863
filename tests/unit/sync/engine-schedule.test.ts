import { afterEach, describe, expect, it } from 'vitest';
import { DexieSyncStore } from '../../../renderer/db/sync-store';
import { SyncEngine, type OnlineSource } from '../../../renderer/sync/engine';
import { SyncTransport, type FetchLike } from '../../../renderer/sync/transport';
import type { PoskoDb } from '../../../renderer/db/database';
import { createPatch, freshDb, localWrite, newCase } from '../../integration/support/local-client';
import { json, scriptedServer } from './fake-server';

const dbs: PoskoDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

/** A host whose network state the test sets, and whose change events it fires. */
function testHost(isOnline: () => boolean) {
  const listeners: Array<(online: boolean) => void> = [];
  const online: OnlineSource = { isOnline, onOnlineChange: (l) => (listeners.push(l), () => undefined) };
  return { online, notify: (up: boolean) => listeners.forEach((l) => l(up)) };
}

/** An engine on a fresh database, syncing with `fetch`. */
function testEngine(name: string, fetch: FetchLike, online: OnlineSource, extra = {}) {
  const db = freshDb(name);
  dbs.push(db);
  const engine = new SyncEngine({
    store: new DexieSyncStore(db),
    transport: new SyncTransport({ baseUrl: () => 'http://sync.test', getToken: () => 't', fetch }),
    deviceId: 'dev',
    online,
    pushDebounceMs: 5,
    random: () => 0.99,
    ...extra,
  });
  return { db, engine };
}

describe('engine scheduling', () => {
  it('a local write triggers a push; offline retries probe on backoff; coming online syncs at once', async () => {
    const server = scriptedServer();
    let serverUp = true;
    const base = server.fetch;
    server.fetch = async (input, init) => {
      if (!serverUp) throw new TypeError('offline');
      return input.endsWith('/v1/health') ? json(200, { ok: true }) : base(input, init);
    };
    const host = testHost(() => true);
    const { db, engine } = testEngine('schedule', server.fetch, host.online, {
      retryBaseMs: 40,
      retryMaxMs: 80,
      healthIntervalMs: 50,
    });
    engine.start();
    await tick(50);
    const record = newCase('office-1');
    await localWrite(db, { actorId: 'u', deviceId: 'dev' }, 'cases', record.id, createPatch(record), {
      create: record,
    });
    await tick(150);
    expect(server.pushes).toHaveLength(1);
    expect(engine.status.get()).toMatchObject({ pending: 0, phase: 'idle' });

    serverUp = false;
    await localWrite(db, { actorId: 'u', deviceId: 'dev' }, 'cases', record.id, { summary: 'offline edit' });
    await tick(100);
    expect(engine.status.get()).toMatchObject({ online: false, phase: 'offline', pending: 1 });
    serverUp = true;
    await tick(250); // the health probe notices and the retry goes out
    expect(engine.status.get()).toMatchObject({ online: true, pending: 0 });
    expect(server.pushes).toHaveLength(2);

    host.notify(false);
    expect(engine.status.get()).toMatchObject({ online: false, phase: 'offline' });
    const before = server.pulls.length;
    host.notify(true);
    await tick(50);
    expect(server.pulls.length).toBeGreaterThan(before);
    engine.stop();
  });

  it('a cycle answered after the host went offline leaves the console offline', async () => {
    const server = scriptedServer();
    let gate: Promise<void> | null = null;
    let open!: () => void;
    const base = server.fetch;
    server.fetch = async (input, init) => {
      if (input.endsWith('/v1/health')) return json(200, { ok: true });
      if (gate && input.includes('/v1/sync/pull')) await gate;
      return base(input, init);
    };
    let hostUp = true;
    const host = testHost(() => hostUp);
    const { engine } = testEngine('schedule-late', server.fetch, host.online);
    engine.start();
    await tick(50);
    gate = new Promise<void>((resolve) => (open = resolve));
    const cycle = engine.syncNow();
    await tick(20); // the pull is in flight
    hostUp = false;
    host.notify(false);
    open();
    expect((await cycle).ok).toBe(true);
    expect(engine.status.get()).toMatchObject({ online: false, phase: 'offline' });
    gate = null;
    hostUp = true;
    host.notify(true);
    await tick(50);
    expect(engine.status.get()).toMatchObject({ online: true, phase: 'idle' });
    engine.stop();
  });
});
