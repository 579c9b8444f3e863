// GET /v1/ready: whether this node should get traffic, for a load balancer in front of several
// nodes. /v1/health stays liveness (the process answers); ready also needs the database to answer
// within a deadline with every migration this build knows applied, and is withdrawn as soon as
// the node starts closing, so the balancer drains it before in-flight requests end.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context';
import { LATEST_MIGRATION } from '../storage/migrations';
import type { Sql } from '../storage/types';
import { ErrorResponse } from './api-docs';

/** How long the database may take to answer before the node counts as not ready. */
export const READY_DEADLINE_MS = 2000;

export type Readiness = { ready: true; migration: number } | { ready: false; reason: string };

/** Readiness of a node whose database is `sql` (no personal data or error text in the reason). */
export async function readiness(
  sql: Sql,
  closing: boolean,
  deadlineMs = READY_DEADLINE_MS,
): Promise<Readiness> {
  if (closing) return { ready: false, reason: 'the server is shutting down' };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), deadlineMs);
  });
  try {
    const row = await Promise.race([
      sql.get<{ version: number | string | null }>('SELECT MAX(version) AS version FROM schema_migrations'),
      late,
    ]);
    if (row === 'late')
      return { ready: false, reason: `the database did not answer within ${deadlineMs} ms` };
    const migration = Number(row?.version ?? 0);
    if (migration < LATEST_MIGRATION)
      return { ready: false, reason: `migrations not done (${migration} of ${LATEST_MIGRATION})` };
    return { ready: true, migration };
  } catch {
    return { ready: false, reason: 'the database is unreachable' };
  } finally {
    clearTimeout(timer);
  }
}

const readySchema = {
  summary: 'Readiness: the database answers and migrations are done (503 otherwise, and while closing)',
  description: 'No authentication (load balancers probe without a token)',
  response: {
    200: z.object({ ready: z.literal(true), migration: z.number().int() }),
    503: ErrorResponse,
  },
};

export function readyRoutes(root: FastifyInstance, ctx: ServerContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  let closing = false;
  root.addHook('preClose', async () => {
    closing = true;
  });
  app.get('/v1/ready', { schema: readySchema }, async (request, reply) => {
    const state = await readiness(ctx.storage.sql, closing);
    if (state.ready) return state;
    request.log.warn({ reason: state.reason }, 'not ready');
    return reply.status(503).send({ error: { code: 'not_ready', message: state.reason } });
  });
}
