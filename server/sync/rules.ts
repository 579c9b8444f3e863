// Per-record rules shared by the push operations: who may touch what, which
// fields a client may write, and full validation of the resulting record.
import { isFieldOf } from '../../shared/domain/field-paths';
import type { SyncedTable } from '../../shared/domain/record';
import { editViolation, transitionViolation, type RuleViolation } from '../../shared/domain/rules';
import { RECORD_SCHEMAS } from '../../shared/domain/tables';
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

/** The answer for a record that does not exist, or that the caller may not see (same words). */
export function notFound(table: string, id: string): Rejection {
  return new Rejection('not_found', `${table}/${id} does not exist on the server`);
}

/**
 * A record of another office answers exactly like one that does not exist (`notFound()` or the
 * caller's own not-found answer): saying "another office" would tell that it exists, and where
 * (issue 14 item 10). The refusal is still audited, like every rejected mutation.
 */
export function assertInScope(actor: AuthUser, officeId: string, notFoundAnswer: () => Rejection): void {
  if (actor.officeId !== officeId) throw notFoundAnswer();
}

/** A shared rule's violation (shared/domain/rules.ts) as this server's refusal. */
function refusal(v: RuleViolation): Rejection {
  switch (v.code) {
    case 'server_field':
    case 'immutable_field':
      return new Rejection(v.code, v.message, { path: v.path });
    case 'illegal_transition':
      return new Rejection(v.code, v.message, { path: v.path, from: v.from, to: v.to });
    case 'closure_required':
      return new Rejection('invalid_record', v.message, {
        issues: [{ path: v.path, message: `required when status becomes ${v.to}` }],
        path: v.path,
      });
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
    const violation = editViolation(path);
    if (violation) throw refusal(violation);
  }
}

/** Every leaf of `patch` names a field of the table's schema; checked before any merge. */
export function assertFieldPaths(table: SyncedTable, patch: LeafMap): void {
  for (const path of Object.keys(patch)) if (!isFieldOf(table, path)) throw unknownField(path);
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
  const violation = transitionViolation(before, after);
  if (violation) throw refusal(violation);
}

export function caseIdOf(table: SyncedTable, data: Record<string, unknown>): string {
  return table === 'cases' ? String(data.id) : String(data.caseId);
}
