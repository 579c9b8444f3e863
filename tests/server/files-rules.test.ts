// Issue 16, server side: who may upload and download (offices, roles, someone
// else's upload), the limits (per file, per case, office quota and its
// warning), every download audited, a staged upload that lost bytes refused,
// and an upload begun on one node finished on another (PostgreSQL).
import { rm, truncate } from 'node:fs/promises';
import path from 'node:path';
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

describe.each(DB_KINDS)('document file rules on %s', (kind) => {
  let srv: TestServer;
  let alice: Session;
  let bob: Session;
  let supervisor: Session;
  let outsider: Session;
  let auditor: Session;

  beforeAll(async () => {
    srv = await withServer(kind, {
      files: {
        config: { maxFilesPerCase: 3, officeQuotaBytes: 400_000, warnRatio: 0.5, maxFileBytes: 300_000 },
      },
    });
    const office = await srv.createOffice('JKT');
    const other = await srv.createOffice('SBY');
    alice = (await srv.createUser({ role: 'operator', officeId: office.id })).session;
    bob = (await srv.createUser({ role: 'operator', officeId: office.id })).session;
    supervisor = (await srv.createUser({ role: 'supervisor', officeId: office.id })).session;
    outsider = (await srv.createUser({ role: 'supervisor', officeId: other.id })).session;
    auditor = (await srv.createUser({ role: 'auditor', officeId: null })).session;
  });
  afterAll(() => srv?.close());

  it('another office gets the answer of a missing document; admins and auditors are refused', async () => {
    const { documentId } = await caseWithDocument(srv, alice);
    const file = sampleFile('pdf', 10_000);
    const foreign = await createUpload(srv.url, outsider, {
      documentId,
      length: file.length,
      sha256: sha256(file),
    });
    const missing = await createUpload(srv.url, outsider, {
      documentId: '0190a0a0-0000-7000-8000-000000000000',
      length: file.length,
      sha256: sha256(file),
    });
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body).replace(documentId, 'X')).toBe(
      JSON.stringify(missing.body).replace('0190a0a0-0000-7000-8000-000000000000', 'X'),
    );
    for (const who of [srv.admin, auditor]) {
      const res = await createUpload(srv.url, who, { documentId, length: file.length, sha256: sha256(file) });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect(
      (await createUpload(srv.url, 'not-a-token', { documentId, length: 1, sha256: sha256(file) })).status,
    ).toBe(401);

    // Bob may not touch Alice's upload; the supervisor of the office downloads, others do not.
    const mine = await createUpload(srv.url, alice, {
      documentId,
      length: file.length,
      sha256: sha256(file),
    });
    const location = mine.headers.get('location')!;
    expect((await patch(srv.url, bob, location, 0, file)).status).toBe(404);
    expect((await head(srv.url, bob, location)).status).toBe(404);
    expect((await patch(srv.url, alice, location, 0, file)).status).toBe(204);
    expect((await download(srv, supervisor, documentId)).bytes.equals(file)).toBe(true);
    expect((await download(srv, outsider, documentId)).status).toBe(404);
    expect((await download(srv, srv.admin, documentId)).status).toBe(403);
    expect((await download(srv, auditor, documentId)).status).toBe(403);
    const refusals = await srv.storage.sql.all<{ detail: string }>(
      "SELECT detail FROM audit WHERE action = 'permission.refused' AND detail LIKE '%case files%'",
    );
    expect(refusals.length).toBeGreaterThanOrEqual(4);
  });

  it('every download is an audit entry naming who, which document and which hash', async () => {
    const { documentId } = await caseWithDocument(srv, alice);
    const file = sampleFile('png', 20_000);
    await uploadFile(srv.url, alice, documentId, file);
    await download(srv, alice, documentId);
    await download(srv, bob, documentId, { range: 'bytes=0-99' });
    const rows = await srv.storage.sql.all<{ actor_id: string; record_id: string; detail: string }>(
      "SELECT actor_id, record_id, detail FROM audit WHERE action = 'file.download' AND record_id = ? ORDER BY seq",
      [documentId],
    );
    expect(rows.map((r) => r.actor_id)).toEqual([alice.user.id, bob.user.id]);
    for (const r of rows) expect(r.detail).toContain(`sha256=${sha256(file)}`);
    expect(rows[1]!.detail).toContain('range=0-99');
    // The record still equals its audit history replayed (server/audit/replay.ts).
    const verify = await srv.request('GET', '/v1/audit/verify', { token: srv.admin });
    expect(verify.status).toBe(200);
    expect(verify.body.records.mismatched).toBe(0);
  });

  it('limits: per file (413), per case (409) and the office quota (409) with its warning', async () => {
    const big = await caseWithDocument(srv, alice);
    const tooBig = await createUpload(srv.url, alice, {
      documentId: big.documentId,
      length: 300_001,
      sha256: 'a'.repeat(64),
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('file_too_large');

    const { documentId } = await caseWithDocument(srv, alice);
    const sizes = [60_000, 60_000, 60_000];
    let warned = false;
    for (const size of sizes) {
      const up = await uploadFile(srv.url, alice, documentId, sampleFile('pdf', size));
      expect(up.last.status, JSON.stringify(up.last.body)).toBe(204);
      warned ||= up.last.headers.get('posko-files-quota-warning') === 'true';
    }
    const fourth = sampleFile('pdf', 1000);
    const limit = await createUpload(srv.url, alice, {
      documentId,
      length: fourth.length,
      sha256: sha256(fourth),
    });
    expect(limit.status).toBe(409);
    expect(limit.body.error.code).toBe('case_file_limit');

    // The office holds 20 KB (earlier tests) + 10 KB + 180 KB by now: past half of the 400 KB quota.
    expect(warned).toBe(true);
    const next = await caseWithDocument(srv, alice);
    const over = await createUpload(srv.url, alice, {
      documentId: next.documentId,
      length: 250_000,
      sha256: 'b'.repeat(64),
    });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('office_quota_exceeded');
  });

  it('a staged upload that lost bytes is refused as a size mismatch and never served', async () => {
    const { documentId } = await caseWithDocument(srv, alice);
    const file = sampleFile('pdf', 40_000);
    const created = await createUpload(srv.url, alice, {
      documentId,
      length: file.length,
      sha256: sha256(file),
    });
    const location = created.headers.get('location')!;
    const id = location.split('/').pop()!;
    expect((await patch(srv.url, alice, location, 0, file.subarray(0, 30_000))).status).toBe(204);
    // Damage the staged bytes behind the server's back (a disk fault, an operator's mistake).
    if (kind === 'sqlite')
      await truncate(path.join(srv.options.dataDir!, 'files', 'uploads', `${id}.part`), 20_000);
    else await srv.storage.sql.run('DELETE FROM file_upload_chunks WHERE upload_id = ?', [id]);
    const last = await patch(srv.url, alice, location, 30_000, file.subarray(30_000));
    expect(last.status).toBe(422);
    // SQLite: the append at offset 30,000 fills the lost bytes with zeros (a sparse file), which the
    // hash catches; PostgreSQL: the staged bytes end early, which the size check catches.
    expect(last.body.error.code).toBe(kind === 'sqlite' ? 'file_hash_mismatch' : 'file_size_mismatch');
    expect((await download(srv, alice, documentId)).status).toBe(404);
    if (kind === 'sqlite')
      await rm(path.join(srv.options.dataDir!, 'files', 'uploads', `${id}.part`), { force: true });
  });

  it('an unfinished upload is terminated with DELETE; a stored one cannot be', async () => {
    const { documentId } = await caseWithDocument(srv, alice);
    const file = sampleFile('pdf', 5_000);
    const created = await createUpload(srv.url, alice, {
      documentId,
      length: file.length,
      sha256: sha256(file),
    });
    const location = created.headers.get('location')!;
    const del = await fetch(`${srv.url}${location}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${alice.token}`, 'tus-resumable': '1.0.0' },
    });
    expect(del.status).toBe(204);
    expect((await head(srv.url, alice, location)).status).toBe(404);
    const { location: done } = await uploadFile(srv.url, alice, documentId, file);
    const again = await fetch(`${srv.url}${done}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${alice.token}`, 'tus-resumable': '1.0.0' },
    });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).toBeLessThan(500);
    expect((await download(srv, alice, documentId)).bytes.equals(file)).toBe(true);
  });
});

describe.runIf(DB_KINDS.includes('postgres'))('document files on two API nodes (postgres)', () => {
  let srv: TestServer;
  let alice: Session;
  beforeAll(async () => {
    srv = await withServer('postgres');
    const office = await srv.createOffice('JKT');
    alice = (await srv.createUser({ role: 'operator', officeId: office.id })).session;
  });
  afterAll(() => srv?.close());

  it('an upload begun on one node is resumed and finished on another, and both serve it', async () => {
    const peer = await srv.startPeer();
    const { documentId } = await caseWithDocument(srv, alice);
    const file = sampleFile('jpeg', 3_000_000);
    const created = await createUpload(srv.url, alice, {
      documentId,
      length: file.length,
      sha256: sha256(file),
    });
    const location = created.headers.get('location')!;
    expect((await patch(srv.url, alice, location, 0, file.subarray(0, 1_000_000))).status).toBe(204);
    const offset = Number((await head(peer.url, alice, location)).headers.get('upload-offset'));
    expect(offset).toBe(1_000_000);
    expect((await patch(peer.url, alice, location, offset, file.subarray(offset))).status).toBe(204);
    for (const url of [srv.url, peer.url]) {
      const res = await fetch(`${url}/v1/documents/${documentId}/file`, {
        headers: { authorization: `Bearer ${alice.token}` },
      });
      expect(Buffer.from(await res.arrayBuffer()).equals(file)).toBe(true);
    }
  });
});
