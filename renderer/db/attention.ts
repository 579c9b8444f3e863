// Refused changes ("needs attention"): listing the open ones and discarding
// one. Both the UI (through the Repository) and the sync engine (through its
// SyncStore) come here, so a discard is written one way only.
import type { Dexie, Table } from 'dexie';
import { SYNCED_TABLES } from '../../shared/domain/record';
import { isOpenAttention, toLocalRow, type AttentionRow, type OutboxRow } from './database';
import { revertIfStillShown } from './rebase';

type AnyRow = Record<string, unknown> & { id: string; rev?: number };

export async function openAttention(db: Dexie): Promise<AttentionRow[]> {
  return (await db.table<AttentionRow, string>('attention').toArray()).filter(isOpenAttention);
}

/**
 * Records the discard (who, when) and reverts the local record where no later pending change
 * needs it; the reverted row goes through toLocalRow, so its search keys match what it shows.
 */
export async function discardAttention(
  db: Dexie,
  mutationId: string,
  actorId: string,
  now: string,
): Promise<void> {
  const outbox = db.table<OutboxRow, number>('outbox');
  const attention = db.table<AttentionRow, string>('attention');
  const tables = [outbox, attention, ...SYNCED_TABLES.map((t) => db.table(t))];
  await db.transaction('rw', tables, async () => {
    const item = await attention.get(mutationId);
    if (!item || !isOpenAttention(item)) return;
    const table: Table<AnyRow, string> = db.table(item.table);
    const local = await table.get(item.recordId);
    const later = await outbox.where('[table+recordId]').equals([item.table, item.recordId]).toArray();
    if (local && item.mutation) {
      if (item.op === 'create' && local.rev === 0 && later.length === 0) {
        // A create the server never accepted: nothing of it exists anywhere else.
        await table.delete(item.recordId);
      } else if (!item.pulledOver) {
        // Only while the record still shows the refused change: after a pull, a leaf holding the
        // refused value holds it because the server has it (seen in chaos seed 233: reverting it
        // left the console showing a value the server no longer held).
        const reverted = revertIfStillShown(local, item.mutation, later);
        await table.put(toLocalRow(item.table, reverted, local) as unknown as AnyRow);
      }
    }
    await attention.put({ ...item, status: 'discarded', discardedAt: now, discardedBy: actorId });
  });
}
