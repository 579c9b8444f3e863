// Cases handed over out of this office (issue 17, GET /v1/cases/moved): the
// sending office keeps only what the access rules allow, which is nothing of
// the case, so each console drops the case and its records when told. A case
// handed back later arrives with records stamped after the move, so a local
// copy newer than the move (seq above it) is kept: only what the move made
// stale is removed. Unsent edits of a dropped case stay in the outbox, where
// the server refuses them and the operator sees them under "needs attention".
import type { CaseMove } from '../../shared/sync/handover';
import type { PoskoDb } from './database';

const CURSOR_KEY = 'movedCursor';
const CHILD_TABLES = ['contacts', 'notes', 'documents', 'referrals', 'tasks'] as const;

export async function movedCursor(db: PoskoDb): Promise<number> {
  const row = await db.syncState.get(CURSOR_KEY);
  return typeof row?.value === 'number' ? row.value : 0;
}

/** Drops the cases of `moves` that are not newer than their move; saves `cursor` with it. */
export async function applyCaseMoves(
  db: PoskoDb,
  moves: readonly CaseMove[],
  cursor: number,
): Promise<number> {
  const tables = [
    db.cases,
    ...CHILD_TABLES.map((t) => db.table(t)),
    db.conflicts,
    db.auditCache,
    db.syncState,
  ];
  return db.transaction('rw', tables, async () => {
    let dropped = 0;
    for (const move of moves) {
      const local = await db.cases.get(move.caseId);
      if (!local || local.seq > move.seq) continue;
      const recordIds = [move.caseId];
      for (const table of CHILD_TABLES) {
        const children = db.table(table).where('caseId').equals(move.caseId);
        recordIds.push(...((await children.primaryKeys()) as string[]));
        await children.delete();
      }
      await db.cases.delete(move.caseId);
      // The cached server audit of the case and its records goes too: none of it is this office's now.
      await db.auditCache.where('recordId').anyOf(recordIds).delete();
      await db.conflicts.where('caseId').equals(move.caseId).delete();
      dropped += 1;
    }
    await db.syncState.put({ key: CURSOR_KEY, value: cursor });
    return dropped;
  });
}
