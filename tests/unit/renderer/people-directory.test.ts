// The office directory on the console (issue 17): fetched after each
// successful sync cycle (and on demand: sign-in/unlock), stored whole in
// Dexie, kept when a fetch fails (names stay readable offline), and merged
// with the accounts that signed in on this device.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PoskoDb } from '../../../renderer/db/database';
import { movedCursor } from '../../../renderer/db/case-moves';
import { knownPeople, readDirectory } from '../../../renderer/db/directory';
import { watchDirectory } from '../../../renderer/sync/directory-refresh';
import { StatusStore } from '../../../renderer/sync/status';
import type { DirectoryResponse } from '../../../shared/sync/directory';
import { Repository } from '../../../renderer/db/repository';
import { TEST_ACTOR, caseInput, dropTestDb, openTestRepository } from './fixtures';

const directory = (name: string, active = true): DirectoryResponse => ({
  office: { id: 'JKT', code: 'JKT', name: 'Posko Jakarta' },
  users: [{ id: 'u1', displayName: name, role: 'operator', active }],
  at: new Date().toISOString(),
});

let db: PoskoDb;
beforeEach(() => {
  db = openTestRepository('people-dir').db;
});
afterEach(() => dropTestDb(db));

describe('watchDirectory', () => {
  it('stores the directory after each successful cycle, and keeps it when a fetch fails', async () => {
    const status = new StatusStore();
    const answers: Array<DirectoryResponse | Error> = [
      directory('Siti'),
      new Error('offline'),
      directory('Siti R.', false),
    ];
    let calls = 0;
    const transport = {
      directory: async () => {
        const next = answers[calls++];
        if (next instanceof Error) throw next;
        return next as DirectoryResponse;
      },
    };
    const watcher = watchDirectory(db, { status }, transport);
    // No successful cycle yet: nothing fetched.
    status.update({ phase: 'pulling' });
    expect(calls).toBe(0);

    status.update({ lastSuccessAt: '2026-01-01T00:00:00.000Z' });
    await watcher.refresh();
    expect((await readDirectory(db, 'JKT'))?.users[0]?.displayName).toBe('Siti');

    status.update({ lastSuccessAt: '2026-01-01T00:01:00.000Z' });
    await watcher.refresh(); // joins the running fetch, which fails
    expect(calls).toBe(2);
    expect((await readDirectory(db, 'JKT'))?.users[0]?.displayName).toBe('Siti');

    await watcher.refresh(); // sign-in or unlock asks directly
    expect((await knownPeople(db)).get('u1')).toEqual({
      id: 'u1',
      displayName: 'Siti R.',
      role: 'operator',
      active: false,
    });
    watcher.dispose();
    expect(await movedCursor(db)).toBe(0); // no movedCases on this transport: nothing asked
    status.update({ lastSuccessAt: '2026-01-01T00:02:00.000Z' });
    expect(calls).toBe(3);
  });
});

describe('watchDirectory and moved cases', () => {
  it('drops the cases the server says moved out, paging by its cursor', async () => {
    const status = new StatusStore();
    const repo = new Repository(db, { actor: () => TEST_ACTOR });
    const gone = await repo.createRecord('cases', caseInput(new Date()));
    const asked: number[] = [];
    const transport = {
      directory: async () => directory('Siti'),
      movedCases: async (cursor: number) => {
        asked.push(cursor);
        return cursor === 0
          ? {
              moves: [{ seq: 5, caseId: gone.id, toOfficeId: 'SBY', at: new Date().toISOString() }],
              cursor: 5,
              hasMore: true,
            }
          : { moves: [], cursor, hasMore: false };
      },
    };
    const watcher = watchDirectory(db, { status }, transport);
    await watcher.refresh();
    expect(asked).toEqual([0, 5]);
    expect(await db.cases.get(gone.id)).toBeUndefined();
    expect(await movedCursor(db)).toBe(5);
    watcher.dispose();
  });
});
