// The server audit of the cases an operator opened, cached in Dexie's
// `auditCache` so the case timeline works offline. features/sync/use-case-audit.ts
// fetches pages from the server; they are stored here, through the Repository,
// with the cursor of the next fetch in the same transaction.
import type { AuditEntry } from '../../shared/sync/protocol';
import type { AuditCacheRow, PoskoDb } from './database';

const CHILD_TABLES = ['contacts', 'notes', 'documents', 'referrals', 'tasks'] as const;
const cursorKey = (caseId: string) => `auditCursor:${caseId}`;

/** Ids of the case and of every record that belongs to it: the audit rows of the case are keyed by them. */
async function caseRecordIds(db: PoskoDb, caseId: string): Promise<string[]> {
  const children = await Promise.all(
    CHILD_TABLES.map((table) => db.table(table).where('caseId').equals(caseId).primaryKeys()),
  );
  return [caseId, ...children.flat().map(String)];
}

/** The cached entries of a case and its records, oldest first (audit seq order). */
export async function readCaseAudit(db: PoskoDb, caseId: string): Promise<AuditCacheRow[]> {
  const ids = await caseRecordIds(db, caseId);
  const rows = await db.auditCache.where('recordId').anyOf(ids).toArray();
  return rows.sort((a, b) => a.seq - b.seq);
}

/** Where the next fetch of this case's audit starts (0: from the beginning). */
export async function auditCursor(db: PoskoDb, caseId: string): Promise<number> {
  const saved = await db.syncState.get(cursorKey(caseId));
  return typeof saved?.value === 'number' ? saved.value : 0;
}

/** Stores one fetched page and the cursor after it, atomically. An entry without a record id is the case's. */
export async function storeAuditPage(
  db: PoskoDb,
  caseId: string,
  entries: readonly AuditEntry[],
  cursor: number,
): Promise<void> {
  const rows: AuditCacheRow[] = entries.map((entry) => ({ ...entry, recordId: entry.recordId ?? caseId }));
  await db.transaction('rw', db.auditCache, db.syncState, async () => {
    await db.auditCache.bulkPut(rows);
    await db.syncState.put({ key: cursorKey(caseId), value: cursor });
  });
}
