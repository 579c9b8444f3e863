// The @tus/server DataStore of Posko: upload state lives in file_uploads (both
// databases), the bytes in UploadBytes (staging.ts). The offset a HEAD reports
// is the durably staged one, except that the PATCH reaching the full length
// does not record it: the upload counts as complete only once finalize.ts has
// verified and stored the file (state 'stored'). A crash in between makes the
// client re-send that last chunk, and no more.
import { DataStore, ERRORS, Upload } from '@tus/server';
import type { Readable } from 'node:stream';
import type { Sql } from '../storage/types';
import type { UploadBytes } from './staging';

export interface FileUploadRow {
  id: string;
  document_id: string;
  case_id: string;
  office_id: string;
  user_id: string;
  device_id: string;
  size: number;
  offset_bytes: number;
  sha256: string;
  filename: string;
  mime_claimed: string;
  metadata: string;
  state: 'open' | 'stored' | 'refused';
  result: string | null;
  created_at: string;
  finished_at: string | null;
}

/** What the creation hook decided about an upload, handed to create() by its id. */
export interface UploadPlan {
  documentId: string;
  caseId: string;
  officeId: string;
  userId: string;
  deviceId: string;
  sha256: string;
  filename: string;
  mimeClaimed: string;
}

/** A refusal in the shape @tus/server answers with (its `body` is our documented error JSON). */
export function tusError(status: number, code: string, message: string, details?: unknown) {
  return { status_code: status, body: JSON.stringify({ error: { code, message, details } }) };
}

export async function loadUpload(sql: Sql, id: string): Promise<FileUploadRow | undefined> {
  const row = await sql.get<FileUploadRow>('SELECT * FROM file_uploads WHERE id = ?', [id]);
  return row ? { ...row, size: Number(row.size), offset_bytes: Number(row.offset_bytes) } : undefined;
}

export class PoskoTusStore extends DataStore {
  readonly plans = new Map<string, UploadPlan>();

  constructor(
    private readonly sql: Sql,
    private readonly bytes: UploadBytes,
  ) {
    super();
    this.extensions = ['creation', 'creation-with-upload', 'termination'];
  }

  override async create(upload: Upload): Promise<Upload> {
    const plan = this.plans.get(upload.id);
    this.plans.delete(upload.id);
    if (!plan || upload.size === undefined) throw ERRORS.UNKNOWN_ERROR;
    await this.sql.run(
      `INSERT INTO file_uploads (id, document_id, case_id, office_id, user_id, device_id, size, offset_bytes,
         sha256, filename, mime_claimed, metadata, state, result, created_at, finished_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 'open', NULL, ?, NULL)`,
      [
        upload.id,
        plan.documentId,
        plan.caseId,
        plan.officeId,
        plan.userId,
        plan.deviceId,
        upload.size,
        plan.sha256,
        plan.filename,
        plan.mimeClaimed,
        JSON.stringify(upload.metadata ?? {}),
        upload.creation_date ?? new Date().toISOString(),
      ],
    );
    return upload;
  }

  override async getUpload(id: string): Promise<Upload> {
    const row = await loadUpload(this.sql, id);
    if (!row) throw ERRORS.FILE_NOT_FOUND;
    if (row.state === 'refused') {
      const refusal = row.result ? (JSON.parse(row.result) as { code: string; message: string }) : undefined;
      throw tusError(410, refusal?.code ?? 'upload_refused', refusal?.message ?? 'this upload was refused');
    }
    return new Upload({
      id,
      size: row.size,
      offset: row.state === 'stored' ? row.size : row.offset_bytes,
      metadata: JSON.parse(row.metadata) as Record<string, string | null>,
      creation_date: row.created_at,
    });
  }

  override async write(source: Readable, id: string, offset: number): Promise<number> {
    const row = await loadUpload(this.sql, id);
    if (!row) throw ERRORS.FILE_NOT_FOUND;
    if (row.state !== 'open' || row.offset_bytes !== offset) throw ERRORS.INVALID_OFFSET;
    const end = await this.bytes.append(id, offset, source);
    // The full length is recorded by finalize.ts, with the stored file (see the header comment).
    if (end < row.size) {
      const { changes } = await this.sql.run(
        "UPDATE file_uploads SET offset_bytes = ? WHERE id = ? AND offset_bytes = ? AND state = 'open'",
        [end, id, offset],
      );
      // Another node wrote this upload meanwhile: this PATCH's bytes are not the ones recorded.
      if (!changes) throw ERRORS.INVALID_OFFSET;
    }
    return end;
  }

  override async remove(id: string): Promise<void> {
    const row = await loadUpload(this.sql, id);
    if (!row) throw ERRORS.FILE_NOT_FOUND;
    // A stored file is never deleted; terminating its finished upload is refused.
    if (row.state === 'stored')
      throw tusError(409, 'file_stored', 'this upload is stored; it cannot be deleted');
    await this.sql.run("DELETE FROM file_uploads WHERE id = ? AND state <> 'stored'", [id]);
    await this.bytes.remove(id);
  }
}
