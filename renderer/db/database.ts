// The console's local database (IndexedDB through Dexie).
//
// VERSIONING / MIGRATIONS — read before touching the schema:
// - Each schema change is a NEW `this.version(n + 1).stores({...}).upgrade(tx => ...)`
//   added below the previous ones. Never edit or delete an old version: a
//   laptop that was offline for months opens the database at its old version
//   and Dexie replays every later step in order.
// - `stores()` lists only the tables whose indexes change (null deletes a table);
//   unchanged tables are inherited from the previous version.
// - `upgrade()` rewrites existing rows when their local shape changes (e.g. a
//   new search key: recompute `searchKeys` with caseSearchKeys()). It runs in
//   one transaction: if it throws, the database stays at the old version.
// - This local version is independent of SCHEMA_VERSION (shared/domain/record.ts),
//   which versions the synced record shape on the wire; a change there usually
//   needs a local upgrade too. See renderer/db/README.md.
import Dexie from 'dexie';
import type { Table } from 'dexie';
import type { CaseRecord } from '../../shared/domain/case';
import type {
  ContactRecord,
  DocumentRecord,
  NoteRecord,
  ReferralRecord,
  TaskRecord,
} from '../../shared/domain/events';
import type { SyncedTable } from '../../shared/domain/record';
import type { ApiErrorBody, AuditEntry, Conflict, Mutation, MutationOp } from '../../shared/sync/protocol';
import type { DirectoryOffice, DirectoryUser } from '../../shared/sync/directory';
import type { FileCipher } from './file-crypto';
import { caseSearchKeys } from './search-keys';
import { uploadRowFor } from './upload-queue';
import type { FilePinRow, UploadRow, UploadUrlRow } from './upload-types';

export const DEFAULT_DB_NAME = 'posko';

/**
 * A case as stored locally: the synced record (shared zod shape) plus
 * local-only fields. `searchKeys` feeds the multi-entry index; any other
 * local-only field starts with `_`. Every write of a synced row goes through
 * toLocalRow() (below), and stripLocal() removes those fields before a diff
 * or a push: the one place that knows which fields are local.
 */
export type LocalCase = CaseRecord & { searchKeys: string[] };

export interface LocalRowsByTable {
  cases: LocalCase;
  contacts: ContactRecord;
  notes: NoteRecord;
  documents: DocumentRecord;
  referrals: ReferralRecord;
  tasks: TaskRecord;
}

/**
 * One pending change, in order (`seq` auto-increments): the wire Mutation plus who made it where,
 * exactly as the repository appended it (built by ./mutation.ts). The sync engine reads it too.
 */
export type OutboxRow = Mutation & { seq?: number; actorId: string; deviceId: string };

export interface SyncStateRow {
  key: string;
  value: unknown;
}

export interface SessionRow {
  key: string;
  value: unknown;
}

/**
 * A mutation the server refused (or the console refused before sending): it left the queue and
 * waits for a person. Rows written by older releases lack the optional fields.
 */
export interface AttentionRow {
  mutationId: string;
  recordId: string;
  table: SyncedTable;
  outcome: string;
  error: ApiErrorBody | null;
  at: string;
  op?: MutationOp;
  mutation?: OutboxRow;
  /** Missing means open. Discarding is itself recorded: who threw the change away and when. */
  status?: 'open' | 'discarded';
  discardedAt?: string;
  discardedBy?: string;
  /**
   * A pulled version of the record replaced the one that showed this refused change (a pull
   * re-applies only the outbox), so discarding it has nothing left to undo on screen.
   */
  pulledOver?: boolean;
}

export function isOpenAttention(row: AttentionRow): boolean {
  return row.status !== 'discarded';
}

/** Server audit entries cached for the cases an operator opened (timeline offline). */
export type AuditCacheRow = AuditEntry & { recordId: string };

/** What every stored file row knows besides its bytes. */
interface DocumentFileMeta {
  documentId: string;
  caseId: string;
  name: string;
  mimeType: string;
  /** Plaintext size and sha256 (what the synced DocumentRecord carries too). */
  size: number;
  sha256: string;
  storedAt: string;
  /** Since v5: when the server confirmed it has this file; from then on it is a cache entry. */
  uploadedAt?: string;
  /** Since v5: last attached, downloaded or opened, for the cache's LRU eviction. */
  lastUsedAt?: string;
}

/** v2 row: plaintext bytes. Only the v3 upgrade still reads it. */
export type PlaintextDocumentFileRow = DocumentFileMeta & { bytes: Uint8Array };

/**
 * The bytes of a file attached to a document checklist item, kept on this
 * laptop only (the synced DocumentRecord carries name, size and sha256).
 * Since v3 encrypted at rest (AES-GCM, per-device key: file-crypto.ts), as
 * DOMAIN.md asks for personal data under UU 27/2022.
 */
export type DocumentFileRow = DocumentFileMeta & { iv: Uint8Array; ciphertext: Uint8Array };

/** The last GET /v1/directory of an office (renderer/db/directory.ts). */
export interface DirectoryRow {
  officeId: string;
  office: DirectoryOffice;
  users: DirectoryUser[];
  /** When the server read it. */
  at: string;
}

export interface PoskoDbOptions {
  /** Encrypts v2 plaintext files during the v3 upgrade; needed only if such rows exist. */
  fileCipher?: FileCipher;
}

export class PoskoDb extends Dexie {
  declare cases: Table<LocalCase, string>;
  declare contacts: Table<ContactRecord, string>;
  declare notes: Table<NoteRecord, string>;
  declare documents: Table<DocumentRecord, string>;
  declare referrals: Table<ReferralRecord, string>;
  declare tasks: Table<TaskRecord, string>;
  declare outbox: Table<OutboxRow, number>;
  declare syncState: Table<SyncStateRow, string>;
  declare conflicts: Table<Conflict, string>;
  declare attention: Table<AttentionRow, string>;
  declare session: Table<SessionRow, string>;
  declare auditCache: Table<AuditCacheRow, [string, number]>;
  declare documentFiles: Table<DocumentFileRow, string>;
  declare uploads: Table<UploadRow, string>;
  declare uploadUrls: Table<UploadUrlRow, string>;
  declare filePins: Table<FilePinRow, string>;
  declare directory: Table<DirectoryRow, string>;

  constructor(name: string = DEFAULT_DB_NAME, options: PoskoDbOptions = {}) {
    super(name);
    // v1 — 2025, first release. See the header before adding version 2.
    this.version(1).stores({
      cases:
        'id, caseNumber, draftNumber, status, urgency, officeId, ownerId, receivedAt, destinationCountry, *searchKeys',
      contacts: 'id, caseId, at, nextPromiseAt',
      notes: 'id, caseId',
      documents: 'id, caseId',
      referrals: 'id, caseId, replyDueAt',
      tasks: 'id, caseId, dueAt',
      outbox: '++seq, &mutationId, [table+recordId]',
      syncState: 'key',
      conflicts: 'id, recordId, caseId, status',
      attention: 'mutationId, recordId',
      session: 'key',
      auditCache: '[recordId+seq], recordId',
    });
    // v2 — local document files, and search keys with folded name spellings
    // ("Soekarno" also indexed as "sukarno"): every case row is re-keyed.
    this.version(2)
      .stores({ documentFiles: 'documentId, caseId, sha256' })
      .upgrade((tx) =>
        tx
          .table<LocalCase, string>('cases')
          .toCollection()
          .modify((row) => {
            row.searchKeys = caseSearchKeys(row);
          }),
      );
    // v3 — document files encrypted at rest: v2 plaintext rows become iv + ciphertext.
    this.version(3)
      .stores({})
      .upgrade(async (tx) => {
        const table = tx.table<PlaintextDocumentFileRow | DocumentFileRow, string>('documentFiles');
        const plain = (await table.toArray()).filter(
          (row): row is PlaintextDocumentFileRow => 'bytes' in row,
        );
        if (plain.length === 0) return;
        const cipher = options.fileCipher;
        // Throwing keeps the database at v2 with the files intact, rather than upgrading them unprotected.
        if (!cipher) throw new Error('Document files need a file cipher to be encrypted (database v3)');
        for (const { bytes, ...meta } of plain) {
          // WebCrypto is not IndexedDB: waitFor keeps the upgrade transaction alive meanwhile.
          const encrypted = await Dexie.waitFor(cipher.encrypt(bytes));
          await table.put({ ...meta, ...encrypted });
        }
      });
    // v4 — the office directory (issue 17): names for the user ids in records, readable offline.
    this.version(4).stores({ directory: 'officeId' });
    // v5 — document files travel (issue 16): the upload queue, tus upload URLs kept across
    // restarts, pinned cases. Files attached before this release were on this device only: each
    // is queued for upload now.
    this.version(5)
      .stores({ uploads: 'documentId, caseId, state', uploadUrls: 'key, fingerprint', filePins: 'caseId' })
      .upgrade(async (tx) => {
        const files = await tx.table<DocumentFileRow, string>('documentFiles').toArray();
        const now = new Date().toISOString();
        await tx.table<UploadRow, string>('uploads').bulkPut(files.map((file) => uploadRowFor(file, now)));
      });
    // v6 — search finds what a caller says (issue 17): employer names and phones, the agency's
    // name and phone become search keys (and "00…" numbers read as international): every case
    // row is re-keyed.
    this.version(6)
      .stores({})
      .upgrade((tx) =>
        tx
          .table<LocalCase, string>('cases')
          .toCollection()
          .modify((row) => {
            row.searchKeys = caseSearchKeys(row);
          }),
      );
  }

  /** The Dexie table of a synced table name, typed. */
  synced<T extends SyncedTable>(table: T): Table<LocalRowsByTable[T], string> {
    return this.table(table) as unknown as Table<LocalRowsByTable[T], string>;
  }
}

/**
 * A synced record as a local row, for every write of one (a save, a resolve, a pulled or rebased
 * record, a discarded change put back): keeps the local-only fields of the row it replaces (`_*`)
 * and recomputes the derived ones (`searchKeys`) from `record`, so search always finds what the
 * row shows.
 */
export function toLocalRow<T extends SyncedTable>(
  table: T,
  record: object,
  previous?: object,
): LocalRowsByTable[T] {
  const row: Record<string, unknown> = {};
  if (previous)
    for (const [key, value] of Object.entries(previous)) if (key.startsWith('_')) row[key] = value;
  Object.assign(row, record);
  if (table === 'cases') row.searchKeys = caseSearchKeys(record as CaseRecord);
  return row as unknown as LocalRowsByTable[T];
}

/** Removes local-only fields (`searchKeys`, `_*`) so what is left is exactly the synced record. */
export function stripLocal<T extends object>(row: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === 'searchKeys' || key.startsWith('_')) continue;
    out[key] = value;
  }
  return out;
}
