// Offices and accounts. Shared by the HTTP admin routes and the admin CLI so
// both validate, audit and revoke sessions the same way.
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { UserRole } from '../../shared/domain/enums';
import { storable, type SessionUser } from '../../shared/sync/protocol';
import { NewPassword, hashPassword } from '../auth/passwords';
import { toSessionUser } from '../auth/sessions';
import { ApiError } from '../errors';
import type { Storage, WriteTx } from '../storage/storage';
import type { OfficeRow, Sql, UserRow } from '../storage/types';

export const OfficeInput = z.object({
  code: z.string().regex(/^[A-Z0-9]{2,10}$/, '2-10 capital letters or digits'),
  name: storable(z.string().trim().min(1).max(200)),
});
export const Username = z
  .string()
  .regex(/^[a-z0-9._-]{3,64}$/, '3-64 lower-case letters, digits, dot, dash or underscore');
export const UserInput = z.object({
  username: Username,
  password: NewPassword,
  displayName: storable(z.string().trim().min(1).max(200)),
  role: UserRole,
  officeId: storable(z.string().min(1).max(64)).nullable().default(null),
});
export const UserPatch = z
  .object({
    disabled: z.boolean().optional(),
    role: UserRole.optional(),
    officeId: storable(z.string().min(1).max(64)).nullable().optional(),
    password: NewPassword.optional(),
    displayName: storable(z.string().trim().min(1).max(200)).optional(),
  })
  .strict()
  // An empty patch is a client bug, not a change: it must not bump updated_at or write an audit entry.
  .refine((patch) => Object.values(patch).some((v) => v !== undefined), {
    message: 'name at least one of disabled, role, officeId, password, displayName',
  });

export interface Office {
  id: string;
  code: string;
  name: string;
}
export type AdminUser = SessionUser & { disabled: boolean };

/** Who does an admin change: an admin account over HTTP, or the CLI (no account). */
export interface AdminActor {
  id: string | null;
  deviceId: string;
}

const toOffice = (r: OfficeRow): Office => ({ id: r.id, code: r.code, name: r.name });
const toAdminUser = (r: UserRow): AdminUser => ({
  ...toSessionUser(r),
  disabled: Boolean(Number(r.disabled)),
});

async function assertOfficeFits(sql: Sql, role: string, officeId: string | null): Promise<void> {
  if ((role === 'operator' || role === 'supervisor') && !officeId) {
    throw new ApiError(400, 'validation_failed', `body.officeId: required for role ${role}`, {
      path: 'officeId',
    });
  }
  if (officeId && !(await sql.get('SELECT id FROM offices WHERE id = ?', [officeId]))) {
    throw new ApiError(400, 'validation_failed', 'body.officeId: no such office', { path: 'officeId' });
  }
}

export async function createOffice(
  storage: Storage,
  actor: AdminActor,
  input: z.infer<typeof OfficeInput>,
): Promise<Office> {
  return storage.write(async (tx) => {
    if (await tx.get('SELECT id FROM offices WHERE code = ?', [input.code])) {
      throw new ApiError(409, 'office_exists', `an office with code ${input.code} already exists`);
    }
    const office = { id: uuidv7(), code: input.code, name: input.name };
    await tx.run('INSERT INTO offices (id, code, name, created_at) VALUES (?, ?, ?, ?)', [
      office.id,
      office.code,
      office.name,
      tx.now,
    ]);
    await tx.audit({
      action: 'admin.office.create',
      outcome: 'ok',
      actorId: actor.id,
      deviceId: actor.deviceId,
      officeId: office.id,
      detail: `${office.code} ${office.name}`,
    });
    return office;
  });
}

export async function listOffices(sql: Sql): Promise<Office[]> {
  return (await sql.all<OfficeRow>('SELECT * FROM offices ORDER BY code')).map(toOffice);
}

export async function findOffice(sql: Sql, codeOrId: string): Promise<Office | undefined> {
  const row = await sql.get<OfficeRow>('SELECT * FROM offices WHERE code = ? OR id = ?', [
    codeOrId,
    codeOrId,
  ]);
  return row ? toOffice(row) : undefined;
}

export async function createUser(
  storage: Storage,
  actor: AdminActor,
  input: z.infer<typeof UserInput>,
): Promise<AdminUser> {
  const created = await createUserIf(storage, actor, input, async (tx) => {
    if (await tx.get('SELECT id FROM users WHERE username = ?', [input.username])) {
      throw new ApiError(409, 'user_exists', `user ${input.username} already exists`);
    }
    return true;
  });
  return created as AdminUser;
}

/**
 * The first admin of an empty database (bootstrap from the environment). Several nodes may
 * start together on one fresh PostgreSQL: the count is re-read inside the write transaction,
 * after the writer lock, so exactly one creates the account and the others get undefined.
 */
export async function createFirstAdmin(
  storage: Storage,
  input: { username: string; password: string },
): Promise<AdminUser | undefined> {
  return createUserIf(
    storage,
    { id: null, deviceId: 'bootstrap' },
    { ...input, displayName: input.username, role: 'admin', officeId: null },
    async (tx) => (await countUsers(tx)) === 0,
  );
}

async function createUserIf(
  storage: Storage,
  actor: AdminActor,
  input: z.infer<typeof UserInput>,
  precondition: (tx: WriteTx) => Promise<boolean>,
): Promise<AdminUser | undefined> {
  await assertOfficeFits(storage.sql, input.role, input.officeId);
  const passwordHash = await hashPassword(input.password); // slow: outside the write transaction
  return storage.write(async (tx) => {
    if (!(await precondition(tx))) return undefined;
    const id = uuidv7();
    await tx.run(
      `INSERT INTO users (id, username, display_name, role, office_id, password_hash, disabled, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`,
      [id, input.username, input.displayName, input.role, input.officeId, passwordHash, tx.now, tx.now],
    );
    await tx.audit({
      action: 'admin.user.create',
      outcome: 'ok',
      actorId: actor.id,
      deviceId: actor.deviceId,
      officeId: input.officeId,
      detail: `${input.username} role=${input.role}`,
    });
    const row = await tx.get<UserRow>('SELECT * FROM users WHERE id = ?', [id]);
    return toAdminUser(row as UserRow);
  });
}

export async function listUsers(sql: Sql): Promise<AdminUser[]> {
  return (await sql.all<UserRow>('SELECT * FROM users ORDER BY username')).map(toAdminUser);
}

export async function findUser(sql: Sql, usernameOrId: string): Promise<AdminUser | undefined> {
  const row = await sql.get<UserRow>('SELECT * FROM users WHERE username = ? OR id = ?', [
    usernameOrId,
    usernameOrId,
  ]);
  return row ? toAdminUser(row) : undefined;
}

async function revokeSessions(tx: WriteTx, userId: string): Promise<void> {
  await tx.run('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', [
    tx.now,
    userId,
  ]);
}

export async function updateUser(
  storage: Storage,
  actor: AdminActor,
  userId: string,
  patch: z.infer<typeof UserPatch>,
): Promise<AdminUser> {
  const existing = await storage.sql.get<UserRow>('SELECT * FROM users WHERE id = ?', [userId]);
  if (!existing) throw new ApiError(404, 'not_found', `user ${userId} does not exist`);
  if (actor.id === userId && (patch.disabled || (patch.role && patch.role !== 'admin'))) {
    throw new ApiError(409, 'cannot_demote_self', 'an admin cannot disable or demote their own account');
  }
  const role = patch.role ?? existing.role;
  const officeId = patch.officeId !== undefined ? patch.officeId : existing.office_id;
  await assertOfficeFits(storage.sql, role, officeId);
  const passwordHash = patch.password ? await hashPassword(patch.password) : existing.password_hash;
  return storage.write(async (tx) => {
    const disabled = patch.disabled ?? Boolean(Number(existing.disabled));
    await tx.run(
      `UPDATE users SET role = ?, office_id = ?, display_name = ?, password_hash = ?, disabled = ?, updated_at = ?
       WHERE id = ?`,
      [
        role,
        officeId,
        patch.displayName ?? existing.display_name,
        passwordHash,
        disabled ? 1 : 0,
        tx.now,
        userId,
      ],
    );
    // Disabling or a new password ends every open session of the account.
    if (disabled || patch.password) await revokeSessions(tx, userId);
    const fields = Object.keys(patch).map((k) =>
      k === 'password' ? 'password=(changed)' : `${k}=${JSON.stringify(patch[k as keyof typeof patch])}`,
    );
    await tx.audit({
      action: 'admin.user.update',
      outcome: 'ok',
      actorId: actor.id,
      deviceId: actor.deviceId,
      officeId,
      detail: `${existing.username}: ${fields.join(' ')}`,
      recordId: userId,
    });
    const row = await tx.get<UserRow>('SELECT * FROM users WHERE id = ?', [userId]);
    return toAdminUser(row as UserRow);
  });
}

export async function countUsers(sql: Sql): Promise<number> {
  const row = await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM users');
  return Number(row?.n ?? 0);
}
