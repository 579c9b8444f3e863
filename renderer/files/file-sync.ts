// Document files between this console and the server (issue 16): the uploader (queued files go
// up by tus), downloads on demand with progress into the encrypted local cache, "available
// offline" prefetch, and the cache bound (LRU eviction of files the server has, never of a
// pinned case nor of a file only this device holds). Built by renderer/sync/runtime.ts beside the
// sync engine; screens reach it through the sync context (useSync().files).
import { z } from 'zod';
import { StoredFile, type DocumentRecord } from '../../shared/domain/events';
import type { PoskoDb } from '../db/database';
import { evictCachedFiles, openDocumentFile, storeDownloadedFile } from '../db/document-files';
import type { FileCipher } from '../db/file-crypto';
import type { OpenedDocumentFile } from '../db/repository-types';
import { DexieUploadStore } from '../db/upload-queue';
import type { OnlineSource } from '../sync/engine';
import type { FetchLike } from '../sync/transport';
import { DownloadError, downloadFile } from './downloader';
import { FileUploader } from './uploader';

/** GET /v1/documents/<id>/files: every stored version, oldest first (docs/sync-protocol.md, "Files"). */
const VersionsResponse = z.object({
  documentId: z.string(),
  versions: z.array(StoredFile.extend({ uploadId: z.string() })),
});
export type FileVersion = StoredFile;

export const DEFAULT_CACHE_LIMIT_BYTES = 1024 * 1024 * 1024;

export interface DownloadState {
  received: number;
  total: number | null;
  error?: { code: string; message: string };
}

export interface DocumentFileSyncOptions {
  db: PoskoDb;
  cipher: () => FileCipher;
  baseUrl: () => string;
  getToken: () => string | null;
  fetch?: FetchLike;
  online?: OnlineSource;
  /** Bytes of local files kept at most (files only on this device and pinned cases do not count down). */
  cacheLimitBytes?: () => number;
  chunkSize?: number;
  onStored?: (documentId: string) => void;
  onUnauthorized?: () => void;
}

/** The sha256 of the file an item names now: the device's attachment, else the server's. */
export function currentSha(doc: DocumentRecord): string | null {
  return doc.fileSha256 ?? doc.storedFile?.sha256 ?? null;
}

export class DocumentFileSync {
  readonly uploader: FileUploader;
  private readonly fetchImpl: FetchLike;
  private readonly downloads = new Map<string, DownloadState>();
  private readonly inFlight = new Map<string, Promise<OpenedDocumentFile>>();
  private readonly listeners = new Set<() => void>();
  private snapshot: ReadonlyMap<string, DownloadState> = new Map();
  private prefetching = 0;

  constructor(private readonly options: DocumentFileSyncOptions) {
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.uploader = new FileUploader({
      store: new DexieUploadStore(options.db, options.cipher),
      baseUrl: options.baseUrl,
      getToken: options.getToken,
      fetch: this.fetchImpl,
      online: options.online,
      chunkSize: options.chunkSize,
      onStored: options.onStored,
      onUnauthorized: options.onUnauthorized,
    });
  }

  start(): void {
    this.uploader.start();
  }

  stop(): void {
    this.uploader.stop();
  }

  /** Download progress by document (React: useSyncExternalStore(subscribe, downloadStates)). */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  readonly downloadStates = (): ReadonlyMap<string, DownloadState> => this.snapshot;

  private setDownload(documentId: string, state: DownloadState | null): void {
    if (state) this.downloads.set(documentId, state);
    else this.downloads.delete(documentId);
    this.snapshot = new Map(this.downloads);
    for (const listener of this.listeners) listener();
  }

  /**
   * The item's file: the local copy if it is the one the item names, else downloaded from the
   * server (progress in downloadStates), checked against its sha256 and kept encrypted.
   */
  open(doc: DocumentRecord): Promise<OpenedDocumentFile> {
    const running = this.inFlight.get(doc.id);
    if (running) return running;
    const task = this.fetchFile(doc).finally(() => this.inFlight.delete(doc.id));
    this.inFlight.set(doc.id, task);
    return task;
  }

  private async fetchFile(doc: DocumentRecord): Promise<OpenedDocumentFile> {
    const { db, cipher } = this.options;
    const wanted = currentSha(doc);
    const local = await openDocumentFile(db, cipher, doc.id);
    if (local && (wanted === null || local.sha256 === wanted)) return local;
    const stored = doc.storedFile;
    if (!stored || stored.sha256 !== wanted)
      throw new DownloadError('not_on_server', 'This file is on another device and not on the server yet');
    this.setDownload(doc.id, { received: 0, total: stored.size });
    let lastShown = 0;
    try {
      const file = await downloadFile({
        fetch: this.fetchImpl,
        baseUrl: this.options.baseUrl(),
        token: this.options.getToken(),
        documentId: doc.id,
        expectedSha256: stored.sha256,
        onProgress: (received, total) => {
          // A re-render per network chunk costs more than the chunk: at most ~10 updates a second.
          const now = Date.now();
          if (received < (total ?? stored.size) && now - lastShown < 100) return;
          lastShown = now;
          this.setDownload(doc.id, { received, total: total ?? stored.size });
        },
      });
      const now = new Date().toISOString();
      await storeDownloadedFile(
        db,
        cipher,
        { documentId: doc.id, caseId: doc.caseId, name: stored.name, ...file },
        now,
      );
      // Eviction reads every cached row (values included): once per prefetch, not once per file.
      if (this.prefetching === 0) await this.evict();
      this.setDownload(doc.id, null);
      return {
        documentId: doc.id,
        caseId: doc.caseId,
        name: stored.name,
        mimeType: file.mimeType,
        size: file.bytes.length,
        sha256: file.sha256,
        storedAt: now,
        bytes: file.bytes,
      };
    } catch (error) {
      const code = error instanceof DownloadError ? error.code : 'download_failed';
      const message = error instanceof Error ? error.message : String(error);
      this.setDownload(doc.id, { received: 0, total: stored.size, error: { code, message } });
      throw error;
    }
  }

  /** The stored versions of a document's file, oldest first (a replacement keeps the earlier ones). */
  async versions(documentId: string): Promise<FileVersion[]> {
    const token = this.options.getToken();
    const url = `${this.options.baseUrl().replace(/\/+$/, '')}/v1/documents/${encodeURIComponent(documentId)}/files`;
    const response = await this.fetchImpl(url, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
    if (!response.ok)
      throw new DownloadError(`http_${response.status}`, response.statusText, response.status);
    const parsed = VersionsResponse.safeParse(await response.json());
    if (!parsed.success)
      throw new DownloadError('invalid_response', 'The server sent an unreadable version list');
    return parsed.data.versions;
  }

  /**
   * Ahead of a field trip: every file of the case that the server has and this device does not,
   * one after another. Returns how many could not be fetched (they show their error).
   */
  async prefetch(docs: readonly DocumentRecord[]): Promise<number> {
    let failed = 0;
    this.prefetching += 1;
    try {
      for (const doc of docs) {
        if (!doc.storedFile) continue;
        const local = await this.options.db.documentFiles.get(doc.id);
        if (local && local.sha256 === currentSha(doc)) continue;
        try {
          await this.open(doc);
        } catch {
          failed += 1;
        }
      }
    } finally {
      this.prefetching -= 1;
    }
    if (this.prefetching === 0) await this.evict();
    return failed;
  }

  /** Applies the cache bound now. */
  evict(): Promise<string[]> {
    return evictCachedFiles(this.options.db, this.options.cacheLimitBytes?.() ?? DEFAULT_CACHE_LIMIT_BYTES);
  }
}
