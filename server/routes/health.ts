import type { FastifyInstance } from 'fastify';
import { SCHEMA_VERSION } from '../../shared/domain/record';
import type { ServerContext } from '../context';
import { buildOpenApi } from './openapi';

export function healthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/v1/health', async () => ({
    ok: true,
    version: ctx.version,
    schemaVersion: SCHEMA_VERSION,
    db: ctx.storage.kind,
  }));

  let doc: unknown;
  app.get('/v1/openapi.json', async () => {
    doc ??= buildOpenApi(ctx.version);
    return doc;
  });
}
