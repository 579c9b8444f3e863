// The local file cache (issue 16): files attached before database v5 are queued for upload by the
// upgrade; eviction drops the least recently used files the server has, never a file only this
// device holds nor one of a pinned case; a downloaded file never overwrites one still to upload.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { PoskoDb } from '../../../renderer/db/database';
import type { DocumentFileRow } from '../../../renderer/db/database';
import { evictCachedFiles, setCasePinned, storeDownloadedFile } from '../../../renderer/db/document-files';
import { createFileCipher, type SecretStore } from '../../../renderer/db/file-crypto';
import { uploadRowFor } from '../../../renderer/db/upload-queue';

const dbs: PoskoDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
});

const map = new Map<string, string>();
const secrets: SecretStore = {
  get: async (k) => map.get(k) ?? null,
  set: async (k, v) => void map.set(k, v),
};
const cipher = createFileCipher(secrets);

function fileRow(documentId: string, caseId: string, size: number, extra: Partial<DocumentFileRow> = {}) {
  return {
    documentId,
    caseId,
    name: `${documentId}.pdf`,
    mimeType: 'application/pdf',
    size,
    sha256: documentId.padEnd(64, '0').slice(0, 64),
    iv: new Uint8Array(12),
    ciphertext: new Uint8Array(size + 16),
    storedAt: '2026-12-01T00:00:00.000Z',
    ...extra,
  };
}

describe('document file cache', () => {
  it('the v5 upgrade queues every file that was only on this device', async () => {
    const name = `v4-${crypto.randomUUID()}`;
    const v4 = new Dexie(name);
    v4.version(4).stores({ documentFiles: 'documentId, caseId, sha256' });
    await v4.table('documentFiles').bulkAdd([fileRow('d1', 'c1', 10), fileRow('d2', 'c1', 20)]);
    v4.close();
    // A database at v4 (only the table that matters here): opening it runs the v5 upgrade.
    const db = new PoskoDb(name);
    dbs.push(db);
    const rows = await db.uploads.orderBy('documentId').toArray();
    expect(rows.map((r) => [r.documentId, r.state, r.sent, r.size])).toEqual([
      ['d1', 'waiting', 0, 10],
      ['d2', 'waiting', 0, 20],
    ]);
    expect(rows[0]).not.toHaveProperty('ciphertext'); // the queue names the file, it does not copy it
  });

  it('evicts least recently used stored files first, never a pinned case or an unsent file', async () => {
    const db = new PoskoDb(`cache-${crypto.randomUUID()}`);
    dbs.push(db);
    const up = '2026-12-02T00:00:00.000Z';
    await db.documentFiles.bulkPut([
      fileRow('old', 'c1', 100, { uploadedAt: up, lastUsedAt: '2026-12-01T01:00:00.000Z' }),
      fileRow('new', 'c1', 100, { uploadedAt: up, lastUsedAt: '2026-12-05T01:00:00.000Z' }),
      fileRow('pinned', 'c2', 100, { uploadedAt: up, lastUsedAt: '2026-11-01T01:00:00.000Z' }),
      fileRow('unsent', 'c3', 100, { lastUsedAt: '2026-10-01T01:00:00.000Z' }),
    ]);
    await db.uploads.put(uploadRowFor(fileRow('unsent', 'c3', 100), up));
    await setCasePinned(db, 'c2', true, up);
    expect(await evictCachedFiles(db, 400)).toEqual([]);
    expect(await evictCachedFiles(db, 300)).toEqual(['old']);
    // Under any bound, what is left is the pinned case and the file the server does not have.
    expect(await evictCachedFiles(db, 0)).toEqual(['new']);
    expect((await db.documentFiles.toCollection().primaryKeys()).sort()).toEqual(['pinned', 'unsent']);
  });

  it('a download never overwrites a local file still waiting to upload', async () => {
    const db = new PoskoDb(`cache-${crypto.randomUUID()}`);
    dbs.push(db);
    const mine = fileRow('d1', 'c1', 5);
    await db.documentFiles.put(mine);
    await db.uploads.put(uploadRowFor(mine, '2026-12-01T00:00:00.000Z'));
    const bytes = new Uint8Array([1, 2, 3]);
    await storeDownloadedFile(
      db,
      () => cipher,
      { documentId: 'd1', caseId: 'c1', name: 'x', mimeType: 'image/png', sha256: 'f'.repeat(64), bytes },
      '2026-12-03T00:00:00.000Z',
    );
    expect((await db.documentFiles.get('d1'))?.sha256).toBe(mine.sha256);
    await storeDownloadedFile(
      db,
      () => cipher,
      { documentId: 'd2', caseId: 'c1', name: 'y', mimeType: 'image/png', sha256: 'e'.repeat(64), bytes },
      '2026-12-03T00:00:00.000Z',
    );
    const kept = await db.documentFiles.get('d2');
    expect(kept?.uploadedAt).toBe('2026-12-03T00:00:00.000Z');
    expect(await cipher.decrypt({ iv: kept!.iv, ciphertext: kept!.ciphertext })).toEqual(bytes);
  });
});
