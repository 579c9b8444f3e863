// Builds the rows and outbox mutations the repository writes, without writing
// anything: the Repository runs them inside its transactions. The actor and
// clock are read at each build, so a login or a test clock applies to the
// next save.
import { v7 as uuidv7 } from 'uuid';
import type { DocumentType } from '../../shared/domain/enums';
import type { SyncedTable } from '../../shared/domain/record';
import { flatten } from '../../shared/sync/paths';
import type { LeafMap } from '../../shared/sync/paths';
import type { Actor } from '../session/actor';
import { toLocalRow } from './database';
import type { LocalRowsByTable, OutboxRow } from './database';
import { buildMutation } from './mutation';
import { isServerPath, validate } from './record-validation';
import type { NewRecord } from './repository-types';

/** Who is writing and when, as the Repository was configured. */
export interface WriteContext {
  actor: () => Actor;
  now: () => Date;
}

/** The local number shown until the server issues the real case number on first push. */
export function draftNumberFor(id: string): string {
  return `DRAFT-${id.slice(-6).toUpperCase()}`;
}

export function outboxMutation(
  context: WriteContext,
  fields: Omit<OutboxRow, 'mutationId' | 'clientTime' | 'actorId' | 'deviceId'>,
): OutboxRow {
  return buildMutation(fields, context.actor(), context.now());
}

/** Validates and builds a new record with its create mutation; writes nothing. */
export function prepareCreate<T extends SyncedTable>(
  context: WriteContext,
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
    officeId: input.officeId ?? context.actor().officeId,
  };
  if (table === 'cases')
    Object.assign(draft, { caseNumber: null, draftNumber: draftNumberFor(id), openConflicts: 0 });
  const record = validate(table, draft);
  const patch: LeafMap = {};
  for (const [path, value] of Object.entries(flatten(record as Record<string, unknown>))) {
    if (!isServerPath(path)) patch[path] = value;
  }
  const mutation = outboxMutation(context, {
    table,
    recordId: id,
    op: 'create',
    baseRev: 0,
    patch,
    prior: {},
  });
  return { row: toLocalRow(table, record), mutation };
}

/** A checklist item asking for a document, stamped now. */
export function documentRequest(
  context: WriteContext,
  caseId: string,
  type: DocumentType,
  officeId: string,
): NewRecord<'documents'> {
  return { caseId, type, status: 'requested', requestedAt: context.now().toISOString(), officeId };
}
