// Audit entries: what is hashed is exactly what GET /v1/audit returns, so any
// client or auditor can re-verify the chain with shared/audit/hash.ts.
import { storedForm, type AuditEntry } from '../../shared/sync/protocol';
import type { AuditRow } from '../storage/types';
import { auditRowHash, canonicalChanges, type AuditRowValues } from './hash-fast';

export interface AuditChange {
  path: string;
  from: unknown;
  to: unknown;
}

/** What a caller states; seq, time and hashes are filled in by the chain. */
export interface AuditInput {
  action: string;
  outcome: string;
  actorId?: string | null;
  deviceId?: string | null;
  clientTime?: string | null;
  table?: string | null;
  recordId?: string | null;
  mutationId?: string | null;
  baseRev?: number | null;
  rev?: number | null;
  changes?: AuditChange[];
  conflictId?: string | null;
  officeId?: string | null;
  caseId?: string | null;
  detail?: string | null;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

export function rowToEntry(row: AuditRow): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    clientTime: row.client_time,
    actorId: row.actor_id,
    deviceId: row.device_id,
    action: row.action,
    table: row.table_name,
    recordId: row.record_id,
    mutationId: row.mutation_id,
    baseRev: row.base_rev === null ? null : Number(row.base_rev),
    rev: row.rev === null ? null : Number(row.rev),
    changes: JSON.parse(row.changes) as AuditEntry['changes'],
    outcome: row.outcome,
    conflictId: row.conflict_id,
    officeId: row.office_id,
    caseId: row.case_id,
    detail: row.detail,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** A text column as the database will hand it back (see storedForm), or null. */
const text = (value: string | null | undefined): string | null =>
  value === null || value === undefined ? null : storedForm(value);

/** Builds the next entry after `head` (hash included) as the column values of one audit row. */
export function buildAuditRow(head: ChainHead, input: AuditInput, at: string): unknown[] {
  // What is hashed must be exactly what is stored and read back, or verification reports a break
  // that no one made. Text columns are hashed in their stored form: a lone surrogate in a detail or
  // device id (UTF-8 storage turns it into U+FFFD) broke the chain on both databases. Numbers come
  // from parsed JSON; canonicalJson refuses the non-JSON ones that could differ. `changes` is stored
  // as its canonical text (JSON escapes lone surrogates: lossless), the very text that is hashed;
  // canonicalChanges writes a missing `from`/`to` as null, like the stored text.
  const row: AuditRowValues = [
    head.seq + 1,
    at,
    text(input.clientTime),
    text(input.actorId),
    text(input.deviceId),
    storedForm(input.action),
    text(input.table),
    text(input.recordId),
    text(input.mutationId),
    input.baseRev ?? null,
    input.rev ?? null,
    canonicalChanges(input.changes ?? []),
    storedForm(input.outcome),
    text(input.conflictId),
    text(input.officeId),
    text(input.caseId),
    text(input.detail),
    head.hash,
  ];
  const values: unknown[] = row;
  values.push(auditRowHash(row));
  return values;
}

/** The audit INSERT without VALUES, and its column count (see WriteTx.deferInsert). */
export const AUDIT_INSERT =
  'INSERT INTO audit (seq, at, client_time, actor_id, device_id, action, table_name, record_id, mutation_id, base_rev, rev, changes, outcome, conflict_id, office_id, case_id, detail, prev_hash, hash)';
export const AUDIT_WIDTH = 19;
