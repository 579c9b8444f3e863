// The shapes the repository takes and returns, apart from its class so the
// query modules and the UI can name them without importing the write paths.
import type { z } from 'zod';
import type { CaseRecord } from '../../shared/domain/case';
import type {
  ContactRecord,
  DocumentRecord,
  NoteRecord,
  ReferralRecord,
  TaskRecord,
} from '../../shared/domain/events';
import type { SyncedTable } from '../../shared/domain/record';
import type { RECORD_SCHEMAS } from '../../shared/domain/tables';
import type { Json } from '../../shared/sync/paths';
import type { Actor } from '../session/actor';
import type { DocumentFileRow, LocalCase } from './database';
import type { FileCipher } from './file-crypto';

export type RepositoryErrorCode =
  'validation' | 'not_found' | 'server_field' | 'append_only' | 'transition' | 'not_deletable';

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
