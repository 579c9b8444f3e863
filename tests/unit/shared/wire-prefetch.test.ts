// The pull loop asks for the next page while the current one is applied (renderer/sync/pull.ts),
// so the server's work on a page (compaction, compression) and the network's round trip overlap
// the console's IndexedDB writes instead of adding to them. Pages are still applied one at a time,
// in order, each with its own cursor; a failed apply drops the page fetched ahead.
import { describe, expect, it } from 'vitest';
import type { SyncStore } from '../../../renderer/db/sync-store-types';
import { pullAll } from '../../../renderer/sync/pull';
import type { SyncTransport } from '../../../renderer/sync/transport';
import type { PullResponse } from '../../../shared/sync/protocol';

const page = (cursor: number, hasMore: boolean): PullResponse => ({
  changes: [],
  conflicts: [],
  cursor,
  hasMore,
});

function harness(pages: PullResponse[], failApplyAt?: number) {
  const log: string[] = [];
  const transport = {
    pull: (cursor: number) => {
      log.push(`pull ${cursor}`);
      const index = cursor / 10;
      const p = pages[index];
      return p ? Promise.resolve(p) : Promise.reject(new Error(`no page at ${cursor}`));
    },
  } as unknown as SyncTransport;
  const store = {
    getCursor: () => Promise.resolve(0),
    applyPullPage: async (p: { cursor: number }) => {
      log.push(`apply ${p.cursor} start`);
      // An apply takes a while, like an IndexedDB transaction.
      await new Promise((r) => setTimeout(r, 5));
      if (p.cursor === failApplyAt) throw new Error('disk full');
      log.push(`apply ${p.cursor} done`);
      return { applied: 0, rebased: 0, skipped: 0 };
    },
  } as unknown as SyncStore;
  return { log, transport, store };
}

describe('pull prefetch', () => {
  it('asks for page n+1 before page n is applied, and applies pages in order', async () => {
    const h = harness([page(10, true), page(20, true), page(30, false)]);
    const summary = await pullAll({ store: h.store, transport: h.transport, limit: 1000 });
    expect(summary).toMatchObject({ pages: 3, cursor: 30 });
    expect(h.log).toEqual([
      'pull 0',
      'pull 10',
      'apply 10 start',
      'apply 10 done',
      'pull 20',
      'apply 20 start',
      'apply 20 done',
      'apply 30 start',
      'apply 30 done',
    ]);
  });

  it('does not ask past the last page', async () => {
    const h = harness([page(10, false)]);
    await pullAll({ store: h.store, transport: h.transport, limit: 1000 });
    expect(h.log.filter((l) => l.startsWith('pull'))).toEqual(['pull 0']);
  });

  it('a failed apply fails the pull; the page fetched ahead is dropped, its failure unreported', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      // Page 2 does not exist: its prefetch rejects while page 1's apply fails.
      const h = harness([page(10, true)], 10);
      await expect(pullAll({ store: h.store, transport: h.transport, limit: 1000 })).rejects.toThrow(
        'disk full',
      );
      expect(h.log).toContain('pull 10');
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
