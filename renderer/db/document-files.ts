// Files attached to checklist items: kept on this device only and encrypted at
// rest (README, "Document files at rest"); the synced document carries only
// their name, size and sha256, written through the repository's update path.
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';
import type { DocumentRecord } from '../../shared/domain/events';
import type { DocumentFileRow, PoskoDb } from './database';
import type { FileCipher } from './file-crypto';
import { RepositoryError } from './record-validation';
import type { OpenedDocumentFile, RecordChanges } from './repository-types';

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
  return db.transaction('rw', db.documents, db.documentFiles, db.outbox, async () => {
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
    };
    await db.documentFiles.put(row);
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
  return { ...meta, bytes: await cipher().decrypt({ iv, ciphertext }) };
}
