// The one place tests build cases and the mutations that carry them: the
// renderer's repository tests (a new-case input), the console-side sync tests
// (a full local CaseRecord), the server, fuzz, load, crash and bench suites (a
// pushed create's leaf map, mutations), the integration and chaos schedules (a
// shared case with a fixed receipt time). Every shape starts from NEW_CASE, so
// a field the schema starts to require is added here once.
import { v7 as uuidv7 } from 'uuid';
import { CaseRecord } from '../../shared/domain/case';
import type { SyncedTable } from '../../shared/domain/record';
import { flatten, type LeafMap } from '../../shared/sync/paths';
import type { Mutation } from '../../shared/sync/protocol';

export const nowIso = () => new Date().toISOString();

/** What intake needs at the least, besides when it was received. */
export const NEW_CASE = {
  channel: 'phone',
  receivedBy: 'tester',
  ownerId: null,
  status: 'received',
  urgency: 'normal',
} as const;

/** A new case as a person enters it: NEW_CASE received now, with `overrides`. */
export function newCaseFields<T extends Record<string, unknown>>(overrides: T = {} as T) {
  return { receivedAt: nowIso(), ...NEW_CASE, ...overrides };
}

/** The people and story the server suites' cases carry (search, redaction and rules read them). */
export const CASE_STORY = {
  summary: 'Wants to come home',
  worker: { fullName: 'Siti Aminah binti Ahmad', passportNumber: 'C1234567' },
  reporters: { r1: { name: 'Ibu Sumiati', role: 'family', relationship: 'parent' } },
} as const;

let drafts = 0;
/** A draft number no other case in this process has. */
export function uniqueDraftNumber(): string {
  return `DRAFT-${process.pid}${Date.now().toString(36)}${(drafts++).toString(36)}`;
}

/** A valid case as a leaf map: what a console's first diff against {} looks like. */
export function casePatch(overrides: Record<string, unknown> = {}): LeafMap {
  return flatten(
    newCaseFields({ draftNumber: uniqueDraftNumber(), receivedBy: 'someone', ...CASE_STORY, ...overrides }),
  );
}

/** A complete local case record not yet pushed (rev 0), as a console holds it. */
export function caseRecord(officeId: string, overrides: Record<string, unknown> = {}): CaseRecord {
  return CaseRecord.parse({
    id: uuidv7(),
    rev: 0,
    seq: 0,
    updatedAt: null,
    updatedBy: null,
    deleted: false,
    officeId,
    caseNumber: null,
    draftNumber: `DRAFT-${Math.floor(Math.random() * 1e6)}`,
    ...newCaseFields(overrides),
  });
}

/** One mutation as a console sends it; `extra` sets baseRev, prior, conflictId... */
export function mutation(
  op: Mutation['op'],
  table: Mutation['table'],
  recordId: string,
  patch: LeafMap,
  extra: Partial<Mutation> = {},
): Mutation {
  return {
    // Time-ordered, as the console makes them (renderer/db/mutation.ts).
    mutationId: uuidv7(),
    table,
    recordId,
    op,
    baseRev: 0,
    patch,
    prior: {},
    clientTime: nowIso(),
    ...extra,
  };
}

export function createCaseMutation(overrides: Record<string, unknown> = {}, recordId = uuidv7()): Mutation {
  return mutation('create', 'cases', recordId, casePatch(overrides));
}

/** An edit made on top of `baseRev`: `prior` holds what the editor saw. */
export function updateMutation(
  table: SyncedTable,
  recordId: string,
  baseRev: number,
  patch: LeafMap,
  prior: LeafMap,
): Mutation {
  return mutation('update', table, recordId, patch, { baseRev, prior });
}

export function contactPatch(caseId: string, overrides: Record<string, unknown> = {}): LeafMap {
  return flatten({
    caseId,
    at: nowIso(),
    direction: 'outgoing',
    channel: 'phone',
    result: 'connected',
    toldFamily: 'no news yet',
    ...overrides,
  });
}

export function taskPatch(caseId: string, overrides: Record<string, unknown> = {}): LeafMap {
  return flatten({ caseId, title: 'Call the mission', status: 'open', ...overrides });
}
