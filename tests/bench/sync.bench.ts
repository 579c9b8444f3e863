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
import { performance } from 'node:perf_hooks';
import { SCHEMA_VERSION } from '../../shared/domain/record';
import type { Mutation, MutationResult, PullResponse } from '../../shared/sync/protocol';
import { expandRecord } from '../../shared/sync/wire';
import { launchChromium, openConsolePage } from '../e2e/helpers/browser';
import { startConsoleServer } from '../e2e/helpers/console-server';
import { createCaseMutation, updateMutation } from '../server/helpers';
import { latencyFigure, medianOf, rateFigure, type BenchFigure, type BenchSuite } from './harness';
import {
  PULL_LIMIT,
  installPageKit,
  offlineEdits,
  pageProfile,
  rawFirstSync,
  requestSplit,
  waitCursor,
  type KitHost,
} from './sync-page';

const BATCH = 500;
const SMALL = 100;

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
      // Compact records, as the console asks: the full-record path is for old clients only.
      const url = `v1/sync/pull?cursor=${cursor}&limit=${limit}&compact=${SCHEMA_VERSION}`;
      const res = await fetch(new URL(url, base), { headers });
      if (!res.ok) throw new Error(`pull: ${res.status} ${await res.text()}`);
      const page = (await res.json()) as PullResponse;
      for (const change of page.changes) change.record = expandRecord(change.table, change.record);
      return page;
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
      // A push names the device its session signed in from (server.login signs in as 'e2e-setup').
      const other = api(server.url, await server.login(op2.username, op2.password), 'e2e-setup');
      const reader = api(server.url, await server.login(op1.username, op1.password), 'e2e-setup');
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
      // Starts when the page has loaded: the engine's first pages may already be in.
      const firstProfile = await pageProfile(page, 'first-sync');
      await page.locator('.app').waitFor({ timeout: 60_000 });
      const end = await waitCursor(page, head, long, 25);
      await firstProfile.stop();
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
          medianOf(pullMs),
          medianOf(basePullMs),
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
