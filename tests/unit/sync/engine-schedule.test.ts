import { afterEach, describe, expect, it } from 'vitest';
import { DexieSyncStore } from '../../../renderer/db/sync-store';
import { SyncEngine, type OnlineSource } from '../../../renderer/sync/engine';
import { SyncTransport, type FetchLike } from '../../../renderer/sync/transport';
import type { PoskoDb } from '../../../renderer/db/database';
import { createPatch, freshDb, localWrite, newCase } from '../../integration/support/local-client';
import { ManualTimers } from '../../support/manual-timers';
import { json, scriptedServer } from './fake-server';

const dbs: PoskoDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

/** A host whose network state the test sets, and whose change events it fires. */
function testHost(isOnline: () => boolean) {
  const listeners: Array<(online: boolean) => void> = [];
  const online: OnlineSource = { isOnline, onOnlineChange: (l) => (listeners.push(l), () => undefined) };
  return { online, notify: (up: boolean) => listeners.forEach((l) => l(up)) };
}

/** An engine on a fresh database, syncing with `fetch`, on virtual time: nothing waits on the wall clock. */
function testEngine(name: string, fetch: FetchLike, online: OnlineSource, time: ManualTimers, extra = {}) {
  const db = freshDb(name);
  dbs.push(db);
  const engine = new SyncEngine({
    store: new DexieSyncStore(db),
    transport: new SyncTransport({ baseUrl: () => 'http://sync.test', getToken: () => 't', fetch }),
    deviceId: 'dev',
    online,
    timers: time.timers,
    clock: time.clock,
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
    const time = new ManualTimers();
    const { db, engine } = testEngine('schedule', server.fetch, host.online, time, {
      retryBaseMs: 40,
      retryMaxMs: 80,
      healthIntervalMs: 50,
    });
    engine.start();
    await time.until(
      () => server.pulls.length === 1 && engine.status.get().phase === 'idle',
      'the first cycle',
    );
    const record = newCase('office-1');
    await localWrite(db, { actorId: 'u', deviceId: 'dev' }, 'cases', record.id, createPatch(record), {
      create: record,
    });
    await time.advance(4); // inside the debounce: nothing goes out yet
    expect(server.pushes).toHaveLength(0);
    await time.advance(146);
    expect(server.pushes).toHaveLength(1);
    expect(engine.status.get()).toMatchObject({ pending: 0, phase: 'idle' });

    serverUp = false;
    await localWrite(db, { actorId: 'u', deviceId: 'dev' }, 'cases', record.id, { summary: 'offline edit' });
    await time.advance(100);
    expect(engine.status.get()).toMatchObject({ online: false, phase: 'offline', pending: 1 });
    // Offline, the next probe is due within the health interval (besides the 60 s poll).
    expect(time.pending()[0]).toBeLessThanOrEqual(50);
    serverUp = true;
    await time.advance(250); // the health probe notices and the retry goes out
    expect(engine.status.get()).toMatchObject({ online: true, pending: 0 });
    expect(server.pushes).toHaveLength(2);

    host.notify(false);
    expect(engine.status.get()).toMatchObject({ online: false, phase: 'offline' });
    const before = server.pulls.length;
    const notifiedAt = time.now;
    host.notify(true);
    await time.until(() => server.pulls.length > before, 'a pull once the host is back online');
    expect(time.now).toBe(notifiedAt); // at once: no timer had to fire for it
    expect(server.pulls.length).toBeGreaterThan(before);
    engine.stop();
  });

  it('a cycle answered after the host went offline leaves the console offline', async () => {
    const server = scriptedServer();
    let gate: Promise<void> | null = null;
    let open!: () => void;
    let held = 0;
    const base = server.fetch;
    server.fetch = async (input, init) => {
      if (input.endsWith('/v1/health')) return json(200, { ok: true });
      if (gate && input.includes('/v1/sync/pull')) {
        held += 1;
        await gate;
      }
      return base(input, init);
    };
    let hostUp = true;
    const host = testHost(() => hostUp);
    const time = new ManualTimers();
    const { engine } = testEngine('schedule-late', server.fetch, host.online, time);
    engine.start();
    await time.until(
      () => server.pulls.length === 1 && engine.status.get().phase === 'idle',
      'the first cycle',
    );
    gate = new Promise<void>((resolve) => (open = resolve));
    const cycle = engine.syncNow();
    await time.until(() => held === 1, 'the pull in flight');
    hostUp = false;
    host.notify(false);
    open();
    expect((await cycle).ok).toBe(true);
    expect(engine.status.get()).toMatchObject({ online: false, phase: 'offline' });
    gate = null;
    hostUp = true;
    host.notify(true);
    await time.until(() => engine.status.get().phase === 'idle', 'the cycle after coming back online');
    expect(engine.status.get()).toMatchObject({ online: true, phase: 'idle' });
    engine.stop();
  });
});
