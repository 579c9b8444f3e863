// The checks every repository write runs before it puts a row or a mutation,
// so an invalid save throws (rolling back its transaction) and writes nothing.
import type { z } from 'zod';
import type { CaseRecord } from '../../shared/domain/case';
import { SERVER_FIELDS } from '../../shared/domain/record';
import type { SyncedTable } from '../../shared/domain/record';
import { APPEND_ONLY_TABLES, RECORD_SCHEMAS } from '../../shared/domain/tables';
import { closureRequirement, isAllowedTransition } from '../../shared/domain/workflow';
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

export function isServerPath(path: string): boolean {
  return SERVER_FIELDS.some((field) => path === field || path.startsWith(`${field}.`));
}

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
}

export function checkCaseRules(before: CaseRecord, after: CaseRecord): void {
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
