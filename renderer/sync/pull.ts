// Pull: cursor pages from the server, each applied in one local transaction
// together with the new cursor, so a crash between pages resumes exactly
// where it stopped and never applies a page twice or skips one. The next page is
// fetched while the current one is applied (see pullAll).
import { TransportError, type SyncTransport } from './transport';
import type { PullProgress } from './status';
import type { SyncStore } from '../db/sync-store-types';

export interface PullContext {
  store: SyncStore;
  transport: SyncTransport;
  limit: number;
  /** Newest seq the server announced (SSE poke), for a progress estimate. */
  latestSeq?: number;
  onProgress?: (progress: PullProgress) => void;
}

export interface PullSummary {
  received: number;
  rebased: number;
  skipped: number;
  pages: number;
  cursor: number;
}

export async function pullAll(ctx: PullContext): Promise<PullSummary> {
  let cursor = await ctx.store.getCursor();
  const start = cursor;
  const summary: PullSummary = { received: 0, rebased: 0, skipped: 0, pages: 0, cursor };
  const estimate = ctx.latestSeq !== undefined && ctx.latestSeq > start ? ctx.latestSeq - start : undefined;
  let next = ctx.transport.pull(cursor, ctx.limit);
  for (;;) {
    const page = await next;
    if (page.hasMore && page.cursor <= cursor) {
      throw new TransportError('invalid_response', `pull cursor did not advance past ${cursor}`);
    }
    // The next page is asked for while this one is applied: the server builds it and the network
    // carries it meanwhile, instead of idling through every IndexedDB transaction (and a mobile
    // round trip per page). It is the page the loop would ask for next anyway; if this apply
    // fails, it is dropped unread and the next pull starts again from the stored cursor.
    if (page.hasMore) {
      next = ctx.transport.pull(page.cursor, ctx.limit);
      next.catch(() => undefined); // a failure is raised where it is awaited, not as unhandled
    }
    const applied = await ctx.store.applyPullPage({
      changes: page.changes,
      conflicts: page.conflicts,
      cursor: page.cursor,
    });
    summary.pages += 1;
    summary.received += page.changes.length;
    summary.rebased += applied.rebased;
    summary.skipped += applied.skipped;
    cursor = Math.max(cursor, page.cursor);
    summary.cursor = cursor;
    ctx.onProgress?.(
      estimate === undefined
        ? { received: summary.received }
        : { received: summary.received, estimate: Math.max(estimate, summary.received) },
    );
    if (!page.hasMore) return summary;
  }
}
