// The upload queue's writes (issue 16): what the uploader (renderer/files/uploader.ts) records as
// a file travels, over the console's Dexie database. With the Repository and the sync store it is
// part of the one local write path (docs/architecture.md): sync's door for files.
import { liveQuery } from 'dexie';
import type { ApiErrorBody } from '../../shared/sync/protocol';
import type { PoskoDb } from './database';
import type { FileCipher } from './file-crypto';
import type {
  StoredTusUpload,
  TusUrlStorage,
  UploadRow,
  UploadStore,
  UploadTotals,
  UploadUrlRow,
} from './upload-types';

/** A new or replacing file, queued in the caller's transaction (attach, the v5 upgrade). */
export function uploadRowFor(
  file: { documentId: string; caseId: string; sha256: string; size: number; name: string; mimeType: string },
  now: string,
): UploadRow {
  // Fields named one by one: a file row also carries its ciphertext, which must not be copied here.
  return {
    documentId: file.documentId,
    caseId: file.caseId,
    sha256: file.sha256,
    size: file.size,
    name: file.name,
    mimeType: file.mimeType,
    state: 'waiting',
    sent: 0,
    uploadUrl: null,
    error: null,
    attempts: 0,
    queuedAt: now,
    updatedAt: now,
  };
}

/** tus URL storage in IndexedDB: an upload URL outlives a restart of the app. */
export class DexieUrlStorage implements TusUrlStorage {
  constructor(private readonly db: PoskoDb) {}

  async findAllUploads(): Promise<StoredTusUpload[]> {
    return (await this.db.uploadUrls.toArray()).map(toPrevious);
  }

  async findUploadsByFingerprint(fingerprint: string): Promise<StoredTusUpload[]> {
    return (await this.db.uploadUrls.where('fingerprint').equals(fingerprint).toArray()).map(toPrevious);
  }

  async removeUpload(urlStorageKey: string): Promise<void> {
    await this.db.uploadUrls.delete(urlStorageKey);
  }

  async addUpload(fingerprint: string, upload: Omit<StoredTusUpload, 'urlStorageKey'>): Promise<string> {
    const key = `${fingerprint}#${globalThis.crypto.randomUUID()}`;
    await this.db.uploadUrls.put({
      key,
      fingerprint,
      size: upload.size ?? null,
      metadata: { ...upload.metadata },
      creationTime: upload.creationTime,
      uploadUrl: upload.uploadUrl ?? null,
      parallelUploadUrls: upload.parallelUploadUrls ?? null,
    });
    return key;
  }
}

function toPrevious(row: UploadUrlRow): StoredTusUpload {
  const { key, fingerprint: _fingerprint, ...rest } = row;
  return { ...rest, urlStorageKey: key };
}

/** The fingerprint tus keys a stored URL by: one per document and file content. */
export function uploadFingerprint(row: Pick<UploadRow, 'documentId' | 'sha256'>): string {
  return `posko:${row.documentId}:${row.sha256}`;
}

export class DexieUploadStore implements UploadStore {
  readonly urlStorage: DexieUrlStorage;

  constructor(
    private readonly db: PoskoDb,
    private readonly cipher: () => FileCipher,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.urlStorage = new DexieUrlStorage(db);
  }

  async ready(): Promise<UploadRow[]> {
    // A crash mid-upload leaves 'uploading': it is waiting again (tus resumes from the server's offset).
    const rows = await this.db.uploads.where('state').anyOf('waiting', 'uploading').toArray();
    const out: UploadRow[] = [];
    for (const row of rows.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt))) {
      // The server records the file on the document: it must have the document first.
      const doc = await this.db.documents.get(row.documentId);
      if (doc && !doc.deleted && doc.rev > 0) out.push(row);
    }
    return out;
  }

  async bytes(row: UploadRow): Promise<Uint8Array | undefined> {
    const file = await this.db.documentFiles.get(row.documentId);
    if (!file || file.sha256 !== row.sha256) return undefined;
    return this.cipher().decrypt({ iv: file.iv, ciphertext: file.ciphertext });
  }

  /** Applies `change` to the row only if it is still about the same file. */
  private async update(
    documentId: string,
    sha256: string,
    change: (row: UploadRow) => Partial<UploadRow> | 'delete',
  ): Promise<UploadRow | undefined> {
    return this.db.transaction('rw', this.db.uploads, this.db.documentFiles, this.db.uploadUrls, async () => {
      const row = await this.db.uploads.get(documentId);
      if (!row || row.sha256 !== sha256) return undefined;
      const next = change(row);
      if (next === 'delete') {
        await this.db.uploads.delete(documentId);
        return row;
      }
      await this.db.uploads.put({ ...row, ...next, updatedAt: this.now().toISOString() });
      return row;
    });
  }

  async started(documentId: string, sha256: string): Promise<void> {
    await this.update(documentId, sha256, (row) => ({ state: 'uploading', attempts: row.attempts + 1 }));
  }

  async progress(documentId: string, sha256: string, sent: number, uploadUrl: string | null): Promise<void> {
    await this.update(documentId, sha256, (row) => ({
      sent: Math.max(row.sent, sent),
      uploadUrl: uploadUrl ?? row.uploadUrl,
      error: null,
    }));
  }

  async stored(documentId: string, sha256: string): Promise<void> {
    const at = this.now().toISOString();
    await this.db.transaction('rw', this.db.uploads, this.db.documentFiles, this.db.uploadUrls, async () => {
      const row = await this.db.uploads.get(documentId);
      if (row?.sha256 === sha256) await this.db.uploads.delete(documentId);
      await this.db.uploadUrls
        .where('fingerprint')
        .equals(uploadFingerprint({ documentId, sha256 }))
        .delete();
      // The local copy is now a cache entry: the server has it, so it may be evicted.
      const file = await this.db.documentFiles.get(documentId);
      if (file?.sha256 === sha256) await this.db.documentFiles.update(documentId, { uploadedAt: at });
    });
  }

  async retryLater(documentId: string, sha256: string, error: ApiErrorBody): Promise<void> {
    await this.update(documentId, sha256, () => ({ state: 'waiting', error }));
  }

  async refused(documentId: string, sha256: string, error: ApiErrorBody): Promise<void> {
    // A retry after a refusal starts a new upload: the refused one holds nothing the server kept.
    await this.update(documentId, sha256, () => ({ state: 'refused', error, uploadUrl: null, sent: 0 }));
    await this.db.uploadUrls.where('fingerprint').equals(uploadFingerprint({ documentId, sha256 })).delete();
  }

  async restart(documentId: string, sha256: string, error: ApiErrorBody): Promise<void> {
    await this.update(documentId, sha256, () => ({ state: 'waiting', error, uploadUrl: null, sent: 0 }));
    await this.db.uploadUrls.where('fingerprint').equals(uploadFingerprint({ documentId, sha256 })).delete();
  }

  async totals(): Promise<UploadTotals> {
    return uploadTotals(this.db);
  }

  watch(listener: () => void): () => void {
    const subscription = liveQuery(() => this.db.uploads.toArray()).subscribe({
      next: () => listener(),
      error: () => undefined,
    });
    return () => subscription.unsubscribe();
  }
}

export async function uploadTotals(db: PoskoDb): Promise<UploadTotals> {
  const rows = await db.uploads.toArray();
  const open = rows.filter((row) => row.state !== 'refused');
  return {
    waiting: open.length,
    bytesLeft: open.reduce((sum, row) => sum + Math.max(0, row.size - row.sent), 0),
    refused: rows.length - open.length,
  };
}

/** The operator asks to try a failed or refused file again now. */
export async function retryUpload(db: PoskoDb, documentId: string, now: string): Promise<void> {
  await db.uploads
    .where('documentId')
    .equals(documentId)
    .modify((row) => {
      row.state = 'waiting';
      row.error = null;
      row.updatedAt = now;
    });
}

/** What the checklist shows per item, from this device's tables. */
export interface CaseFileStates {
  uploads: Map<string, UploadRow>;
  /** Local copies (metadata only, no bytes) by document. */
  local: Map<string, { sha256: string }>;
  pinned: boolean;
}

export async function caseFileStates(db: PoskoDb, caseId: string): Promise<CaseFileStates> {
  // Keys only (index cursors): a file row carries its ciphertext, and this runs on every change
  // of the case's files while a case downloads (reading whole rows made that quadratic).
  const [uploads, ids, pin] = await Promise.all([
    db.uploads.where('caseId').equals(caseId).toArray(),
    db.documentFiles.where('caseId').equals(caseId).primaryKeys(),
    db.filePins.get(caseId),
  ]);
  const wanted = new Set(ids);
  const local = new Map<string, { sha256: string }>();
  await db.documentFiles.orderBy('sha256').eachKey((sha256, cursor) => {
    const documentId = String(cursor.primaryKey);
    if (wanted.has(documentId)) local.set(documentId, { sha256: String(sha256) });
  });
  return { uploads: new Map(uploads.map((row) => [row.documentId, row])), local, pinned: pin !== undefined };
}
