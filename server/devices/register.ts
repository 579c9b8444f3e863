// The device register (issue 19, "A lost laptop"): one row per console (its deviceId), kept from
// sign-ins: who signed in last, their office, first and last sign-in, the app version it reported.
// An admin revokes a lost device: its sessions are revoked in the same transaction (its tokens
// stop working at once, its pushes with them), its event streams end, a new sign-in from it is
// refused, and every refusal tells the console `device_revoked`, on which it erases its local data
// (renderer/db/wipe.ts). The device id is the console's own random id: a thief who signs in with
// stolen credentials from another install gets a new id, which revocation does not cover (disable
// the account for that); what revocation guarantees is that the lost console itself wipes itself
// the next time it reaches the server, and that nothing it still holds opens a session.
import type { Sql } from '../storage/types';
import type { Storage, WriteTx } from '../storage/storage';
import { ApiError } from '../errors';

export const DEVICE_REVOKED = 'device_revoked';
export const REVOKED_MESSAGE =
  'this device was revoked by an administrator; its local data is erased and it can no longer sign in';

export interface DeviceRow {
  id: string;
  user_id: string | null;
  office_id: string | null;
  first_seen: string;
  last_seen: string;
  app_version: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  wipe_ordered_at: string | null;
  erased_at: string | null;
}

export interface Device {
  id: string;
  userId: string | null;
  username: string | null;
  officeId: string | null;
  firstSeen: string;
  lastSeen: string;
  appVersion: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  /** When the server first told the revoked console to erase itself. */
  wipeOrderedAt: string | null;
  /** When the console reported it had erased its data (its own word: the device is not trusted). */
  erasedAt: string | null;
}

const toDevice = (r: DeviceRow & { username: string | null }): Device => ({
  id: r.id,
  userId: r.user_id,
  username: r.username,
  officeId: r.office_id,
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
  appVersion: r.app_version,
  revokedAt: r.revoked_at,
  revokedBy: r.revoked_by,
  wipeOrderedAt: r.wipe_ordered_at,
  erasedAt: r.erased_at,
});

const SELECT = `SELECT d.*, u.username FROM devices d LEFT JOIN users u ON u.id = d.user_id`;

export async function listDevices(sql: Sql): Promise<Device[]> {
  const rows = await sql.all<DeviceRow & { username: string | null }>(
    `${SELECT} ORDER BY d.last_seen DESC, d.id`,
  );
  return rows.map(toDevice);
}

export async function findDevice(sql: Sql, id: string): Promise<Device | undefined> {
  const row = await sql.get<DeviceRow & { username: string | null }>(`${SELECT} WHERE d.id = ?`, [id]);
  return row ? toDevice(row) : undefined;
}

export function revokedError(): ApiError {
  return new ApiError(403, DEVICE_REVOKED, REVOKED_MESSAGE);
}

/** Whether the device is revoked (a read outside the writer lock: the sign-in re-checks inside it). */
export async function isRevoked(sql: Sql, deviceId: string): Promise<boolean> {
  const row = await sql.get<{ revoked_at: string | null }>('SELECT revoked_at FROM devices WHERE id = ?', [
    deviceId,
  ]);
  return Boolean(row?.revoked_at);
}

/**
 * Inside the sign-in's write: refuses a revoked device (a revocation that committed after the
 * first check is seen here, under the writer lock), else records the sign-in.
 */
export async function recordSignIn(
  tx: WriteTx,
  sign: { deviceId: string; userId: string; officeId: string | null; appVersion?: string | undefined },
): Promise<void> {
  const row = await tx.get<{ revoked_at: string | null }>('SELECT revoked_at FROM devices WHERE id = ?', [
    sign.deviceId,
  ]);
  if (row?.revoked_at) throw revokedError();
  await tx.run(
    `INSERT INTO devices (id, user_id, office_id, first_seen, last_seen, app_version) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, office_id = excluded.office_id,
       last_seen = excluded.last_seen, app_version = COALESCE(excluded.app_version, devices.app_version)`,
    [sign.deviceId, sign.userId, sign.officeId, tx.now, tx.now, sign.appVersion ?? null],
  );
}

/**
 * A revoked device reached the server: the first time, the order to erase is audited (later
 * refusals are not, so a looping console cannot grow the audit). Then throws `device_revoked`.
 */
export async function refuseRevoked(
  storage: Storage,
  deviceId: string,
  actorId: string | null,
): Promise<never> {
  const row = await storage.sql.get<{ wipe_ordered_at: string | null }>(
    'SELECT wipe_ordered_at FROM devices WHERE id = ?',
    [deviceId],
  );
  // Already ordered: a plain read, no write transaction per refused request.
  if (row?.wipe_ordered_at) throw revokedError();
  await storage.write(async (tx) => {
    const { changes } = await tx.run(
      'UPDATE devices SET wipe_ordered_at = ? WHERE id = ? AND revoked_at IS NOT NULL AND wipe_ordered_at IS NULL',
      [tx.now, deviceId],
    );
    if (changes)
      await tx.audit({
        action: 'device.wipe_ordered',
        outcome: 'ok',
        actorId,
        deviceId,
        detail: 'the revoked console reached the server and was told to erase its local data',
      });
  });
  throw revokedError();
}

/** Revokes a device and every session it holds, audited; idempotent (a second call changes nothing). */
export async function revokeDevice(
  storage: Storage,
  by: { id: string | null; deviceId: string },
  deviceId: string,
): Promise<{ device: Device; sessionsRevoked: number }> {
  const sessionsRevoked = await storage.write(async (tx) => {
    const row = await tx.get<DeviceRow>('SELECT * FROM devices WHERE id = ?', [deviceId]);
    if (!row) throw new ApiError(404, 'not_found', `no device ${deviceId}`);
    if (row.revoked_at) return 0;
    await tx.run('UPDATE devices SET revoked_at = ?, revoked_by = ? WHERE id = ?', [
      tx.now,
      by.id ?? by.deviceId,
      deviceId,
    ]);
    const { changes } = await tx.run(
      'UPDATE sessions SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL',
      [tx.now, deviceId],
    );
    await tx.audit({
      action: 'device.revoke',
      outcome: 'ok',
      actorId: by.id,
      deviceId: by.deviceId,
      officeId: row.office_id,
      detail: `device ${deviceId} (last user ${row.user_id ?? 'none'}); ${changes} session(s) revoked`,
    });
    return changes;
  });
  return { device: (await findDevice(storage.sql, deviceId))!, sessionsRevoked };
}

/**
 * The wiped console's report (no session: it has none left). Taken once per revoked device and
 * audited; for any other device id it is refused, so it cannot be used to write to the audit.
 */
export async function confirmErasure(storage: Storage, deviceId: string): Promise<void> {
  await storage.write(async (tx) => {
    const { changes } = await tx.run(
      'UPDATE devices SET erased_at = ? WHERE id = ? AND revoked_at IS NOT NULL AND erased_at IS NULL',
      [tx.now, deviceId],
    );
    if (!changes) throw new ApiError(409, 'not_revoked', 'no revoked device with this id awaits erasure');
    await tx.audit({
      action: 'device.erased',
      outcome: 'ok',
      deviceId,
      detail: 'the console reports it erased its local data (records, outbox, files, secrets)',
    });
  });
}
