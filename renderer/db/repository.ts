// The ONLY way the UI writes. Every local save is one Dexie transaction that
// writes the record and appends its outbox mutation, so a record never
// changes without the mutation that will carry the change to the server, and
// a mutation never exists for a write that did not happen. Resolving a
// conflict, discarding a refused change and caching a case's server audit
// come through here too; the sync engine's own writes (pull pages, push
// results) go through its SyncStore (sync-store.ts). Both live in this layer
// and store synced rows through toLocalRow() (database.ts), and
// renderer/db/ never imports renderer/sync/ (ESLint rule).
//
// The transactions stay here; the rest is split out so each part reads on its
// own: the read methods in repository-reads.ts (this class extends it, so
// callers hold one object), queries in case-queries.ts, follow-up-queries.ts
// and sync-queries.ts, checks in record-validation.ts, row and mutation
// building in record-builders.ts, encrypted files in document-files.ts, types
// in repository-types.ts. This module re-exports the public names so existing
// imports keep working.
import type { CaseRecord } from '../../shared/domain/case';
import type { DocumentType } from '../../shared/domain/enums';
import type { DocumentRecord } from '../../shared/domain/events';
import type { SyncedTable } from '../../shared/domain/record';
import { RECORD_SCHEMAS } from '../../shared/domain/tables';
import { applyPatch, diff } from '../../shared/sync/paths';
import type { AuditEntry, Conflict } from '../../shared/sync/protocol';
import type { Json } from '../../shared/sync/paths';
import { getPlatform } from '../platform/get-platform';
import { getActor } from '../session/actor';
import { discardAttention } from './attention';
import * as auditCache from './audit-cache';
import { RepositoryReads } from './repository-reads';
import { resolveConflict } from './conflict-resolve';
import { stripLocal, toLocalRow } from './database';
import type { LocalCase, LocalRowsByTable, OutboxRow, PoskoDb } from './database';
import { attachDocumentFile, discardLocalFile, openDocumentFile, setCasePinned } from './document-files';
import { retryUpload } from './upload-queue';
import { createFileCipher } from './file-crypto';
import type { FileCipher } from './file-crypto';
import { documentRequest, outboxMutation, prepareCreate } from './record-builders';
import { RepositoryError, checkCaseRules, checkEditable, validate } from './record-validation';
import type { NewRecord, OpenedDocumentFile, RecordChanges, RepositoryOptions } from './repository-types';

export { RepositoryError } from './record-validation';
export { draftNumberFor } from './record-builders';
export type * from './repository-types';

export class Repository extends RepositoryReads {
  private cipher: FileCipher | null;

  constructor(db: PoskoDb, options: RepositoryOptions = {}) {
    super(db, { actor: options.actor ?? getActor, now: options.now ?? (() => new Date()) });
    this.cipher = options.fileCipher ?? null;
  }

  /** Built on first use so a repository that never touches files never touches the keychain. */
  private fileCipher(): FileCipher {
    this.cipher ??= createFileCipher(getPlatform().secrets);
    return this.cipher;
  }

  async createRecord<T extends SyncedTable>(table: T, input: NewRecord<T>): Promise<LocalRowsByTable[T]> {
    const { row, mutation } = prepareCreate(this.context, table, input);
    await this.db.transaction('rw', this.db.table(table), this.db.outbox, async () => {
      await this.db.synced(table).add(row);
      await this.db.outbox.add(mutation);
    });
    return row;
  }

  /** A new case and its requested documents, all or nothing. */
  async createCase(
    input: NewRecord<'cases'>,
    requestDocuments: readonly DocumentType[] = [],
  ): Promise<{ case: LocalCase; documents: DocumentRecord[] }> {
    const created = prepareCreate(this.context, 'cases', input);
    const docs = [...new Set(requestDocuments)].map((type) =>
      prepareCreate(
        this.context,
        'documents',
        documentRequest(this.context, created.row.id, type, created.row.officeId),
      ),
    );
    await this.db.transaction('rw', this.db.cases, this.db.documents, this.db.outbox, async () => {
      await this.db.cases.add(created.row);
      await this.db.outbox.add(created.mutation);
      for (const doc of docs) {
        await this.db.documents.add(doc.row);
        await this.db.outbox.add(doc.mutation);
      }
    });
    return { case: created.row, documents: docs.map((doc) => doc.row) };
  }

  /** Adds checklist items (status "requested") for the ticked types the case does not have yet. */
  async requestDocuments(caseId: string, types: readonly DocumentType[]): Promise<DocumentRecord[]> {
    return this.db.transaction('rw', this.db.cases, this.db.documents, this.db.outbox, async () => {
      const owner = await this.db.cases.get(caseId);
      if (!owner) throw new RepositoryError('not_found', `No case ${caseId}`);
      const existing = new Set(
        (await this.db.documents.where('caseId').equals(caseId).toArray())
          .filter((d) => !d.deleted)
          .map((d) => d.type),
      );
      const created: DocumentRecord[] = [];
      for (const type of new Set(types)) {
        if (existing.has(type)) continue;
        const { row, mutation } = prepareCreate(
          this.context,
          'documents',
          documentRequest(this.context, caseId, type, owner.officeId),
        );
        await this.db.documents.add(row);
        await this.db.outbox.add(mutation);
        created.push(row);
      }
      return created;
    });
  }

  /** Applies `changes` to the stored record; returns the new row (unchanged row, no mutation, when nothing differs). */
  async updateRecord<T extends SyncedTable>(
    table: T,
    id: string,
    changes: RecordChanges,
  ): Promise<LocalRowsByTable[T]> {
    checkEditable(table, changes);
    const store = this.db.synced(table);
    return this.db.transaction('rw', store, this.db.outbox, async () => {
      // Read inside the transaction so a concurrent save (sync, another tab) cannot be lost between read and write.
      const current = await store.get(id);
      if (!current || current.deleted) throw new RepositoryError('not_found', `No ${table} record ${id}`);
      const before = stripLocal(current);
      const normalizedBefore = RECORD_SCHEMAS[table].safeParse(before);
      const base = (normalizedBefore.success ? normalizedBefore.data : before) as Record<string, unknown>;
      const next = validate(table, applyPatch(base, changes));
      if (table === 'cases') checkCaseRules(base as CaseRecord, next as CaseRecord);
      const { patch, prior } = diff(base, next as Record<string, unknown>);
      if (Object.keys(patch).length === 0) return current;
      const row = toLocalRow(table, next, current);
      await store.put(row);
      await this.db.outbox.add(
        outboxMutation(this.context, {
          table,
          recordId: id,
          op: 'update',
          baseRev: current.rev,
          patch,
          prior,
        }),
      );
      return row;
    });
  }

  /** Tombstones a record. Cases are never deleted: they are closed or merged. */
  async deleteRecord(table: SyncedTable, id: string): Promise<void> {
    if (table === 'cases')
      throw new RepositoryError('not_deletable', 'Cases are closed or merged, never deleted');
    const store = this.db.synced(table);
    await this.db.transaction('rw', store, this.db.outbox, async () => {
      const current = await store.get(id);
      if (!current) throw new RepositoryError('not_found', `No ${table} record ${id}`);
      if (current.deleted) return;
      await store.put({ ...current, deleted: true });
      await this.db.outbox.add(
        outboxMutation(this.context, {
          table,
          recordId: id,
          op: 'delete',
          baseRev: current.rev,
          patch: { deleted: true },
          prior: { deleted: false },
        }),
      );
    });
  }

  /** The chosen value goes to the record and a resolve mutation to the outbox, in one transaction. */
  resolveConflict(conflict: Conflict, chosen: Json): Promise<OutboxRow> {
    return resolveConflict(this.db, conflict, chosen, this.context.actor(), this.context.now());
  }

  /** Throws a refused change away (recorded: who, when) and puts back what it changed on screen. */
  async discardAttention(mutationId: string): Promise<void> {
    await discardAttention(
      this.db,
      mutationId,
      this.context.actor().actorId,
      this.context.now().toISOString(),
    );
  }

  /** Caches one page of a case's server audit and the cursor after it. */
  storeAuditPage(caseId: string, entries: readonly AuditEntry[], cursor: number): Promise<void> {
    return auditCache.storeAuditPage(this.db, caseId, entries, cursor);
  }

  attachDocumentFile(
    documentId: string,
    file: { name: string; mimeType: string; bytes: Uint8Array },
  ): Promise<DocumentRecord> {
    return attachDocumentFile(
      this.db,
      {
        cipher: () => this.fileCipher(),
        now: this.context.now,
        updateDocument: (id, changes) => this.updateRecord('documents', id, changes),
      },
      documentId,
      file,
    );
  }

  documentFile(documentId: string): Promise<OpenedDocumentFile | undefined> {
    return openDocumentFile(this.db, () => this.fileCipher(), documentId);
  }

  /** Throws away a file of this device the server has not stored (e.g. refused); the server's versions stay. */
  discardDocumentFile(documentId: string): Promise<void> {
    return discardLocalFile(
      this.db,
      { updateDocument: (id, changes) => this.updateRecord('documents', id, changes) },
      documentId,
    );
  }

  /** The operator asks to send a failed or refused file again now. */
  retryDocumentUpload(documentId: string): Promise<void> {
    return retryUpload(this.db, documentId, this.context.now().toISOString());
  }

  /** "Make this case available offline" (or not): its files are never evicted from the cache. */
  setCaseOffline(caseId: string, pinned: boolean): Promise<void> {
    return setCasePinned(this.db, caseId, pinned, this.context.now().toISOString());
  }

  /** Moves a checklist item to a status and stamps when it was received or verified. */
  setDocumentStatus(documentId: string, status: DocumentRecord['status']): Promise<DocumentRecord> {
    const now = this.context.now().toISOString();
    const changes: RecordChanges = { status };
    if (status === 'received') changes.receivedAt = now;
    if (status === 'verified') changes.verifiedAt = now;
    return this.updateRecord('documents', documentId, changes);
  }
}
