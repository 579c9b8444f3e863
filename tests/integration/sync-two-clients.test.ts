// Real server on SQLite + clients on fake-indexeddb, talking HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../renderer/sync/transport';
import { resolveConflict } from '../../renderer/db/conflict-resolve';
import { pullAll } from '../../renderer/sync/pull';
import { TestClient, TestServer } from './support/harness';
import { createSharedCase, expectEqualsServer, expectSameData } from './support/scenario';

let server: TestServer;
let office: { officeId: string; users: Record<string, string> };
const clients: TestClient[] = [];

async function client(name: string, fetchImpl?: FetchLike): Promise<TestClient> {
  const c = await TestClient.connect(server, name, office.users[name] as string, office.officeId, {
    fetch: fetchImpl,
  });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  server = await TestServer.start();
  office = await server.seedOffice('JKT', ['ani', 'budi', 'citra', 'dewi', 'supervisor1']);
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await server.stop();
});

describe('two operators against the real server', () => {
  it('offline edits on different fields merge; the same field becomes a conflict on both; a resolve converges', async () => {
    const ani = await client('ani');
    const budi = await client('budi');
    const sup = await client('supervisor1');
    const id = await createSharedCase(ani, { summary: 'first call' });
    await ani.syncUntilOk();
    await budi.syncUntilOk();
    expect((await budi.repo.getCase(id))?.caseNumber).toMatch(/^JKT-\d{4}-\d{6}$/);

    // Both offline: different fields, and one field both change.
    await ani.repo.updateRecord('cases', id, { summary: 'ani summary', demands: 'bring her home' });
    await budi.repo.updateRecord('cases', id, { urgency: 'urgent', demands: 'unpaid wages first' });
    await ani.syncUntilOk();
    const budiResult = await budi.engine.syncNow();
    expect(budiResult.ok).toBe(true);
    await ani.syncUntilOk();

    for (const c of [ani, budi]) {
      const local = await c.repo.getCase(id);
      expect(local).toMatchObject({
        summary: 'ani summary',
        urgency: 'urgent',
        demands: 'bring her home',
        openConflicts: 1,
      });
      const open = await c.store.listConflicts({ status: 'open', recordId: id });
      expect(open).toHaveLength(1);
      expect(open[0]).toMatchObject({
        path: 'demands',
        server: 'bring her home',
        client: 'unpaid wages first',
      });
    }
    await expectSameData(ani, budi);

    // A supervisor resolves it for budi's value; everyone converges.
    await sup.syncUntilOk();
    const [conflict] = await sup.store.listConflicts({ status: 'open', recordId: id });
    if (!conflict) throw new Error('supervisor has no conflict');
    await resolveConflict(sup.db, conflict, conflict.client as string, {
      actorId: sup.userId,
      deviceId: sup.deviceId,
      officeId: office.officeId,
    });
    await sup.syncUntilOk();
    for (const c of [ani, budi, sup]) {
      await c.syncUntilOk();
      expect(await c.repo.getCase(id)).toMatchObject({ demands: 'unpaid wages first', openConflicts: 0 });
      expect(await c.store.listConflicts({ status: 'open', recordId: id })).toHaveLength(0);
      await expectEqualsServer(c);
    }
    const audit = (await server.audit()).filter((e) => e.recordId === id);
    expect(audit.map((e) => e.outcome)).toEqual(expect.arrayContaining(['applied', 'conflict']));
    expect((await server.verifyAudit()).ok).toBe(true);
  });

  it('a rejected mutation goes to attention and the ones behind it still apply', async () => {
    const citra = await client('citra');
    const id = await createSharedCase(citra);
    // A case filed under an office this operator does not belong to: the server refuses it.
    const ghost = await createSharedCase(citra, { officeId: 'someone-elses-office' });
    await citra.repo.updateRecord('cases', id, { summary: 'after the bad one' });
    const result = await citra.engine.syncNow();
    expect(result).toMatchObject({ ok: true, rejected: 1 });
    expect(await citra.db.outbox.count()).toBe(0);
    const attention = await citra.store.listAttention();
    expect(attention).toHaveLength(1);
    expect(attention[0]).toMatchObject({
      recordId: ghost,
      outcome: 'rejected',
      error: { code: 'forbidden_office' },
    });
    expect(await citra.repo.getCase(id)).toMatchObject({ summary: 'after the bad one', rev: 2 });
    // Discard is recorded and removes the never-accepted record locally.
    await citra.store.discardAttention(
      attention[0]?.mutationId as string,
      citra.userId,
      new Date().toISOString(),
    );
    expect((await citra.store.listAttention())[0]).toMatchObject({
      status: 'discarded',
      discardedBy: citra.userId,
    });
    expect(await citra.repo.getCase(ghost)).toBeUndefined();
    await expectEqualsServer(citra);
  });

  it('a lost push response is resent and answered duplicate: nothing applied twice', async () => {
    let dropNext = true;
    const lossy: FetchLike = async (input, init) => {
      const response = await fetch(input, init);
      if (dropNext && input.includes('/v1/sync/push')) {
        dropNext = false;
        throw new TypeError('connection reset after the server answered');
      }
      return response;
    };
    const dewi = await client('dewi', lossy);
    const id = await createSharedCase(dewi, { summary: 'once' });
    const first = await dewi.engine.syncNow();
    expect(first.ok).toBe(false);
    expect(await dewi.db.outbox.count()).toBe(1);
    await dewi.syncUntilOk();
    expect(await dewi.db.outbox.count()).toBe(0);
    const audit = (await server.audit()).filter((e) => e.recordId === id);
    expect(audit.map((e) => e.outcome)).toEqual(['applied', 'duplicate']);
    expect(await dewi.repo.getCase(id)).toMatchObject({ rev: 1, summary: 'once' });
    await expectEqualsServer(dewi);
  });

  it('a pull rebases a record with a pending edit: unsent work never vanishes', async () => {
    const ani = clients.find((c) => c.name === 'ani') as TestClient;
    const budi = clients.find((c) => c.name === 'budi') as TestClient;
    const id = await createSharedCase(ani, { summary: 'base' });
    await ani.syncUntilOk();
    await budi.syncUntilOk();
    await ani.repo.updateRecord('cases', id, { chronology: 'ani typed this offline' });
    await budi.repo.updateRecord('cases', id, { urgency: 'critical' });
    await budi.syncUntilOk();
    // Pull only (ani's push has not happened yet).
    const pulled = await pullAll({ store: ani.store, transport: ani.transport, limit: 100 });
    expect(pulled.rebased).toBeGreaterThanOrEqual(1);
    expect(await ani.repo.getCase(id)).toMatchObject({
      urgency: 'critical',
      chronology: 'ani typed this offline',
    });
    expect(await ani.db.outbox.count()).toBe(1);
    await ani.syncUntilOk();
    await budi.syncUntilOk();
    await expectSameData(ani, budi);
    expect(await budi.repo.getCase(id)).toMatchObject({
      urgency: 'critical',
      chronology: 'ani typed this offline',
    });
    const audit = (await server.audit()).filter((e) => e.recordId === id);
    expect(audit.map((e) => e.outcome)).toContain('merged');
  });
});
