// Document files between two consoles and the real server (issue 16) under a faulty network
// (tests/chaos/chaos-net.ts: dropped requests, answers lost after the server acted, duplicated
// and delayed deliveries): every attached file ends stored and linked exactly once (one version,
// the right SHA-256), each console's checklist equals the server's, and the other console
// downloads every file byte for byte.
import 'fake-indexeddb/auto';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileCipher, type SecretStore } from '../../renderer/db/file-crypto';
import { Repository } from '../../renderer/db/repository';
import { DexieUploadStore } from '../../renderer/db/upload-queue';
import { DocumentFileSync } from '../../renderer/files/file-sync';
import { FileUploader } from '../../renderer/files/uploader';
import { ChaosNet, FAKE_BASE, mulberry32, NO_FAULTS } from '../chaos/chaos-net';
import { TestClient, TestServer } from './support/harness';
import { createSharedCase, expectEqualsServer } from './support/scenario';

const CHUNK = 64 * 1024;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function memoryCipher() {
  const map = new Map<string, string>();
  const secrets: SecretStore = {
    get: async (k) => map.get(k) ?? null,
    set: async (k, v) => void map.set(k, v),
  };
  return createFileCipher(secrets);
}

/** A "scan": PNG signature then random bytes (the server checks the magic number, not the pixels). */
const scan = (size: number) => Buffer.concat([PNG_MAGIC, randomBytes(size - PNG_MAGIC.length)]);

let server: TestServer;
let office: { officeId: string; users: Record<string, string> };

beforeAll(async () => {
  server = await TestServer.start();
  office = await server.seedOffice('JKT', ['op-a', 'op-b']);
});
afterAll(async () => {
  await server.stop();
});

describe('document files under a faulty network', () => {
  it('every attached file is stored once, linked once, and seen the same everywhere', async () => {
    const net = new ChaosNet(server, mulberry32(16));
    const connect = (name: string) =>
      TestClient.connect(server, name, office.users[name]!, office.officeId, {
        fetch: net.fetch,
        baseUrl: () => FAKE_BASE,
      });
    const a = await connect('op-a');
    const b = await connect('op-b');
    const cipherA = memoryCipher();
    const repoA = new Repository(a.db, {
      actor: () => ({ actorId: a.userId, deviceId: a.deviceId, officeId: a.officeId }),
      fileCipher: cipherA,
    });
    const fileFaults = { count: 0 };
    const uploader = new FileUploader({
      store: new DexieUploadStore(a.db, () => cipherA),
      baseUrl: () => FAKE_BASE,
      getToken: () => a.token,
      fetch: (input, init) =>
        net.fetch(input, init).catch((error: unknown) => {
          fileFaults.count += 1;
          throw error;
        }),
      chunkSize: CHUNK,
      requestTimeoutMs: 10_000,
    });

    const caseId = await createSharedCase(a);
    const types = ['passport_copy', 'work_contract', 'ktp', 'family_card', 'payslip_transfer'] as const;
    const docs = await repoA.requestDocuments(caseId, [...types]);
    const files = new Map<string, Buffer>();
    for (const [i, doc] of docs.entries()) {
      const bytes = scan(CHUNK * (i + 1) + 123 * i);
      files.set(doc.id, bytes);
      await repoA.attachDocumentFile(doc.id, { name: `${doc.type}.png`, mimeType: 'image/png', bytes });
    }
    // One file replaced before it was ever sent: only the replacement may reach the server.
    const replaced = docs[0]!.id;
    const second = scan(CHUNK + 7);
    files.set(replaced, second);
    await repoA.attachDocumentFile(replaced, {
      name: 'passport_copy-2.png',
      mimeType: 'image/png',
      bytes: second,
    });

    net.faults = { dropRequest: 0.1, dropResponse: 0.1, duplicate: 0.1, delay: 0.05 };
    let restarted = false;
    for (let round = 0; round < 60; round++) {
      await a.engine.syncNow();
      // A server restart while uploads are half done: they resume from the stored offsets.
      if (!restarted && (await a.db.uploads.filter((u) => u.sent > 0).count()) > 0) {
        restarted = true;
        await server.down();
        await server.up();
      }
      await uploader.runOnce();
      await b.engine.syncNow();
      await net.deliverHeld();
      if ((await a.db.uploads.count()) === 0 && (await a.db.outbox.count()) === 0) break;
    }
    net.faults = NO_FAULTS;
    await net.deliverHeld(true);
    await uploader.runOnce();
    for (const c of [a, b, a, b]) await c.syncUntilOk();
    expect(await a.db.uploads.count()).toBe(0);
    expect(net.counts.droppedRequests + net.counts.droppedResponses + net.counts.duplicated).toBeGreaterThan(
      0,
    );
    expect(restarted).toBe(true);
    // The faults hit the uploads themselves, not only the record sync.
    expect(fileFaults.count).toBeGreaterThan(3);

    const token = await server.login('op-b', 'operator-password-1');
    for (const [documentId, bytes] of files) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const { versions } = await server.call<{ versions: Array<{ sha256: string; size: number }> }>(
        'GET',
        `/v1/documents/${documentId}/files`,
        token,
      );
      expect(
        versions.map((v) => [v.sha256, v.size]),
        documentId,
      ).toEqual([[sha256, bytes.length]]);
    }
    // Each console's checklist (storedFile included) equals the server's.
    await expectEqualsServer(a);
    await expectEqualsServer(b);
    for (const doc of await b.db.documents.toArray())
      expect(doc.storedFile?.sha256).toBe(createHash('sha256').update(files.get(doc.id)!).digest('hex'));

    // The other console downloads each file on demand, byte for byte, through the same faulty net.
    const cipherB = memoryCipher();
    const sync = new DocumentFileSync({
      db: b.db,
      cipher: () => cipherB,
      baseUrl: () => FAKE_BASE,
      getToken: () => b.token,
      fetch: net.fetch,
    });
    net.faults = { dropRequest: 0.2, dropResponse: 0.2, duplicate: 0.1, delay: 0 };
    for (const doc of await b.db.documents.toArray()) {
      let opened: Uint8Array | undefined;
      for (let attempt = 0; attempt < 30 && !opened; attempt++)
        opened = await sync.open(doc).then(
          (file) => file.bytes,
          () => undefined,
        );
      expect(Buffer.compare(Buffer.from(opened!), files.get(doc.id)!), doc.id).toBe(0);
    }
    net.faults = NO_FAULTS;
    await a.close();
    await b.close();
  }, 120_000);

  it('a hanging upload never holds record sync back', async () => {
    const a = await TestClient.connect(server, 'op-a', office.users['op-a']!, office.officeId);
    const cipher = memoryCipher();
    const repo = new Repository(a.db, {
      actor: () => ({ actorId: a.userId, deviceId: a.deviceId, officeId: a.officeId }),
      fileCipher: cipher,
    });
    const caseId = await createSharedCase(a);
    const [doc] = await repo.requestDocuments(caseId, ['passport_copy']);
    await repo.attachDocumentFile(doc!.id, { name: 'p.png', mimeType: 'image/png', bytes: scan(3 * CHUNK) });
    await a.syncUntilOk();
    // Every PATCH hangs until aborted: the upload is under way and never ends by itself.
    const uploader = new FileUploader({
      store: new DexieUploadStore(a.db, () => cipher),
      baseUrl: () => server.url,
      getToken: () => a.token,
      fetch: (input, init) =>
        init?.method === 'PATCH'
          ? new Promise<Response>((_, reject) =>
              init.signal?.addEventListener('abort', () => reject(new TypeError('aborted'))),
            )
          : fetch(input, init),
      chunkSize: CHUNK,
    });
    uploader.start();
    for (let i = 0; i < 100 && (await a.db.uploads.get(doc!.id))?.state !== 'uploading'; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect((await a.db.uploads.get(doc!.id))?.state).toBe('uploading');
    await repo.setDocumentStatus(doc!.id, 'verified');
    await a.syncUntilOk();
    expect(await a.db.outbox.count()).toBe(0);
    await expectEqualsServer(a);
    expect((await a.db.uploads.get(doc!.id))?.state).toBe('uploading');
    uploader.stop();
    await a.close();
  });
});
