// The server audit of one case for its timeline. Online, it fetches the new
// entries (GET /v1/audit?caseId=, paged from the last seq seen) through the
// engine's transport and stores them in Dexie's `auditCache` through the
// repository (renderer/db/audit-cache.ts); the entries
// shown always come from Dexie, so the timeline works offline with what was
// fetched before. It refetches when the case or its records change (a pull,
// a local save), since every synced change appends to the audit.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import type { AuditCacheRow } from '../../db/database';
import type { Repository } from '../../db/repository';
import type { SyncTransport } from '../../sync/transport';
import { useRepository, useSync, useSyncStatus } from './sync-context';

export interface CaseAudit {
  /** Oldest first (audit seq order). */
  entries: AuditCacheRow[];
  /** True while a fetch from the server is running. */
  loading: boolean;
  /** Why the last fetch failed (offline, forbidden...); the cached entries are still shown. */
  error: string | null;
}

/** Fetches the entries after the saved cursor; the repository stores each page with its cursor, atomically. */
export async function fetchCaseAudit(
  repository: Pick<Repository, 'auditCursor' | 'storeAuditPage'>,
  transport: SyncTransport,
  caseId: string,
): Promise<number> {
  let cursor = await repository.auditCursor(caseId);
  let stored = 0;
  for (let page = 0; page < 50; page++) {
    const result = await transport.audit({ caseId, cursor, limit: 500 });
    await repository.storeAuditPage(caseId, result.entries, result.cursor);
    stored += result.entries.length;
    cursor = result.cursor;
    if (!result.hasMore) break;
  }
  return stored;
}

export function useCaseAudit(caseId: string): CaseAudit {
  const { transport } = useSync();
  const repository = useRepository();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const entries = useLiveQuery(
    () => repository.caseAudit(caseId),
    [repository, caseId],
    [] as AuditCacheRow[],
  );
  // A version stamp of the case file: changes whenever sync or a local save touches it.
  const version = useLiveQuery(() => repository.caseVersion(caseId), [repository, caseId], '');
  const { online } = useSyncStatus();
  useEffect(() => {
    if (!transport || !online) return;
    let cancelled = false;
    setLoading(true);
    fetchCaseAudit(repository, transport, caseId)
      .then(() => !cancelled && setError(null))
      .catch(
        (caught: unknown) =>
          !cancelled && setError(caught instanceof Error ? caught.message : String(caught)),
      )
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [repository, transport, caseId, version, online]);
  return { entries, loading, error };
}
