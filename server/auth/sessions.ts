// Opaque bearer tokens: 32 random bytes, only their SHA-256 stored, with an
// expiry; logout and disabling the user revoke them. Every request re-reads the
// user, so a role or office change applies at once.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { UserRole } from '../../shared/domain/enums';
import type { SessionUser } from '../../shared/sync/protocol';
import type { AuthUser, ServerContext } from '../context';
import { refuseRevoked } from '../devices/register';
import { ApiError } from '../errors';
import type { Storage, WriteTx } from '../storage/storage';
import type { UserRow } from '../storage/types';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function toSessionUser(
  row: Pick<UserRow, 'id' | 'username' | 'display_name' | 'role' | 'office_id'>,
): SessionUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as UserRole,
    officeId: row.office_id,
  };
}

export async function createSession(
  tx: WriteTx,
  userId: string,
  deviceId: string,
  ttlMs: number,
): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlMs).toISOString();
  await tx.run(
    'INSERT INTO sessions (token_hash, user_id, device_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    [hashToken(token), userId, deviceId, tx.now, expiresAt],
  );
  return { token, expiresAt };
}

// Only the Authorization header: a token in a URL ends up in proxy and browser logs. The event
// stream too is opened with the header (the console reads it with fetch, not EventSource).
function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/.exec(header);
  return match?.[1];
}

type SessionJoin = UserRow & {
  device_id: string;
  expires_at: string;
  revoked_at: string | null;
  device_revoked_at: string | null;
};

/** 401 unless the request carries a live session of an enabled user. */
export async function authenticate(ctx: ServerContext, request: FastifyRequest): Promise<AuthUser> {
  const token = bearer(request);
  if (!token) throw new ApiError(401, 'unauthenticated', 'missing or malformed bearer token');
  const tokenHash = hashToken(token);
  const row = await ctx.storage.sql.get<SessionJoin>(
    `SELECT u.*, s.device_id, s.expires_at, s.revoked_at, d.revoked_at AS device_revoked_at
     FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN devices d ON d.id = s.device_id
     WHERE s.token_hash = ?`,
    [tokenHash],
  );
  // A revoked device is told so (not a plain 401), so that the console erases its local data.
  if (row?.device_revoked_at) return refuseRevoked(ctx.storage, row.device_id, row.id);
  if (!row || row.revoked_at) throw new ApiError(401, 'unauthenticated', 'session unknown or revoked');
  if (row.expires_at <= new Date().toISOString())
    throw new ApiError(401, 'session_expired', 'session expired, log in again');
  if (Number(row.disabled)) throw new ApiError(401, 'unauthenticated', 'account disabled');
  return { ...toSessionUser(row), deviceId: row.device_id, tokenHash };
}

/** Writes the refusal to the audit trail, then throws 403 (`code` defaults to `forbidden`). */
export async function refuse(
  ctx: ServerContext,
  user: AuthUser,
  action: string,
  message: string,
  code = 'forbidden',
): Promise<never> {
  await ctx.storage.write((tx) =>
    tx.audit({
      action: 'permission.refused',
      outcome: 'refused',
      actorId: user.id,
      deviceId: user.deviceId,
      officeId: user.officeId,
      detail: `${action}: ${message}`,
    }),
  );
  throw new ApiError(403, code, message);
}

/** Authenticates and checks the role; a wrong role is an audited 403. */
export async function requireRole(
  ctx: ServerContext,
  request: FastifyRequest,
  roles: readonly UserRole[],
  action: string,
): Promise<AuthUser> {
  const user = await authenticate(ctx, request);
  if (!roles.includes(user.role)) {
    await refuse(ctx, user, action, `role ${user.role} may not ${action}`);
  }
  return user;
}

/** The part of a live session an open event stream depends on. */
export interface LiveSession {
  role: UserRole;
  officeId: string | null;
}

/**
 * Which of these sessions are still live (not revoked, not expired, user enabled), with the
 * user's current role and office: open event streams are checked against it, so a logout, a
 * password reset or a disabled account ends them, also when another API node or the admin CLI
 * made the change.
 */
export async function liveSessions(
  sql: Storage['sql'],
  tokenHashes: string[],
): Promise<Map<string, LiveSession>> {
  const live = new Map<string, LiveSession>();
  const now = new Date().toISOString();
  for (let i = 0; i < tokenHashes.length; i += 500) {
    const chunk = tokenHashes.slice(i, i + 500);
    const rows = await sql.all<{ token_hash: string; role: string; office_id: string | null }>(
      `SELECT s.token_hash, u.role, u.office_id FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash IN (${chunk.map(() => '?').join(', ')})
         AND s.revoked_at IS NULL AND s.expires_at > ? AND u.disabled = 0`,
      [...chunk, now],
    );
    for (const r of rows) live.set(r.token_hash, { role: r.role as UserRole, officeId: r.office_id });
  }
  return live;
}
