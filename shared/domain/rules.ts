// Record rules that console and server both enforce, defined once (issue 15,
// "Rules defined once"): which fields only the server writes, which fields are
// fixed when a record is created, and the case status workflow on an edit.
// Each check answers with a violation (or undefined), not an exception, so
// each side wraps it in its own error type: the server refuses the mutation
// (server/sync/rules.ts), the console refuses the save before it writes
// anything (renderer/db/record-validation.ts). tests/unit/shared/rules.test.ts
// runs one table of cases through both and expects the same answers.
import { CaseStatus } from './enums';
import { closureRequirement, isAllowedTransition } from './workflow';

/** Fields the server owns; a client patch that touches one is refused. */
export const SERVER_FIELDS = [
  'id',
  'rev',
  'seq',
  'updatedAt',
  'updatedBy',
  'openConflicts',
  'caseNumber',
  // documents: written when an upload is verified and stored (server/files/finalize.ts).
  'storedFile',
] as const;

/** Fields fixed at creation: moving a record to another office or case is not an edit. */
export const CREATION_FIXED_FIELDS = [
  'officeId',
  'caseId',
  'deleted',
  'receivedBy',
  'authorId',
  'draftNumber',
] as const;

export type RuleViolation =
  | { code: 'server_field' | 'immutable_field'; path: string; message: string }
  | { code: 'illegal_transition'; path: 'status'; from: CaseStatus; to: CaseStatus; message: string }
  | { code: 'closure_required'; path: 'closureReason' | 'outcome'; to: CaseStatus; message: string };

const SERVER_SET: ReadonlySet<string> = new Set(SERVER_FIELDS);
const FIXED_SET: ReadonlySet<string> = new Set(CREATION_FIXED_FIELDS);

const topKey = (path: string): string => {
  const dot = path.indexOf('.');
  return dot < 0 ? path : path.slice(0, dot);
};

/** Whether `path` (a leaf path or a top-level field) lies in a server-owned field. */
export function isServerPath(path: string): boolean {
  return SERVER_SET.has(topKey(path));
}

/** Why an edit (update or resolve) may not write `path`, if it may not. */
export function editViolation(path: string): RuleViolation | undefined {
  const top = topKey(path);
  if (SERVER_SET.has(top))
    return { code: 'server_field', path, message: `${path}: this field is set by the server` };
  if (FIXED_SET.has(top))
    return { code: 'immutable_field', path, message: `${path}: this field cannot change after creation` };
  return undefined;
}

/**
 * Why a case may not go from `before` to `after`, if it may not: status changes follow the
 * workflow (shared/domain/workflow.ts), and closing needs its reason or outcome. A status that is
 * not one of the workflow's is left to schema validation.
 */
export function transitionViolation(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): RuleViolation | undefined {
  const from = CaseStatus.safeParse(before.status);
  const to = CaseStatus.safeParse(after.status);
  if (!from.success || !to.success || from.data === to.data) return undefined;
  if (!isAllowedTransition(from.data, to.data)) {
    return {
      code: 'illegal_transition',
      path: 'status',
      from: from.data,
      to: to.data,
      message: `status cannot go from ${from.data} to ${to.data}`,
    };
  }
  const needs = closureRequirement(to.data);
  if (needs && (after[needs] === null || after[needs] === undefined)) {
    return {
      code: 'closure_required',
      path: needs,
      to: to.data,
      message: `${needs}: required when status becomes ${to.data}`,
    };
  }
  return undefined;
}
