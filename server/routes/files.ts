// Document files over HTTP (issue 16; docs/sync-protocol.md, "Files"): the tus
// 1.0.0 upload endpoint at /v1/files (core, creation, termination; @tus/server
// does the protocol, server/files/ the storage and the rules) and the download
// and version list of a document's file. Upload and download: operators and
// supervisors of the document's office; admins and auditors do not touch case
// files. A document of another office answers like a missing one.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { StoredFile } from '../../shared/domain/events';
import { Uuid } from '../../shared/domain/record';
import { requireRole } from '../auth/sessions';
import type { AuthUser, ServerContext } from '../context';
import { ApiError, describeIssues, zodIssues } from '../errors';
import { contentDisposition, parseRange, plainRange } from '../files/download';
import { FILES_PATH, type FilesService } from '../files/service';
import { loadUpload } from '../files/tus-store';
import { getRecord } from '../sync/records';
import { BEARER, ErrorResponse } from './api-docs';

const CASE_ROLES = ['operator', 'supervisor'] as const;
const UPLOAD_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** tus' own refusals (plain text) in the documented shape, by status. */
const TUS_CODES: Record<number, string> = {
  400: 'bad_request',
  403: 'forbidden',
  404: 'not_found',
  409: 'upload_offset_mismatch',
  410: 'upload_gone',
  412: 'tus_version_unsupported',
  413: 'file_too_large',
  415: 'bad_content_type',
};

const tusDoc = (summary: string, status: number, answer: string) => ({
  summary,
  description:
    'tus 1.0.0 (core, creation, termination): see docs/sync-protocol.md, "Files". Header `Tus-Resumable: 1.0.0` on every request. Roles: operator, supervisor',
  tags: ['files'],
  security: BEARER,
  response: {
    // No body (tus answers in headers); described the way the event stream's answer is (sync.ts).
    [status]: { description: answer, content: { 'text/plain': { schema: z.string().max(0) } } },
    default: ErrorResponse,
  },
});

const FileVersion = StoredFile.extend({ uploadId: z.string() });
const VersionsResponse = z.object({ documentId: Uuid, versions: z.array(FileVersion) });
const binary = (description: string) => ({
  description,
  content: { 'application/octet-stream': { schema: z.string() } },
});

const DocParams = z.object({ documentId: Uuid });
const VersionParams = z.object({ documentId: Uuid, version: z.coerce.number().int().min(1).max(1_000_000) });

function parseParams<T extends z.ZodType>(schema: T, params: unknown): z.infer<T> {
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const issues = zodIssues(parsed.error).map((i) => ({ ...i, path: `params.${i.path}` }));
  throw new ApiError(400, 'validation_failed', describeIssues(issues), { issues });
}

interface VersionRow {
  version: number;
  sha256: string;
  size: number;
  name: string;
  kind: string;
  stored_by: string;
  stored_at: string;
  upload_id: string;
}

export function filesRoutes(root: FastifyInstance, ctx: ServerContext, files: FilesService): void {
  void root.register(async (app) => {
    // tus bodies are the file's bytes: left unread here for @tus/server to stream (never buffered),
    // and only in this scope, so no other route accepts this type.
    app.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null));
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const user = await requireRole(ctx, request, CASE_ROLES, 'upload case files');
      const id = (request.params as { id?: string }).id;
      if (id !== undefined) {
        const row = UPLOAD_ID.test(id) ? await loadUpload(ctx.storage.sql, id) : undefined;
        // Someone else's upload answers like a missing one.
        if (!row || row.user_id !== user.id)
          throw new ApiError(404, 'not_found', `upload ${id} does not exist`);
      }
      return forward(files, user, request, reply);
    };
    app.route({
      method: 'POST',
      url: FILES_PATH,
      schema: tusDoc('Create an upload (tus creation)', 201, 'Created: `Location: /v1/files/<uploadId>`'),
      compress: false,
      handler,
    });
    app.route({
      method: 'HEAD',
      url: `${FILES_PATH}/:id`,
      schema: tusDoc('Upload-Offset of an upload', 200, '`Upload-Offset` and `Upload-Length`'),
      compress: false,
      handler,
    });
    app.route({
      method: 'PATCH',
      url: `${FILES_PATH}/:id`,
      schema: tusDoc(
        'Append bytes at Upload-Offset',
        204,
        'The new `Upload-Offset`; the last PATCH also verifies and stores the file (`Posko-File-Sha256`, `Posko-File-Version`)',
      ),
      compress: false,
      handler,
    });
    app.route({
      method: 'DELETE',
      url: `${FILES_PATH}/:id`,
      schema: tusDoc('Terminate an unfinished upload', 204, 'Terminated'),
      compress: false,
      handler,
    });
  });

  async function readableDocument(request: FastifyRequest, action: string) {
    const user = await requireRole(ctx, request, CASE_ROLES, action);
    const { documentId } = parseParams(DocParams, request.params);
    const doc = await getRecord(ctx.storage.sql, 'documents', documentId);
    if (!doc || doc.data.deleted || doc.data.officeId !== user.officeId)
      throw new ApiError(404, 'not_found', `documents/${documentId} does not exist on the server`);
    return { user, documentId, doc };
  }

  const versionsOf = (documentId: string) =>
    ctx.storage.sql.all<VersionRow>(
      `SELECT version, sha256, size, name, kind, stored_by, stored_at, upload_id FROM document_files
       WHERE document_id = ? ORDER BY version`,
      [documentId],
    );

  root.get(
    '/v1/documents/:documentId/files',
    {
      schema: {
        summary: 'Every stored version of the document file, oldest first',
        tags: ['files'],
        security: BEARER,
        response: { 200: VersionsResponse, default: ErrorResponse },
      },
    },
    async (request) => {
      const { documentId } = await readableDocument(request, 'read case files');
      const rows = await versionsOf(documentId);
      return {
        documentId,
        versions: rows.map((r) => ({
          sha256: r.sha256,
          size: Number(r.size),
          name: r.name,
          type: mimeOf(r.kind),
          storedBy: r.stored_by,
          storedAt: r.stored_at,
          version: Number(r.version),
          uploadId: r.upload_id,
        })),
      };
    },
  );

  const download = async (request: FastifyRequest, reply: FastifyReply, version?: number) => {
    const { user, documentId, doc } = await readableDocument(request, 'download case files');
    const rows = await versionsOf(documentId);
    const current = rows.at(-1);
    const row = version === undefined ? current : rows.find((r) => Number(r.version) === version);
    if (!row)
      throw new ApiError(
        404,
        'file_not_stored',
        `documents/${documentId} has no stored file${version ? ` version ${version}` : ''}`,
      );
    const size = Number(row.size);
    const etag = `"${row.sha256}"`;
    const rangeHeader = request.headers.range;
    const range = parseRange(rangeHeader, size);
    reply.header('accept-ranges', 'bytes').header('etag', etag).header('x-content-type-options', 'nosniff');
    if (range === 'unsatisfiable') {
      return reply
        .status(416)
        .header('content-range', `bytes */${size}`)
        .send({
          error: { code: 'range_not_satisfiable', message: `the file has ${size} bytes` },
        });
    }
    if (request.headers['if-none-match'] === etag && !range) return reply.status(304).send();
    await audited(ctx, user, doc.data.officeId, String(doc.row.case_id), documentId, row, range);
    const span = range ?? { start: 0, end: size - 1 };
    reply
      .header('content-type', mimeOf(row.kind))
      .header('content-disposition', contentDisposition(row.name))
      .header('cache-control', 'private, no-store')
      .header('content-length', String(size ? span.end - span.start + 1 : 0));
    if (range) reply.status(206).header('content-range', `bytes ${span.start}-${span.end}/${size}`);
    if (!size) return reply.send(Buffer.alloc(0));
    return reply.send(plainRange(files.blobs, files.key, row.sha256, size, span));
  };

  const fileDoc = (summary: string) => ({
    summary,
    description:
      'Range (one range: 206, 416), ETag = the SHA-256. Every download is audited. Roles: operator, supervisor',
    tags: ['files'],
    security: BEARER,
    response: { 200: binary('The file'), 206: binary('The requested range'), default: ErrorResponse },
  });
  root.get(
    '/v1/documents/:documentId/file',
    { schema: fileDoc("The document's current file"), compress: false },
    (request, reply) => download(request, reply),
  );
  root.get(
    '/v1/documents/:documentId/files/:version',
    { schema: fileDoc('An earlier (or the current) version of the file'), compress: false },
    (request, reply) => download(request, reply, parseParams(VersionParams, request.params).version),
  );
}

const MIME: Record<string, string> = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heic: 'image/heic',
  tiff: 'image/tiff',
};
const mimeOf = (kind: string) => MIME[kind] ?? 'application/octet-stream';

async function audited(
  ctx: ServerContext,
  user: AuthUser,
  officeId: string,
  caseId: string,
  documentId: string,
  row: VersionRow,
  range: { start: number; end: number } | undefined,
): Promise<void> {
  await ctx.storage.write((tx) =>
    tx.audit({
      action: 'file.download',
      outcome: 'served',
      actorId: user.id,
      deviceId: user.deviceId,
      table: 'documents',
      recordId: documentId,
      officeId,
      caseId,
      detail: `sha256=${row.sha256} version=${row.version}${range ? ` range=${range.start}-${range.end}` : ''}`,
    }),
  );
}

/** Hands a tus request to @tus/server as a web Request (body streamed) and sends its answer through Fastify. */
async function forward(files: FilesService, user: AuthUser, request: FastifyRequest, reply: FastifyReply) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(', '));
  }
  const hasBody = request.method === 'PATCH' || request.method === 'POST';
  const url = `http://${request.hostname || 'localhost'}${request.url}`;
  const webRequest = new Request(url, {
    method: request.method,
    headers,
    ...(hasBody && headers.get('content-type') === 'application/offset+octet-stream'
      ? { body: Readable.toWeb(request.raw) as ReadableStream, duplex: 'half' }
      : {}),
  } as RequestInit);
  files.users.set(webRequest, user);
  const answer = await files.tus.handleWeb(webRequest);
  reply.status(answer.status);
  for (const [name, value] of answer.headers) {
    // CORS is the app's (server/app.ts); the length is Fastify's.
    if (name.startsWith('access-control-') || name === 'content-length' || name === 'content-type') continue;
    reply.header(name, value);
  }
  const done = files.finished.get(webRequest);
  if (done?.quotaWarning) reply.header('posko-files-quota-warning', 'true');
  if (done?.version)
    reply.header('posko-file-sha256', done.sha256).header('posko-file-version', String(done.version));
  const text = await answer.text();
  if (answer.status < 400) return reply.send(text || undefined);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!body || typeof body !== 'object' || !('error' in body))
    body = {
      error: { code: TUS_CODES[answer.status] ?? 'upload_failed', message: text.trim() || 'upload failed' },
    };
  return reply.type('application/json').send(body);
}
