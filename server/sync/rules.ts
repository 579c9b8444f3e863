// Per-record rules shared by the push operations: who may touch what, which
// fields a client may write, and full validation of the resulting record.
import { CaseStatus } from '../../shared/domain/enums';
import { SERVER_FIELDS, type SyncedTable } from '../../shared/domain/record';
import { RECORD_SCHEMAS } from '../../shared/domain/tables';
import { closureRequirement, isAllowedTransition } from '../../shared/domain/workflow';
import { getPath, isPlainObject, type Json, type LeafMap } from '../../shared/sync/paths';
import type { AuthUser } from '../context';
import { describeIssues, zodIssues } from '../errors';
import type { RecordData } from './records';

/** A mutation refused on its own; the batch goes on. */
export class Rejection extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Fields fixed at creation: moving a record to another office or case is not an edit. */
const IMMUTABLE_FIELDS = new Set(['officeId', 'caseId', 'deleted', 'receivedBy', 'authorId', 'draftNumber']);
const SERVER_FIELD_SET = new Set<string>(SERVER_FIELDS);

const top = (path: string) => path.split('.')[0] ?? path;

export function assertOffice(actor: AuthUser, officeId: string): void {
  if (actor.officeId !== officeId) {
    throw new Rejection('forbidden_office', 'this record belongs to another office', { officeId });
  }
}

/** Patch values must be leaves: an object value would silently replace a whole subtree. */
export function assertLeaves(patch: LeafMap): void {
  for (const path of Object.keys(patch)) {
    const value = patch[path];
    if (isPlainObject(value)) {
      throw new Rejection(
        'invalid_mutation',
        `${path}: patch values are leaves; use dotted paths for nested fields`,
        {
          path,
        },
      );
    }
  }
}

/** On update and resolve, server-owned and creation-fixed fields are refused. */
export function assertWritablePaths(patch: LeafMap): void {
  for (const path of Object.keys(patch)) {
    if (SERVER_FIELD_SET.has(top(path))) {
      throw new Rejection('server_field', `${path}: this field is set by the server`, { path });
    }
    if (IMMUTABLE_FIELDS.has(top(path))) {
      throw new Rejection('immutable_field', `${path}: this field cannot change after creation`, { path });
    }
  }
}

/** A path the client wrote that names no field of the record. */
export function unknownField(path: string): Rejection {
  return new Rejection('invalid_record', `${path}: unknown field`, {
    issues: [{ path, message: 'unknown field' }],
    path,
  });
}

/** Parses the full record with its schema; names the first bad field. Also refuses unknown fields. */
export function validateRecord(
  table: SyncedTable,
  candidate: Record<string, unknown>,
  paths: string[],
): RecordData {
  return validateWithLeaves(table, candidate, paths).data;
}

/** validateRecord, and the value of each of `paths` in the parsed record (same order). */
export function validateWithLeaves(
  table: SyncedTable,
  candidate: Record<string, unknown>,
  paths: string[],
): { data: RecordData; leaves: Json[] } {
  const result = RECORD_SCHEMAS[table].safeParse(candidate);
  if (!result.success) {
    const issues = zodIssues(result.error);
    throw new Rejection('invalid_record', describeIssues(issues), { issues, path: issues[0]?.path });
  }
  const data = result.data as RecordData;
  const leaves: Json[] = [];
  for (const path of paths) {
    // The schema strips keys it does not know: a path the client wrote that is gone now is unknown.
    const leaf = getPath(data, path);
    if (leaf === undefined) throw unknownField(path);
    leaves.push(leaf);
  }
  return { data, leaves };
}

/** Status changes follow the workflow; closing needs its reason or outcome. */
export function assertTransition(before: Record<string, unknown>, after: Record<string, unknown>): void {
  const from = CaseStatus.safeParse(before.status);
  const to = CaseStatus.safeParse(after.status);
  if (!from.success || !to.success || from.data === to.data) return;
  if (!isAllowedTransition(from.data, to.data)) {
    throw new Rejection('illegal_transition', `status cannot go from ${from.data} to ${to.data}`, {
      path: 'status',
      from: from.data,
      to: to.data,
    });
  }
  const needs = closureRequirement(to.data);
  if (needs && (after[needs] === null || after[needs] === undefined)) {
    throw new Rejection('invalid_record', `${needs}: required when status becomes ${to.data}`, {
      issues: [{ path: needs, message: `required when status becomes ${to.data}` }],
      path: needs,
    });
  }
}

export function caseIdOf(table: SyncedTable, data: Record<string, unknown>): string {
  return table === 'cases' ? String(data.id) : String(data.caseId);
}
