// The office directory on the console (issue 17): fetched after each
// successful sync cycle (and on demand: sign-in/unlock), stored whole in
// Dexie, kept when a fetch fails (names stay readable offline), and merged
// with the accounts that signed in on this device.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PoskoDb } from '../../../renderer/db/database';
import { knownPeople, readDirectory } from '../../../renderer/db/directory';
import { watchDirectory } from '../../../renderer/sync/directory-refresh';
import { StatusStore } from '../../../renderer/sync/status';
import type { DirectoryResponse } from '../../../shared/sync/directory';
import { dropTestDb, openTestRepository } from './fixtures';

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
    status.update({ lastSuccessAt: '2026-01-01T00:02:00.000Z' });
    expect(calls).toBe(3);
  });
});
