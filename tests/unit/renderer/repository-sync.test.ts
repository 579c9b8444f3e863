// The reads behind the sync screens, through the Repository (issue 15: screens reach
// the data through it, never Dexie tables): the conflict inbox, known user names,
// a case's version stamp and the case a record belongs to.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PoskoDb } from '../../../renderer/db/database';
import type { Repository } from '../../../renderer/db/repository';
import type { Conflict } from '../../../shared/sync/protocol';
import { caseInput, dropTestDb, openTestRepository } from './fixtures';

let db: PoskoDb;
let repo: Repository;
const at = new Date('2026-12-01T00:00:00.000Z');
beforeEach(() => ({ db, repo } = openTestRepository('repo-sync')));
afterEach(() => dropTestDb(db));

function conflict(id: string, caseId: string, status: 'open' | 'resolved'): Conflict {
  return {
    id,
    table: 'cases',
    recordId: caseId,
    caseId,
    officeId: 'JKT',
    path: 'summary',
    base: 'a',
    server: 'b',
    client: 'c',
    serverActorId: 'ani',
    serverAt: at.toISOString(),
    clientActorId: 'budi',
    clientAt: at.toISOString(),
    mutationId: '01a22ed1-0000-7000-8000-00000000000f',
    status,
    resolvedBy: null,
    resolvedAt: null,
    seq: 3,
  } as Conflict;
}

describe('repository reads for the sync screens', () => {
  it('lists open conflicts with case labels, marks those with a resolve queued, and counts them', async () => {
    const { case: c } = await repo.createCase(caseInput(at, { worker: { fullName: 'Aminah' } }));
    const open = conflict('01a22ed1-0000-7000-8000-000000000001', c.id, 'open');
    await db.conflicts.bulkPut([open, conflict('01a22ed1-0000-7000-8000-000000000002', c.id, 'resolved')]);
    let inbox = await repo.conflictInbox();
    expect(inbox.open.map((x) => x.id)).toEqual([open.id]);
    expect(inbox.cases.get(c.id)).toBe(`${c.draftNumber} · Aminah`);
    expect(inbox.resolving.size).toBe(0);
    expect(await repo.openConflictTotal()).toBe(1);
    expect(await repo.openConflictCount(c.id)).toBe(1);
    await repo.resolveConflict(open, 'c');
    inbox = await repo.conflictInbox(c.id);
    expect([...inbox.resolving]).toEqual([open.id]);
  });

  it('names the users who signed in here, stamps a case version, and finds the case of a record', async () => {
    await db.session.put({
      key: 'account:sari',
      value: {
        user: { id: 'u-sari', username: 'sari', displayName: 'Sari', role: 'operator', officeId: 'JKT' },
        serverUrl: 'http://sync.test',
        lastOnlineLoginAt: at.toISOString(),
      },
    });
    expect(await repo.knownUserNames()).toEqual(new Map([['u-sari', 'Sari']]));
    const { case: c } = await repo.createCase(caseInput(at));
    const before = await repo.caseVersion(c.id);
    const note = await repo.createRecord('notes', {
      caseId: c.id,
      at: at.toISOString(),
      body: 'x',
      authorId: 'op-1',
    } as never);
    expect(await repo.caseVersion(c.id)).not.toBe(before);
    expect(await repo.caseIdOf('notes', note.id)).toBe(c.id);
    expect(await repo.caseIdOf('cases', c.id)).toBe(c.id);
    expect(await repo.caseIdOf('notes', '01a22ed1-0000-7000-8000-0000000000aa')).toBeNull();
  });
});
