// The office directory cached on this device (issue 17): the last copy of
// GET /v1/directory, one row per office, so names show offline. Replaced
// whole on each refresh (a disabled or renamed user shows within a cycle);
// never merged, since the server's copy is the only truth about accounts.
import type { DirectoryResponse, DirectoryUser } from '../../shared/sync/directory';
import { OfflineAccount } from '../session/session-store';
import type { DirectoryRow, PoskoDb } from './database';

/** A person as the console names them. */
export interface Person {
  id: string;
  displayName: string;
  role: DirectoryUser['role'] | null;
  /** False for a disabled account; null when only a sign-in on this device knows the name. */
  active: boolean | null;
}

export async function saveDirectory(db: PoskoDb, directory: DirectoryResponse): Promise<void> {
  const row: DirectoryRow = {
    officeId: directory.office.id,
    office: directory.office,
    users: directory.users,
    at: directory.at,
  };
  await db.directory.put(row);
}

/** The cached directory of `officeId`, if this device fetched it once. */
export async function readDirectory(db: PoskoDb, officeId: string): Promise<DirectoryRow | undefined> {
  return db.directory.get(officeId);
}

/**
 * Everyone this device can name: the cached directories, then the accounts that signed in here
 * (their names came with their own sign-in; the directory, fresher, wins where both know a user).
 */
export async function knownPeople(db: PoskoDb): Promise<Map<string, Person>> {
  const people = new Map<string, Person>();
  for (const row of await db.session.where('key').startsWith('account:').toArray()) {
    const account = OfflineAccount.safeParse(row.value);
    if (!account.success) continue;
    const { id, displayName, role } = account.data.user;
    people.set(id, { id, displayName, role, active: null });
  }
  for (const row of await db.directory.toArray())
    for (const user of row.users) people.set(user.id, { ...user });
  return people;
}
