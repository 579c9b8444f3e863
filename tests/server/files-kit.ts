// A small tus 1.0.0 client for the file tests (server/routes/files.ts), and
// sample files whose first bytes are the real magic numbers of their type.
import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Session, TestServer } from './helpers';
import { createCaseMutation, mutation } from './helpers';

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const MAGIC: Record<string, number[]> = {
  pdf: [...Buffer.from('%PDF-1.7\n')],
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  jpeg: [0xff, 0xd8, 0xff, 0xe0],
  exe: [0x4d, 0x5a, 0x90, 0x00],
};

/** `size` bytes starting with the magic number of `kind` (random after it). */
export function sampleFile(kind: keyof typeof MAGIC, size: number): Buffer {
  const body = randomBytes(size);
  Buffer.from(MAGIC[kind]!).copy(body, 0, 0, Math.min(size, MAGIC[kind]!.length));
  return body;
}

export const metadata = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');

const token = (s: Session | string) => (typeof s === 'string' ? s : s.token);

export interface TusAnswer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function answer(res: Response): Promise<TusAnswer> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // plain text
  }
  return { status: res.status, headers: res.headers, body };
}

export async function createUpload(
  url: string,
  session: Session | string,
  opts: { documentId: string; length: number; sha256: string; filename?: string; mimeType?: string },
): Promise<TusAnswer> {
  const res = await fetch(`${url}/v1/files`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token(session)}`,
      'tus-resumable': '1.0.0',
      'upload-length': String(opts.length),
      'upload-metadata': metadata({
        documentId: opts.documentId,
        sha256: opts.sha256,
        filename: opts.filename ?? 'paspor.pdf',
        mimeType: opts.mimeType ?? 'application/pdf',
      }),
    },
  });
  return answer(res);
}

export async function patch(
  url: string,
  session: Session | string,
  location: string,
  offset: number,
  bytes: Uint8Array,
) {
  const res = await fetch(`${url}${location}`, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${token(session)}`,
      'tus-resumable': '1.0.0',
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
    },
    body: bytes as unknown as BodyInit,
  });
  return answer(res);
}

export async function head(url: string, session: Session | string, location: string) {
  return answer(
    await fetch(`${url}${location}`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${token(session)}`, 'tus-resumable': '1.0.0' },
    }),
  );
}

/** Creates the upload and sends `file` in chunks of `chunk` bytes; the answer of the last PATCH. */
export async function uploadFile(
  url: string,
  session: Session | string,
  documentId: string,
  file: Buffer,
  opts: { chunk?: number; sha256?: string; filename?: string } = {},
) {
  const created = await createUpload(url, session, {
    documentId,
    length: file.length,
    sha256: opts.sha256 ?? sha256(file),
    filename: opts.filename,
  });
  if (created.status !== 201) return { created, last: created, location: '' };
  const location = created.headers.get('location')!;
  const chunk = opts.chunk ?? 1024 * 1024;
  let last = created;
  for (let at = 0; at < file.length; at += chunk) {
    last = await patch(url, session, location, at, file.subarray(at, at + chunk));
    if (last.status !== 204) break;
  }
  return { created, last, location };
}

/** A case and one document of it, pushed by `session`; the document id and case id. */
export async function caseWithDocument(srv: TestServer, session: Session) {
  const c = createCaseMutation();
  const documentId = uuidv7();
  const results = await srv.push(session, [
    c,
    mutation('create', 'documents', documentId, {
      caseId: c.recordId,
      type: 'passport_copy',
      status: 'requested',
    }),
  ]);
  if (results.some((r) => r.outcome !== 'applied'))
    throw new Error(`setup failed: ${JSON.stringify(results)}`);
  return { documentId, caseId: c.recordId };
}

export async function download(
  srv: TestServer,
  session: Session | string,
  documentId: string,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${srv.url}/v1/documents/${documentId}/file`, {
    headers: { authorization: `Bearer ${token(session)}`, ...headers },
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}
