// Files attached to checklist items, encrypted at rest on this device (README, "Document files
// at rest"); the synced document carries their name, size and sha256, written through the
// repository's update path. Since issue 16 an attached file is also queued for upload
// (upload-queue.ts) and a file downloaded from the server is kept here too, as a cache entry
// that may be evicted (LRU) once the server has it, unless its case is pinned for offline use.
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';
import type { DocumentRecord } from '../../shared/domain/events';
import type { DocumentFileRow, PoskoDb } from './database';
import type { FileCipher } from './file-crypto';
import { RepositoryError } from './record-validation';
import type { OpenedDocumentFile, RecordChanges } from './repository-types';
import { uploadFingerprint, uploadRowFor } from './upload-queue';

/**
 * What attaching needs from the repository: its cipher (a getter, so the key
 * is read on first use only), its clock, and updateRecord for the documents
 * table, so the synced change still appends its outbox mutation.
 */
export interface DocumentFileWriter {
  cipher: () => FileCipher;
  now: () => Date;
  updateDocument: (documentId: string, changes: RecordChanges) => Promise<DocumentRecord>;
}

/**
 * Stores a file for a checklist item on this device and records its name,
 * size and sha256 on the synced document (status moves to "received" if it
 * was only requested), in one transaction.
 */
export async function attachDocumentFile(
  db: PoskoDb,
  writer: DocumentFileWriter,
  documentId: string,
  file: { name: string; mimeType: string; bytes: Uint8Array },
): Promise<DocumentRecord> {
  const hash = bytesToHex(sha256(file.bytes));
  // Encrypted before the transaction: awaiting WebCrypto inside it would let IndexedDB commit early.
  const encrypted = await writer.cipher().encrypt(file.bytes);
  return db.transaction('rw', [db.documents, db.documentFiles, db.outbox, db.uploads], async () => {
    const doc = await db.documents.get(documentId);
    if (!doc || doc.deleted) throw new RepositoryError('not_found', `No documents record ${documentId}`);
    const now = writer.now().toISOString();
    const changes: RecordChanges = {
      fileName: file.name.slice(0, 200),
      fileSize: file.bytes.length,
      fileSha256: hash,
    };
    if (doc.status === 'requested') Object.assign(changes, { status: 'received', receivedAt: now });
    const updated = await writer.updateDocument(documentId, changes);
    const row: DocumentFileRow = {
      documentId,
      caseId: doc.caseId,
      name: file.name.slice(0, 200),
      mimeType: file.mimeType,
      size: file.bytes.length,
      sha256: hash,
      ...encrypted,
      storedAt: now,
      lastUsedAt: now,
    };
    await db.documentFiles.put(row);
    // Replacing a file queues the new one; the server keeps the earlier version.
    await db.uploads.put(uploadRowFor(row, now));
    return updated;
  });
}

/** The file kept for a checklist item, decrypted (throws if it cannot be: wrong key or tampered bytes). */
export async function openDocumentFile(
  db: PoskoDb,
  cipher: () => FileCipher,
  documentId: string,
): Promise<OpenedDocumentFile | undefined> {
  const row = await db.documentFiles.get(documentId);
  if (!row) return undefined;
  const { iv, ciphertext, ...meta } = row;
  const bytes = await cipher().decrypt({ iv, ciphertext });
  // Opening counts as use for the cache's least-recently-used order.
  await db.documentFiles.update(documentId, { lastUsedAt: new Date().toISOString() });
  return { ...meta, bytes };
}

/** A file downloaded from the server, kept encrypted as a cache entry (already stored there). */
export async function storeDownloadedFile(
  db: PoskoDb,
  cipher: () => FileCipher,
  file: {
    documentId: string;
    caseId: string;
    name: string;
    mimeType: string;
    sha256: string;
    bytes: Uint8Array;
  },
  now: string,
): Promise<void> {
  const encrypted = await cipher().encrypt(file.bytes);
  await db.transaction('rw', db.documentFiles, db.uploads, async () => {
    // Never overwrite a file of this device that the server does not have yet.
    const pending = await db.uploads.get(file.documentId);
    if (pending) return;
    const row: DocumentFileRow = {
      documentId: file.documentId,
      caseId: file.caseId,
      name: file.name.slice(0, 200),
      mimeType: file.mimeType,
      size: file.bytes.length,
      sha256: file.sha256,
      ...encrypted,
      storedAt: now,
      uploadedAt: now,
      lastUsedAt: now,
    };
    await db.documentFiles.put(row);
  });
}

/**
 * Keeps the local cache under `maxBytes`: drops the least recently used files that the server
 * has (uploadedAt set, no upload pending) and whose case is not pinned. A file only on this device
 * is never evicted, whatever the bound. Returns the documents evicted.
 */
export async function evictCachedFiles(db: PoskoDb, maxBytes: number): Promise<string[]> {
  return db.transaction('rw', db.documentFiles, db.uploads, db.filePins, async () => {
    const rows = await db.documentFiles.toArray();
    let total = rows.reduce((sum, row) => sum + row.size, 0);
    if (total <= maxBytes) return [];
    const pinned = new Set((await db.filePins.toArray()).map((pin) => pin.caseId));
    const pending = new Set(await db.uploads.toCollection().primaryKeys());
    const candidates = rows
      .filter((row) => row.uploadedAt && !pending.has(row.documentId) && !pinned.has(row.caseId))
      .sort((a, b) => (a.lastUsedAt ?? a.storedAt).localeCompare(b.lastUsedAt ?? b.storedAt));
    const evicted: string[] = [];
    for (const row of candidates) {
      if (total <= maxBytes) break;
      await db.documentFiles.delete(row.documentId);
      total -= row.size;
      evicted.push(row.documentId);
    }
    return evicted;
  });
}

/**
 * The operator throws away a file the server refused (or one never sent): the local copy and
 * its queue entry go, and the document no longer names a file, through the repository's update
 * path (so the change is synced and audited). A file the server stored is never deleted here:
 * the server keeps every stored version.
 */
export async function discardLocalFile(
  db: PoskoDb,
  writer: Pick<DocumentFileWriter, 'updateDocument'>,
  documentId: string,
): Promise<void> {
  await db.transaction(
    'rw',
    [db.documents, db.documentFiles, db.outbox, db.uploads, db.uploadUrls],
    async () => {
      const doc = await db.documents.get(documentId);
      if (!doc || doc.deleted) throw new RepositoryError('not_found', `No documents record ${documentId}`);
      const upload = await db.uploads.get(documentId);
      if (!upload) throw new RepositoryError('not_found', 'No file of this item waits on this device');
      await db.uploads.delete(documentId);
      await db.uploadUrls.where('fingerprint').equals(uploadFingerprint(upload)).delete();
      await db.documentFiles.delete(documentId);
      // The document goes back to naming the file the server has, if any.
      const stored = doc.storedFile;
      await writer.updateDocument(documentId, {
        fileName: stored?.name ?? null,
        fileSize: stored?.size ?? null,
        fileSha256: stored?.sha256 ?? null,
      });
    },
  );
}

/** "Make this case available offline": its files are kept whatever the cache bound. */
export async function setCasePinned(
  db: PoskoDb,
  caseId: string,
  pinned: boolean,
  now: string,
): Promise<void> {
  if (pinned) await db.filePins.put({ caseId, pinnedAt: now });
  else await db.filePins.delete(caseId);
}
