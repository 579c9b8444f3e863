// Every write of a synced row goes through toLocalRow() (renderer/db/database.ts):
// pulled, rebased and resolved cases get search keys that match what they show,
// and local-only `_` fields survive a pulled version (issue 15: one helper).
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { PoskoDb } from '../../../renderer/db/database';
import { DexieSyncStore } from '../../../renderer/db/sync-store';
import type { Repository } from '../../../renderer/db/repository';
import type { Conflict } from '../../../shared/sync/protocol';
import { newCase } from '../../integration/support/local-client';
import { openTestRepository } from '../renderer/fixtures';

const dbs: PoskoDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

function open(): { db: PoskoDb; repo: Repository; store: DexieSyncStore } {
  const { db, repo } = openTestRepository('store-local');
  dbs.push(db);
  return { db, repo, store: new DexieSyncStore(db) };
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe('rows stored by sync carry their local-only fields', () => {
  it('a pulled case is found by its worker name; a pulled rename moves the search keys', async () => {
    const { repo, store } = open();
    const record = newCase('JKT', { rev: 1, seq: 1, worker: { fullName: 'Aminah' } });
    await store.applyPullPage({ changes: [{ table: 'cases', record }], conflicts: [], cursor: 1 });
    expect(ids(await repo.searchCases('aminah'))).toEqual([record.id]);
    const renamed = { ...record, rev: 2, seq: 2, worker: { ...record.worker, fullName: 'Wahyuni' } };
    await store.applyPullPage({ changes: [{ table: 'cases', record: renamed }], conflicts: [], cursor: 2 });
    expect(ids(await repo.searchCases('wahyuni'))).toEqual([record.id]);
    expect(await repo.searchCases('aminah')).toEqual([]);
  });

  it('a case rebased on a pending local rename is found by the name it shows', async () => {
    const { db, repo, store } = open();
    const record = newCase('JKT', { rev: 1, seq: 1, worker: { fullName: 'Aminah' } });
    await store.applyPullPage({ changes: [{ table: 'cases', record }], conflicts: [], cursor: 1 });
    await repo.updateRecord('cases', record.id, { 'worker.fullName': 'Wahyuni' });
    // Someone else changed the summary meanwhile; the pull re-applies the unsent rename on top.
    await store.applyPullPage({
      changes: [{ table: 'cases', record: { ...record, rev: 2, seq: 2, summary: 'x' } }],
      conflicts: [],
      cursor: 2,
    });
    expect(await db.cases.get(record.id)).toMatchObject({ summary: 'x', worker: { fullName: 'Wahyuni' } });
    expect(ids(await repo.searchCases('wahyuni'))).toEqual([record.id]);
    expect(await repo.searchCases('aminah')).toEqual([]);
  });

  it('keeps `_` fields across a pulled version', async () => {
    const { db, store } = open();
    const record = newCase('JKT', { rev: 1, seq: 1 });
    await store.applyPullPage({ changes: [{ table: 'cases', record }], conflicts: [], cursor: 1 });
    await db.cases.update(record.id, { _pinned: true } as never);
    await store.applyPullPage({
      changes: [{ table: 'cases', record: { ...record, rev: 2, seq: 2, summary: 'y' } }],
      conflicts: [],
      cursor: 2,
    });
    expect(await db.cases.get(record.id)).toMatchObject({ _pinned: true, summary: 'y' });
  });

  it('a resolved worker name is what search finds', async () => {
    const { repo, store } = open();
    const record = newCase('JKT', { rev: 2, seq: 2, worker: { fullName: 'Aminah' } });
    await store.applyPullPage({ changes: [{ table: 'cases', record }], conflicts: [], cursor: 2 });
    const conflict = {
      id: '01a22ed1-0000-7000-8000-000000000001',
      table: 'cases',
      recordId: record.id,
      caseId: record.id,
      officeId: 'JKT',
      path: 'worker.fullName',
      base: 'Siti',
      server: 'Aminah',
      client: 'Wahyuni',
      serverActorId: 'ani',
      serverAt: '2026-12-01T00:00:00.000Z',
      clientActorId: 'budi',
      clientAt: '2026-12-01T00:00:00.000Z',
      mutationId: '01a22ed1-0000-7000-8000-000000000002',
      status: 'open',
      resolvedBy: null,
      resolvedAt: null,
      seq: 3,
    } as Conflict;
    await repo.resolveConflict(conflict, 'Wahyuni');
    expect(ids(await repo.searchCases('wahyuni'))).toEqual([record.id]);
    expect(await repo.searchCases('aminah')).toEqual([]);
  });
});
