// Issue 15, "Rules defined once": the console (renderer/db/record-validation.ts)
// and the server (server/sync/rules.ts) both read shared/domain/rules.ts. One
// table of edits goes through both; each must give the same answer: allowed,
// or refused for the same reason at the same path.
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { CaseRecord } from '../../../shared/domain/case';
import { applyPatch, diff, type LeafMap } from '../../../shared/sync/paths';
import { checkCaseRules, checkEditable, RepositoryError } from '../../../renderer/db/record-validation';
import { Rejection, assertTransition, assertWritablePaths } from '../../../server/sync/rules';

type Answer = 'ok' | `field:${string}` | `transition:${string}` | `closure:${string}`;

const base = (status: CaseRecord['status'], extra: Record<string, unknown> = {}): CaseRecord =>
  CaseRecord.parse({
    id: uuidv7(),
    rev: 3,
    seq: 10,
    updatedAt: null,
    updatedBy: null,
    deleted: false,
    officeId: 'office-1',
    caseNumber: 'JKT-2026-000001',
    draftNumber: 'DRAFT-1',
    receivedAt: '2026-11-30T08:00:00+07:00',
    channel: 'phone',
    receivedBy: 'u1',
    ownerId: 'u1',
    status,
    urgency: 'normal',
    ...extra,
  });

/** The console's answer: checkEditable on the changes, then the case rules on the result. */
function consoleAnswer(before: CaseRecord, changes: Record<string, unknown>): Answer {
  try {
    checkEditable('cases', changes as LeafMap);
    checkCaseRules(before, applyPatch(before, changes as LeafMap));
    return 'ok';
  } catch (e) {
    if (!(e instanceof RepositoryError)) throw e;
    if (e.code === 'server_field') return `field:${e.message.split(': ')[1]}`;
    if (e.code === 'transition')
      return `transition:${e.message.replace('Status cannot move from ', '').replace(' to ', '>')}`;
    return `closure:${e.issues[0]?.path}`;
  }
}

/** The server's answer to the same edit, pushed as the console would (its leaf diff). */
function serverAnswer(before: CaseRecord, changes: Record<string, unknown>): Answer {
  const after = applyPatch(before, changes as LeafMap);
  const { patch } = diff(before, after);
  try {
    assertWritablePaths(patch);
    assertTransition(before, after);
    return 'ok';
  } catch (e) {
    if (!(e instanceof Rejection)) throw e;
    const path = String(e.details?.path);
    if (e.code === 'server_field' || e.code === 'immutable_field') return `field:${path.split('.')[0]}`;
    if (e.code === 'illegal_transition')
      return `transition:${String(e.details?.from)}>${String(e.details?.to)}`;
    return `closure:${path}`;
  }
}

const CASES: [string, CaseRecord, Record<string, unknown>, Answer][] = [
  ['a summary edit', base('received'), { summary: 'new' }, 'ok'],
  ['a nested edit', base('received'), { 'worker.fullName': 'Siti' }, 'ok'],
  ['received -> verifying', base('received'), { status: 'verifying' }, 'ok'],
  [
    'received -> resolved',
    base('received'),
    { status: 'resolved', outcome: 'brought_home' },
    'transition:received>resolved',
  ],
  [
    'resolved -> verifying',
    base('resolved', { outcome: 'brought_home' }),
    { status: 'verifying' },
    'transition:resolved>verifying',
  ],
  ['resolved -> reopened', base('resolved', { outcome: 'brought_home' }), { status: 'reopened' }, 'ok'],
  ['resolved without outcome', base('in_process_internal'), { status: 'resolved' }, 'closure:outcome'],
  [
    'resolved with outcome',
    base('in_process_internal'),
    { status: 'resolved', outcome: 'brought_home' },
    'ok',
  ],
  ['closed without reason', base('routed'), { status: 'closed_unresolved' }, 'closure:closureReason'],
  ['handed over without reason', base('routed'), { status: 'handed_over' }, 'closure:closureReason'],
  [
    'closed with reason',
    base('routed'),
    { status: 'closed_unresolved', closureReason: 'documents_incomplete_30d' },
    'ok',
  ],
  ...(['rev', 'seq', 'updatedAt', 'updatedBy', 'openConflicts', 'caseNumber'] as const).map(
    (f): [string, CaseRecord, Record<string, unknown>, Answer] => [
      `server field ${f}`,
      base('received'),
      {
        [f]: f === 'updatedAt' ? '2026-12-01T00:00:00Z' : f === 'caseNumber' || f === 'updatedBy' ? 'X' : 99,
      },
      `field:${f}`,
    ],
  ),
  ...(['officeId', 'receivedBy', 'draftNumber'] as const).map(
    (f): [string, CaseRecord, Record<string, unknown>, Answer] => [
      `creation-fixed ${f}`,
      base('received'),
      { [f]: 'other' },
      `field:${f}`,
    ],
  ),
  ['creation-fixed deleted', base('received'), { deleted: true }, 'field:deleted'],
];

describe('shared record rules: console and server agree', () => {
  it.each(CASES)('%s', (_name, before, changes, expected) => {
    expect(consoleAnswer(before, changes)).toBe(expected);
    expect(serverAnswer(before, changes)).toBe(expected);
  });
});
