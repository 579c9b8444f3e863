// The server audit of one case for its timeline. Online, it fetches the new
// entries (GET /v1/audit?caseId=, paged from the last seq seen) through the
// engine's transport and stores them in Dexie's `auditCache`; the entries
// shown always come from Dexie, so the timeline works offline with what was
// fetched before. It refetches when the case or its records change (a pull,
// a local save), since every synced change appends to the audit.
import { useEffect, useState } from 'react';
import type { AuditCacheRow, PoskoDb } from '../../db/database';
import type { SyncTransport } from '../../sync/transport';
import { useLive, useSync, useSyncStatus } from './sync-context';

export interface CaseAudit {
  /** Oldest first (audit seq order). */
  entries: AuditCacheRow[];
  /** True while a fetch from the server is running. */
  loading: boolean;
  /** Why the last fetch failed (offline, forbidden...); the cached entries are still shown. */
  error: string | null;
}

const CHILD_TABLES = ['contacts', 'notes', 'documents', 'referrals', 'tasks'] as const;
const cursorKey = (caseId: string) => `auditCursor:${caseId}`;

/** Ids of the case and of every record that belongs to it: the audit rows of the case are keyed by them. */
async function caseRecordIds(db: PoskoDb, caseId: string): Promise<string[]> {
  const children = await Promise.all(
    CHILD_TABLES.map((table) => db.table(table).where('caseId').equals(caseId).primaryKeys()),
  );
  return [caseId, ...children.flat().map(String)];
}

export async function readCaseAudit(db: PoskoDb, caseId: string): Promise<AuditCacheRow[]> {
  const ids = await caseRecordIds(db, caseId);
  const rows = await db.auditCache.where('recordId').anyOf(ids).toArray();
  return rows.sort((a, b) => a.seq - b.seq);
}

/** Fetches the entries after the saved cursor and stores them with the cursor, in one transaction per page. */
export async function fetchCaseAudit(db: PoskoDb, transport: SyncTransport, caseId: string): Promise<number> {
  const saved = await db.syncState.get(cursorKey(caseId));
  let cursor = typeof saved?.value === 'number' ? saved.value : 0;
  let stored = 0;
  for (let page = 0; page < 50; page++) {
    const result = await transport.audit({ caseId, cursor, limit: 500 });
    const rows: AuditCacheRow[] = result.entries.map((entry) => ({
      ...entry,
      recordId: entry.recordId ?? caseId,
    }));
    await db.transaction('rw', db.auditCache, db.syncState, async () => {
      await db.auditCache.bulkPut(rows);
      await db.syncState.put({ key: cursorKey(caseId), value: result.cursor });
    });
    stored += rows.length;
    cursor = result.cursor;
    if (!result.hasMore) break;
  }
  return stored;
}

export function useCaseAudit(caseId: string): CaseAudit {
  const { db, transport } = useSync();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const entries = useLive(() => readCaseAudit(db, caseId), [db, caseId], [] as AuditCacheRow[]);
  // A version stamp of the case file: changes whenever sync or a local save touches it.
  const version = useLive(
    async () => {
      const record = await db.cases.get(caseId);
      const pending = await db.outbox.count();
      return `${record?.rev ?? 0}:${record?.seq ?? 0}:${pending}`;
    },
    [db, caseId],
    '',
  );
  const { online } = useSyncStatus();
  useEffect(() => {
    if (!transport || !online) return;
    let cancelled = false;
    setLoading(true);
    fetchCaseAudit(db, transport, caseId)
      .then(() => !cancelled && setError(null))
      .catch(
        (caught: unknown) =>
          !cancelled && setError(caught instanceof Error ? caught.message : String(caught)),
      )
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [db, transport, caseId, version, online]);
  return { entries, loading, error };
}
