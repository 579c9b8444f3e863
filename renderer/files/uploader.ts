// The document-file uploader (issue 16): sends each queued file to the server by tus 1.0.0
// (tus-js-client) once its document is on the server, resuming from the server's offset after a
// drop, an app restart or a server restart. Like the sync engine (./../sync/engine.ts) everything
// it touches is injected: storage port, fetch, token, online source, clock, timers, random. It
// runs beside the engine, never inside a sync cycle, so a long upload never holds records back.
import { Upload, type DetailedError } from 'tus-js-client';
import { ApiErrorBody } from '../../shared/sync/protocol';
import { uploadFingerprint } from '../db/upload-queue';
import type { UploadRow, UploadStore } from '../db/upload-types';
import { Backoff } from '../sync/backoff';
import type { OnlineSource } from '../sync/engine';
import { TimerSlot } from '../sync/scheduler';
import type { FetchLike } from '../sync/transport';
import { systemClock, systemTimers, type Clock, type Timers } from '../sync/types';
import { bytesFileReader, FetchHttpStack } from './fetch-http-stack';

export interface FileUploaderOptions {
  store: UploadStore;
  baseUrl: () => string;
  getToken: () => string | null;
  fetch?: FetchLike;
  online?: OnlineSource;
  clock?: Clock;
  timers?: Timers;
  random?: () => number;
  /** Bytes per PATCH: an interruption re-sends at most this much. */
  chunkSize?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How often to look again while files wait for their document to reach the server. */
  pollIntervalMs?: number;
  requestTimeoutMs?: number;
  /** A file was stored: pull, so the document's storedFile arrives. */
  onStored?: (documentId: string) => void;
  onUnauthorized?: () => void;
}

type Outcome =
  | { kind: 'stored' }
  | { kind: 'restart'; error: ApiErrorBody }
  | { kind: 'retry'; error: ApiErrorBody }
  | { kind: 'refused'; error: ApiErrorBody }
  | { kind: 'unauthorized'; error: ApiErrorBody };

/** Codes of a 409/423 that mean "ask for the offset again", not "this file is refused". */
const RETRYABLE_CODES = new Set(['upload_offset_mismatch', 'upload_locked', 'locked', 'offset_mismatch']);

export class FileUploader {
  private readonly backoff: Backoff;
  private readonly retry: TimerSlot;
  private readonly poll: TimerSlot;
  private readonly fetchImpl: FetchLike;
  private running: Promise<void> | null = null;
  private again = false;
  private started = false;
  /** Ends the upload under way (tus-js-client's abort resolves nothing, so this does). */
  private cancelActive: (() => void) | null = null;
  private activeDocumentId: string | null = null;
  private readonly cleanups: Array<() => void> = [];

  constructor(private readonly options: FileUploaderOptions) {
    const clock = options.clock ?? systemClock;
    const timers = options.timers ?? systemTimers;
    this.backoff = new Backoff({
      baseMs: options.retryBaseMs ?? 2000,
      maxMs: options.retryMaxMs ?? 120_000,
      random: options.random,
    });
    this.retry = new TimerSlot(timers, () => clock.now());
    this.poll = new TimerSlot(timers, () => clock.now());
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const { online, store } = this.options;
    if (online)
      this.cleanups.push(
        online.onOnlineChange((isOnline) => {
          if (isOnline) this.retryNow();
          else this.cancelActive?.();
        }),
      );
    if (store.watch) this.cleanups.push(store.watch(() => this.kick()));
    this.kick();
  }

  /** Stops sending; an upload under way is aborted and resumes from its offset on the next start. */
  stop(): void {
    this.started = false;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.retry.cancel();
    this.poll.cancel();
    this.cancelActive?.();
  }

  /**
   * Look at the queue now (a sync cycle ended, a file was attached). While a failure's backoff
   * wait is on, this does nothing: the queue's own writes (progress, errors) call it too, and must
   * not turn a retry with backoff into a tight loop against a server that is down.
   */
  kick(): void {
    if (!this.started || this.retry.due !== null) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      // Local storage failed (closing, quota): try again later rather than leave a rejection.
      .catch(() => {
        if (this.started) this.retry.schedule(this.backoff.next(), () => this.kick());
      })
      .finally(() => {
        this.running = null;
        if (this.again && this.started) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Try now, whatever the backoff says (the operator pressed retry, the host came online). */
  retryNow(): void {
    this.retry.cancel();
    this.backoff.reset();
    this.kick();
  }

  /** Resolves when the queue has been worked through once (tests, and "sync now"). */
  async runOnce(): Promise<void> {
    if (this.running) await this.running;
    await this.drain();
  }

  private async drain(): Promise<void> {
    this.again = false;
    if (this.options.online && !this.options.online.isOnline()) return;
    if (!this.options.baseUrl() || !this.options.getToken()) return;
    for (;;) {
      const rows = await this.options.store.ready();
      const row = rows[0];
      if (!row) break;
      const outcome = await this.sendRow(row);
      if (outcome.kind === 'stored') {
        this.backoff.reset();
        this.options.onStored?.(row.documentId);
        continue;
      }
      if (outcome.kind === 'restart') {
        // The server no longer has the upload (expired, gone): a new one starts at once.
        await this.options.store.restart(row.documentId, row.sha256, outcome.error);
        continue;
      }
      if (outcome.kind === 'refused') {
        await this.options.store.refused(row.documentId, row.sha256, outcome.error);
        continue;
      }
      await this.options.store.retryLater(row.documentId, row.sha256, outcome.error);
      if (outcome.kind === 'unauthorized') this.options.onUnauthorized?.();
      // The server or the network failed: wait, then try the whole queue again.
      else if (this.started) this.retry.schedule(this.backoff.next(), () => this.kick());
      return;
    }
    const { waiting } = await this.options.store.totals();
    // Files whose document has not reached the server yet: look again later.
    if (waiting > 0 && this.started)
      this.poll.schedule(this.options.pollIntervalMs ?? 15_000, () => this.kick());
  }

  private async sendRow(row: UploadRow): Promise<Outcome> {
    const { store } = this.options;
    const bytes = await store.bytes(row);
    if (!bytes)
      return {
        kind: 'refused',
        error: { code: 'local_file_missing', message: 'The file is no longer on this device' },
      };
    await store.started(row.documentId, row.sha256);
    this.activeDocumentId = row.documentId;
    try {
      return await this.tus(row, bytes);
    } finally {
      this.cancelActive = null;
      this.activeDocumentId = null;
    }
  }

  private tus(row: UploadRow, bytes: Uint8Array): Promise<Outcome> {
    const { store } = this.options;
    return new Promise<Outcome>((resolve) => {
      let settled = false;
      const settle = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        resolve(outcome);
      };
      const upload = new Upload(bytes as unknown as Blob, {
        endpoint: `${this.options.baseUrl().replace(/\/+$/, '')}/v1/files`,
        uploadSize: bytes.length,
        metadata: {
          documentId: row.documentId,
          sha256: row.sha256,
          filename: row.name,
          mimeType: row.mimeType,
        },
        fingerprint: async () => uploadFingerprint(row),
        urlStorage: store.urlStorage,
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        // Retries are ours (injected timers, backoff with jitter), not tus-js-client's own timers.
        retryDelays: null,
        chunkSize: this.options.chunkSize ?? 1024 * 1024,
        httpStack: new FetchHttpStack(this.fetchImpl, this.options.requestTimeoutMs),
        fileReader: bytesFileReader,
        onBeforeRequest: (req) => {
          const token = this.options.getToken();
          if (token) req.setHeader('Authorization', `Bearer ${token}`);
        },
        // Progress is for the screen: a failed write of it must not become an unhandled rejection.
        onUploadUrlAvailable: () =>
          void store.progress(row.documentId, row.sha256, 0, upload.url).catch(() => undefined),
        onChunkComplete: (_chunk, accepted) =>
          void store.progress(row.documentId, row.sha256, accepted, upload.url).catch(() => undefined),
        onSuccess: () =>
          void store.stored(row.documentId, row.sha256).then(
            () => settle({ kind: 'stored' }),
            (error: unknown) => settle(networkError(String(error))),
          ),
        onError: (error) => settle(classify(error)),
      });
      this.cancelActive = () => {
        void upload.abort();
        settle(networkError('aborted'));
      };
      void upload
        .findPreviousUploads()
        .then((previous) => {
          const stored = previous[0];
          if (stored) upload.resumeFromPreviousUpload(stored);
          else if (row.uploadUrl)
            // The URL storage lost it (or a HEAD 4xx removed it): the queue row still knows.
            upload.resumeFromPreviousUpload({
              size: row.size,
              metadata: {},
              creationTime: row.queuedAt,
              urlStorageKey: '',
              uploadUrl: row.uploadUrl,
              parallelUploadUrls: null,
            });
          if (!settled) upload.start();
        })
        .catch((error: unknown) => settle(networkError(String(error))));
    });
  }

  /** The upload of `documentId` under way, if any (so a replace or discard can stop it). */
  abort(documentId: string): void {
    if (this.activeDocumentId === documentId) this.cancelActive?.();
  }
}

function networkError(message: string): Outcome {
  return { kind: 'retry', error: { code: 'network', message } };
}

/** What a tus error means for the file: try again later, or refused until the operator acts. */
export function classify(error: Error | DetailedError): Outcome {
  const response = 'originalResponse' in error ? error.originalResponse : null;
  if (!response) return networkError(error.message);
  const status = response.getStatus();
  let body: ApiErrorBody | undefined;
  try {
    const parsed = ApiErrorBody.safeParse((JSON.parse(response.getBody()) as { error?: unknown }).error);
    if (parsed.success) body = parsed.data;
  } catch {
    body = undefined;
  }
  const error_: ApiErrorBody = body ?? { code: `http_${status}`, message: error.message.slice(0, 300) };
  if (status === 401) return { kind: 'unauthorized', error: error_ };
  // An upload the server dropped (expiry, a cleanup): not a refusal of the file.
  const method = 'originalRequest' in error ? error.originalRequest?.getMethod() : undefined;
  if ((status === 404 || status === 410) && (method === 'PATCH' || method === 'HEAD'))
    return { kind: 'restart', error: error_ };
  if (status >= 500 || status === 408 || status === 429 || status === 423)
    return { kind: 'retry', error: error_ };
  if (status === 409 && (!body || RETRYABLE_CODES.has(body.code))) return { kind: 'retry', error: error_ };
  if (status >= 400) return { kind: 'refused', error: error_ };
  return { kind: 'retry', error: error_ };
}
