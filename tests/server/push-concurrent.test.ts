// Concurrent pushes: on PostgreSQL they are coalesced into one transaction (server/sync/push.ts),
// on SQLite they share a COMMIT. Either way each push must get exactly what it would get alone, in
// arrival order: its own results, its own actor and device in the audit, duplicates across pushes.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, TestServer } from './helpers';
import {
  DB_KINDS,
  USER_PASSWORD,
  contactPatch,
  createCaseMutation,
  mutation,
  updateMutation,
  withServer,
} from './helpers';

describe.each(DB_KINDS)('concurrent pushes on %s', (kind) => {
  let srv: TestServer;
  let alice: Session;
  let bob: Session;

  beforeAll(async () => {
    srv = await withServer(kind);
    const officeId = (await srv.createOffice('CCR')).id;
    alice = (await srv.createUser({ role: 'operator', officeId })).session;
    bob = (await srv.createUser({ role: 'operator', officeId })).session;
  });
  afterAll(() => srv?.close());

  it('keep per-push results, actors, devices and duplicates as if run one by one', async () => {
    const base = createCaseMutation();
    expect((await srv.push(alice, [base]))[0]!.outcome).toBe('applied');
    const shared = createCaseMutation(); // sent by alice and, with the same mutationId, by bob
    // One session per device: a push is bound to the device its session signed in from. Logged in
    // one after another: the login throttle lets at most 10 checks of one user run at once.
    const sessions: Session[] = [];
    for (let i = 0; i < 30; i++)
      sessions.push(await srv.login((i % 2 ? bob : alice).user.username, USER_PASSWORD, `dev-${i}`));
    const pushes = Array.from({ length: 30 }, (_, i) => {
      const who = sessions[i]!;
      const ms = [createCaseMutation(), updateMutation('cases', base.recordId, 1, { summary: `s${i}` }, {})];
      if (i === 10) ms.push(shared);
      if (i === 11) ms.push(shared);
      if (i === 12) ms.push(mutation('create', 'contacts', uuidv7(), contactPatch('no-such-case')));
      return { who, ms, deviceId: `dev-${i}` };
    });
    const results = await Promise.all(pushes.map((p) => srv.push(p.who, p.ms)));
    results.forEach((r, i) => {
      expect(r.map((x) => x.mutationId)).toEqual(pushes[i]!.ms.map((m) => m.mutationId));
      expect(r[0]!.outcome).toBe('applied');
      // Every edit after the first is behind the server: merged (same field, different values -> conflict).
      expect(['applied', 'merged', 'conflict']).toContain(r[1]!.outcome);
    });
    // Whichever of pushes 10 (alice) and 11 (bob) reached the server first owns the shared id; the
    // other's reuse of it is refused, never answered with someone else's result.
    const sharedOutcomes = [results[10]![2]!, results[11]![2]!];
    expect(sharedOutcomes.map((r) => r.outcome).sort()).toEqual(['applied', 'rejected']);
    expect(sharedOutcomes.find((r) => r.outcome === 'rejected')).toMatchObject({
      error: { code: 'mutation_id_reused' },
    });
    expect(results[12]![2]).toMatchObject({ outcome: 'rejected', error: { code: 'not_found' } });
    // Exactly one edit was on the current rev; the others were behind it.
    expect(results.filter((r) => r[1]!.outcome === 'applied')).toHaveLength(1);

    const audit = await srv.request('GET', '/v1/audit?limit=1000', { token: srv.admin });
    const entries = audit.body.entries as { mutationId: string | null; actorId: string; deviceId: string }[];
    pushes.forEach((p) => {
      for (const m of p.ms) {
        const mine = entries.filter((e) => e.mutationId === m.mutationId && e.deviceId === p.deviceId);
        expect(mine, `${p.deviceId} ${m.mutationId}`).toHaveLength(1);
        expect(mine[0]!.actorId).toBe(p.who.user.id);
      }
    });
    expect((await srv.request('GET', '/v1/audit/verify', { token: srv.admin })).body).toMatchObject({
      ok: true,
    });
    // A retry of a push answers duplicates of its first outcomes.
    const again = await srv.push(pushes[0]!.who, pushes[0]!.ms);
    expect(again.map((r) => [r.outcome, r.firstOutcome])).toEqual(
      results[0]!.map((r) => ['duplicate', r.outcome]),
    );
  });

  it('bytes a database cannot store are a refusal, never a 500', async () => {
    const contact = mutation('create', 'contacts', uuidv7(), contactPatch('a\u0000b'));
    const [res] = await srv.push(alice, [contact]);
    expect(res).toMatchObject({ outcome: 'rejected', error: { code: 'not_found' } });
    const bad = await srv.request('POST', '/v1/sync/push', {
      token: alice,
      body: { deviceId: 'a\u0000b', schemaVersion: 1, mutations: [createCaseMutation()] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^body\.deviceId: /);
    for (const [field, body] of [
      ['username', { username: 'a\u0000b', password: 'x', deviceId: 'd' }],
      ['deviceId', { username: 'someone', password: 'x', deviceId: 'd\u0000' }],
    ] as const) {
      const login = await srv.request('POST', '/v1/auth/login', { body });
      expect(login.status).toBe(400);
      expect(login.body.error.message).toMatch(new RegExp(`^body\\.${field}: `));
    }
  });
});
