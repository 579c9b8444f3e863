// Issue 16, server side: tus upload, verification on completion, storage and
// the document's storedFile, download with Range, versions. SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, TestServer } from './helpers';
import { DB_KINDS, withServer } from './helpers';
import {
  caseWithDocument,
  createUpload,
  download,
  head,
  patch,
  sampleFile,
  sha256,
  uploadFile,
} from './files-kit';

describe.each(DB_KINDS)('document files on %s', (kind) => {
  let srv: TestServer;
  let alice: Session;

  beforeAll(async () => {
    srv = await withServer(kind);
    const office = await srv.createOffice('JKT');
    alice = (await srv.createUser({ role: 'operator', officeId: office.id })).session;
  });
  afterAll(() => srv?.close());

  const storedFileOf = async (documentId: string) => {
    const page = await srv.pull(alice, 0);
    const doc = page.changes.find((r) => r.table === 'documents' && r.record.id === documentId);
    return (doc?.record as { storedFile?: Record<string, unknown> | null } | undefined)?.storedFile ?? null;
  };

  it('uploads in chunks, resumes from HEAD, records storedFile and serves the same bytes', async () => {
    const { documentId } = await caseWithDocument(srv, alice);
    const file = sampleFile('pdf', 3 * 1024 * 1024 + 123);
    const created = await createUpload(srv.url, alice, {
      documentId,
      length: file.length,
      sha256: sha256(file),
      filename: '../Paspor Siti.pdf',
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/^\/v1\/files\/[0-9a-f-]{36}$/);
    expect((await patch(srv.url, alice, location, 0, file.subarray(0, 1024 * 1024))).status).toBe(204);
    const offset = await head(srv.url, alice, location);
    expect(offset.headers.get('upload-offset')).toBe(String(1024 * 1024));
    // A PATCH at the wrong offset is refused in the documented shape.
    const wrong = await patch(srv.url, alice, location, 5, file.subarray(5, 10));
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.code).toBe('upload_offset_mismatch');
    const last = await patch(srv.url, alice, location, 1024 * 1024, file.subarray(1024 * 1024));
    expect(last.status).toBe(204);
    expect(last.headers.get('upload-offset')).toBe(String(file.length));
    expect(last.headers.get('posko-file-version')).toBe('1');
    expect((await head(srv.url, alice, location)).headers.get('upload-offset')).toBe(String(file.length));

    const stored = await storedFileOf(documentId);
    expect(stored).toMatchObject({
      sha256: sha256(file),
      size: file.length,
      name: 'Paspor Siti.pdf',
      type: 'application/pdf',
      version: 1,
    });
    const got = await download(srv, alice, documentId);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(file)).toBe(true);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('etag')).toBe(`"${sha256(file)}"`);
    // The ETag is the SHA-256: a client holding these bytes is told so without them (and no audit).
    const downloads = async () =>
      Number(
        (
          await srv.storage.sql.get<{ n: number }>(
            "SELECT COUNT(*) AS n FROM audit WHERE action = 'file.download' AND record_id = ?",
            [documentId],
          )
        )?.n,
      );
    const counted = await downloads();
    const cached = await download(srv, alice, documentId, { 'if-none-match': `"${sha256(file)}"` });
    expect(cached.status).toBe(304);
    expect(cached.bytes.length).toBe(0);
    expect(await downloads()).toBe(counted);
    expect(got.headers.get('content-disposition')).toBe(
      `attachment; filename="Paspor Siti.pdf"; filename*=UTF-8''Paspor%20Siti.pdf`,
    );
  });

  it('answers Range with 206 across segment bounds and 416 past the end', async () => {
    const { documentId } = await caseWithDocument(srv, alice);
    const file = sampleFile('png', 700_000);
    const up = await uploadFile(srv.url, alice, documentId, file);
    expect(up.last.status, JSON.stringify(up.last.body)).toBe(204);
    for (const [range, start, end] of [
      ['bytes=0-9', 0, 9],
      ['bytes=262100-262200', 262100, 262200],
      ['bytes=699990-', 699990, 699999],
      ['bytes=-5', 699995, 699999],
    ] as const) {
      const part = await download(srv, alice, documentId, { range });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes ${start}-${end}/700000`);
      expect(part.bytes.equals(file.subarray(start, end + 1))).toBe(true);
    }
    const past = await download(srv, alice, documentId, { range: 'bytes=700000-' });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */700000');
  });

  it('refuses a hash mismatch, a disallowed type and an oversized file; stores nothing', async () => {
    const { documentId } = await caseWithDocument(srv, alice);
    const file = sampleFile('pdf', 50_000);
    const badHash = await uploadFile(srv.url, alice, documentId, file, {
      sha256: sha256(Buffer.from('other')),
    });
    expect(badHash.last.status).toBe(422);
    expect(badHash.last.body.error.code).toBe('file_hash_mismatch');
    const exe = sampleFile('exe', 50_000);
    const badType = await uploadFile(srv.url, alice, documentId, exe);
    expect(badType.last.status).toBe(415);
    expect(badType.last.body.error.code).toBe('file_type_not_allowed');
    const big = await createUpload(srv.url, alice, {
      documentId,
      length: 25 * 1024 * 1024 + 1,
      sha256: sha256(file),
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('file_too_large');
    expect(await storedFileOf(documentId)).toBeNull();
    expect((await download(srv, alice, documentId)).status).toBe(404);
    const blobs = await srv.storage.sql.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM file_blobs WHERE sha256 IN (?, ?)',
      [sha256(file), sha256(exe)],
    );
    expect(Number(blobs?.n)).toBe(0);
    // Not a segment either (PostgreSQL writes them under a temporary name until the checks pass).
    const segments = await srv.storage.sql.get<{ n: number }>(
      "SELECT COUNT(*) AS n FROM file_blob_chunks WHERE sha256 IN (?, ?) OR sha256 LIKE 'tmp-%'",
      [sha256(file), sha256(exe)],
    );
    expect(Number(segments?.n)).toBe(0);
    const audit = await srv.storage.sql.all<{ detail: string }>(
      "SELECT detail FROM audit WHERE action = 'file.refused' AND record_id = ?",
      [documentId],
    );
    expect(audit.map((a) => a.detail.split(':')[0])).toEqual(['file_hash_mismatch', 'file_type_not_allowed']);
    // The refused upload tells why on HEAD (410) and takes no more bytes.
    expect((await head(srv.url, alice, badHash.location)).status).toBe(410);
  });

  it('a repeated completion changes nothing; a replacement keeps the earlier version', async () => {
    const { documentId } = await caseWithDocument(srv, alice);
    const first = sampleFile('jpeg', 40_000);
    expect((await uploadFile(srv.url, alice, documentId, first)).last.status).toBe(204);
    const before = await srv.pull(alice, 0);
    const again = await uploadFile(srv.url, alice, documentId, first);
    expect(again.last.status).toBe(204);
    const after = await srv.pull(alice, 0);
    expect(after.cursor).toBe(before.cursor);
    const second = sampleFile('pdf', 30_000);
    expect((await uploadFile(srv.url, alice, documentId, second)).last.status).toBe(204);
    const list = await srv.request('GET', `/v1/documents/${documentId}/files`, { token: alice });
    expect(list.status).toBe(200);
    expect(list.body.versions.map((v: { version: number; sha256: string }) => [v.version, v.sha256])).toEqual(
      [
        [1, sha256(first)],
        [2, sha256(second)],
      ],
    );
    const old = await fetch(`${srv.url}/v1/documents/${documentId}/files/1`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(Buffer.from(await old.arrayBuffer()).equals(first)).toBe(true);
    expect((await download(srv, alice, documentId)).bytes.equals(second)).toBe(true);
    // One blob per SHA-256, whoever uploads it how often.
    const blobs = await srv.storage.sql.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM file_blobs WHERE sha256 = ?',
      [sha256(first)],
    );
    expect(Number(blobs?.n)).toBe(1);
    // Stored versions cannot be deleted, not even in the database.
    await expect(
      srv.storage.sql.run('DELETE FROM document_files WHERE document_id = ?', [documentId]),
    ).rejects.toThrow(/append-only/);
  });
});
