// Completing an upload: check what was received (size, SHA-256, real type),
// store the blob once per SHA-256, sealed, and record on the document through
// the server-change path (server/sync/server-change.ts) that its file is
// stored, with a new version row. Every refusal stores nothing and is audited.
// Run again for an upload already stored (a retry after a lost answer), it
// changes nothing and answers the same.
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { StoredFile } from '../../shared/domain/events';
import type { AuthUser } from '../context';
import { ApiError } from '../errors';
import type { Storage, WriteTx } from '../storage/storage';
import type { Sql } from '../storage/types';
import { applyServerChange } from '../sync/server-change';
import { parseStoredRecord, type RecordData } from '../sync/records';
import type { BlobStore } from './blob-store';
import type { FilesConfig } from './config';
import { sealSegment, segmentCount, segments } from './crypto';
import { KIND_MIME, MAGIC_BYTES, detectKind, type FileKind } from './magic';
import type { UploadBytes } from './staging';
import { loadUpload, tusError, type FileUploadRow } from './tus-store';

export interface FinalizeDeps {
  storage: Storage;
  blobs: BlobStore;
  bytes: UploadBytes;
  key: Buffer;
  config: FilesConfig;
}

export type FinalizeResult = { stored: StoredFile; changed: boolean; quotaWarning: boolean };

/** A refusal of the file itself or of a limit (audited as file.refused): an ApiError of its own kind. */
export class FileRefusal extends ApiError {}

interface Checked {
  size: number;
  sha256: string;
  kind: FileKind | undefined;
}

/** Reads the staged bytes once: their size, SHA-256 and first bytes. */
async function inspect(source: AsyncIterable<Buffer>): Promise<Checked> {
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  for await (const chunk of source) {
    if (head.length < MAGIC_BYTES) head = Buffer.concat([head, chunk.subarray(0, MAGIC_BYTES - head.length)]);
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, sha256: hash.digest('hex'), kind: detectKind(head) };
}

/** The file's checks against what the client declared and the allowlist; the refusal, if any. */
function refusalOf(row: FileUploadRow, seen: Checked, config: FilesConfig): FileRefusal | undefined {
  if (seen.size !== row.size)
    return new FileRefusal(422, 'file_size_mismatch', `received ${seen.size} bytes, declared ${row.size}`, {
      received: seen.size,
      declared: row.size,
    });
  if (seen.sha256 !== row.sha256)
    return new FileRefusal(
      422,
      'file_hash_mismatch',
      'the SHA-256 of the received bytes is not the declared one',
      {
        received: seen.sha256,
        declared: row.sha256,
      },
    );
  if (!seen.kind || !config.allowedKinds.includes(seen.kind))
    return new FileRefusal(
      415,
      'file_type_not_allowed',
      `the file is ${seen.kind ? `a ${seen.kind}` : 'of no accepted type'}; accepted: ${config.allowedKinds.join(', ')}`,
      { detected: seen.kind ?? null, allowed: config.allowedKinds },
    );
  return undefined;
}

/**
 * Seals the staged bytes segment by segment while it checks them (one read, not a check pass and a
 * store pass): the type from the first segment, size and SHA-256 at the end. A refusal throws from
 * inside the stream, so the blob store discards what it wrote (BlobStore.put is all or nothing) and
 * nothing is stored. `out.kind` is the detected type once the first segment is read.
 */
async function* checkedSeal(deps: FinalizeDeps, row: FileUploadRow, out: { kind?: FileKind }) {
  const hash = createHash('sha256');
  const count = segmentCount(row.size);
  let index = 0;
  let size = 0;
  for await (const plain of segments(deps.bytes.read(row.id))) {
    // (A first piece shorter than the magic bytes is a short file: the size check at the end says so.)
    if (index === 0 && plain.length >= Math.min(MAGIC_BYTES, row.size)) {
      out.kind = detectKind(plain.subarray(0, MAGIC_BYTES));
      const early = refusalOf(row, { size: row.size, sha256: row.sha256, kind: out.kind }, deps.config);
      if (early) throw early;
    }
    hash.update(plain);
    size += plain.length;
    if (size > row.size) break;
    yield sealSegment(deps.key, row.sha256, index, index === count - 1, plain);
    index += 1;
  }
  const refusal = refusalOf(row, { size, sha256: hash.digest('hex'), kind: out.kind }, deps.config);
  if (refusal) throw refusal;
}

/** Bytes of distinct files stored by the office, and whether it already holds `sha256`. */
export async function officeUsage(sql: Sql, officeId: string, sha256?: string) {
  const used = await sql.get<{ total: number | null }>(
    `SELECT SUM(size) AS total FROM (SELECT DISTINCT sha256, size FROM document_files WHERE office_id = ?) f`,
    [officeId],
  );
  const holds = sha256
    ? await sql.get('SELECT 1 AS one FROM document_files WHERE office_id = ? AND sha256 = ? LIMIT 1', [
        officeId,
        sha256,
      ])
    : undefined;
  return { used: Number(used?.total ?? 0), holds: Boolean(holds) };
}

/** The per-case and per-office limits for one more file of `size` bytes (`sha256` already held: no new bytes). */
export async function checkLimits(
  sql: Sql,
  config: FilesConfig,
  row: { case_id: string; office_id: string; sha256: string; size: number },
): Promise<{ quotaWarning: boolean }> {
  if (row.size > config.maxFileBytes)
    throw new FileRefusal(413, 'file_too_large', `files are limited to ${config.maxFileBytes} bytes`, {
      max: config.maxFileBytes,
    });
  const count = await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM document_files WHERE case_id = ?', [
    row.case_id,
  ]);
  if (Number(count?.n ?? 0) >= config.maxFilesPerCase)
    throw new FileRefusal(409, 'case_file_limit', `a case holds at most ${config.maxFilesPerCase} files`, {
      max: config.maxFilesPerCase,
    });
  const { used, holds } = await officeUsage(sql, row.office_id, row.sha256);
  const after = holds ? used : used + row.size;
  if (after > config.officeQuotaBytes)
    throw new FileRefusal(409, 'office_quota_exceeded', 'the office has used its storage quota for files', {
      used,
      quota: config.officeQuotaBytes,
    });
  return { quotaWarning: after >= config.officeQuotaBytes * config.warnRatio };
}

/** Marks the upload refused, audits why, drops its bytes. */
export async function refuseUpload(deps: FinalizeDeps, row: FileUploadRow, actor: AuthUser, r: FileRefusal) {
  await deps.storage.write(async (tx) => {
    await tx.run(
      "UPDATE file_uploads SET state = 'refused', result = ?, finished_at = ? WHERE id = ? AND state = 'open'",
      [JSON.stringify({ code: r.code, message: r.message }), tx.now, row.id],
    );
    await tx.audit({
      action: 'file.refused',
      outcome: 'rejected',
      actorId: actor.id,
      deviceId: actor.deviceId,
      table: 'documents',
      recordId: row.document_id,
      mutationId: row.id,
      officeId: row.office_id,
      caseId: row.case_id,
      detail: `${r.code}: ${r.message}; declared sha256=${row.sha256} size=${row.size}`.slice(0, 1000),
    });
  });
  await deps.bytes.remove(row.id);
}

const sanitizedName = (row: FileUploadRow) => row.filename;

async function record(tx: WriteTx, row: FileUploadRow, actor: AuthUser, kind: FileKind, config: FilesConfig) {
  const again = await loadUpload(tx, row.id);
  if (again?.state === 'stored' && again.result)
    return { ...(JSON.parse(again.result) as FinalizeResult), changed: false };
  const doc = await tx.get<{ data: string; deleted: number }>(
    "SELECT data, deleted FROM records WHERE table_name = 'documents' AND id = ?",
    [row.document_id],
  );
  // Stored compact: read with its defaults restored, like every read of a record (records.ts).
  const data = doc
    ? (parseStoredRecord('documents', doc.data) as RecordData & { storedFile?: StoredFile | null })
    : undefined;
  if (!data || Number(doc!.deleted) || data.officeId !== actor.officeId)
    throw new FileRefusal(404, 'not_found', `documents/${row.document_id} does not exist on the server`);
  const current = data.storedFile ?? null;
  let stored: StoredFile;
  let changed = false;
  let quotaWarning = false;
  if (current && current.sha256 === row.sha256) {
    // The same bytes again (a second upload of one file): nothing new to record.
    stored = current;
  } else {
    ({ quotaWarning } = await checkLimits(tx, config, row));
    const last = await tx.get<{ v: number | null }>(
      'SELECT MAX(version) AS v FROM document_files WHERE document_id = ?',
      [row.document_id],
    );
    const version = Number(last?.v ?? 0) + 1;
    stored = {
      sha256: row.sha256,
      size: row.size,
      name: sanitizedName(row),
      type: KIND_MIME[kind],
      storedBy: actor.id,
      storedAt: tx.now,
      version,
    };
    await tx.run(
      `INSERT INTO document_files (id, document_id, case_id, office_id, version, sha256, size, name, kind,
         stored_by, stored_at, upload_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        uuidv7(),
        row.document_id,
        row.case_id,
        row.office_id,
        version,
        row.sha256,
        row.size,
        stored.name,
        kind,
        actor.id,
        tx.now,
        row.id,
      ],
    );
    await applyServerChange(tx, {
      table: 'documents',
      recordId: row.document_id,
      fields: { storedFile: stored },
      actor,
      action: 'file.stored',
      mutationId: row.id,
      detail: `version ${version}`,
    });
    changed = true;
  }
  const result: FinalizeResult = { stored, changed, quotaWarning };
  await tx.run(
    "UPDATE file_uploads SET state = 'stored', offset_bytes = size, result = ?, finished_at = ? WHERE id = ?",
    [JSON.stringify(result), tx.now, row.id],
  );
  return result;
}

/** Verifies, stores and records the upload `id` (its bytes all staged). Throws FileRefusal. */
export async function finalizeUpload(
  deps: FinalizeDeps,
  id: string,
  actor: AuthUser,
): Promise<FinalizeResult> {
  const row = await loadUpload(deps.storage.sql, id);
  if (!row) throw new FileRefusal(404, 'not_found', `upload ${id} does not exist`);
  if (row.state === 'stored' && row.result)
    return { ...(JSON.parse(row.result) as FinalizeResult), changed: false };
  if (row.state !== 'open') throw new FileRefusal(410, 'upload_refused', 'this upload was refused');
  try {
    await checkLimits(deps.storage.sql, deps.config, row);
  } catch (err) {
    if (err instanceof FileRefusal) await refuseUpload(deps, row, actor, err);
    throw err;
  }
  let kind: FileKind;
  const blob = await deps.storage.sql.get('SELECT 1 AS one FROM file_blobs WHERE sha256 = ?', [row.sha256]);
  if (blob) {
    // Stored already (another upload of the same bytes): these bytes are checked, not stored again.
    const seen = await inspect(deps.bytes.read(id));
    const refusal = refusalOf(row, seen, deps.config);
    if (refusal) {
      await refuseUpload(deps, row, actor, refusal);
      throw refusal;
    }
    kind = seen.kind!;
  } else {
    const out: { kind?: FileKind } = {};
    try {
      await deps.blobs.put(row.sha256, checkedSeal(deps, row, out));
    } catch (err) {
      if (err instanceof FileRefusal) await refuseUpload(deps, row, actor, err);
      throw err;
    }
    kind = out.kind!;
    await deps.storage.sql.run(
      `INSERT INTO file_blobs (sha256, size, kind, segments, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (sha256) DO NOTHING`,
      [row.sha256, row.size, kind, segmentCount(row.size), new Date().toISOString()],
    );
  }
  let result: FinalizeResult;
  try {
    result = await deps.storage.write((tx) => record(tx, row, actor, kind, deps.config));
  } catch (err) {
    if (err instanceof FileRefusal) await refuseUpload(deps, row, actor, err);
    throw err;
  }
  await deps.bytes.remove(id);
  return result;
}

export { tusError };
