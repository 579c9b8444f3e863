// Routes of the device register: admins list and revoke devices; a revoked console that erased
// itself reports so (no session: revocation took it).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { storable } from '../../shared/sync/protocol';
import { requireRole } from '../auth/sessions';
import type { ServerContext } from '../context';
import { BEARER, ErrorResponse, validInput } from '../routes/api-docs';
import { confirmErasure, listDevices, revokeDevice } from './register';

const DeviceId = storable(z.string().min(1).max(100));
const Device = z.object({
  id: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  officeId: z.string().nullable(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  appVersion: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
  wipeOrderedAt: z.string().nullable().describe('When the revoked console was first told to erase itself'),
  erasedAt: z.string().nullable().describe('When the console reported it erased its local data'),
});
const doc = (summary: string) => ({ summary, description: 'Roles: admin', security: BEARER });

export function deviceRoutes(root: FastifyInstance, ctx: ServerContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  const listSchema = {
    ...doc('The device register: every console that signed in'),
    response: { 200: z.object({ devices: z.array(Device) }), default: ErrorResponse },
  };
  app.get('/v1/admin/devices', { schema: listSchema }, async (request) => {
    await requireRole(ctx, request, ['admin'], 'list devices');
    return { devices: await listDevices(ctx.storage.sql) };
  });

  const revokeSchema = {
    ...doc('Revoke a lost device: its sessions end now, it cannot sign in, it erases itself'),
    params: z.object({ id: DeviceId }),
    response: {
      200: z.object({ device: Device, sessionsRevoked: z.number().int() }),
      default: ErrorResponse,
    },
  };
  app.post(
    '/v1/admin/devices/:id/revoke',
    { schema: revokeSchema, attachValidation: true },
    async (request) => {
      const user = await requireRole(ctx, request, ['admin'], 'revoke devices');
      const { params } = validInput(request);
      const result = await revokeDevice(ctx.storage, { id: user.id, deviceId: user.deviceId }, params.id);
      // Its open event streams end now (their sessions are revoked).
      await ctx.events.revalidate();
      return result;
    },
  );

  const erasedSchema = {
    summary: 'A revoked console reports it erased its local data',
    description: 'No authentication (the device has no session left); taken once per revoked device',
    body: z.object({ deviceId: DeviceId }),
    response: { 200: z.object({ ok: z.boolean() }), default: ErrorResponse },
  };
  app.post('/v1/devices/erased', { schema: erasedSchema }, async (request) => {
    await confirmErasure(ctx.storage, request.body.deviceId);
    return { ok: true };
  });
}
