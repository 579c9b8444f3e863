import type { FastifyInstance } from 'fastify';
import { SCHEMA_VERSION } from '../../shared/domain/record';
import { authenticate } from '../auth/sessions';
import type { ServerContext } from '../context';
import { buildOpenApi } from './openapi';

export function healthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  // Without a token: only that the server is up. The version and the database kind tell an
  // attacker which known weaknesses to try, so only an admin's token gets them. A missing, bad or
  // non-admin token is not an error here (load balancers probe without one): it gets the short answer.
  app.get('/v1/health', async (request) => {
    if (request.headers.authorization) {
      const user = await authenticate(ctx, request).catch(() => null);
      if (user?.role === 'admin') {
        return { ok: true, version: ctx.version, schemaVersion: SCHEMA_VERSION, db: ctx.storage.kind };
      }
    }
    return { ok: true };
  });

  let doc: unknown;
  app.get('/v1/openapi.json', async () => {
    // The document's version is the protocol's, not the server build's (which health keeps for admins).
    doc ??= buildOpenApi('1');
    return doc;
  });
}
