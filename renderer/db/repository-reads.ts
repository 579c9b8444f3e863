// The Repository's reads: what the screens show, writing nothing. Split from
// its writes (repository.ts) so each file reads on its own; Repository extends
// this class, so a screen still holds one object (useRepository()).
import type { ContactRecord } from '../../shared/domain/events';
import type { SyncedTable } from '../../shared/domain/record';
import type { Conflict } from '../../shared/sync/protocol';
import { openAttention } from './attention';
import * as auditCache from './audit-cache';
import * as caseQueries from './case-queries';
import { pendingResolutions } from './conflict-resolve';
import type { AttentionRow, AuditCacheRow, LocalCase, OutboxRow, PoskoDb } from './database';
import * as followUpQueries from './follow-up-queries';
import type { WriteContext } from './record-builders';
import type {
  CaseFile,
  CaseFilter,
  CaseSortKey,
  DuplicateMatch,
  DuplicateProbe,
  FollowUpSnapshot,
  ListCasesOptions,
} from './repository-types';
import * as syncQueries from './sync-queries';
import type { ConflictInboxData } from './sync-queries';
import { caseFileStates, uploadTotals, type CaseFileStates } from './upload-queue';
import type { UploadTotals } from './upload-types';

export class RepositoryReads {
  constructor(
    readonly db: PoskoDb,
    /** Who writes and when (the writes in repository.ts); the reads use its clock. */
    protected readonly context: WriteContext,
  ) {}

  /** Conflicts with a resolve waiting in the outbox: shown as "resolving", not as open work. */
  pendingResolutions(): Promise<Set<string>> {
    return pendingResolutions(this.db);
  }

  /** What the conflict inbox lists: open conflicts (of one case), which are resolving, case labels. */
  conflictInbox(caseId?: string): Promise<ConflictInboxData> {
    return syncQueries.conflictInbox(this.db, caseId);
  }

  knownUserNames(): Promise<Map<string, string>> {
    return syncQueries.knownUserNames(this.db);
  }

  caseVersion(caseId: string): Promise<string> {
    return syncQueries.caseVersion(this.db, caseId);
  }

  caseIdOf(table: SyncedTable, recordId: string): Promise<string | null> {
    return syncQueries.caseIdOf(this.db, table, recordId);
  }

  /** Refused changes not yet discarded. */
  openAttention(): Promise<AttentionRow[]> {
    return openAttention(this.db);
  }

  /** The server audit cached for a case and its records, oldest first. */
  caseAudit(caseId: string): Promise<AuditCacheRow[]> {
    return auditCache.readCaseAudit(this.db, caseId);
  }

  auditCursor(caseId: string): Promise<number> {
    return auditCache.auditCursor(this.db, caseId);
  }

  listCases(options: ListCasesOptions = {}): Promise<LocalCase[]> {
    return caseQueries.listCases(this.db, options);
  }

  countCases(): Promise<number> {
    return this.db.cases.count();
  }

  getCase(id: string): Promise<LocalCase | undefined> {
    return this.db.cases.get(id);
  }

  getCaseFile(id: string): Promise<CaseFile | undefined> {
    return caseQueries.getCaseFile(this.db, id);
  }

  searchCases(query: string, limit = 20): Promise<LocalCase[]> {
    return caseQueries.searchCases(this.db, query, limit);
  }

  duePromises(until: Date): Promise<{ case: LocalCase; contact: ContactRecord }[]> {
    return followUpQueries.duePromises(this.db, until);
  }

  pendingCount(): Promise<number> {
    return this.db.outbox.count();
  }

  pendingForRecord(table: SyncedTable, recordId: string): Promise<number> {
    return this.db.outbox.where('[table+recordId]').equals([table, recordId]).count();
  }

  /** Open conflicts the sync engine pulled, all of them or one case's. */
  openConflicts(): Promise<Conflict[]> {
    return this.db.conflicts.where('status').equals('open').toArray();
  }

  /** How many conflicts are open on this laptop (the header's badge). */
  openConflictTotal(): Promise<number> {
    return this.db.conflicts.where('status').equals('open').count();
  }

  /** The local conflicts table is the truth on this laptop; a case's counter only arrives with a pull. */
  openConflictCount(caseId: string): Promise<number> {
    return this.db.conflicts
      .where('caseId')
      .equals(caseId)
      .filter((c) => c.status === 'open')
      .count();
  }

  findDuplicates(probe: DuplicateProbe, limit = 10): Promise<DuplicateMatch[]> {
    return caseQueries.findDuplicates(this.db, probe, limit);
  }

  followUpSnapshot(): Promise<FollowUpSnapshot> {
    return followUpQueries.followUpSnapshot(this.db);
  }

  followUpCandidates(from: string, to: string): Promise<FollowUpSnapshot> {
    return followUpQueries.followUpCandidates(this.db, from, to);
  }

  // Async so a throwing clock (the default `now`) rejects the returned promise instead of throwing.
  async filterCaseIds(
    filter: CaseFilter,
    sortBy: CaseSortKey = 'receivedAt',
    descending = true,
    now: Date = this.context.now(),
  ): Promise<string[]> {
    return caseQueries.filterCaseIds(this.db, filter, sortBy, descending, now);
  }

  casesByIds(ids: readonly string[]): Promise<LocalCase[]> {
    return caseQueries.casesByIds(this.db, ids);
  }

  caseOwners(): Promise<string[]> {
    return caseQueries.caseOwners(this.db);
  }

  /** Server audit entries cached locally for these records (filled by sync), oldest first. */
  async auditFor(recordIds: readonly string[]): Promise<AuditCacheRow[]> {
    const rows = await this.db.auditCache
      .where('recordId')
      .anyOf([...recordIds])
      .toArray();
    return rows.sort((a, b) => a.seq - b.seq);
  }

  /** The pending (not yet sent) mutations of some records, oldest first: the audit fallback offline. */
  async outboxHistory(recordIds: readonly string[]): Promise<OutboxRow[]> {
    const wanted = new Set(recordIds);
    return this.db.outbox.filter((row) => wanted.has(row.recordId)).toArray();
  }

  /** Per checklist item of a case: its upload in the queue, its local copy, and whether the case is pinned. */
  caseFileStates(caseId: string): Promise<CaseFileStates> {
    return caseFileStates(this.db, caseId);
  }

  /** Files waiting to upload and bytes left (the sync status bar). */
  uploadTotals(): Promise<UploadTotals> {
    return uploadTotals(this.db);
  }
}
