import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { storable } from '../../shared/sync/protocol';
import {
  OfficeInput,
  UserInput,
  UserPatch,
  createOffice,
  createUser,
  listOffices,
  listUsers,
  updateUser,
} from '../admin/service';
import { requireRole } from '../auth/sessions';
import type { ServerContext } from '../context';
import { parseInput } from '../errors';

// Storable text: PostgreSQL fails a statement given a NUL (a 500, not a 400).
const IdParams = z.object({ id: storable(z.string().min(1).max(64)) });

// Admins manage offices and accounts. They do not read or write cases: case
// data is for the office that handles it (see docs/sync-protocol.md).
export function adminRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const admin = (request: Parameters<typeof requireRole>[1], action: string) =>
    requireRole(ctx, request, ['admin'], action);
  /** The acting admin as the audit names it. */
  const actor = async (request: Parameters<typeof requireRole>[1], action: string) => {
    const user = await admin(request, action);
    return { id: user.id, deviceId: user.deviceId };
  };

  app.post('/v1/admin/offices', async (request, reply) => {
    const by = await actor(request, 'create offices');
    const office = await createOffice(ctx.storage, by, parseInput(OfficeInput, request.body, 'body'));
    return reply.status(201).send({ office });
  });

  app.get('/v1/admin/offices', async (request) => {
    await admin(request, 'list offices');
    return { offices: await listOffices(ctx.storage.sql) };
  });

  app.post('/v1/admin/users', async (request, reply) => {
    const by = await actor(request, 'create users');
    const created = await createUser(ctx.storage, by, parseInput(UserInput, request.body, 'body'));
    return reply.status(201).send({ user: created });
  });

  app.get('/v1/admin/users', async (request) => {
    await admin(request, 'list users');
    return { users: await listUsers(ctx.storage.sql) };
  });

  app.patch('/v1/admin/users/:id', async (request) => {
    const by = await actor(request, 'change users');
    const { id } = parseInput(IdParams, request.params, 'params');
    const patch = parseInput(UserPatch, request.body, 'body');
    const user = await updateUser(ctx.storage, by, id, patch);
    // A disabled account, a new password, another role or office: the user's open event streams
    // end now (server/sync/events.ts checks them against their sessions).
    await ctx.events.revalidate();
    return { user };
  });
}
