// Client sync engine end to end in real Chromium: the built console (dist/renderer)
// served by the real server on SQLite, signed in as an operator, syncing into
// IndexedDB through the real engine (Dexie store, HTTP transport, SSE pokes).
//
// Figures, each beside a baseline measured in the same run:
// 1. first sync of N cases (quick 10,000, full 100,000) seeded over HTTP push;
//    baseline: the same pull pages fetched in the same page with fetch() and
//    written with one raw IndexedDB transaction per page into a scratch store
//    with the same indexes as `cases` (rows as the console stores them, search
//    keys included). Target: within 2x of raw.
// 2. M offline edits (quick 2,000, full 10,000) pushed when the page comes back
//    online, until the outbox is empty; baseline: the same number of edits of
//    the same records pushed from Node in batches of 500.
// 3. 100 edits pushed by another session -> visible in the page's IndexedDB
//    (SSE poke, then pull); baseline: the same pull with one fetch from Node.
//
// "Done" is read from the engine's own state: the cursor in `syncState` is
// committed in the same transaction as the records of its page, so cursor >=
// the server's seq means every record up to it is stored (checked afterwards).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { SCHEMA_VERSION } from '../../shared/domain/record';
import type { Mutation, MutationResult, PullResponse } from '../../shared/sync/protocol';
import { launchChromium, openConsolePage } from '../e2e/helpers/browser';
import { startConsoleServer } from '../e2e/helpers/console-server';
import { createCaseMutation, updateMutation } from '../server/helpers';
import { latencyFigure, medianOf, rateFigure, type BenchFigure, type BenchSuite } from './harness';

const BATCH = 500;
/** The engine's default pull page (renderer/sync/engine.ts): the baseline pulls the same pages. */
const PULL_LIMIT = 1000;
const SMALL = 100;
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
type KitHost = { poskoBench: PageKit };

// Method shorthand only: tsx wraps named arrow functions in __name(), which the page does not have.
function installPageKit(): void {
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

/** The sync API from Node, as another session would call it. */
function api(base: string, token: string, deviceId: string) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    async push(mutations: Mutation[]): Promise<MutationResult[]> {
      const body = JSON.stringify({ deviceId, schemaVersion: SCHEMA_VERSION, mutations });
      const res = await fetch(new URL('v1/sync/push', base), { method: 'POST', headers, body });
      const text = await res.text();
      if (!res.ok) throw new Error(`push: ${res.status} ${text.slice(0, 200)}`);
      const { results } = JSON.parse(text) as { results: MutationResult[] };
      const bad = results.find((r) => r.outcome !== 'applied');
      if (bad) throw new Error(`push: expected applied, got ${JSON.stringify(bad)}`);
      return results;
    },
    async pull(cursor: number, limit = PULL_LIMIT): Promise<PullResponse> {
      const res = await fetch(new URL(`v1/sync/pull?cursor=${cursor}&limit=${limit}`, base), { headers });
      if (!res.ok) throw new Error(`pull: ${res.status} ${await res.text()}`);
      return (await res.json()) as PullResponse;
    },
    /** Every change after `cursor`, and the cursor at the end (the office's head). */
    async pullAll(cursor: number): Promise<{ changes: PullResponse['changes']; head: number }> {
      const changes: PullResponse['changes'] = [];
      for (;;) {
        const page = await this.pull(cursor, 5000);
        changes.push(...page.changes);
        cursor = page.cursor;
        if (!page.hasMore) return { changes, head: cursor };
      }
    },
  };
}

function waitCursor(page: Page, seq: number, timeoutMs: number, everyMs = 10): Promise<number> {
  return page.evaluate(([s, t, e]) => (globalThis as unknown as KitHost).poskoBench.cursorAtLeast(s, t, e), [
    seq,
    timeoutMs,
    everyMs,
  ] as const);
}

/** In-page baseline of figure 1: fetch() every pull page, one raw put transaction per page. */
/**
 * Where the engine's time went, from the page's resource timing: summed time with a request of
 * `path` in flight, and summed gaps between one response and the next request (parse + IndexedDB).
 */
async function requestSplit(page: Page, path: string, since: number): Promise<string> {
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

function rawFirstSync(page: Page, token: string): Promise<{ ms: number; count: number }> {
  return page.evaluate(
    async ([bearer, limit, scratch]) => {
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
        const res = await fetch(`/v1/sync/pull?cursor=${cursor}&limit=${limit}`, {
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
    [token, PULL_LIMIT, SCRATCH_DB] as const,
  );
}

/**
 * M edits as the repository makes them (renderer/db/repository.ts updateRecord): the local row
 * changed and an outbox row appended in one transaction. Written with raw IndexedDB because the
 * console exposes neither its repository nor its engine to the page; the engine reads the same
 * rows through Dexie (a raw write does not wake its liveQuery, coming back online does).
 */
function offlineEdits(page: Page, m: number, actorId: string): Promise<Array<{ id: string; rev: number }>> {
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

const median = medianOf;

/**
 * With POSKO_BENCH_PROFILE=<dir>: a CPU profile of the page (Chrome DevTools format) from now until
 * stop(), written to <dir>/<name>.cpuprofile, to see where the engine's in-page time goes.
 */
async function pageProfile(page: Page, name: string): Promise<{ stop(): Promise<void> }> {
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

export const syncSuite: BenchSuite = {
  name: 'sync engine (Chromium, IndexedDB)',
  async run(ctx) {
    const n = ctx.quick ? 10_000 : 100_000;
    const m = ctx.quick ? 2_000 : 10_000;
    const rounds = ctx.quick ? 3 : 5;
    const long = ctx.quick ? 120_000 : 900_000;
    const server = await startConsoleServer();
    const browser = await launchChromium();
    try {
      const { op1, op2 } = server.users;
      const other = api(server.url, await server.login(op2.username, op2.password), 'bench-other');
      const reader = api(server.url, await server.login(op1.username, op1.password), 'bench-reader');
      let t0 = performance.now();
      let head = 0;
      for (let done = 0; done < n; done += BATCH) {
        const results = await other.push(
          Array.from({ length: Math.min(BATCH, n - done) }, () => createCaseMutation()),
        );
        head = Math.max(head, ...results.map((r) => r.seq ?? 0));
      }
      ctx.log(
        `seeded ${n.toLocaleString('en')} cases over HTTP in ${(performance.now() - t0).toFixed(0)} ms`,
      );

      // 1. First sync: signed in on load (openConsolePage), the engine starts and pulls everything.
      const { page, context } = await openConsolePage(browser);
      await page.addInitScript(installPageKit);
      await page.goto(server.url);
      await page.locator('.app').waitFor({ timeout: 60_000 });
      const end = await waitCursor(page, head, long, 25);
      const start = await page.evaluate(() =>
        Math.min(
          ...performance
            .getEntriesByType('resource')
            .filter((e) => e.name.includes('/v1/sync/pull'))
            .map((e) => e.startTime),
        ),
      );
      const syncMs = end - start;
      ctx.log(`first sync: ${await requestSplit(page, '/v1/sync/pull', start)}`);
      const stored = await page.evaluate(() => (globalThis as unknown as KitHost).poskoBench.count('cases'));
      if (stored !== n) throw new Error(`first sync stored ${stored} cases, expected ${n}`);
      const raw = await rawFirstSync(page, await server.login(op1.username, op1.password));
      if (raw.count !== n) throw new Error(`raw pull fetched ${raw.count} records, expected ${n}`);
      ctx.log(`first sync ${syncMs.toFixed(0)} ms, raw fetch + IndexedDB writes ${raw.ms.toFixed(0)} ms`);
      const first = rateFigure(
        `first sync of ${n.toLocaleString('en')} cases into IndexedDB (engine, pages of ${PULL_LIMIT})`,
        n,
        syncMs,
        n,
        raw.ms,
        'fetch() of the same pull pages + one raw IndexedDB put transaction per page of the rows as stored (same indexes, search keys included), same page',
        null,
        'records/s',
      );
      first.target = 'within 2× of raw (ratio ≥ 0.50)';
      first.meetsTarget = first.ratio >= 0.5;

      // 2. M offline edits, then online: until the outbox is empty (every mutation answered).
      await context.setOffline(true);
      const edits = await offlineEdits(page, m, op1.id);
      const online = await page.evaluate(() => performance.now());
      const profile = await pageProfile(page, 'offline-edits');
      t0 = performance.now();
      await context.setOffline(false);
      await page.evaluate(([t, e]) => (globalThis as unknown as KitHost).poskoBench.outboxEmpty(t, e), [
        long,
        10,
      ] as const);
      const pushMs = performance.now() - t0;
      await profile.stop();
      ctx.log(`offline edits: ${await requestSplit(page, '/v1/sync/push', online)}`);
      const attention = await page.evaluate(() =>
        (globalThis as unknown as KitHost).poskoBench.count('attention'),
      );
      const landed = await reader.pullAll(head);
      const applied = landed.changes.filter((c) => String(c.record.summary).startsWith('offline edit'));
      if (attention !== 0 || applied.length !== m)
        throw new Error(`offline edits: ${applied.length}/${m} on the server, ${attention} need attention`);
      const again = edits.map(({ id, rev }, i) =>
        updateMutation(
          'cases',
          id,
          rev + 1,
          { summary: `baseline edit ${i}` },
          { summary: `offline edit ${i}` },
        ),
      );
      // The page stays offline meanwhile, so its pulls of these edits do not compete with the baseline.
      await context.setOffline(true);
      t0 = performance.now();
      for (let i = 0; i < m; i += BATCH) await other.push(again.slice(i, i + BATCH));
      const basePushMs = performance.now() - t0;
      await context.setOffline(false);
      ctx.log(`push ${m} offline edits ${pushMs.toFixed(0)} ms, from Node ${basePushMs.toFixed(0)} ms`);

      // 3. 100 edits from another session -> in the page's IndexedDB (poke, pull), per round.
      const pullMs: number[] = [];
      const basePullMs: number[] = [];
      for (let round = 0; round < rounds; round++) {
        head = (await reader.pullAll(head)).head;
        await waitCursor(page, head, long);
        // Each round edits 100 other cases (rev: seed, offline edit, baseline edit).
        const batch = edits
          .slice(round * SMALL, (round + 1) * SMALL)
          .map(({ id, rev }, k) =>
            updateMutation(
              'cases',
              id,
              rev + 2,
              { summary: `round ${round} ${k}` },
              { summary: `baseline edit ${round * SMALL + k}` },
            ),
          );
        const results = await other.push(batch);
        const pushedAt = performance.now();
        await waitCursor(page, Math.max(...results.map((r) => r.seq ?? 0)), 30_000, 2);
        pullMs.push(performance.now() - pushedAt);
        const seen = await page.evaluate(
          async ([ids, want]) => {
            const kit = (globalThis as unknown as KitHost).poskoBench;
            const db = await kit.open('posko');
            const store = db.transaction('cases').objectStore('cases');
            const rows = await Promise.all(ids.map((id) => kit.req(store.get(id))));
            db.close();
            return rows.filter((r) => String((r as { summary?: unknown }).summary).startsWith(want)).length;
          },
          [batch.map((mu) => mu.recordId), `round ${round} `] as const,
        );
        if (seen !== SMALL) throw new Error(`round ${round}: ${seen}/${SMALL} edits in IndexedDB`);
        t0 = performance.now();
        const page100 = await reader.pull(head);
        basePullMs.push(performance.now() - t0);
        if (page100.changes.length !== SMALL) throw new Error(`pulled ${page100.changes.length} changes`);
        head = page100.cursor;
      }
      ctx.log(`pull 100: ${pullMs.map((v) => v.toFixed(0)).join(', ')} ms`);
      await context.close();

      const figures: BenchFigure[] = [
        first,
        rateFigure(
          `push ${m.toLocaleString('en')} offline edits on reconnect until the outbox is empty (engine)`,
          m,
          pushMs,
          m,
          basePushMs,
          `the same number of edits of the same cases pushed from Node, batches of ${BATCH}`,
          null,
          'mutations/s',
        ),
        latencyFigure(
          `${SMALL} edits by another session -> in IndexedDB on top of ${n.toLocaleString('en')} (poke + pull, median of ${rounds})`,
          median(pullMs),
          median(basePullMs),
          'one fetch of /v1/sync/pull of the same changes from Node (median)',
          null,
        ),
      ];
      figures.forEach((f) => (f.note = 'Chromium headless, dist/renderer, server on SQLite'));
      return figures;
    } finally {
      await browser.close();
      await server.close();
    }
  },
};
