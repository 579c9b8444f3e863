// The Fastify application: security headers, CORS, error shape, routes and,
// optionally, the built console served from the same origin.
import { randomUUID } from 'node:crypto';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { listConsoleFiles } from './console-files';
import { DEFAULT_TIMEOUTS } from './config';
import type { ServerContext } from './context';
import { ApiError, installErrorHandlers } from './errors';
import { COMPRESS_OPTIONS } from './http-compression';
import { FilesService, type FilesOptions } from './files/service';
import { adminRoutes } from './routes/admin';
import { registerApiDocs } from './routes/api-docs';
import { auditRoutes } from './routes/audit';
import { authRoutes } from './routes/auth';
import { caseRoutes } from './routes/cases';
import { filesRoutes } from './routes/files';
import { directoryRoutes } from './routes/directory';
import { healthRoutes } from './routes/health';
import { readyRoutes } from './routes/ready';
import { syncRoutes } from './routes/sync';
import { updatesDirFromEnv, updatesRoutes } from './routes/updates';
import { answerClientError, closeGentlyAfterAnswer } from './client-errors';
import { deviceRoutes } from './devices/routes';
import { securityHeaders } from './security-headers';
import { MAX_BODY_BYTES } from '../shared/sync/limits';

/** The console cuts its pushes under the same limit (shared/sync/limits.ts). */
export const BODY_LIMIT = MAX_BODY_BYTES;
/** The packaged Electron console loads from this origin. */
export const ELECTRON_ORIGIN = 'app://posko';
export { CONSOLE_CSP } from './security-headers';

/** The URL as logged: a token a client put in the query string (it should not) is not written down. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|ticket|access_token)=)[^&#]*/gi, '$1[redacted]');
}

function setSecurityHeaders(reply: FastifyReply, url: string): void {
  for (const [name, value] of Object.entries(securityHeaders(url))) reply.header(name, value);
}

/** HTTP timeouts in milliseconds (0 = off); defaults in server/config.ts, explained in docs/deployment.md. */
export interface HttpTimeouts {
  /** Until the request headers must have arrived (slow-header clients). */
  headersMs: number;
  /** Until the whole request, body included, must have arrived (slow-body clients). */
  requestMs: number;
  /** A socket silent this long (no byte either way) is closed; event streams are exempt. */
  idleMs: number;
  /** An idle keep-alive connection between two requests is closed after this. */
  keepAliveMs: number;
}

export interface AppOptions {
  logger?: boolean;
  /** Where the JSON log lines go (default stdout); tests capture them. */
  logStream?: { write(line: string): unknown };
  corsOrigins?: string[];
  consoleDir?: string;
  /** Proxies whose X-Forwarded-For is believed (addresses, CIDR blocks); empty or unset: none. */
  trustProxy?: string[];
  timeouts?: Partial<HttpTimeouts>;
  /** Document files (server/files/): data dir for the blob folder and key file, limits, key. */
  files?: FilesOptions;
  /**
   * false (POSKO_ALLOW_BROWSER_CONSOLE=false): the console folder is not served and any API request
   * a browser page sends (an Origin other than app://posko) is refused with 403
   * browser_console_disabled. Default true.
   */
  allowBrowserConsole?: boolean;
  /** The desktop update feed folder (routes/updates.ts); unset: POSKO_UPDATES_DIR, null: none. */
  updatesDir?: string | null;
}

export async function buildApp(ctx: ServerContext, opts: AppOptions): Promise<FastifyInstance> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    // Behind a reverse proxy, request.ip is the client the proxy names in X-Forwarded-For, but
    // only when the connection comes from a proxy listed here: anyone else could forge the header.
    trustProxy: opts.trustProxy?.length ? opts.trustProxy : false,
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    requestTimeout: timeouts.requestMs,
    http: {
      headersTimeout: timeouts.headersMs,
      // Node enforces the headers and request timeouts on this tick (30 s by default, far coarser
      // than the timeouts themselves).
      connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(timeouts.headersMs / 5) || 1000)),
    },
    // Malformed HTTP, a slow client, headers or URL over Node's 16 KB: the documented error shape.
    clientErrorHandler: answerClientError,
    frameworkErrors: (err, request, frameworkReply) => {
      const reply = frameworkReply as unknown as FastifyReply;
      const status = typeof err.statusCode === 'number' && err.statusCode >= 400 ? err.statusCode : 400;
      // onSend hooks do not run for these replies: the same headers, set here.
      setSecurityHeaders(reply, request.url);
      void reply
        .status(status)
        .send({ error: { code: status === 414 ? 'uri_too_long' : 'bad_url', message: err.message } });
    },
    // Every request gets a fresh id, logged as reqId and returned as X-Request-Id. An id a client
    // sends is not taken: anyone could make their requests look like someone else's in the log.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    logger: opts.logger
      ? {
          level: 'info',
          ...(opts.logStream ? { stream: opts.logStream } : {}),
          // Tokens travel in the Authorization header, which is never logged; should a client still put
          // one in the URL (?token=, ?ticket=), it is not logged either.
          serializers: {
            req: (req: { method: string; url: string }) => ({
              method: req.method,
              url: redactUrl(req.url),
            }),
          },
        }
      : false,
  });
  const origins = new Set([ELECTRON_ORIGIN, ...(opts.corsOrigins ?? [])].filter((o) => o && o !== '*'));
  const allowedOrigin = (origin?: string) => (origin && origins.has(origin) ? origin : undefined);

  await app.register(cors, {
    origin: (origin, cb) => cb(null, Boolean(allowedOrigin(origin))),
    methods: ['GET', 'POST', 'PATCH', 'HEAD', 'DELETE'],
    // content-encoding: the console gzips large pushes (server/http-compression.ts). The tus
    // headers and Range: document file uploads and downloads (server/routes/files.ts).
    allowedHeaders: [
      'authorization',
      'content-type',
      'content-encoding',
      'tus-resumable',
      'upload-length',
      'upload-metadata',
      'upload-offset',
      'range',
      'if-none-match',
    ],
    exposedHeaders: [
      'location',
      'upload-offset',
      'upload-length',
      'tus-resumable',
      'content-disposition',
      'content-range',
      'etag',
      'posko-file-sha256',
      'posko-file-version',
      'posko-files-quota-warning',
    ],
    maxAge: 600,
  });
  // gzip/brotli bodies. Registered before every route: it hooks each route as it is added.
  await app.register(compress, COMPRESS_OPTIONS);

  app.addHook('onSend', async (request, reply, payload) => {
    setSecurityHeaders(reply, request.url);
    reply.header('x-request-id', request.id);
    if (reply.statusCode === 413) closeGentlyAfterAnswer(request.raw.socket);
    return payload;
  });

  installErrorHandlers(app);

  const browserConsole = opts.allowBrowserConsole !== false;
  if (!browserConsole) {
    // A browser always names the page's origin on cross-origin requests and on every same-origin
    // POST, so a browser console can neither sign in nor push. The desktop app sends app://posko;
    // tools without an Origin (curl, the admin CLI) are not a console and are not affected.
    app.addHook('onRequest', async (request, reply) => {
      const origin = request.headers.origin;
      if (!request.url.startsWith('/v1/') || origin === undefined || origin === ELECTRON_ORIGIN) return;
      return reply.status(403).send({
        error: {
          code: 'browser_console_disabled',
          message: 'this server is used with the Posko desktop app only (POSKO_ALLOW_BROWSER_CONSOLE=false)',
        },
      });
    });
  }
  const consoleFiles = browserConsole && opts.consoleDir ? listConsoleFiles(opts.consoleDir) : undefined;
  if (opts.consoleDir && consoleFiles) {
    await app.register(fastifyStatic, {
      root: opts.consoleDir,
      prefix: '/',
      index: ['index.html'],
      dotfiles: 'deny',
      list: false,
      // Only what the console build wrote (listed at start): never a dotfile, a link or a case variant.
      allowedPath: (pathname) => consoleFiles.allows(pathname),
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '';
    const isApi = pathname === '/v1' || pathname.startsWith('/v1/');
    // Client-side routes of the single-page console fall back to index.html; a path that names a
    // file (an extension in its last segment) or a dot-segment is a 404, not the page in disguise.
    const segments = pathname.split('/');
    const clientRoute =
      !segments.some((seg) => seg.startsWith('.') || /^%2e/i.test(seg)) && !segments.at(-1)?.includes('.');
    if (consoleFiles && !isApi && clientRoute && (request.method === 'GET' || request.method === 'HEAD')) {
      return reply.type('text/html').sendFile('index.html');
    }
    const err = new ApiError(404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`);
    return reply.status(404).send({ error: { code: err.code, message: err.message } });
  });

  // Before the routes: zod validates their input and @fastify/swagger documents them from it.
  await registerApiDocs(app);
  healthRoutes(app, ctx);
  readyRoutes(app, ctx);
  authRoutes(app, ctx);
  adminRoutes(app, ctx);
  deviceRoutes(app, ctx);
  syncRoutes(app, ctx, allowedOrigin);
  auditRoutes(app, ctx);
  directoryRoutes(app, ctx);
  caseRoutes(app, ctx);
  filesRoutes(app, ctx, new FilesService(ctx.storage, opts.files ?? {}));
  updatesRoutes(app, {
    dir: opts.updatesDir !== undefined ? opts.updatesDir : updatesDirFromEnv(process.env),
  });
  return app;
}
