import type { z } from 'zod';
import { CaseRecord } from './case';
import { ContactRecord, DocumentRecord, NoteRecord, ReferralRecord, TaskRecord } from './events';
import type { SyncedTable } from './record';

export const RECORD_SCHEMAS = {
  cases: CaseRecord,
  contacts: ContactRecord,
  notes: NoteRecord,
  documents: DocumentRecord,
  referrals: ReferralRecord,
  tasks: TaskRecord,
} as const satisfies Record<SyncedTable, z.ZodType>;

export interface RecordsByTable {
  cases: z.infer<typeof CaseRecord>;
  contacts: z.infer<typeof ContactRecord>;
  notes: z.infer<typeof NoteRecord>;
  documents: z.infer<typeof DocumentRecord>;
  referrals: z.infer<typeof ReferralRecord>;
  tasks: z.infer<typeof TaskRecord>;
}
export type AnyRecord = RecordsByTable[SyncedTable];

/** Append-only tables: after create, only the author may tombstone; no field edits. */
export const APPEND_ONLY_TABLES: readonly SyncedTable[] = ['contacts', 'notes'];
