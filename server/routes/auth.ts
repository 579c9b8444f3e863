import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LoginRequest, LoginResponse, SessionUser } from '../../shared/sync/protocol';
import { dummyPasswordHash, verifyPassword } from '../auth/passwords';
import { authenticate, createSession, toSessionUser } from '../auth/sessions';
import type { ServerContext } from '../context';
import { isRevoked, recordSignIn, refuseRevoked } from '../devices/register';
import { ApiError } from '../errors';
import type { UserRow } from '../storage/types';
import { BEARER, ErrorResponse } from './api-docs';

/** Route schemas: what Fastify validates and what the OpenAPI document says (api-docs.ts). */
const loginSchema = {
  summary: 'Log in; returns an opaque bearer token',
  description: 'No authentication',
  body: LoginRequest,
  response: { 200: LoginResponse, default: ErrorResponse },
};
const logoutSchema = {
  summary: 'Revoke the current token',
  security: BEARER,
  response: { 200: z.object({ ok: z.boolean().describe('Always true') }), default: ErrorResponse },
};
const meSchema = {
  summary: 'The current user',
  security: BEARER,
  response: { 200: z.object({ user: SessionUser }), default: ErrorResponse },
};

export function authRoutes(root: FastifyInstance, ctx: ServerContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { storage, throttle } = ctx;

  // No token to check first: Fastify answers bad input itself (the same 400, server/errors.ts).
  app.post('/v1/auth/login', { schema: loginSchema }, async (request, reply) => {
    const { body } = request;
    const username = body.username.trim().toLowerCase();
    const address = request.ip;
    const failed = (actorId: string | null, reason: string) =>
      storage.write((tx) =>
        tx.audit({
          action: 'auth.login',
          outcome: 'failed',
          actorId,
          deviceId: body.deviceId,
          detail: `${reason} (username ${JSON.stringify(username)}, address ${address})`,
        }),
      );

    // Reserve the attempt before any hash runs: parallel requests cannot all pass a check made
    // on arrival. A refusal of a locked key is audited once per key and window, not per request,
    // so nobody can grow the audit without limit by hammering a locked account.
    const attempt = throttle.reserve(username, address);
    if (!attempt.ok) {
      if (attempt.firstRefusal) await failed(null, `rate_limited (${attempt.locked} locked)`);
      throw new ApiError(
        429,
        'rate_limited',
        `too many failed logins; try again in ${attempt.waitSeconds} s`,
        { retryAfterSeconds: attempt.waitSeconds },
      );
    }
    // A revoked device is refused whoever signs in and whatever the password (no hash runs): the
    // answer tells the console to erase itself (server/devices/register.ts).
    // It counts as a failed attempt: the throttle bounds a console that keeps trying.
    if (await isRevoked(storage.sql, body.deviceId)) return refuseRevoked(storage, body.deviceId, null);
    const row = await storage.sql.get<UserRow>('SELECT * FROM users WHERE username = ?', [username]);
    // Hash even for an unknown user so timing does not reveal which usernames exist.
    const ok = row
      ? await verifyPassword(body.password, row.password_hash)
      : (await verifyPassword(body.password, await dummyPasswordHash())) && false;
    // A disabled account answers exactly like a wrong password: a distinct answer would confirm
    // the password to whoever holds it. The audit keeps the real reason.
    if (!row || !ok || Number(row.disabled)) {
      await failed(row?.id ?? null, !row ? 'unknown_user' : !ok ? 'bad_password' : 'account_disabled');
      throw new ApiError(401, 'invalid_credentials', 'wrong username or password');
    }
    attempt.succeed();
    const session = await storage.write(async (tx) => {
      await recordSignIn(tx, {
        deviceId: body.deviceId,
        userId: row.id,
        officeId: row.office_id,
        appVersion: body.appVersion,
      });
      const s = await createSession(tx, row.id, body.deviceId, ctx.sessionTtlMs);
      await tx.audit({
        action: 'auth.login',
        outcome: 'ok',
        actorId: row.id,
        deviceId: body.deviceId,
        officeId: row.office_id,
        detail: `address ${address}`,
      });
      return s;
    });
    const response: LoginResponse = {
      token: session.token,
      expiresAt: session.expiresAt,
      user: toSessionUser(row),
    };
    return reply.status(200).send(response);
  });

  app.post('/v1/auth/logout', { schema: logoutSchema }, async (request) => {
    const user = await authenticate(ctx, request);
    await storage.write(async (tx) => {
      await tx.run('UPDATE sessions SET revoked_at = ? WHERE token_hash = ?', [tx.now, user.tokenHash]);
      await tx.audit({
        action: 'auth.logout',
        outcome: 'ok',
        actorId: user.id,
        deviceId: user.deviceId,
        officeId: user.officeId,
      });
    });
    // An open event stream of this session ends now, not at its next check.
    ctx.events.endSession(user.tokenHash);
    return { ok: true };
  });

  app.get('/v1/me', { schema: meSchema }, async (request) => {
    const user = await authenticate(ctx, request);
    return {
      user: toSessionUser({
        id: user.id,
        username: user.username,
        display_name: user.displayName,
        role: user.role,
        office_id: user.officeId,
      }),
    };
  });
}
