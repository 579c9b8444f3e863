// A tus 1.0.0 server in memory, as a fetch function, for the uploader's unit tests: creation,
// HEAD, PATCH with offset checks, completion with the sha256 check and a pluggable refusal, and
// faults per request (the request lost before the server, or the answer lost after it). It counts
// every byte that reaches it in a PATCH, so a test can prove what was re-sent.
import { createHash } from 'node:crypto';
import type { FetchLike } from '../../../renderer/sync/transport';

export type Fault = 'drop-request' | 'drop-response' | 'server-error' | null;

interface TusUpload {
  length: number;
  offset: number;
  data: Buffer[];
  metadata: Record<string, string>;
}

export interface TusRequestLog {
  method: string;
  path: string;
  headers: Record<string, string>;
  bodyBytes: number;
}

export class FakeTusServer {
  readonly uploads = new Map<string, TusUpload>();
  /** Completed, accepted files by document: what "stored on the server" means here. */
  readonly stored = new Map<string, { sha256: string; bytes: Buffer; count: number }>();
  readonly log: TusRequestLog[] = [];
  patchBytes = 0;
  /** Called with each request before it is handled. */
  fault: (req: TusRequestLog, index: number) => Fault = () => null;
  /** A completion the server refuses: answer status and error body. */
  refuse: (meta: Record<string, string>, bytes: Buffer) => { status: number; code: string } | null = () =>
    null;
  private next = 1;

  readonly fetch: FetchLike = async (input, init = {}) => {
    const url = new URL(input);
    const method = (init.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string>))
      headers[k.toLowerCase()] = v;
    const body =
      init.body instanceof Blob
        ? Buffer.from(await init.body.arrayBuffer())
        : init.body instanceof Uint8Array
          ? Buffer.from(init.body)
          : null;
    const req: TusRequestLog = { method, path: url.pathname, headers, bodyBytes: body?.length ?? 0 };
    this.log.push(req);
    const fault = this.fault(req, this.log.length - 1);
    if (fault === 'drop-request') throw new TypeError('fetch failed (request lost)');
    if (fault === 'server-error') return json(503, { error: { code: 'unavailable', message: 'restarting' } });
    const response = this.handle(method, url.pathname, headers, body);
    if (fault === 'drop-response') throw new TypeError('fetch failed (response lost)');
    return response;
  };

  private handle(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: Buffer | null,
  ): Response {
    if (headers['tus-resumable'] !== '1.0.0')
      return json(412, { error: { code: 'tus', message: 'version' } });
    if (headers.authorization !== 'Bearer test-token')
      return json(401, { error: { code: 'unauthorized', message: 'no token' } });
    if (method === 'POST' && path === '/v1/files') {
      const id = `u${this.next++}`;
      this.uploads.set(id, {
        length: Number(headers['upload-length']),
        offset: 0,
        data: [],
        metadata: parseMetadata(headers['upload-metadata'] ?? ''),
      });
      return new Response(null, {
        status: 201,
        headers: { Location: `http://files.test/v1/files/${id}`, 'Tus-Resumable': '1.0.0' },
      });
    }
    const id = path.replace('/v1/files/', '');
    const upload = this.uploads.get(id);
    if (!upload) return json(404, { error: { code: 'not_found', message: 'no such upload' } });
    if (method === 'HEAD')
      return new Response(null, {
        status: 200,
        headers: { 'Upload-Offset': String(upload.offset), 'Upload-Length': String(upload.length) },
      });
    if (method === 'PATCH') {
      this.patchBytes += body?.length ?? 0;
      if (Number(headers['upload-offset']) !== upload.offset)
        return json(409, { error: { code: 'upload_offset_mismatch', message: 'offset' } });
      if (body) upload.data.push(body);
      upload.offset += body?.length ?? 0;
      if (upload.offset === upload.length) {
        const bytes = Buffer.concat(upload.data);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        if (sha256 !== upload.metadata.sha256)
          return json(422, { error: { code: 'file_hash_mismatch', message: 'hash' } });
        const refusal = this.refuse(upload.metadata, bytes);
        if (refusal) return json(refusal.status, { error: { code: refusal.code, message: 'refused' } });
        const prior = this.stored.get(upload.metadata.documentId ?? '');
        const count = prior?.sha256 === sha256 ? prior.count : (prior?.count ?? 0) + 1;
        this.stored.set(upload.metadata.documentId ?? '', { sha256, bytes, count });
      }
      return new Response(null, { status: 204, headers: { 'Upload-Offset': String(upload.offset) } });
    }
    return json(405, { error: { code: 'method', message: method } });
  }

  requests(method: string): TusRequestLog[] {
    return this.log.filter((r) => r.method === method);
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function parseMetadata(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of header.split(',')) {
    const [key, value] = pair.trim().split(' ');
    if (key) out[key] = value ? Buffer.from(value, 'base64').toString('utf8') : '';
  }
  return out;
}
