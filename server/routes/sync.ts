import type { FastifyInstance } from 'fastify';
import { PullQuery, PushEnvelope, type PushResponse } from '../../shared/sync/protocol';
import { wantsCompact } from '../../shared/sync/wire';
import { refuse, requireRole } from '../auth/sessions';
import type { AuthUser, ServerContext } from '../context';
import { ApiError, parseInput } from '../errors';
import { pullBody } from '../sync/pull';
import { assertSchemaVersion, push } from '../sync/push';

const CASE_ROLES = ['operator', 'supervisor'] as const;

function officeOf(user: AuthUser): string {
  if (!user.officeId)
    throw new ApiError(403, 'no_office', 'your account has no office; ask an administrator');
  return user.officeId;
}

export function syncRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  allowedOrigin: (origin?: string) => string | undefined,
): void {
  app.post('/v1/sync/push', async (request) => {
    const user = await requireRole(ctx, request, CASE_ROLES, 'push case data');
    // Check the version before the full parse: a newer client's records may not parse here at all.
    const raw = request.body as { schemaVersion?: unknown } | null;
    if (raw && typeof raw === 'object' && typeof raw.schemaVersion === 'number')
      assertSchemaVersion(raw.schemaVersion);
    // The envelope only: each mutation is parsed on its own in push(), so a bad one is refused alone.
    const body = parseInput(PushEnvelope, request.body, 'body');
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

  app.get('/v1/sync/pull', async (request, reply) => {
    const user = await requireRole(ctx, request, CASE_ROLES, 'pull case data');
    const query = parseInput(PullQuery, request.query, 'query');
    // Already JSON (records spliced in as stored, or compacted): sent as is, not serialized again.
    const body = await pullBody(ctx.storage, officeOf(user), query.cursor, query.limit, {
      compact: wantsCompact(query.compact),
    });
    return reply.type('application/json; charset=utf-8').send(body);
  });

  // The token comes in the Authorization header, as everywhere (a token in a URL ends up in proxy
  // logs); the stream ends when its session is revoked (server/sync/events.ts).
  // Never compressed: a compressor would hold pokes back in its buffer.
  app.get('/v1/sync/events', { compress: false }, async (request, reply) => {
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
