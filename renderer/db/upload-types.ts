// Local rows of document-file sync (issue 16): the upload queue, tus upload URLs kept across
// restarts, and cases pinned for offline use. Declared here (not in database.ts) so the storage
// layer, the uploader (renderer/files/) and the UI share one shape; database.ts adds the tables.
import type { ApiErrorBody } from '../../shared/sync/protocol';

/**
 * waiting: queued or between attempts (a retryable failure leaves `error` set and the row waiting);
 * uploading: a tus upload of it is running; refused: the server said no for this file (type, size,
 * hash, quota, rights) and nothing retries it: it stays on the device until the operator replaces
 * or discards it.
 */
export type UploadState = 'waiting' | 'uploading' | 'refused';

/** One file to send, keyed by its document: a replacement overwrites the row (new sha256). */
export interface UploadRow {
  documentId: string;
  caseId: string;
  sha256: string;
  size: number;
  name: string;
  mimeType: string;
  state: UploadState;
  /** Bytes the server acknowledged (tus Upload-Offset), for the progress shown. */
  sent: number;
  /** The tus upload URL once created: a fallback if the tus URL storage lost it. */
  uploadUrl: string | null;
  error: ApiErrorBody | null;
  attempts: number;
  queuedAt: string;
  updatedAt: string;
}

/** tus-js-client's PreviousUpload as kept in IndexedDB (its urlStorage, backed by Dexie). */
export interface UploadUrlRow {
  key: string;
  fingerprint: string;
  size: number | null;
  metadata: Record<string, string>;
  creationTime: string;
  uploadUrl: string | null;
  parallelUploadUrls: string[] | null;
}

/** A case whose files this device keeps ("available offline"): never evicted from the cache. */
export interface FilePinRow {
  caseId: string;
  pinnedAt: string;
}

/** What the uploader needs to send one file. */
export interface ReadyUpload {
  row: UploadRow;
  bytes: Uint8Array;
}

/** Totals for the sync status bar. */
export interface UploadTotals {
  waiting: number;
  bytesLeft: number;
  refused: number;
}

/**
 * The uploader's port onto local storage (renderer/db/upload-queue.ts implements it over Dexie),
 * as SyncStore is the engine's. Every update names the sha256 it is about: a file replaced
 * meanwhile makes an update of the old one a no-op.
 */
export interface UploadStore {
  /** Rows to send now, oldest first: waiting, and their document already on the server (rev > 0). */
  ready(): Promise<UploadRow[]>;
  /** The decrypted bytes, or undefined if the local file is gone or unreadable. */
  bytes(row: UploadRow): Promise<Uint8Array | undefined>;
  started(documentId: string, sha256: string): Promise<void>;
  progress(documentId: string, sha256: string, sent: number, uploadUrl: string | null): Promise<void>;
  stored(documentId: string, sha256: string): Promise<void>;
  retryLater(documentId: string, sha256: string, error: ApiErrorBody): Promise<void>;
  refused(documentId: string, sha256: string, error: ApiErrorBody): Promise<void>;
  /** The server lost the upload: forget its URL so the next attempt creates a new one. */
  restart(documentId: string, sha256: string, error: ApiErrorBody): Promise<void>;
  totals(): Promise<UploadTotals>;
  /** Calls back whenever the queue changes (a file attached, replaced, retried). */
  watch?(listener: () => void): () => void;
  urlStorage: TusUrlStorage;
}

/** tus-js-client's UrlStorage interface, restated so renderer/db/ does not import the library. */
export interface TusUrlStorage {
  findAllUploads(): Promise<StoredTusUpload[]>;
  findUploadsByFingerprint(fingerprint: string): Promise<StoredTusUpload[]>;
  removeUpload(urlStorageKey: string): Promise<void>;
  addUpload(fingerprint: string, upload: Omit<StoredTusUpload, 'urlStorageKey'>): Promise<string>;
}

export interface StoredTusUpload {
  size: number | null;
  metadata: Record<string, string>;
  creationTime: string;
  urlStorageKey: string;
  uploadUrl: string | null;
  parallelUploadUrls: string[] | null;
}
