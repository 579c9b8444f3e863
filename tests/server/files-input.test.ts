// Issue 16: bad tus input is a 4xx in the documented error shape, never a 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, TestServer } from './helpers';
import { DB_KINDS, withServer } from './helpers';
import { caseWithDocument, createUpload, metadata, sampleFile, sha256 } from './files-kit';

describe.each(DB_KINDS)('bad file requests on %s', (kind) => {
  let srv: TestServer;
  let alice: Session;
  let documentId: string;

  beforeAll(async () => {
    srv = await withServer(kind);
    const office = await srv.createOffice('JKT');
    alice = (await srv.createUser({ role: 'operator', officeId: office.id })).session;
    ({ documentId } = await caseWithDocument(srv, alice));
  });
  afterAll(() => srv?.close());

  const send = (method: string, path: string, headers: Record<string, string>, body?: Uint8Array) =>
    fetch(`${srv.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${alice.token}`, 'tus-resumable': '1.0.0', ...headers },
      body: body as unknown as BodyInit,
    });

  it('answers each with a 4xx and { error: { code, message } }', async () => {
    const file = sampleFile('pdf', 1000);
    const good = { documentId, sha256: sha256(file), filename: 'a.pdf', mimeType: 'application/pdf' };
    const created = await createUpload(srv.url, alice, {
      documentId,
      length: file.length,
      sha256: sha256(file),
    });
    const location = created.headers.get('location')!;
    const cases: [string, string, Record<string, string>, Uint8Array?][] = [
      ['POST', '/v1/files', { 'upload-length': '10' }],
      ['POST', '/v1/files', { 'upload-length': '-1', 'upload-metadata': metadata(good) }],
      ['POST', '/v1/files', { 'upload-length': 'abc', 'upload-metadata': metadata(good) }],
      ['POST', '/v1/files', { 'upload-length': '10', 'upload-metadata': 'documentId !!!,sha256' }],
      [
        'POST',
        '/v1/files',
        { 'upload-length': '10', 'upload-metadata': metadata({ ...good, sha256: 'xyz' }) },
      ],
      [
        'POST',
        '/v1/files',
        { 'upload-length': '10', 'upload-metadata': metadata({ ...good, documentId: 'nope' }) },
      ],
      [
        'POST',
        '/v1/files',
        { 'upload-length': '10', 'upload-metadata': metadata(good), 'tus-resumable': '0.2.2' },
      ],
      ['PATCH', location, { 'content-type': 'application/offset+octet-stream' }, file],
      ['PATCH', location, { 'upload-offset': '0', 'content-type': 'text/plain' }, file],
      ['PATCH', location, { 'upload-offset': 'x', 'content-type': 'application/offset+octet-stream' }, file],
      [
        'PATCH',
        location,
        { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
        sampleFile('pdf', 2000),
      ],
      ['HEAD', '/v1/files/..%2f..%2fetc', {}],
      [
        'PATCH',
        '/v1/files/does-not-exist',
        { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
        file,
      ],
      ['GET', '/v1/documents/not-a-uuid/file', {}],
      ['GET', `/v1/documents/${documentId}/files/0`, {}],
    ];
    for (const [method, path, headers, body] of cases) {
      const res = await send(method, path, headers, body);
      const what = `${method} ${path} ${JSON.stringify(headers)}`;
      expect(res.status, what).toBeGreaterThanOrEqual(400);
      expect(res.status, what).toBeLessThan(500);
      if (method !== 'HEAD') {
        const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
        expect(typeof body.error?.code, what).toBe('string');
        expect(typeof body.error?.message, what).toBe('string');
      }
    }
  });
});
