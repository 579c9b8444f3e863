// Issue 14 items 4 and 7: bounded work per push, and no 5xx from a number.
// Each bound refuses the one mutation that passes it (with its own code); the
// rest of the push applies. Runs on both databases: PostgreSQL's 32-bit
// INTEGER columns made a baseRev of 2^31 a 500 that lost the whole push.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { INT32_MAX } from '../../shared/domain/numbers';
import {
  MAX_CONFLICTS_PER_MUTATION,
  MAX_CONFLICTS_PER_PUSH,
  MAX_LEAVES,
  type Mutation,
} from '../../shared/sync/protocol';
import type { LeafMap } from '../../shared/sync/paths';
import type { Session, TestServer } from './helpers';
import { DB_KINDS, createCaseMutation, mutation, updateMutation, withServer } from './helpers';

const reporters = (n: number, name: string): LeafMap =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`reporters.k${i}.name`, name]));

describe.each(DB_KINDS)('push bounds on %s', (kind) => {
  let srv: TestServer;
  let alice: Session;
  let bob: Session;

  beforeAll(async () => {
    srv = await withServer(kind);
    const officeId = (await srv.createOffice('JKT')).id;
    alice = (await srv.createUser({ role: 'operator', officeId })).session;
    bob = (await srv.createUser({ role: 'operator', officeId })).session;
  });
  afterAll(() => srv?.close());

  const pushRaw = (session: Session, mutations: unknown[]) =>
    srv.request('POST', '/v1/sync/push', {
      token: session,
      body: { deviceId: session.deviceId, schemaVersion: 1, mutations },
    });

  /** A case with `n` reporters named 'orig', which alice then renames to 'alice' (rev 2). */
  async function caseWithReporters(n: number): Promise<string> {
    const leaves: LeafMap = {};
    for (let i = 0; i < n; i++)
      Object.assign(leaves, {
        [`reporters.k${i}.name`]: 'orig',
        [`reporters.k${i}.role`]: 'family',
        [`reporters.k${i}.relationship`]: 'parent',
      });
    const c = createCaseMutation();
    const [created] = await srv.push(alice, [{ ...c, patch: { ...c.patch, ...leaves } }]);
    expect(created!.outcome).toBe('applied');
    const [renamed] = await srv.push(alice, [
      updateMutation('cases', c.recordId, 1, reporters(n, 'alice'), reporters(n, 'orig')),
    ]);
    expect(renamed!.outcome).toBe('applied');
    return c.recordId;
  }

  it('a baseRev of 2^31 is refused alone, naming the field; the rest of the push applies', async () => {
    const good = createCaseMutation();
    const big = { ...createCaseMutation(), op: 'update', baseRev: 2 ** 31 };
    const huge = { ...createCaseMutation(), op: 'update', baseRev: 2 ** 60 };
    const res = await pushRaw(alice, [big, good, huge]);
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    const [r1, r2, r3] = res.body.results;
    expect(r1).toMatchObject({
      mutationId: big.mutationId,
      outcome: 'rejected',
      error: { code: 'invalid_mutation' },
    });
    expect(r1.error.message).toMatch(/^baseRev: /);
    expect(r2).toMatchObject({ mutationId: good.mutationId, outcome: 'applied', rev: 1 });
    expect(r3).toMatchObject({ outcome: 'rejected', error: { code: 'invalid_mutation' } });
    // The refusal is audited (without the number no column can hold) and answered again on retry.
    const audit = await srv.request('GET', `/v1/audit?actorId=${alice.user.id}`, { token: srv.admin });
    const entry = audit.body.entries.find((e: { mutationId: string }) => e.mutationId === big.mutationId);
    expect(entry).toMatchObject({ outcome: 'rejected', baseRev: null, action: 'push.update' });
    const again = await pushRaw(alice, [big]);
    expect(again.body.results[0]).toMatchObject({ outcome: 'duplicate', firstOutcome: 'rejected' });
    // The largest bound value is accepted by the schema and judged on the record (ahead of it).
    const [edge] = await srv.push(alice, [
      updateMutation('cases', good.recordId, INT32_MAX, { summary: 'x' }, { summary: 'Wants to come home' }),
    ]);
    expect(edge!.error).toMatchObject({ code: 'invalid_base_rev' });
  });

  it('any malformed mutation is refused alone; one without a readable mutationId fails the push', async () => {
    const good = createCaseMutation();
    const nul = { ...createCaseMutation(), recordId: 'a\u0000b', clientTime: 'yesterday' };
    const res = await pushRaw(alice, [nul, good]);
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({ outcome: 'rejected', error: { code: 'invalid_mutation' } });
    expect(res.body.results[1]).toMatchObject({ outcome: 'applied' });
    const noId = await pushRaw(alice, [createCaseMutation(), { ...createCaseMutation(), mutationId: 'x' }]);
    expect(noId.status).toBe(400);
    expect(noId.body.error.message).toMatch(/^body\.mutations\.1\.mutationId: /);
  });

  it(`more than ${MAX_LEAVES} leaves in a mutation is too_many_leaves, refused alone`, async () => {
    const good = createCaseMutation();
    const fat = createCaseMutation();
    const patch = { ...fat.patch, ...reporters(MAX_LEAVES, 'x') };
    const res = await pushRaw(alice, [{ ...fat, patch }, good]);
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({ outcome: 'rejected', error: { code: 'too_many_leaves' } });
    expect(res.body.results[1]).toMatchObject({ outcome: 'applied' });
  });

  it('a leaf that names no field is refused before any merge: no conflict that could never be resolved', async () => {
    const c = createCaseMutation();
    await srv.push(alice, [c]);
    await srv.push(alice, [
      updateMutation('cases', c.recordId, 1, { summary: 'alice' }, { summary: 'Wants to come home' }),
    ]);
    for (const path of [
      'nosuchfield',
      'summary.deeper',
      'worker.nosuch',
      `reporters.${'k'.repeat(65)}.name`,
    ]) {
      const [r] = await srv.push(bob, [
        updateMutation('cases', c.recordId, 1, { [path]: 'bob' }, { [path]: 'old' }),
      ]);
      expect(r, path).toMatchObject({ outcome: 'rejected', error: { code: 'invalid_record' } });
      expect(r!.error!.message).toBe(`${path}: unknown field`);
    }
    const page = await srv.pull(alice, 0, 5000);
    expect(page.conflicts.filter((x) => x.recordId === c.recordId)).toEqual([]);
    expect(page.changes.find((x) => x.record.id === c.recordId)!.record.openConflicts).toBe(0);
  });

  it('a conflict left on a path that names no field (opened before the check) can still be settled', async () => {
    const c = createCaseMutation();
    await srv.push(alice, [c]);
    // What the old server left behind: an open conflict on `nosuchfield`, counted on its case.
    const stored = await srv.storage.sql.get<{ data: string }>('SELECT data FROM records WHERE id = ?', [
      c.recordId,
    ]);
    const data = { ...(JSON.parse(stored!.data) as Record<string, unknown>), openConflicts: 1 };
    await srv.storage.sql.run('UPDATE records SET data = ? WHERE id = ?', [JSON.stringify(data), c.recordId]);
    const conflictId = uuidv7();
    const now = new Date().toISOString();
    await srv.storage.sql.run(
      `INSERT INTO conflicts (id, table_name, record_id, case_id, office_id, path, base, server, client,
         server_actor_id, server_at, client_actor_id, client_at, mutation_id, status, resolved_by, resolved_at,
         resolution, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        conflictId,
        'cases',
        c.recordId,
        c.recordId,
        alice.user.officeId,
        'nosuchfield',
        '"a"',
        'null',
        '"b"',
        alice.user.id,
        now,
        bob.user.id,
        now,
        uuidv7(),
        'open',
        null,
        null,
        null,
        10 ** 12,
      ],
    );
    const boss = (await srv.createUser({ role: 'supervisor', officeId: alice.user.officeId })).session;
    const [r] = await srv.push(boss, [
      mutation('resolve', 'cases', c.recordId, { nosuchfield: 'b' }, { conflictId, baseRev: 1 }),
    ]);
    expect(r).toMatchObject({ outcome: 'applied', conflictIds: [conflictId] });
    const page = await srv.pull(alice, 0, 5000);
    const record = page.changes.find((x) => x.record.id === c.recordId)!.record;
    expect(record.openConflicts).toBe(0);
    expect(record).not.toHaveProperty('nosuchfield');
  });

  it(`one mutation opens at most ${MAX_CONFLICTS_PER_MUTATION} conflicts, one push ${MAX_CONFLICTS_PER_PUSH}`, async () => {
    const caseId = await caseWithReporters(MAX_CONFLICTS_PER_MUTATION + 1);
    const stale = (n: number, name: string): Mutation =>
      updateMutation('cases', caseId, 1, reporters(n, name), reporters(n, 'orig'));
    const [over] = await srv.push(bob, [stale(MAX_CONFLICTS_PER_MUTATION + 1, 'bob')]);
    expect(over).toMatchObject({ outcome: 'rejected', error: { code: 'too_many_conflicts' } });
    const perPush = MAX_CONFLICTS_PER_PUSH / MAX_CONFLICTS_PER_MUTATION;
    const batch = Array.from({ length: perPush + 1 }, (_, i) => stale(MAX_CONFLICTS_PER_MUTATION, `bob${i}`));
    const results = await srv.push(bob, batch);
    expect(results.slice(0, perPush).map((r) => r.outcome)).toEqual(Array(perPush).fill('conflict'));
    expect(results[perPush]).toMatchObject({ outcome: 'rejected', error: { code: 'too_many_conflicts' } });
    const page = await srv.pull(alice, 0, 5000);
    expect(page.conflicts.filter((x) => x.recordId === caseId)).toHaveLength(MAX_CONFLICTS_PER_PUSH);
    // The budget is per push: the next push may open conflicts again.
    const [next] = await srv.push(bob, [stale(1, 'later')]);
    expect(next!.outcome).toBe('conflict');
  });

  it('a large push yields: /v1/health answers in a fraction of the push time', async () => {
    const caseId = await caseWithReporters(150);
    // 500 stale edits of 150 leaves each: every one merges and is refused (too many conflicts).
    const big = Array.from({ length: 500 }, (_, i) =>
      updateMutation('cases', caseId, 1, reporters(150, `b${i}`), reporters(150, 'orig')),
    );
    const health = async () => {
      const t = performance.now();
      expect((await srv.request('GET', '/v1/health')).status).toBe(200);
      return performance.now() - t;
    };
    for (let i = 0; i < 5; i++) await health();
    const started = performance.now();
    let done = false;
    const pushing = srv.push(bob, big).finally(() => (done = true));
    const latencies: number[] = [];
    await new Promise((r) => setTimeout(r, 5));
    while (!done) latencies.push(await health());
    const results = await pushing;
    const pushMs = performance.now() - started;
    expect(results.every((r) => r.error?.code === 'too_many_conflicts')).toBe(true);
    // Ratios, not absolute times (machines differ): before the fix a health request waited for
    // most of the push; now none waits for more than a small part of it.
    expect(latencies.length).toBeGreaterThan(3);
    const worst = Math.max(...latencies);
    // A yardstick of the same machine and moment that the fix does not change: turning the push
    // body into JSON and back (what any server does with it once, unyielded). Median of 3.
    const body = JSON.stringify({ deviceId: bob.deviceId, schemaVersion: 1, mutations: big });
    const rounds = [0, 1, 2].map(() => {
      const t = performance.now();
      JSON.stringify(JSON.parse(body));
      return performance.now() - t;
    });
    const yardstick = rounds.sort((a, b) => a - b)[1]!;
    console.log(
      `[push-bounds ${kind}] push ${pushMs.toFixed(0)} ms, ${latencies.length} health requests, worst ${worst.toFixed(1)} ms, JSON round trip of the body ${yardstick.toFixed(1)} ms`,
    );
    // Before the fix: 0.75-0.86 of the push on SQLite. Loose, because on a machine shared by
    // several test runs one unlucky scheduling gap can reach a quarter of a short push.
    expect(worst / pushMs).toBeLessThan(0.5);
    // Before the fix: 43x on SQLite, 40x on PostgreSQL (where the push-time ratio was 0.22 only,
    // the push itself being 5x longer). With it the worst wait is about the body's own JSON parse.
    expect(worst / yardstick).toBeLessThan(10);
  }, 120_000);
});
