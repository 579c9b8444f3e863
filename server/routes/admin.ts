import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SessionUser, storable } from '../../shared/sync/protocol';
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
import { BEARER, ErrorResponse, validInput } from './api-docs';

// Storable text: PostgreSQL fails a statement given a NUL (a 500, not a 400).
const IdParams = z.object({ id: storable(z.string().min(1).max(64)) });
const Office = z.object({ id: z.string(), code: z.string(), name: z.string() });
const AdminUser = SessionUser.extend({ disabled: z.boolean() });
/** Route schemas: what Fastify validates and what the OpenAPI document says (api-docs.ts). */
const doc = (summary: string) => ({ summary, description: 'Roles: admin', security: BEARER });

// Admins manage offices and accounts. They do not read or write cases: case
// data is for the office that handles it (see docs/sync-protocol.md).
export function adminRoutes(root: FastifyInstance, ctx: ServerContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const admin = (request: Parameters<typeof requireRole>[1], action: string) =>
    requireRole(ctx, request, ['admin'], action);
  /** The acting admin as the audit names it. */
  const actor = async (request: Parameters<typeof requireRole>[1], action: string) => {
    const user = await admin(request, action);
    return { id: user.id, deviceId: user.deviceId };
  };

  const createOfficeSchema = {
    ...doc('Create an office'),
    body: OfficeInput,
    response: { 201: z.object({ office: Office }), default: ErrorResponse },
  };
  app.post(
    '/v1/admin/offices',
    { schema: createOfficeSchema, attachValidation: true },
    async (request, reply) => {
      const by = await actor(request, 'create offices');
      const office = await createOffice(ctx.storage, by, validInput(request).body);
      return reply.status(201).send({ office });
    },
  );

  const listOfficesSchema = {
    ...doc('List offices'),
    response: { 200: z.object({ offices: z.array(Office) }), default: ErrorResponse },
  };
  app.get('/v1/admin/offices', { schema: listOfficesSchema }, async (request) => {
    await admin(request, 'list offices');
    return { offices: await listOffices(ctx.storage.sql) };
  });

  const createUserSchema = {
    ...doc('Create a user'),
    body: UserInput,
    response: { 201: z.object({ user: AdminUser }), default: ErrorResponse },
  };
  app.post(
    '/v1/admin/users',
    { schema: createUserSchema, attachValidation: true },
    async (request, reply) => {
      const by = await actor(request, 'create users');
      const created = await createUser(ctx.storage, by, validInput(request).body);
      return reply.status(201).send({ user: created });
    },
  );

  const listUsersSchema = {
    ...doc('List users'),
    response: { 200: z.object({ users: z.array(AdminUser) }), default: ErrorResponse },
  };
  app.get('/v1/admin/users', { schema: listUsersSchema }, async (request) => {
    await admin(request, 'list users');
    return { users: await listUsers(ctx.storage.sql) };
  });

  const updateUserSchema = {
    ...doc('Disable, change role, office, name or password'),
    params: IdParams,
    body: UserPatch,
    response: { 200: z.object({ user: AdminUser }), default: ErrorResponse },
  };
  app.patch('/v1/admin/users/:id', { schema: updateUserSchema, attachValidation: true }, async (request) => {
    const by = await actor(request, 'change users');
    const { params, body } = validInput(request);
    const user = await updateUser(ctx.storage, by, params.id, body);
    // A disabled account, a new password, another role or office: the user's open event streams
    // end now (server/sync/events.ts checks them against their sessions).
    await ctx.events.revalidate();
    return { user };
  });
}
