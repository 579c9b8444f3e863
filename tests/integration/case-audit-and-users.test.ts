// The case audit cache (useCaseAudit's fetch, the repository's read) and the different-user
// guard, against the real server on SQLite with clients on fake-indexeddb.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchCaseAudit } from '../../renderer/features/sync/use-case-audit';
import { pendingOfOthers } from '../../renderer/sync/runtime';
import { TestClient, TestServer } from './support/harness';
import { createSharedCase } from './support/scenario';

let server: TestServer;
let office: { officeId: string; users: Record<string, string> };
const clients: TestClient[] = [];

async function client(name: string): Promise<TestClient> {
  const c = await TestClient.connect(server, name, office.users[name] as string, office.officeId);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  server = await TestServer.start();
  office = await server.seedOffice('SBY', ['eka', 'fajar']);
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await server.stop();
});

describe('case audit cache', () => {
  it('fetches the case audit incrementally into Dexie and still reads it with the server down', async () => {
    const eka = await client('eka');
    const id = await createSharedCase(eka, { summary: 'pertama' });
    const noteOfCase = await eka.repo.createRecord('notes', {
      caseId: id,
      at: '2026-01-05T03:10:00.000Z',
      body: 'catatan',
      authorId: office.users.eka,
    } as never);
    await eka.syncUntilOk();

    expect(await fetchCaseAudit(eka.repo, eka.transport, id)).toBe(2);
    let cached = await eka.repo.caseAudit(id);
    expect(cached.map((e) => [e.table, e.action, e.recordId])).toEqual([
      ['cases', 'push.create', id],
      ['notes', 'push.create', noteOfCase.id],
    ]);
    // Nothing new: the saved cursor means nothing is fetched twice.
    expect(await fetchCaseAudit(eka.repo, eka.transport, id)).toBe(0);

    await eka.repo.updateRecord('cases', id, { summary: 'kedua' });
    await eka.syncUntilOk();
    expect(await fetchCaseAudit(eka.repo, eka.transport, id)).toBe(1);

    await server.down();
    try {
      await expect(fetchCaseAudit(eka.repo, eka.transport, id)).rejects.toThrow();
      cached = await eka.repo.caseAudit(id);
      expect(cached).toHaveLength(3);
      expect(cached[2]?.changes).toContainEqual({ path: 'summary', from: 'pertama', to: 'kedua' });
    } finally {
      await server.up();
    }
  });
});

describe('different user on the same device', () => {
  it("counts another user's unsent changes until they are pushed", async () => {
    const eka = clients[0] ?? (await client('eka'));
    await createSharedCase(eka, { summary: 'belum terkirim' });
    const fajarId = office.users.fajar as string;
    const ekaId = office.users.eka as string;
    expect(await pendingOfOthers(eka.db, ekaId)).toEqual({ count: 0, names: [] });
    const blocked = await pendingOfOthers(eka.db, fajarId);
    expect(blocked.count).toBe(1);
    // Eka never signed in through a SessionManager on this db, so the id stands in for the name.
    expect(blocked.names).toEqual([ekaId]);
    await eka.syncUntilOk();
    expect(await pendingOfOthers(eka.db, fajarId)).toEqual({ count: 0, names: [] });
  });
});
