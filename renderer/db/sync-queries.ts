// Reads behind the sync screens (conflict inbox, case audit, "open record"),
// so those screens reach the data through the Repository like every other.
import type { SyncedTable } from '../../shared/domain/record';
import type { Conflict } from '../../shared/sync/protocol';
import { OfflineAccount } from '../session/session-store';
import { pendingResolutions } from './conflict-resolve';
import type { PoskoDb } from './database';

export interface ConflictInboxData {
  open: Conflict[];
  /** Conflicts with a resolve waiting in the outbox. */
  resolving: Set<string>;
  /** Case number (or draft number) and worker name per caseId, so a conflict reads as "which case". */
  cases: Map<string, string>;
}

/** Open conflicts of the office (as pulled) or of one case, with what the inbox shows beside them. */
export async function conflictInbox(db: PoskoDb, caseId?: string): Promise<ConflictInboxData> {
  const all = caseId
    ? await db.conflicts.where('caseId').equals(caseId).toArray()
    : await db.conflicts.where('status').equals('open').toArray();
  const open = all.filter((c) => c.status === 'open');
  const cases = new Map<string, string>();
  for (const id of new Set(open.flatMap((c) => (c.caseId ? [c.caseId] : [])))) {
    const found = await db.cases.get(id);
    if (found) cases.set(id, `${found.caseNumber ?? found.draftNumber} · ${found.worker.fullName}`);
  }
  return { open, resolving: await pendingResolutions(db), cases };
}

/** Display names of the users this device knows (everyone who signed in here), by user id. */
export async function knownUserNames(db: PoskoDb): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const row of await db.session.where('key').startsWith('account:').toArray()) {
    const account = OfflineAccount.safeParse(row.value);
    if (account.success) names.set(account.data.user.id, account.data.user.displayName);
  }
  return names;
}

/** A stamp that changes whenever sync or a local save touches the case (its audit may have grown). */
export async function caseVersion(db: PoskoDb, caseId: string): Promise<string> {
  const record = await db.cases.get(caseId);
  const pending = await db.outbox.count();
  return `${record?.rev ?? 0}:${record?.seq ?? 0}:${pending}`;
}

/** The case a record belongs to (a case is its own). */
export async function caseIdOf(db: PoskoDb, table: SyncedTable, recordId: string): Promise<string | null> {
  if (table === 'cases') return recordId;
  const row = (await db.table(table).get(recordId)) as { caseId?: unknown } | undefined;
  return typeof row?.caseId === 'string' ? row.caseId : null;
}
