// The sync bench's side inside the page: helpers over raw IndexedDB installed
// before the console's scripts run, the in-page baseline of the first sync, the
// offline edits written straight into the console's stores, where the engine's
// time went (resource timing) and an optional CPU profile of the page.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { SCHEMA_VERSION } from '../../shared/domain/record';
import type { PullResponse } from '../../shared/sync/protocol';

/** The engine's default pull page (renderer/sync/engine.ts): the baseline pulls the same pages. */
export const PULL_LIMIT = 1000;
const SCRATCH_DB = 'posko-bench-scratch';

/** In-page helpers over raw IndexedDB, installed before the console's scripts run. */
interface PageKit {
  open(name: string): Promise<IDBDatabase>;
  req<T>(request: IDBRequest<T>): Promise<T>;
  done(tx: IDBTransaction): Promise<void>;
  count(store: string): Promise<number>;
  /** Polls the engine's pull cursor until it reaches `seq`; returns performance.now() then. */
  cursorAtLeast(seq: number, timeoutMs: number, everyMs: number): Promise<number>;
  outboxEmpty(timeoutMs: number, everyMs: number): Promise<number>;
}
export type KitHost = { poskoBench: PageKit };

// Method shorthand only: tsx wraps named arrow functions in __name(), which the page does not have.
export function installPageKit(): void {
  // Room for every sync request of the run (the default keeps 250 entries).
  performance.setResourceTimingBufferSize(5000);
  const kit: PageKit = {
    async open(name) {
      // Opening a database that does not exist yet would create it empty, before Dexie's schema.
      while (!(await indexedDB.databases()).some((d) => d.name === name))
        await new Promise((r) => setTimeout(r, 20));
      const request = indexedDB.open(name);
      return kit.req(request);
    },
    req(request) {
      return new Promise((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    },
    done(tx) {
      return new Promise((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
    },
    async count(store) {
      const db = await kit.open('posko');
      const n = await kit.req(db.transaction(store).objectStore(store).count());
      db.close();
      return n;
    },
    async cursorAtLeast(seq, timeoutMs, everyMs) {
      const db = await kit.open('posko');
      const t0 = performance.now();
      try {
        for (;;) {
          const row = await kit.req(db.transaction('syncState').objectStore('syncState').get('cursor'));
          const cursor = (row as { value?: unknown } | undefined)?.value;
          if (typeof cursor === 'number' && cursor >= seq) return performance.now();
          if (performance.now() - t0 > timeoutMs) throw new Error(`cursor ${String(cursor)} < ${seq}`);
          await new Promise((r) => setTimeout(r, everyMs));
        }
      } finally {
        db.close();
      }
    },
    async outboxEmpty(timeoutMs, everyMs) {
      const db = await kit.open('posko');
      const t0 = performance.now();
      try {
        for (;;) {
          const n = await kit.req(db.transaction('outbox').objectStore('outbox').count());
          if (n === 0) return performance.now();
          if (performance.now() - t0 > timeoutMs) throw new Error(`${n} mutations still in the outbox`);
          await new Promise((r) => setTimeout(r, everyMs));
        }
      } finally {
        db.close();
      }
    },
  };
  (globalThis as unknown as KitHost).poskoBench = kit;
}

export function waitCursor(page: Page, seq: number, timeoutMs: number, everyMs = 10): Promise<number> {
  return page.evaluate(([s, t, e]) => (globalThis as unknown as KitHost).poskoBench.cursorAtLeast(s, t, e), [
    seq,
    timeoutMs,
    everyMs,
  ] as const);
}

/**
 * Where the engine's time went, from the page's resource timing: summed time with a request of
 * `path` in flight, and summed gaps between one response and the next request (parse + IndexedDB).
 */
export async function requestSplit(page: Page, path: string, since: number): Promise<string> {
  const { count, inFlight, between } = await page.evaluate(
    ([p, t]) => {
      const entries = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => e.name.includes(p) && e.startTime >= t)
        .sort((a, b) => a.startTime - b.startTime);
      let flight = 0;
      let gaps = 0;
      entries.forEach((e, i) => {
        flight += e.responseEnd - e.startTime;
        const next = entries[i + 1];
        if (next) gaps += Math.max(0, next.startTime - e.responseEnd);
      });
      return { count: entries.length, inFlight: flight, between: gaps };
    },
    [path, since] as const,
  );
  return `${count} ${path} requests: ${inFlight.toFixed(0)} ms in flight, ${between.toFixed(0)} ms between them in the page`;
}

/** In-page baseline of figure 1: fetch() every pull page, one raw put transaction per page. */
export function rawFirstSync(page: Page, token: string): Promise<{ ms: number; count: number }> {
  return page.evaluate(
    async ([bearer, limit, scratch, schema]) => {
      const kit = (globalThis as unknown as KitHost).poskoBench;
      // The scratch store gets the indexes of the console's `cases` store (read live, so they match),
      // and each fetched record is written as the console stores it (with its search keys, read
      // here untimed): the multi-entry search index is a cost of the local schema, not of the engine.
      const app = await kit.open('posko');
      const source = app.transaction('cases').objectStore('cases');
      const indexes = [...source.indexNames].map((name) => {
        const index = source.index(name);
        return { name, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
      });
      const local = new Map<unknown, unknown>();
      for (const row of (await kit.req(source.getAll())) as Array<{ id: string }>) local.set(row.id, row);
      app.close();
      await kit.req(indexedDB.deleteDatabase(scratch));
      const request = indexedDB.open(scratch, 1);
      request.onupgradeneeded = () => {
        const store = request.result.createObjectStore('cases', { keyPath: 'id' });
        for (const i of indexes) store.createIndex(i.name, i.keyPath, i);
      };
      const db = await kit.req(request);
      const t0 = performance.now();
      let cursor = 0;
      let count = 0;
      for (;;) {
        const res = await fetch(`/v1/sync/pull?cursor=${cursor}&limit=${limit}&compact=${schema}`, {
          headers: { authorization: `Bearer ${bearer}` },
        });
        const body = (await res.json()) as PullResponse;
        const tx = db.transaction('cases', 'readwrite');
        const store = tx.objectStore('cases');
        for (const change of body.changes)
          if (change.table === 'cases') store.put(local.get(change.record.id) ?? change.record);
        await kit.done(tx);
        count += body.changes.length;
        cursor = body.cursor;
        if (!body.hasMore) break;
      }
      const ms = performance.now() - t0;
      db.close();
      await kit.req(indexedDB.deleteDatabase(scratch));
      return { ms, count };
    },
    // The same wire as the console (compact records, spliced from storage), so the baseline is not
    // slowed by the full-record path only old clients take.
    [token, PULL_LIMIT, SCRATCH_DB, SCHEMA_VERSION] as const,
  );
}

/**
 * M edits as the repository makes them (renderer/db/repository.ts updateRecord): the local row
 * changed and an outbox row appended in one transaction. Written with raw IndexedDB because the
 * console exposes neither its repository nor its engine to the page; the engine reads the same
 * rows through Dexie (a raw write does not wake its liveQuery, coming back online does).
 */
export function offlineEdits(
  page: Page,
  m: number,
  actorId: string,
): Promise<Array<{ id: string; rev: number }>> {
  return page.evaluate(
    async ([count, actor]) => {
      const kit = (globalThis as unknown as KitHost).poskoBench;
      const db = await kit.open('posko');
      const deviceId = localStorage.getItem('posko.deviceId') ?? 'bench-device';
      const rows = (await kit.req(db.transaction('cases').objectStore('cases').getAll(null, count))) as Array<
        Record<string, unknown> & { id: string; rev: number; summary?: string }
      >;
      const tx = db.transaction(['cases', 'outbox'], 'readwrite');
      rows.forEach((row, i) => {
        const summary = `offline edit ${i}`;
        tx.objectStore('cases').put({ ...row, summary });
        tx.objectStore('outbox').add({
          mutationId: crypto.randomUUID(),
          table: 'cases',
          recordId: row.id,
          op: 'update',
          baseRev: row.rev,
          patch: { summary },
          prior: { summary: row.summary ?? null },
          clientTime: new Date().toISOString(),
          actorId: actor,
          deviceId,
        });
      });
      await kit.done(tx);
      db.close();
      return rows.map((r) => ({ id: r.id, rev: r.rev }));
    },
    [m, actorId] as const,
  );
}

/**
 * With POSKO_BENCH_PROFILE=<dir>: a CPU profile of the page (Chrome DevTools format) from now until
 * stop(), written to <dir>/<name>.cpuprofile, to see where the engine's in-page time goes.
 */
export async function pageProfile(page: Page, name: string): Promise<{ stop(): Promise<void> }> {
  const dir = process.env.POSKO_BENCH_PROFILE;
  if (!dir) return { stop: async () => {} };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = await cdp.send('Profiler.stop');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
      await cdp.detach();
    },
  };
}
