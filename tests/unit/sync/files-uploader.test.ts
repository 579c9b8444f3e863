// The document-file uploader (renderer/files/uploader.ts) against an in-memory tus server:
// it sends only after the document reached the server, resumes from the server's offset after a
// dropped request, a lost answer, an app restart and a server restart without re-sending what
// was stored, keeps a refused file with its reason, and retries when asked (issue 16).
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { PoskoDb } from '../../../renderer/db/database';
import { createFileCipher, type SecretStore } from '../../../renderer/db/file-crypto';
import { Repository } from '../../../renderer/db/repository';
import { DexieUploadStore, retryUpload, uploadTotals } from '../../../renderer/db/upload-queue';
import { FileUploader } from '../../../renderer/files/uploader';
import { caseInput, TEST_ACTOR } from '../renderer/fixtures';
import { FakeTusServer } from './files-fake-tus';

const CHUNK = 64 * 1024;
const dbs: PoskoDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
});

function memorySecrets(): SecretStore {
  const map = new Map<string, string>();
  return { get: async (k) => map.get(k) ?? null, set: async (k, v) => void map.set(k, v) };
}

const secrets = memorySecrets();
const cipher = createFileCipher(secrets);

function open(name = `files-${crypto.randomUUID()}`) {
  const db = new PoskoDb(name);
  dbs.push(db);
  const repo = new Repository(db, { actor: () => TEST_ACTOR, fileCipher: cipher });
  return { db, repo, name };
}

function uploaderFor(db: PoskoDb, server: FakeTusServer) {
  return new FileUploader({
    store: new DexieUploadStore(db, () => cipher),
    baseUrl: () => 'http://files.test',
    getToken: () => 'test-token',
    fetch: server.fetch,
    chunkSize: CHUNK,
  });
}

function bytesOf(size: number, seed = 7): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

/** A case with a passport item, pushed (rev 1), and a file of `size` bytes attached to it. */
async function attached(repo: Repository, db: PoskoDb, size: number, pushed = true) {
  const kase = await repo.createRecord('cases', caseInput(new Date('2026-12-01T08:00:00Z')));
  const [doc] = await repo.requestDocuments(kase.id, ['passport_copy']);
  if (!doc) throw new Error('no document');
  const bytes = bytesOf(size);
  await repo.attachDocumentFile(doc.id, { name: 'paspor.pdf', mimeType: 'application/pdf', bytes });
  // What a push settles: the server has the document.
  if (pushed) await db.documents.update(doc.id, { rev: 1 });
  return { doc, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

describe('file uploader', () => {
  it('sends the file once the document is on the server, with tus 1.0.0, the token and its metadata', async () => {
    const { db, repo } = open();
    const server = new FakeTusServer();
    const { doc, bytes, sha256 } = await attached(repo, db, 3 * CHUNK + 100, false);
    const uploader = uploaderFor(db, server);
    await uploader.runOnce();
    expect(server.log).toHaveLength(0); // rev 0: the server would not know the document
    expect(await uploadTotals(db)).toEqual({ waiting: 1, bytesLeft: bytes.length, refused: 0 });

    await db.documents.update(doc.id, { rev: 1 });
    await uploader.runOnce();
    expect(server.stored.get(doc.id)?.sha256).toBe(sha256);
    expect(Buffer.compare(server.stored.get(doc.id)!.bytes, Buffer.from(bytes))).toBe(0);
    expect(server.patchBytes).toBe(bytes.length);
    expect(server.requests('PATCH')).toHaveLength(4);
    for (const req of server.log) {
      expect(req.headers['tus-resumable']).toBe('1.0.0');
      expect(req.headers.authorization).toBe('Bearer test-token');
    }
    const meta = server.uploads.get('u1')!.metadata;
    expect(meta).toEqual({ documentId: doc.id, sha256, filename: 'paspor.pdf', mimeType: 'application/pdf' });
    expect(await db.uploads.count()).toBe(0);
    expect((await db.documentFiles.get(doc.id))?.uploadedAt).toBeTruthy();
    expect(await db.uploadUrls.count()).toBe(0);
  });

  it('after a dropped request it resumes from the server offset and sends no stored byte again', async () => {
    const { db, repo } = open();
    const server = new FakeTusServer();
    const { doc, bytes } = await attached(repo, db, 5 * CHUNK);
    // The third PATCH never reaches the server.
    server.fault = (req) =>
      req.method === 'PATCH' && server.requests('PATCH').length === 3 ? 'drop-request' : null;
    const uploader = uploaderFor(db, server);
    await uploader.runOnce();
    const row = await db.uploads.get(doc.id);
    expect(row).toMatchObject({ state: 'waiting', sent: 2 * CHUNK, error: { code: 'network' } });
    expect(row?.uploadUrl).toBe('http://files.test/v1/files/u1');
    expect(server.stored.size).toBe(0);

    await uploader.runOnce();
    expect(server.stored.get(doc.id)?.count).toBe(1);
    expect(server.requests('POST')).toHaveLength(1); // the same upload, resumed
    expect(server.requests('HEAD')).toHaveLength(1);
    expect(server.patchBytes).toBe(bytes.length); // the lost request carried nothing that was kept
  });

  it('after a lost answer it re-sends at most that one chunk', async () => {
    const { db, repo } = open();
    const server = new FakeTusServer();
    const { doc, bytes } = await attached(repo, db, 5 * CHUNK);
    server.fault = (req) =>
      req.method === 'PATCH' && server.requests('PATCH').length === 2 ? 'drop-response' : null;
    const uploader = uploaderFor(db, server);
    await uploader.runOnce();
    await uploader.runOnce();
    expect(server.stored.get(doc.id)?.count).toBe(1);
    // The server kept the chunk whose answer was lost; HEAD says so, nothing is sent twice.
    expect(server.patchBytes).toBe(bytes.length);
  });

  it('after an app restart (new database handle, new uploader) it resumes from the stored URL', async () => {
    const { db, repo, name } = open();
    const server = new FakeTusServer();
    const { doc, bytes } = await attached(repo, db, 4 * CHUNK);
    server.fault = (req) =>
      req.method === 'PATCH' && server.requests('PATCH').length === 3 ? 'drop-request' : null;
    await uploaderFor(db, server).runOnce();
    db.close();

    const reopened = new PoskoDb(name);
    dbs.push(reopened);
    expect(await reopened.uploadUrls.count()).toBe(1); // tus URL storage in IndexedDB
    await uploaderFor(reopened, server).runOnce();
    expect(server.stored.get(doc.id)?.count).toBe(1);
    expect(server.requests('POST')).toHaveLength(1);
    expect(server.patchBytes).toBe(bytes.length);
  });

  it('survives a server restart (503s, then the same upload with its offset)', async () => {
    const { db, repo } = open();
    const server = new FakeTusServer();
    const { doc, bytes } = await attached(repo, db, 4 * CHUNK);
    let down = false;
    server.fault = (req) => {
      if (req.method === 'PATCH' && server.requests('PATCH').length === 2) down = true;
      return down ? 'server-error' : null;
    };
    const uploader = uploaderFor(db, server);
    await uploader.runOnce();
    expect(await db.uploads.get(doc.id)).toMatchObject({ state: 'waiting', error: { code: 'unavailable' } });
    down = false;
    server.fault = () => null;
    await uploader.runOnce();
    expect(server.stored.get(doc.id)?.count).toBe(1);
    expect(server.patchBytes).toBe(bytes.length);
  });

  it('keeps a refused file on the device with the reason, does not retry it alone, retries when asked', async () => {
    const { db, repo } = open();
    const server = new FakeTusServer();
    let refuse = true;
    server.refuse = () => (refuse ? { status: 415, code: 'file_type_not_allowed' } : null);
    const { doc, bytes } = await attached(repo, db, CHUNK + 10);
    const uploader = uploaderFor(db, server);
    await uploader.runOnce();
    expect(await db.uploads.get(doc.id)).toMatchObject({
      state: 'refused',
      error: { code: 'file_type_not_allowed' },
    });
    expect((await repo.documentFile(doc.id))?.bytes).toEqual(bytes); // still on the device
    expect(await uploadTotals(db)).toEqual({ waiting: 0, bytesLeft: 0, refused: 1 });
    const before = server.log.length;
    await uploader.runOnce();
    expect(server.log.length).toBe(before); // nothing retries a refusal on its own

    refuse = false;
    await retryUpload(db, doc.id, new Date().toISOString());
    await uploader.runOnce();
    expect(server.stored.get(doc.id)?.count).toBe(1);
    expect(await db.uploads.count()).toBe(0);
  });

  it('discarding a refused file removes it from the device and the document names no file', async () => {
    const { db, repo } = open();
    const server = new FakeTusServer();
    server.refuse = () => ({ status: 413, code: 'file_too_large' });
    const { doc } = await attached(repo, db, 100);
    await uploaderFor(db, server).runOnce();
    await repo.discardDocumentFile(doc.id);
    expect(await db.uploads.count()).toBe(0);
    expect(await db.documentFiles.get(doc.id)).toBeUndefined();
    expect(await db.documents.get(doc.id)).toMatchObject({ fileName: null, fileSha256: null });
  });

  it('a replacement queues the new file; the server gets both versions, the latest last', async () => {
    const { db, repo } = open();
    const server = new FakeTusServer();
    const { doc } = await attached(repo, db, 1000);
    const uploader = uploaderFor(db, server);
    await uploader.runOnce();
    const second = bytesOf(2000, 99);
    await repo.attachDocumentFile(doc.id, {
      name: 'paspor-2.pdf',
      mimeType: 'application/pdf',
      bytes: second,
    });
    await uploader.runOnce();
    expect(server.stored.get(doc.id)).toMatchObject({
      count: 2,
      sha256: createHash('sha256').update(second).digest('hex'),
    });
  });
});
