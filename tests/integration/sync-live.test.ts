// Live sync against the real server: the SSE poke makes a running engine pull
// another operator's change without anyone pressing "sync now".
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SyncEngine } from '../../renderer/sync/engine';
import { fetchEventSource } from '../../renderer/sync/fetch-event-source';
import { TestClient, TestServer } from './support/harness';
import { createSharedCase } from './support/scenario';

let server: TestServer;
const clients: TestClient[] = [];
const engines: SyncEngine[] = [];

beforeAll(async () => {
  server = await TestServer.start();
});

afterAll(async () => {
  // Server first: closing an EventSource client-side first leaves the server's
  // close() waiting on the half-closed SSE socket (reported to the server owner).
  await server.stop();
  for (const e of engines) e.stop();
  for (const c of clients) await c.close();
});

async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not met in time');
}

it('a poke over SSE triggers a pull on the other client; a local write is pushed without "sync now"', async () => {
  const office = await server.seedOffice('LIV', ['eka', 'fajar']);
  const eka = await TestClient.connect(server, 'eka', office.users.eka as string, office.officeId);
  const fajar = await TestClient.connect(server, 'fajar', office.users.fajar as string, office.officeId);
  clients.push(eka, fajar);
  // A live engine for fajar with SSE and a long poll interval, so only the poke can explain a quick pull.
  const live = new SyncEngine({
    store: fajar.store,
    transport: fajar.transport,
    deviceId: fajar.deviceId,
    events: fetchEventSource,
    pollIntervalMs: 600_000,
    pushDebounceMs: 10,
  });
  engines.push(live);
  live.start();
  await until(async () => live.status.get().lastSuccessAt !== null);

  const id = await createSharedCase(eka, { summary: 'from eka' });
  await eka.syncUntilOk();
  await until(async () => (await fajar.repo.getCase(id))?.summary === 'from eka');

  await fajar.repo.updateRecord('cases', id, { summary: 'fajar, live' });
  await until(async () => (await fajar.db.outbox.count()) === 0);
  await eka.syncUntilOk();
  expect((await eka.repo.getCase(id))?.summary).toBe('fajar, live');
});
