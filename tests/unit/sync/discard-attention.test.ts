import { afterEach, describe, expect, it } from 'vitest';
import type { PoskoDb } from '../../../renderer/db/database';
import { DexieSyncStore } from '../../../renderer/db/sync-store';
import { freshDb, localWrite, newCase, type Who } from '../../integration/support/local-client';
import { caseInput, openTestRepository } from '../renderer/fixtures';

const who: Who = { actorId: 'u1', deviceId: 'dev-1' };
const dbs: PoskoDb[] = [];
const NOW = '2026-12-01T00:00:00.000Z';

afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

/** A case at rev 1 with summary 'A'; a local edit to 'B' that the server refuses. */
async function refusedEdit() {
  const db = freshDb('discard');
  dbs.push(db);
  const store = new DexieSyncStore(db);
  const record = newCase('office-1', { rev: 1, seq: 1, summary: 'A' });
  await db.cases.put(record as never);
  const row = await localWrite(db, who, 'cases', record.id, { summary: 'B' });
  const error = { code: 'illegal_transition', message: 'no' };
  await store.applyPushResults(
    [{ row, result: { mutationId: row.mutationId, outcome: 'rejected', error } }],
    NOW,
  );
  expect(await db.cases.get(record.id)).toMatchObject({ summary: 'B' });
  return { db, store, record, row };
}

describe('discarding a refused change', () => {
  it('puts the value back while the record still shows the refused change', async () => {
    const { db, store, record, row } = await refusedEdit();
    await store.discardAttention(row.mutationId, who.actorId, NOW);
    expect(await db.cases.get(record.id)).toMatchObject({ summary: 'A', rev: 1 });
    expect(await store.listAttention()).toMatchObject([{ status: 'discarded', discardedBy: who.actorId }]);
  });

  it('leaves a pulled value alone, even one equal to the refused change', async () => {
    const { db, store, record, row } = await refusedEdit();
    // Another operator set the same value; the pull replaced the local record (pulls re-apply only
    // the outbox, so from here the screen shows the server's 'B', not the refused one).
    await store.applyPullPage({
      changes: [{ table: 'cases', record: { ...record, rev: 3, seq: 7, summary: 'B' } }],
      conflicts: [],
      cursor: 7,
    });
    expect(await store.listAttention()).toMatchObject([{ pulledOver: true }]);
    await store.discardAttention(row.mutationId, who.actorId, NOW);
    // Reverting to 'A' would show a value the server no longer holds, on rev 3 (chaos seed 233).
    expect(await db.cases.get(record.id)).toMatchObject({ summary: 'B', rev: 3 });
  });
});

/** A case "Aminah" the server holds at rev 1, renamed locally to "Wahyuni", the rename refused. */
async function refusedRename() {
  const { db, repo } = openTestRepository('discard-rename');
  dbs.push(db);
  const created = await repo.createCase(caseInput(new Date(NOW), { worker: { fullName: 'Aminah' } }));
  const id = created.case.id;
  await db.outbox.clear();
  await db.cases.update(id, { rev: 1, seq: 1 });
  const renamed = await repo.updateRecord('cases', id, { 'worker.fullName': 'Wahyuni' });
  expect(renamed.searchKeys).toContain('wahyuni');
  const [row] = await db.outbox.toArray();
  const store = new DexieSyncStore(db);
  const error = { code: 'forbidden', message: 'no' };
  await store.applyPushResults(
    [{ row: row!, result: { mutationId: row!.mutationId, outcome: 'rejected', error } }],
    NOW,
  );
  return { db, repo, store, id, mutationId: row!.mutationId };
}

describe('discarding a refused rename (issue 15)', () => {
  it('recomputes the search keys of the reverted case: "aminah" finds it, the refused "wahyuni" does not', async () => {
    const { db, repo, store, id, mutationId } = await refusedRename();
    await store.discardAttention(mutationId, who.actorId, NOW);
    expect((await db.cases.get(id))?.worker.fullName).toBe('Aminah');
    expect((await repo.searchCases('aminah')).map((c) => c.id)).toEqual([id]);
    expect(await repo.searchCases('wahyuni')).toEqual([]);
  });

  it('does the same through the repository, the way the needs-attention list discards', async () => {
    const { db, repo, id, mutationId } = await refusedRename();
    expect((await repo.openAttention()).map((a) => a.mutationId)).toEqual([mutationId]);
    await repo.discardAttention(mutationId);
    expect((await db.cases.get(id))?.worker.fullName).toBe('Aminah');
    expect((await repo.searchCases('aminah')).map((c) => c.id)).toEqual([id]);
    expect(await repo.searchCases('wahyuni')).toEqual([]);
    expect(await repo.openAttention()).toEqual([]);
    expect(await db.attention.get(mutationId)).toMatchObject({ status: 'discarded', discardedBy: 'op-1' });
  });
});
