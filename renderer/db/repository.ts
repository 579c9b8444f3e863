// The ONLY way the UI writes. Every local save is one Dexie transaction that
// writes the record and appends its outbox mutation, so a record never
// changes without the mutation that will carry the change to the server, and
// a mutation never exists for a write that did not happen.
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { CaseRecord } from '../../shared/domain/case';
import type { DocumentType, ProblemType as ProblemTypeCode } from '../../shared/domain/enums';
import type {
  ContactRecord,
  DocumentRecord,
  NoteRecord,
  ReferralRecord,
  TaskRecord,
} from '../../shared/domain/events';
import { SERVER_FIELDS } from '../../shared/domain/record';
import type { SyncedTable } from '../../shared/domain/record';
import { APPEND_ONLY_TABLES, RECORD_SCHEMAS } from '../../shared/domain/tables';
import { PROMISE_CADENCE_DAYS, promiseState } from '../../shared/domain/follow-up';
import { CLOSED_STATUSES, closureRequirement, isAllowedTransition } from '../../shared/domain/workflow';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';
import { applyPatch, diff, flatten } from '../../shared/sync/paths';
import type { Json, LeafMap } from '../../shared/sync/paths';
import { buildMutation } from '../sync/mutation';
import { getPlatform } from '../platform/get-platform';
import { getActor } from '../session/actor';
import type { Actor } from '../session/actor';
import { stripLocal } from './database';
import { createFileCipher } from './file-crypto';
import type { FileCipher } from './file-crypto';
import type {
  AuditCacheRow,
  DocumentFileRow,
  LocalCase,
  LocalRowsByTable,
  OutboxRow,
  PoskoDb,
} from './database';
import {
  caseSearchKeys,
  compactCode,
  digitsOnly,
  nameTokens,
  phoneKeys,
  searchPrefixes,
} from './search-keys';

export type RepositoryErrorCode =
  'validation' | 'not_found' | 'server_field' | 'append_only' | 'transition' | 'not_deletable';

export class RepositoryError extends Error {
  constructor(
    readonly code: RepositoryErrorCode,
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'RepositoryError';
  }
}

type Schemas = typeof RECORD_SCHEMAS;
type MetaKey = 'id' | 'rev' | 'seq' | 'updatedAt' | 'updatedBy' | 'deleted' | 'officeId';
type CaseOwnedKey = 'caseNumber' | 'draftNumber' | 'openConflicts';

/** What a caller gives to create a record: the domain fields; ids, revs and server fields are filled in here. */
export type NewRecord<T extends SyncedTable> = Omit<
  z.input<Schemas[T]>,
  MetaKey | (T extends 'cases' ? CaseOwnedKey : never)
> & { officeId?: string };

/** Leaf paths (`worker.fullName`) or top-level keys (`summary`) to their new values. */
export type RecordChanges = Record<string, Json>;

export type CaseSortKey = 'receivedAt' | 'draftNumber' | 'status' | 'urgency';

export interface ListCasesOptions {
  offset?: number;
  limit?: number;
  sortBy?: CaseSortKey;
  descending?: boolean;
}

export interface CaseFile {
  case: LocalCase;
  contacts: ContactRecord[];
  notes: NoteRecord[];
  documents: DocumentRecord[];
  referrals: ReferralRecord[];
  tasks: TaskRecord[];
}

/** What the intake knows so far; each filled criterion is looked up on its own. */
export interface DuplicateProbe {
  passportNumber?: string;
  nik?: string;
  /** Phones already normalized to E.164 by the form. */
  phones?: readonly string[];
  name?: string;
}
export type DuplicateReason = 'passport' | 'nik' | 'phone' | 'name';
export interface DuplicateMatch {
  case: LocalCase;
  reasons: DuplicateReason[];
}

export interface CaseFilter {
  status?: CaseRecord['status'] | '';
  urgency?: CaseRecord['urgency'] | '';
  country?: string;
  problemType?: string;
  ownerId?: string;
  overdue?: boolean;
}

/** Open cases with their contacts and referrals: the input of todayList / supervisorQueues. */
export interface FollowUpSnapshot {
  cases: LocalCase[];
  contacts: ContactRecord[];
  referrals: ReferralRecord[];
}

export interface RepositoryOptions {
  actor?: () => Actor;
  now?: () => Date;
  /** Encrypts document files at rest; defaults to the per-device key in the platform bridge's secrets. */
  fileCipher?: FileCipher;
}

/** A stored document file, decrypted. */
export type OpenedDocumentFile = Omit<DocumentFileRow, 'iv' | 'ciphertext'> & { bytes: Uint8Array };

/** The local number shown until the server issues the real case number on first push. */
export function draftNumberFor(id: string): string {
  return `DRAFT-${id.slice(-6).toUpperCase()}`;
}

function isServerPath(path: string): boolean {
  return SERVER_FIELDS.some((field) => path === field || path.startsWith(`${field}.`));
}

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

function validate<T extends SyncedTable>(table: T, value: unknown): z.output<Schemas[T]> {
  const parsed = RECORD_SCHEMAS[table].safeParse(value);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    const summary = issues.map((issue) => `${issue.path || '(record)'}: ${issue.message}`).join('; ');
    throw new RepositoryError('validation', `Invalid ${table} record: ${summary}`, issues);
  }
  return parsed.data as z.output<Schemas[T]>;
}

function checkCaseRules(before: CaseRecord, after: CaseRecord): void {
  if (before.status === after.status) return;
  if (!isAllowedTransition(before.status, after.status)) {
    throw new RepositoryError('transition', `Status cannot move from ${before.status} to ${after.status}`);
  }
  const required = closureRequirement(after.status);
  if (required && after[required] === null) {
    throw new RepositoryError('validation', `Status ${after.status} requires ${required}`, [
      { path: required, message: 'required' },
    ]);
  }
}

/**
 * A validated synced record as a local row: keeps the local-only fields of the
 * row it replaces (`_*`) and recomputes derived ones (`searchKeys`). The sync
 * engine uses it for pulled records too.
 */
export function toLocalRow<T extends SyncedTable>(
  table: T,
  record: z.output<Schemas[T]>,
  previous?: object,
): LocalRowsByTable[T] {
  const local: Record<string, unknown> = {};
  if (previous)
    for (const [key, value] of Object.entries(previous)) if (key.startsWith('_')) local[key] = value;
  const row: Record<string, unknown> = { ...local, ...record };
  if (table === 'cases') row.searchKeys = caseSearchKeys(record as CaseRecord);
  return row as LocalRowsByTable[T];
}

export class Repository {
  private readonly actor: () => Actor;
  private readonly now: () => Date;
  private cipher: FileCipher | null;

  constructor(
    readonly db: PoskoDb,
    options: RepositoryOptions = {},
  ) {
    this.actor = options.actor ?? getActor;
    this.now = options.now ?? (() => new Date());
    this.cipher = options.fileCipher ?? null;
  }

  /** Built on first use so a repository that never touches files never touches the keychain. */
  private fileCipher(): FileCipher {
    this.cipher ??= createFileCipher(getPlatform().secrets);
    return this.cipher;
  }

  private mutation(fields: Omit<OutboxRow, 'mutationId' | 'clientTime' | 'actorId' | 'deviceId'>): OutboxRow {
    return buildMutation(fields, this.actor(), this.now());
  }

  /** Validates and builds a new record with its create mutation; writes nothing. */
  private prepareCreate<T extends SyncedTable>(
    table: T,
    input: NewRecord<T>,
  ): { row: LocalRowsByTable[T]; mutation: OutboxRow } {
    const id = uuidv7();
    const draft: Record<string, unknown> = {
      ...input,
      id,
      rev: 0,
      seq: 0,
      updatedAt: null,
      updatedBy: null,
      deleted: false,
      officeId: input.officeId ?? this.actor().officeId,
    };
    if (table === 'cases')
      Object.assign(draft, { caseNumber: null, draftNumber: draftNumberFor(id), openConflicts: 0 });
    const record = validate(table, draft);
    const patch: LeafMap = {};
    for (const [path, value] of Object.entries(flatten(record as Record<string, unknown>))) {
      if (!isServerPath(path)) patch[path] = value;
    }
    const mutation = this.mutation({ table, recordId: id, op: 'create', baseRev: 0, patch, prior: {} });
    return { row: toLocalRow(table, record), mutation };
  }

  async createRecord<T extends SyncedTable>(table: T, input: NewRecord<T>): Promise<LocalRowsByTable[T]> {
    const { row, mutation } = this.prepareCreate(table, input);
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
    const created = this.prepareCreate('cases', input);
    const docs = [...new Set(requestDocuments)].map((type) =>
      this.prepareCreate('documents', this.documentRequest(created.row.id, type, created.row.officeId)),
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
        const { row, mutation } = this.prepareCreate(
          'documents',
          this.documentRequest(caseId, type, owner.officeId),
        );
        await this.db.documents.add(row);
        await this.db.outbox.add(mutation);
        created.push(row);
      }
      return created;
    });
  }

  private documentRequest(caseId: string, type: DocumentType, officeId: string): NewRecord<'documents'> {
    return { caseId, type, status: 'requested', requestedAt: this.now().toISOString(), officeId };
  }

  /** Applies `changes` to the stored record; returns the new row (unchanged row, no mutation, when nothing differs). */
  async updateRecord<T extends SyncedTable>(
    table: T,
    id: string,
    changes: RecordChanges,
  ): Promise<LocalRowsByTable[T]> {
    const forbidden = Object.keys(changes).filter(isServerPath);
    if (forbidden.length > 0) {
      throw new RepositoryError(
        'server_field',
        `Fields owned by the server cannot be edited: ${forbidden.join(', ')}`,
      );
    }
    if (APPEND_ONLY_TABLES.includes(table)) {
      throw new RepositoryError('append_only', `${table} entries are append-only: add a new one instead`);
    }
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
        this.mutation({ table, recordId: id, op: 'update', baseRev: current.rev, patch, prior }),
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
        this.mutation({
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

  // ---- queries -------------------------------------------------------------

  /** One page of cases in index order; offset/limit run on the index cursor, not in memory. */
  async listCases(options: ListCasesOptions = {}): Promise<LocalCase[]> {
    const { offset = 0, limit = 100, sortBy = 'receivedAt', descending = true } = options;
    let collection = this.db.cases.orderBy(sortBy);
    if (descending) collection = collection.reverse();
    return collection.offset(offset).limit(limit).toArray();
  }

  countCases(): Promise<number> {
    return this.db.cases.count();
  }

  getCase(id: string): Promise<LocalCase | undefined> {
    return this.db.cases.get(id);
  }

  async getCaseFile(id: string): Promise<CaseFile | undefined> {
    const db = this.db;
    return db.transaction(
      'r',
      [db.cases, db.contacts, db.notes, db.documents, db.referrals, db.tasks],
      async () => {
        const found = await db.cases.get(id);
        if (!found) return undefined;
        const live = <R extends { deleted: boolean }>(rows: R[]) => rows.filter((row) => !row.deleted);
        const [contacts, notes, documents, referrals, tasks] = await Promise.all([
          db.contacts.where('caseId').equals(id).sortBy('at'),
          db.notes.where('caseId').equals(id).sortBy('at'),
          db.documents.where('caseId').equals(id).toArray(),
          db.referrals.where('caseId').equals(id).toArray(),
          db.tasks.where('caseId').equals(id).toArray(),
        ]);
        return {
          case: found,
          contacts: live(contacts),
          notes: live(notes),
          documents: live(documents),
          referrals: live(referrals),
          tasks: live(tasks),
        };
      },
    );
  }

  /**
   * Finds cases by number, draft number, worker or reporter name, passport,
   * NIK or any phone. The longest prefix drives the multi-entry index (a range
   * scan); the other words filter the few rows it returns.
   */
  async searchCases(query: string, limit = 20): Promise<LocalCase[]> {
    let groups = searchPrefixes(query).sort(
      (a, b) => Math.max(...b.map((p) => p.length)) - Math.max(...a.map((p) => p.length)),
    );
    if (groups.length > 1) {
      // The longest word is not always the rarest ("aminah" vs "w123"): count index
      // keys per word (a key-only scan) and let the most selective one drive.
      // One plain key range per prefix, so IndexedDB counts on the index without reading rows.
      const countPrefix = (prefix: string) =>
        this.db.cases.where('searchKeys').between(prefix, `${prefix}\uffff`, true, true).count();
      const counts = await Promise.all(
        groups.map(async (group) => (await Promise.all(group.map(countPrefix))).reduce((a, b) => a + b, 0)),
      );
      groups = groups
        .map((group, i) => ({ group, count: counts[i] ?? 0 }))
        .sort((a, b) => a.count - b.count)
        .map((entry) => entry.group);
    }
    const [first, ...rest] = groups;
    if (!first) return [];
    const matches = (row: LocalCase) =>
      rest.every((group) => group.some((prefix) => row.searchKeys.some((key) => key.startsWith(prefix))));
    // One plain key range per alternative ("0812…" and "812…"), merged here: IndexedDB
    // serves each range directly, where a multi-range cursor would hop between them.
    const perPrefix = await Promise.all(
      first.map((prefix) =>
        this.db.cases
          .where('searchKeys')
          .between(prefix, `${prefix}\uffff`, true, true)
          .filter(matches)
          .limit(limit)
          .toArray(),
      ),
    );
    const merged = new Map<string, LocalCase>();
    for (const rows of perPrefix) for (const row of rows) merged.set(row.id, row);
    return [...merged.values()].slice(0, limit);
  }

  /** Cases whose latest contact promised the family an update at or before `until`. */
  async duePromises(until: Date): Promise<{ case: LocalCase; contact: ContactRecord }[]> {
    const candidates = await this.db.contacts
      .where('nextPromiseAt')
      .belowOrEqual(until.toISOString())
      .toArray();
    const caseIds = [...new Set(candidates.map((contact) => contact.caseId))];
    const due: { case: LocalCase; contact: ContactRecord }[] = [];
    for (const caseId of caseIds) {
      const contacts = (await this.db.contacts.where('caseId').equals(caseId).sortBy('at')).filter(
        (c) => !c.deleted,
      );
      const latest = contacts.at(-1);
      const owner = await this.db.cases.get(caseId);
      // A later contact replaces the earlier promise: only the latest one counts.
      if (owner && latest?.nextPromiseAt && latest.nextPromiseAt <= until.toISOString()) {
        due.push({ case: owner, contact: latest });
      }
    }
    return due.sort((a, b) => (a.contact.nextPromiseAt ?? '').localeCompare(b.contact.nextPromiseAt ?? ''));
  }

  pendingCount(): Promise<number> {
    return this.db.outbox.count();
  }

  pendingForRecord(table: SyncedTable, recordId: string): Promise<number> {
    return this.db.outbox.where('[table+recordId]').equals([table, recordId]).count();
  }

  // ---- additions for the operator console (issue 5) -------------------------

  /**
   * Existing cases that may be the same worker: exact passport / NIK / phone
   * keys, or every word of the worker name (folded spellings included).
   * Short partial input is ignored so typing does not flood the operator.
   */
  async findDuplicates(probe: DuplicateProbe, limit = 10): Promise<DuplicateMatch[]> {
    const found = new Map<string, DuplicateMatch>();
    const note = (rows: LocalCase[], reason: DuplicateReason) => {
      for (const row of rows) {
        const match = found.get(row.id) ?? { case: row, reasons: [] };
        if (!match.reasons.includes(reason)) match.reasons.push(reason);
        found.set(row.id, match);
      }
    };
    const byKey = (key: string) => this.db.cases.where('searchKeys').equals(key).limit(limit).toArray();
    const passport = compactCode(probe.passportNumber ?? '');
    if (passport.length >= 5) note(await byKey(passport), 'passport');
    const nik = digitsOnly(probe.nik ?? '');
    if (nik.length === 16) note(await byKey(nik), 'nik');
    for (const e164 of probe.phones ?? []) {
      const [digits] = phoneKeys(e164);
      if (digits && digits.length >= 8) note(await byKey(digits), 'phone');
    }
    const tokens = nameTokens(probe.name ?? '');
    if (tokens.length >= 2 || (tokens[0]?.length ?? 0) >= 4)
      note(await this.searchCases(tokens.join(' '), limit), 'name');
    // Identity numbers first, then phones, then names.
    const weight = (m: DuplicateMatch) =>
      m.reasons.reduce((sum, r) => sum + { passport: 8, nik: 8, phone: 4, name: 1 }[r], 0);
    return [...found.values()].sort((a, b) => weight(b) - weight(a)).slice(0, limit);
  }

  /**
   * Stores a file for a checklist item on this device and records its name,
   * size and sha256 on the synced document (status moves to "received" if it
   * was only requested), in one transaction.
   */
  async attachDocumentFile(
    documentId: string,
    file: { name: string; mimeType: string; bytes: Uint8Array },
  ): Promise<DocumentRecord> {
    const hash = bytesToHex(sha256(file.bytes));
    // Encrypted before the transaction: awaiting WebCrypto inside it would let IndexedDB commit early.
    const encrypted = await this.fileCipher().encrypt(file.bytes);
    const db = this.db;
    return db.transaction('rw', db.documents, db.documentFiles, db.outbox, async () => {
      const doc = await db.documents.get(documentId);
      if (!doc || doc.deleted) throw new RepositoryError('not_found', `No documents record ${documentId}`);
      const now = this.now().toISOString();
      const changes: RecordChanges = {
        fileName: file.name.slice(0, 200),
        fileSize: file.bytes.length,
        fileSha256: hash,
      };
      if (doc.status === 'requested') Object.assign(changes, { status: 'received', receivedAt: now });
      const updated = await this.updateRecord('documents', documentId, changes);
      const row: DocumentFileRow = {
        documentId,
        caseId: doc.caseId,
        name: file.name.slice(0, 200),
        mimeType: file.mimeType,
        size: file.bytes.length,
        sha256: hash,
        ...encrypted,
        storedAt: now,
      };
      await db.documentFiles.put(row);
      return updated;
    });
  }

  /** The file kept for a checklist item, decrypted (throws if it cannot be: wrong key or tampered bytes). */
  async documentFile(documentId: string): Promise<OpenedDocumentFile | undefined> {
    const row = await this.db.documentFiles.get(documentId);
    if (!row) return undefined;
    const { iv, ciphertext, ...meta } = row;
    return { ...meta, bytes: await this.fileCipher().decrypt({ iv, ciphertext }) };
  }

  /** Moves a checklist item to a status and stamps when it was received or verified. */
  setDocumentStatus(documentId: string, status: DocumentRecord['status']): Promise<DocumentRecord> {
    const now = this.now().toISOString();
    const changes: RecordChanges = { status };
    if (status === 'received') changes.receivedAt = now;
    if (status === 'verified') changes.verifiedAt = now;
    return this.updateRecord('documents', documentId, changes);
  }

  /** Open cases, their contacts and referrals (what the promise engine needs). */
  async followUpSnapshot(): Promise<FollowUpSnapshot> {
    const db = this.db;
    return db.transaction('r', [db.cases, db.contacts, db.referrals], async () => {
      const cases = await db.cases
        .where('status')
        .noneOf([...CLOSED_STATUSES])
        .filter((c) => !c.deleted)
        .toArray();
      const [contacts, referrals] = await Promise.all([
        db.contacts.filter((c) => !c.deleted).toArray(),
        db.referrals.filter((r) => !r.deleted).toArray(),
      ]);
      return { cases, contacts, referrals };
    });
  }

  /**
   * The follow-up snapshot restricted to cases whose promise may fall due in
   * (from, to]: contacts promising then, contacts a cadence (1-7 days)
   * earlier, and cases received exactly one cadence before the window (a case
   * nobody has called yet is due `cadence` days after receipt: one narrow
   * range per cadence, not a whole week of receipts). Index ranges only, so
   * the notifier can run every minute over 100,000 cases without reading
   * them all.
   */
  async followUpCandidates(from: string, to: string): Promise<FollowUpSnapshot> {
    const db = this.db;
    const day = 86_400_000;
    const daysBefore = (iso: string, days: number) => new Date(Date.parse(iso) - days * day).toISOString();
    const cadences = [...new Set(Object.values(PROMISE_CADENCE_DAYS))];
    const longest = Math.max(...cadences);
    return db.transaction('r', [db.cases, db.contacts, db.referrals], async () => {
      const [promising, recentContacts, ...received] = await Promise.all([
        db.contacts.where('nextPromiseAt').between(from, to, false, true).toArray(),
        db.contacts.where('at').between(daysBefore(from, longest), to, false, true).toArray(),
        ...cadences.map((days) =>
          db.cases
            .where('receivedAt')
            .between(daysBefore(from, days), daysBefore(to, days), false, true)
            .primaryKeys(),
        ),
      ]);
      const ids = [
        ...new Set([
          ...promising.map((c) => c.caseId),
          ...recentContacts.map((c) => c.caseId),
          ...received.flat(),
        ]),
      ];
      const cases = (await db.cases.bulkGet(ids)).filter(
        (c): c is LocalCase => c !== undefined && !c.deleted && !CLOSED_STATUSES.includes(c.status),
      );
      const open = cases.map((c) => c.id);
      const [contacts, referrals] = await Promise.all([
        db.contacts
          .where('caseId')
          .anyOf(open)
          .filter((c) => !c.deleted)
          .toArray(),
        db.referrals
          .where('caseId')
          .anyOf(open)
          .filter((r) => !r.deleted)
          .toArray(),
      ]);
      return { cases, contacts, referrals };
    });
  }

  /**
   * Ids of the cases matching `filter`, in `sort` order. The most selective
   * indexed criterion (status, urgency, country, owner) narrows the read; the
   * rest filter in memory. Without any filter the list pages on the index
   * instead (listCases), so this only runs when the operator filters.
   */
  async filterCaseIds(
    filter: CaseFilter,
    sortBy: CaseSortKey = 'receivedAt',
    descending = true,
    now: Date = this.now(),
  ): Promise<string[]> {
    const db = this.db;
    const indexed: [string, string | undefined][] = [
      ['status', filter.status || undefined],
      ['urgency', filter.urgency || undefined],
      ['destinationCountry', filter.country || undefined],
      ['ownerId', filter.ownerId || undefined],
    ];
    const first = indexed.find(([, value]) => value !== undefined);
    let rows = first ? await db.cases.where(first[0]).equals(first[1]!).toArray() : await db.cases.toArray();
    rows = rows.filter(
      (row) =>
        (!filter.status || row.status === filter.status) &&
        (!filter.urgency || row.urgency === filter.urgency) &&
        (!filter.country || row.destinationCountry === filter.country) &&
        (!filter.ownerId || row.ownerId === filter.ownerId) &&
        (!filter.problemType ||
          row.mainProblem === filter.problemType ||
          row.problemTypes.includes(filter.problemType as ProblemTypeCode)),
    );
    if (filter.overdue) {
      const ids = rows.map((row) => row.id);
      const contacts = await db.contacts.where('caseId').anyOf(ids).toArray();
      const byCase = new Map<string, ContactRecord[]>();
      for (const c of contacts) byCase.set(c.caseId, [...(byCase.get(c.caseId) ?? []), c]);
      const iso = now.toISOString();
      rows = rows.filter(
        (row) =>
          !CLOSED_STATUSES.includes(row.status) &&
          promiseState(row, byCase.get(row.id) ?? [], iso, iso).overdue,
      );
    }
    const rank = (row: LocalCase): string | number =>
      sortBy === 'urgency' ? URGENCY_RANK[row.urgency] : (row[sortBy] ?? '');
    rows.sort((a, b) => {
      const x = rank(a);
      const y = rank(b);
      const order = x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : 1;
      return descending ? -order : order;
    });
    return rows.map((row) => row.id);
  }

  /** Rows for ids, in the given order (a page of a filtered list). */
  async casesByIds(ids: readonly string[]): Promise<LocalCase[]> {
    const rows = await this.db.cases.bulkGet([...ids]);
    return rows.filter((row): row is LocalCase => row !== undefined);
  }

  /** Owners seen on this device, for the owner filter. */
  async caseOwners(): Promise<string[]> {
    const keys = await this.db.cases.orderBy('ownerId').uniqueKeys();
    return keys.filter((key): key is string => typeof key === 'string');
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
}

const URGENCY_RANK: Record<CaseRecord['urgency'], number> = { normal: 0, urgent: 1, critical: 2 };
