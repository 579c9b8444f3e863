// Document files (issue 16): one per server. Builds the blob store and the
// upload staging for the database in use, the tus server over them, and the
// rules of who may upload what.
import { Server as TusServer, type Upload } from '@tus/server';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { UUID_PATTERN } from '../../shared/domain/record';
import type { AuthUser } from '../context';
import type { Storage } from '../storage/storage';
import { getRecord } from '../sync/records';
import { FolderBlobStore, PostgresBlobStore, type BlobStore } from './blob-store';
import { DEFAULT_FILES_CONFIG, type FilesConfig } from './config';
import { FileRefusal, checkLimits, finalizeUpload, officeUsage, type FinalizeDeps } from './finalize';
import { loadFilesKey } from './key';
import { FolderUploadBytes, PostgresUploadBytes, type UploadBytes } from './staging';
import { PoskoTusStore, tusError } from './tus-store';

export const FILES_PATH = '/v1/files';

export interface FilesOptions {
  dataDir?: string;
  config?: Partial<FilesConfig>;
  keyHex?: string;
  keyFile?: string;
}

/** A file name fit for storage and a Content-Disposition: no path, no control or reserved characters. */
export function sanitizeFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    // Control characters (C0, DEL, C1) and the characters Windows forbids in names.
    .replace(/[\p{Cc}"*:<>?|]/gu, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 200);
  return clean || 'file';
}

const SHA = /^[0-9a-f]{64}$/;

export class FilesService {
  readonly config: FilesConfig;
  readonly key: Buffer;
  readonly blobs: BlobStore;
  readonly bytes: UploadBytes;
  readonly store: PoskoTusStore;
  readonly tus: TusServer;
  /** The signed-in user of each tus request (the hooks get the web Request). */
  readonly users = new WeakMap<Request, AuthUser>();
  /** Finish results by request, for the answer's headers. */
  readonly finished = new WeakMap<Request, { quotaWarning: boolean; sha256: string; version: number }>();

  constructor(
    readonly storage: Storage,
    opts: FilesOptions,
  ) {
    this.config = { ...DEFAULT_FILES_CONFIG, ...opts.config };
    const root = path.resolve(opts.dataDir ?? './data', 'files');
    this.key = loadFilesKey({ keyHex: opts.keyHex, keyFile: opts.keyFile, dataDir: opts.dataDir });
    if (storage.kind === 'postgres') {
      this.blobs = new PostgresBlobStore(storage.sql);
      this.bytes = new PostgresUploadBytes(storage.sql);
    } else {
      this.blobs = new FolderBlobStore(root);
      this.bytes = new FolderUploadBytes(root);
    }
    this.store = new PoskoTusStore(storage.sql, this.bytes);
    this.tus = new TusServer({
      path: FILES_PATH,
      datastore: this.store,
      relativeLocation: true,
      disableTerminationForFinishedUploads: true,
      namingFunction: () => uuidv7(),
      onUploadCreate: (req, upload) => this.onCreate(req as unknown as Request, upload),
      onUploadFinish: (req, upload) => this.onFinish(req as unknown as Request, upload),
    });
  }

  get deps(): FinalizeDeps {
    return {
      storage: this.storage,
      blobs: this.blobs,
      bytes: this.bytes,
      key: this.key,
      config: this.config,
    };
  }

  private userOf(req: Request): AuthUser {
    const user = this.users.get(req);
    if (!user) throw tusError(401, 'unauthenticated', 'missing or malformed bearer token');
    return user;
  }

  private async onCreate(req: Request, upload: Upload) {
    const user = this.userOf(req);
    const meta = upload.metadata ?? {};
    const documentId = meta.documentId ?? '';
    const sha256 = (meta.sha256 ?? '').toLowerCase();
    if (!UUID_PATTERN.test(documentId))
      throw tusError(400, 'invalid_metadata', 'Upload-Metadata documentId: expected the document id');
    if (!SHA.test(sha256))
      throw tusError(400, 'invalid_metadata', 'Upload-Metadata sha256: expected 64 hex digits');
    if (!meta.filename) throw tusError(400, 'invalid_metadata', 'Upload-Metadata filename: required');
    if (!meta.mimeType || meta.mimeType.length > 200)
      throw tusError(400, 'invalid_metadata', 'Upload-Metadata mimeType: required');
    const size = upload.size;
    if (size === undefined) throw tusError(400, 'invalid_length', 'Upload-Length is required');
    // A document of another office, deleted or missing: the same answer (it must not tell which).
    const doc = await getRecord(this.storage.sql, 'documents', documentId);
    if (!doc || doc.data.deleted || doc.data.officeId !== user.officeId)
      throw tusError(404, 'not_found', `documents/${documentId} does not exist on the server`);
    const caseId = String(doc.row.case_id);
    let quotaWarning = false;
    try {
      ({ quotaWarning } = await checkLimits(this.storage.sql, this.config, {
        case_id: caseId,
        office_id: doc.data.officeId,
        sha256,
        size,
      }));
    } catch (err) {
      if (err instanceof FileRefusal) throw tusError(err.status, err.code, err.message, err.details);
      throw err;
    }
    if (quotaWarning) this.finished.set(req, { quotaWarning, sha256, version: 0 });
    this.store.plans.set(upload.id, {
      documentId,
      caseId,
      officeId: doc.data.officeId,
      userId: user.id,
      deviceId: user.deviceId,
      sha256,
      filename: sanitizeFileName(meta.filename),
      mimeClaimed: meta.mimeType,
    });
    return {};
  }

  private async onFinish(req: Request, upload: Upload) {
    const user = this.userOf(req);
    try {
      const result = await finalizeUpload(this.deps, upload.id, user);
      this.finished.set(req, {
        quotaWarning: result.quotaWarning,
        sha256: result.stored.sha256,
        version: result.stored.version,
      });
      return {};
    } catch (err) {
      if (err instanceof FileRefusal) throw tusError(err.status, err.code, err.message, err.details);
      throw err;
    }
  }

  /** Bytes used by the office and its quota (for answers and docs). */
  usage(officeId: string) {
    return officeUsage(this.storage.sql, officeId).then(({ used }) => ({
      used,
      quota: this.config.officeQuotaBytes,
    }));
  }
}
