// Concurrent write transactions: on SQLite they share one COMMIT (group
// commit), each in its own SAVEPOINT; on PostgreSQL they serialize on the seq
// counter lock. Either way a failing one leaves nothing behind and the others
// commit with a linear, verifiable audit chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './helpers';
import { DB_KINDS, withServer } from './helpers';

describe.each(DB_KINDS)('concurrent write transactions on %s', (kind) => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await withServer(kind);
  });
  afterAll(() => srv?.close());

  it('a failing transaction rolls back alone; the others commit in order', async () => {
    const storage = srv.storage;
    const startSeq = await storage.headSeq();
    const writes = Array.from({ length: 20 }, (_, i) =>
      storage.write(async (tx) => {
        const seq = tx.nextSeq('test-office');
        await tx.audit({ action: 'test.write', outcome: 'ok', detail: `write ${i}` });
        await tx.run('INSERT INTO counters (name, value) VALUES (?, ?)', [`test:${i}`, seq]);
        if (i % 7 === 3) throw new Error(`write ${i} fails`);
        return seq;
      }),
    );
    const results = await Promise.allSettled(writes);
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
    expect(failed).toEqual([3, 10, 17]);
    const counters = await storage.sql.all<{ name: string }>(
      "SELECT name FROM counters WHERE name LIKE 'test:%' ORDER BY name",
    );
    expect(counters.map((c) => c.name).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => i)
        .filter((i) => !failed.includes(i))
        .map((i) => `test:${i}`)
        .sort(),
    );
    const details = await storage.sql.all<{ detail: string }>(
      "SELECT detail FROM audit WHERE action = 'test.write' ORDER BY seq",
    );
    expect(details).toHaveLength(17);
    expect(details.some((d) => ['write 3', 'write 10', 'write 17'].includes(d.detail))).toBe(false);
    // Seqs handed out by committed writes are unique and the head moved past them.
    const seqs = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(await storage.headSeq()).toBeGreaterThanOrEqual(Math.max(...seqs));
    expect(Math.min(...seqs)).toBeGreaterThan(startSeq);
    const verify = await srv.request('GET', '/v1/audit/verify', { token: srv.admin });
    expect(verify.body).toMatchObject({ ok: true });
  });
});
