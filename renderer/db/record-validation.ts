// The checks every repository write runs before it puts a row or a mutation,
// so an invalid save throws (rolling back its transaction) and writes nothing.
import type { z } from 'zod';
import type { CaseRecord } from '../../shared/domain/case';
import type { SyncedTable } from '../../shared/domain/record';
import { editViolation, transitionViolation } from '../../shared/domain/rules';
import { APPEND_ONLY_TABLES, RECORD_SCHEMAS } from '../../shared/domain/tables';
import type { RecordChanges, RepositoryErrorCode } from './repository-types';

type Schemas = typeof RECORD_SCHEMAS;

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

// The rules themselves live in shared/domain/rules.ts, where the server reads them too.
export { isServerPath } from '../../shared/domain/rules';

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

export function validate<T extends SyncedTable>(table: T, value: unknown): z.output<Schemas[T]> {
  const parsed = RECORD_SCHEMAS[table].safeParse(value);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    const summary = issues.map((issue) => `${issue.path || '(record)'}: ${issue.message}`).join('; ');
    throw new RepositoryError('validation', `Invalid ${table} record: ${summary}`, issues);
  }
  return parsed.data as z.output<Schemas[T]>;
}

/** Refuses, before any transaction opens, edits to server-owned fields and to append-only tables. */
export function checkEditable(table: SyncedTable, changes: RecordChanges): void {
  // Server-owned and creation-fixed fields alike: the server would refuse the edit.
  const forbidden = Object.keys(changes).filter((path) => editViolation(path) !== undefined);
  if (forbidden.length > 0) {
    throw new RepositoryError(
      'server_field',
      `Fields owned by the server or fixed at creation cannot be edited: ${forbidden.join(', ')}`,
    );
  }
  if (APPEND_ONLY_TABLES.includes(table)) {
    throw new RepositoryError('append_only', `${table} entries are append-only: add a new one instead`);
  }
}

export function checkCaseRules(before: CaseRecord, after: CaseRecord): void {
  const violation = transitionViolation(before, after);
  if (violation?.code === 'illegal_transition') {
    throw new RepositoryError('transition', `Status cannot move from ${violation.from} to ${violation.to}`);
  }
  if (violation?.code === 'closure_required') {
    throw new RepositoryError('validation', `Status ${violation.to} requires ${violation.path}`, [
      { path: violation.path, message: 'required' },
    ]);
  }
}
