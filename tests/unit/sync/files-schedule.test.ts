// The uploader's schedule runs on what it is given (issue 16), like the sync engine: nothing is
// sent while the host is offline, coming online starts the queue, going offline stops the upload
// under way (it resumes from the server's offset), and a failure retries on the injected timers.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { PoskoDb } from '../../../renderer/db/database';
import { createFileCipher, type SecretStore } from '../../../renderer/db/file-crypto';
import { Repository } from '../../../renderer/db/repository';
import { DexieUploadStore } from '../../../renderer/db/upload-queue';
import { FileUploader } from '../../../renderer/files/uploader';
import type { Timers } from '../../../renderer/sync/types';
import { caseInput, TEST_ACTOR } from '../renderer/fixtures';
import { FakeTusServer } from './files-fake-tus';

const map = new Map<string, string>();
const secrets: SecretStore = {
  get: async (k) => map.get(k) ?? null,
  set: async (k, v) => void map.set(k, v),
};
const cipher = createFileCipher(secrets);
const dbs: PoskoDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
});

/** Timers a test fires by hand; `pending` shows what is scheduled and after how long. */
function manualTimers() {
  let next = 1;
  const pending = new Map<number, { fn: () => void; ms: number }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const id = next++;
      pending.set(id, { fn, ms });
      return id;
    },
    clearTimeout: (id) => void pending.delete(id as number),
  };
  const fireAll = () => {
    const due = [...pending.values()];
    pending.clear();
    for (const t of due) t.fn();
  };
  return { timers, pending, fireAll };
}

function onlineSource(initial: boolean) {
  let online = initial;
  const listeners = new Set<(o: boolean) => void>();
  return {
    isOnline: () => online,
    onOnlineChange: (l: (o: boolean) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    set(value: boolean) {
      online = value;
      for (const l of listeners) l(value);
    },
  };
}

const settle = async (until: () => Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await until()); i++) await new Promise((r) => setTimeout(r, 5));
};

async function setup(size: number) {
  const db = new PoskoDb(`sched-${crypto.randomUUID()}`);
  dbs.push(db);
  const repo = new Repository(db, { actor: () => TEST_ACTOR, fileCipher: cipher });
  const kase = await repo.createRecord('cases', caseInput(new Date('2026-12-01T08:00:00Z')));
  const [doc] = await repo.requestDocuments(kase.id, ['passport_copy']);
  await repo.attachDocumentFile(doc!.id, {
    name: 'p.pdf',
    mimeType: 'application/pdf',
    bytes: new Uint8Array(size).fill(7),
  });
  await db.documents.update(doc!.id, { rev: 1 });
  return { db, docId: doc!.id };
}

describe('uploader schedule', () => {
  it('waits while offline, starts on coming online, retries a failure on the injected timers', async () => {
    const { db, docId } = await setup(3 * 1024);
    const server = new FakeTusServer();
    const online = onlineSource(false);
    const clock = manualTimers();
    let failures = 1;
    server.fault = (req) => (req.method === 'PATCH' && failures-- > 0 ? 'server-error' : null);
    const uploader = new FileUploader({
      store: new DexieUploadStore(db, () => cipher),
      baseUrl: () => 'http://files.test',
      getToken: () => 'test-token',
      fetch: server.fetch,
      online,
      timers: clock.timers,
      random: () => 0.5,
      retryBaseMs: 1000,
      chunkSize: 1024,
    });
    uploader.start();
    await new Promise((r) => setTimeout(r, 30));
    expect(server.log).toHaveLength(0);

    online.set(true);
    await settle(async () => (await db.uploads.get(docId))?.error?.code === 'unavailable');
    expect(server.stored.size).toBe(0);
    // The retry waits on the injected timers: backoff with jitter (random 0.5 of 1 s).
    await settle(async () => [...clock.pending.values()].some((t) => t.ms === 500));
    expect([...clock.pending.values()].map((t) => t.ms)).toContain(500);
    clock.fireAll();
    await settle(async () => server.stored.has(docId));
    expect(server.stored.get(docId)?.count).toBe(1);
    expect(server.patchBytes).toBe(3 * 1024); // the 503'd request stored nothing; no byte went twice
    uploader.stop();
  });

  it('going offline stops the upload under way; coming back resumes from the server offset', async () => {
    const { db, docId } = await setup(8 * 1024);
    const server = new FakeTusServer();
    const online = onlineSource(true);
    const clock = manualTimers();
    let dropped = false;
    const uploader = new FileUploader({
      store: new DexieUploadStore(db, () => cipher),
      baseUrl: () => 'http://files.test',
      getToken: () => 'test-token',
      fetch: async (input, init) => {
        // The host drops off the network as the third chunk is sent.
        if (init?.method === 'PATCH' && server.requests('PATCH').length === 2 && !dropped) {
          dropped = true;
          online.set(false);
          throw new TypeError('network changed');
        }
        return server.fetch(input, init);
      },
      online,
      timers: clock.timers,
      chunkSize: 1024,
    });
    uploader.start();
    await settle(async () => (await db.uploads.get(docId))?.error?.code === 'network');
    expect(server.stored.size).toBe(0);
    expect((await db.uploads.get(docId))?.sent).toBe(2048);
    online.set(true);
    await settle(async () => server.stored.has(docId));
    expect(server.stored.get(docId)?.count).toBe(1);
    expect(server.patchBytes).toBe(8 * 1024); // nothing the server had was sent again
    uploader.stop();
  });
});
