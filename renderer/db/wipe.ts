// Erasing a revoked device (issue 19, "A lost laptop"): the server answered `device_revoked`, so
// everything this console holds of cases goes: every table of the local database (records,
// outbox, conflicts, attention, cached and encrypted document files, upload state, audit cache,
// the people directory, offline sign-in data), every secret of the host's secret store (session
// token, offline verifiers, the file key), and what the console keeps in localStorage. Only the
// device id stays, so that this console remains the revoked device the server knows (IT
// re-installs it to use it again), and a notice that says why, shown on the sign-in screen.
// Every table is cleared, whatever version of the schema declared it: a table added later is
// erased too without a change here.
import type { PoskoDb } from './database';
import { FILE_KEY_SECRET } from './file-crypto';

/** Keys of the host's secret store the console writes (renderer/session, renderer/db/file-crypto.ts). */
export const DEVICE_SECRETS = ['posko.session-token', 'posko.offline-verifiers', FILE_KEY_SECRET];
/** localStorage keys with case-related state (due-promise notifications). The language stays. */
export const DEVICE_LOCAL_KEYS = ['posko.notifiedPromises', 'posko.notifiedUntil'];
/** Row of the session table that says the device was revoked (read by the sign-in screen). */
export const REVOKED_NOTICE_KEY = 'device:revoked';

export interface RevokedNotice {
  at: string;
  /** The server's message, kept for support; the screen shows its own translated text. */
  message: string;
}

export interface WipeTargets {
  db: PoskoDb;
  secrets: { delete(key: string): Promise<void> };
  storage?: Pick<Storage, 'removeItem'> | null;
}

/** Erases the device's data; returns what it erased (table names and secret keys) for the report. */
export async function wipeDevice(
  { db, secrets, storage }: WipeTargets,
  notice: RevokedNotice,
): Promise<{ tables: string[]; secrets: string[] }> {
  const tables = db.tables;
  await db.transaction('rw', tables, async () => {
    const deviceId = await db.session.get('deviceId');
    for (const table of tables) await table.clear();
    if (deviceId) await db.session.put(deviceId);
    await db.session.put({ key: REVOKED_NOTICE_KEY, value: notice });
  });
  // Secrets after the database: if the host fails here, the data is gone already.
  const erased: string[] = [];
  for (const key of DEVICE_SECRETS) {
    await secrets.delete(key).catch(() => undefined);
    erased.push(key);
  }
  for (const key of DEVICE_LOCAL_KEYS) storage?.removeItem(key);
  return { tables: tables.map((t) => t.name), secrets: erased };
}

/** The notice left by wipeDevice, if this console was revoked and erased. */
export async function readRevokedNotice(db: PoskoDb): Promise<RevokedNotice | null> {
  const row = await db.session.get(REVOKED_NOTICE_KEY);
  const value = row?.value as Partial<RevokedNotice> | undefined;
  return value && typeof value.at === 'string'
    ? { at: value.at, message: String(value.message ?? '') }
    : null;
}
