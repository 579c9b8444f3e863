import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PullQuery, PullResponse, PushEnvelope, PushResponse } from '../../shared/sync/protocol';
import { wantsCompact } from '../../shared/sync/wire';
import { refuse, requireRole } from '../auth/sessions';
import type { AuthUser, ServerContext } from '../context';
import { ApiError } from '../errors';
import { pullBody } from '../sync/pull';
import { assertSchemaVersion, push } from '../sync/push';
import { BEARER, ErrorResponse, validInput } from './api-docs';

const CASE_ROLES = ['operator', 'supervisor'] as const;
/** Route schemas: what Fastify validates and what the OpenAPI document says (api-docs.ts). */
const doc = (summary: string) => ({ summary, description: 'Roles: operator, supervisor', security: BEARER });
const pushSchema = {
  ...doc('Push mutations; one result per mutation, in order'),
  body: PushEnvelope,
  response: { 200: PushResponse, default: ErrorResponse },
};
const pullSchema = {
  ...doc('Records and conflicts changed after cursor, in seq order'),
  querystring: PullQuery,
  response: { 200: PullResponse, default: ErrorResponse },
};
const eventsSchema = {
  ...doc('Server-Sent Events: `poke` with {seq} after each commit of the office'),
  response: {
    200: { description: 'An event stream', content: { 'text/event-stream': { schema: z.string() } } },
    default: ErrorResponse,
  },
};

function officeOf(user: AuthUser): string {
  if (!user.officeId)
    throw new ApiError(403, 'no_office', 'your account has no office; ask an administrator');
  return user.officeId;
}

export function syncRoutes(
  root: FastifyInstance,
  ctx: ServerContext,
  allowedOrigin: (origin?: string) => string | undefined,
): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.post('/v1/sync/push', { schema: pushSchema, attachValidation: true }, async (request) => {
    const user = await requireRole(ctx, request, CASE_ROLES, 'push case data');
    // Check the version before the full parse: a newer client's records may not parse here at all.
    const raw = request.body as { schemaVersion?: unknown } | null;
    if (raw && typeof raw === 'object' && typeof raw.schemaVersion === 'number')
      assertSchemaVersion(raw.schemaVersion);
    // The envelope only: each mutation is parsed on its own in push(), so a bad one is refused alone.
    const { body } = validInput(request);
    // The device in the audit is the device that signed in: a push naming another is refused
    // (and the refusal audited), so no device can write under another device's name.
    if (body.deviceId !== user.deviceId) {
      await refuse(
        ctx,
        user,
        'push case data',
        `deviceId ${JSON.stringify(body.deviceId.slice(0, 64))} is not the device this session signed in from`,
        'device_mismatch',
      );
    }
    officeOf(user);
    const response: PushResponse = { results: await push(ctx, user, body) };
    return response;
  });

  app.get('/v1/sync/pull', { schema: pullSchema, attachValidation: true }, async (request, reply) => {
    const user = await requireRole(ctx, request, CASE_ROLES, 'pull case data');
    const { query } = validInput(request);
    // Already JSON (records spliced in as stored, or compacted): sent as is, not serialized again.
    const body = await pullBody(ctx.storage, officeOf(user), query.cursor, query.limit, {
      compact: wantsCompact(query.compact),
    });
    // The typed reply expects a PullResponse object; this is one, serialized already.
    return (reply as FastifyReply).type('application/json; charset=utf-8').send(body);
  });

  // The token comes in the Authorization header, as everywhere (a token in a URL ends up in proxy
  // logs); the stream ends when its session is revoked (server/sync/events.ts).
  // Never compressed: a compressor would hold pokes back in its buffer.
  app.get('/v1/sync/events', { schema: eventsSchema, compress: false }, async (request, reply) => {
    const user = await requireRole(ctx, request, CASE_ROLES, 'subscribe to sync events');
    const officeId = officeOf(user);
    const head = await ctx.storage.headSeq();
    reply.hijack();
    ctx.events.attach(
      reply.raw,
      head,
      { tokenHash: user.tokenHash, userId: user.id, role: user.role, officeId },
      allowedOrigin(request.headers.origin),
    );
  });
}
