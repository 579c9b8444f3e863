// The Fastify application: security headers, CORS, error shape, routes and,
// optionally, the built console served from the same origin.
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { ServerContext } from './context';
import { ApiError, installErrorHandlers } from './errors';
import { adminRoutes } from './routes/admin';
import { auditRoutes } from './routes/audit';
import { authRoutes } from './routes/auth';
import { healthRoutes } from './routes/health';
import { syncRoutes } from './routes/sync';

export const BODY_LIMIT = 5 * 1024 * 1024;
/** The packaged Electron console loads from this origin. */
export const ELECTRON_ORIGIN = 'app://posko';

export const CONSOLE_CSP = [
  "default-src 'self'",
  "connect-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** The headers of every response: API answers are never cached, console pages carry the CSP. */
function setSecurityHeaders(reply: FastifyReply, url: string): void {
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-frame-options', 'DENY');
  if (url.startsWith('/v1/')) reply.header('cache-control', 'no-store');
  else reply.header('content-security-policy', CONSOLE_CSP);
}

export interface AppOptions {
  logger?: boolean;
  corsOrigins?: string[];
  consoleDir?: string;
}

export async function buildApp(ctx: ServerContext, opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    // Errors the router raises before any route or hook runs (a path parameter over 100
    // characters, broken percent-encoding) get the documented shape and security headers too.
    frameworkErrors: (err, request, frameworkReply) => {
      const reply = frameworkReply as unknown as FastifyReply;
      const status = typeof err.statusCode === 'number' && err.statusCode >= 400 ? err.statusCode : 400;
      // onSend hooks do not run for these replies: the same headers, set here.
      setSecurityHeaders(reply, request.url);
      void reply
        .status(status)
        .send({ error: { code: status === 414 ? 'uri_too_long' : 'bad_url', message: err.message } });
    },
    logger: opts.logger
      ? {
          level: 'info',
          // Never log the SSE ?token= query parameter.
          serializers: {
            req: (req: { method: string; url: string }) => ({
              method: req.method,
              url: req.url.replace(/([?&]token=)[^&]*/, '$1[redacted]'),
            }),
          },
        }
      : false,
  });
  const origins = new Set([ELECTRON_ORIGIN, ...(opts.corsOrigins ?? [])].filter((o) => o && o !== '*'));
  const allowedOrigin = (origin?: string) => (origin && origins.has(origin) ? origin : undefined);

  await app.register(cors, {
    origin: (origin, cb) => cb(null, Boolean(allowedOrigin(origin))),
    methods: ['GET', 'POST', 'PATCH'],
    allowedHeaders: ['authorization', 'content-type'],
    maxAge: 600,
  });

  app.addHook('onSend', async (request, reply, payload) => {
    setSecurityHeaders(reply, request.url);
    return payload;
  });

  installErrorHandlers(app);

  if (opts.consoleDir) {
    await app.register(fastifyStatic, { root: opts.consoleDir, prefix: '/', index: ['index.html'] });
  }
  app.setNotFoundHandler((request, reply) => {
    const isApi = request.url === '/v1' || request.url.startsWith('/v1/');
    // Client-side routes of the single-page console fall back to index.html.
    if (opts.consoleDir && !isApi && (request.method === 'GET' || request.method === 'HEAD')) {
      return reply.type('text/html').sendFile('index.html');
    }
    const err = new ApiError(404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`);
    return reply.status(404).send({ error: { code: err.code, message: err.message } });
  });

  healthRoutes(app, ctx);
  authRoutes(app, ctx);
  adminRoutes(app, ctx);
  syncRoutes(app, ctx, allowedOrigin);
  auditRoutes(app, ctx);
  return app;
}
