// The load run at CI size: a few clients for a few seconds per database, the
// same protocol mix as `npm run load` (new cases, edits, contact entries,
// pulls, SSE listeners pulling on pokes). It proves the runner and the server
// under concurrency: no failed request, no rejected mutation, pokes delivered,
// the audit chain verified afterwards. Throughput is a benchmark, not asserted.
import { describe, expect, it } from 'vitest';
import { runLoad } from './load-run';
import type { DbKind } from './server-process';

const DBS: DbKind[] = ['sqlite', 'postgres'];

describe.each(DBS)('load at CI size on %s', (db) => {
  it('20 clients for 8 s: zero errors, pokes reach listeners, audit verified', async () => {
    const s = await runLoad({
      db,
      clients: 20,
      seconds: 8,
      thinkMs: 150,
      sseShare: 0.25,
      baselineSeconds: 1,
    });
    expect(s.errorSamples).toEqual([]);
    expect(s.errors).toBe(0);
    expect(s.rejected).toBe(0);
    expect(s.mutations).toBeGreaterThan(100);
    expect(s.pulls).toBeGreaterThan(10);
    expect(s.pokesReceived).toBeGreaterThan(0);
    expect(s.audit.ok).toBe(true);
    // Every mutation and its login/admin set-up is in the chain.
    expect(s.audit.entries).toBeGreaterThan(s.mutations);
  }, 90_000);
});
