// The sync engine's writes: SyncStore over the console's Dexie database
// (./database.ts, PoskoDb). With the Repository (the UI's writes) it is the one
// layer that writes locally; both store synced rows through toLocalRow(), so
// local-only fields (search keys) follow every pulled, rebased or reverted
// record. Tables are reached by name so any Dexie with the documented schema
// works: domain tables, outbox '++seq, &mutationId, [table+recordId]',
// syncState 'key' ({key, value}), conflicts 'id', attention 'mutationId'.
import { liveQuery, type Dexie, type Table } from 'dexie';
import { SYNCED_TABLES, type SyncedTable } from '../../shared/domain/record';
import { RECORD_SCHEMAS } from '../../shared/domain/tables';
import { Conflict } from '../../shared/sync/protocol';
import { discardAttention } from './attention';
import { isOpenAttention, toLocalRow, type AttentionRow, type OutboxRow } from './database';
import { rebase } from './rebase';
import type { PullApplyResult, PullPage, PushItem, StoredConflict, SyncStore } from './sync-store-types';

type AnyRow = Record<string, unknown> & { id: string };
interface MetaRow {
  key: string;
  value: unknown;
}

export class DexieSyncStore implements SyncStore {
  constructor(private readonly db: Dexie) {}

  private get outbox(): Table<OutboxRow, number> {
    return this.db.table('outbox');
  }
  private get meta(): Table<MetaRow, string> {
    return this.db.table('syncState');
  }
  private get attention(): Table<AttentionRow, string> {
    return this.db.table('attention');
  }
  private get conflicts(): Table<StoredConflict, string> {
    return this.db.table('conflicts');
  }
  private records(table: SyncedTable): Table<AnyRow, string> {
    return this.db.table(table);
  }

  pendingCount(): Promise<number> {
    return this.outbox.count();
  }

  peekOutbox(limit: number): Promise<OutboxRow[]> {
    return this.outbox.orderBy('seq').limit(limit).toArray();
  }

  async applyPushResults(items: PushItem[], now: string): Promise<void> {
    // Bulk operations, not one awaited request per row: a batch of 200 results was 600
    // IndexedDB round trips (~0.6-1 s in Chromium), most of the engine's push time.
    const refused: AttentionRow[] = [];
    const stamps = new Map<SyncedTable, PushItem[]>();
    const resolved: OutboxRow[] = [];
    for (const item of items) {
      const { row, result } = item;
      // A resend of a mutation the server refused the first time answers
      // `duplicate` with firstOutcome `rejected`: still refused, still ours to show.
      if (
        result.outcome === 'rejected' ||
        (result.outcome === 'duplicate' && result.firstOutcome === 'rejected')
      ) {
        refused.push({
          mutationId: row.mutationId,
          recordId: row.recordId,
          table: row.table,
          outcome: 'rejected',
          op: row.op,
          mutation: row,
          error: result.error ?? { code: 'rejected', message: 'the server refused this change' },
          at: now,
          status: 'open',
        });
        continue;
      }
      // A resolve the server took shows as resolved now, not only after the next pull (which may
      // not get through): until then the conflict looked open again and invited a second resolve.
      if (row.op === 'resolve' && row.conflictId) resolved.push(row);
      // Stamp rev/seq only after a plain `applied` on the base we had: then the
      // server version equals our base plus this patch. After a merge the server
      // holds changes we have not pulled yet, and claiming its rev would make a
      // later edit look current when it is not. The next pull fixes both cases.
      // Every server write adds exactly 1 to rev, so any other rev (older servers
      // answered `applied` for a no-op on a record that had moved on) also means
      // changes we lack: not stamped either.
      if (result.outcome !== 'applied' || result.rev !== row.baseRev + 1) continue;
      const list = stamps.get(row.table) ?? [];
      list.push(item);
      stamps.set(row.table, list);
    }
    const tables = [
      this.outbox,
      this.attention,
      this.conflicts,
      ...SYNCED_TABLES.map((t) => this.records(t)),
    ];
    await this.db.transaction('rw', tables, async () => {
      // By primary key (rows come from peekOutbox): one pipelined delete per row. Deleting through
      // the mutationId index walks a cursor, one round trip to the browser's IndexedDB per row.
      const keys = items.flatMap((i) => (i.row.seq === undefined ? [] : [i.row.seq]));
      await this.outbox.bulkDelete(keys);
      const unkeyed = items.filter((i) => i.row.seq === undefined).map((i) => i.row.mutationId);
      if (unkeyed.length) await this.outbox.where('mutationId').anyOf(unkeyed).delete();
      if (refused.length) await this.attention.bulkPut(refused);
      for (const row of resolved) {
        // The server's own entry (its time, its seq) replaces this one at the next pull.
        await this.conflicts.update(row.conflictId!, {
          status: 'resolved',
          resolvedBy: row.actorId,
          resolvedAt: now,
          resolution: Object.values(row.patch)[0] ?? null,
        });
      }
      for (const [tableName, list] of stamps) {
        const table = this.records(tableName);
        const ids = [...new Set(list.map((i) => i.row.recordId))];
        const rows = new Map<string, AnyRow>();
        (await table.bulkGet(ids)).forEach((r, k) => r && rows.set(ids[k]!, r));
        const changed = new Set<string>();
        // In push order, as if one at a time: a second edit of the same record sees the first's stamp.
        for (const { row, result } of list) {
          const local = rows.get(row.recordId);
          if (local && local.rev === row.baseRev) {
            rows.set(row.recordId, { ...local, rev: row.baseRev + 1, seq: result.seq ?? local.seq });
            changed.add(row.recordId);
          }
        }
        if (changed.size) await table.bulkPut([...changed].map((id) => rows.get(id)!));
      }
    });
  }

  async getCursor(): Promise<number> {
    const cursor = await this.getMeta<number>('cursor');
    return typeof cursor === 'number' ? cursor : 0;
  }

  async applyPullPage(page: PullPage): Promise<PullApplyResult> {
    const result: PullApplyResult = { applied: 0, rebased: 0, skipped: 0 };
    // Parse outside the transaction: IndexedDB commits a transaction that waits on non-DB work.
    const byTable = new Map<SyncedTable, AnyRow[]>();
    for (const change of page.changes) {
      const parsed = RECORD_SCHEMAS[change.table].safeParse(change.record);
      if (!parsed.success) {
        // A record this build cannot read must not stop the others (nor the cursor).
        result.skipped += 1;
        continue;
      }
      const list = byTable.get(change.table) ?? [];
      list.push(parsed.data as AnyRow);
      byTable.set(change.table, list);
    }
    const conflicts = page.conflicts.map((c) => Conflict.parse(c));
    const tables = [
      this.outbox,
      this.meta,
      this.conflicts,
      this.attention,
      ...SYNCED_TABLES.map((t) => this.records(t)),
    ];
    await this.db.transaction('rw', tables, async () => {
      for (const [table, rows] of byTable) {
        const keys = rows.map((r) => [table, r.id]);
        const pending = await this.outbox.where('[table+recordId]').anyOf(keys).toArray();
        const pendingById = new Map<string, OutboxRow[]>();
        for (const row of pending.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))) {
          const list = pendingById.get(row.recordId) ?? [];
          list.push(row);
          pendingById.set(row.recordId, list);
        }
        const existing = await this.storedRows(
          table,
          rows.map((r) => r.id),
        );
        const out = rows.map((server, i) => {
          const mine = pendingById.get(server.id);
          if (mine) result.rebased += 1;
          return toLocalRow(table, mine ? rebase(server, mine) : server, existing[i]) as unknown as AnyRow;
        });
        await this.records(table).bulkPut(out);
        result.applied += out.length;
        await this.markPulledOver(
          table,
          rows.map((r) => r.id),
        );
      }
      if (conflicts.length > 0) await this.conflicts.bulkPut(conflicts);
      const current = await this.meta.get('cursor');
      const before = typeof current?.value === 'number' ? current.value : 0;
      if (page.cursor > before) await this.meta.put({ key: 'cursor', value: page.cursor });
    });
    return result;
  }

  /** Open attention items of these records no longer show on them: the pulled versions replaced them. */
  private async markPulledOver(table: SyncedTable, ids: string[]): Promise<void> {
    const items = await this.attention.where('recordId').anyOf(ids).toArray();
    const over = items.filter((a) => a.table === table && isOpenAttention(a) && !a.pulledOver);
    if (over.length) await this.attention.bulkPut(over.map((a) => ({ ...a, pulledOver: true })));
  }

  /**
   * The stored rows for `ids` (undefined where none), inside the caller's transaction. Ids are
   * UUIDv7, so a pulled page of new records spans a key range that holds few stored rows (a first
   * sync: none): then one count and one range read replace a get per id (10,000 gets for 10,000
   * records). A page of edits to old records spans a crowded range: then one get per id.
   */
  private async storedRows(table: SyncedTable, ids: string[]): Promise<(AnyRow | undefined)[]> {
    if (ids.length === 0) return [];
    let low = ids[0]!;
    let high = low;
    for (const id of ids) {
      if (id < low) low = id;
      if (id > high) high = id;
    }
    const records = this.records(table);
    const range = records.where(':id').between(low, high, true, true);
    if ((await range.count()) > ids.length * 2) return records.bulkGet(ids);
    const found = new Map((await range.toArray()).map((row) => [row.id, row]));
    return ids.map((id) => found.get(id));
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    return (await this.meta.get(key))?.value as T | undefined;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    await this.meta.put({ key, value });
  }

  listAttention(): Promise<AttentionRow[]> {
    return this.attention.toArray();
  }

  discardAttention(mutationId: string, actorId: string, now: string): Promise<void> {
    return discardAttention(this.db, mutationId, actorId, now);
  }

  async listConflicts(
    filter: { status?: 'open' | 'resolved'; recordId?: string } = {},
  ): Promise<StoredConflict[]> {
    const all = filter.recordId
      ? await this.conflicts.where('recordId').equals(filter.recordId).toArray()
      : await this.conflicts.toArray();
    return all.filter((c) => !filter.status || c.status === filter.status);
  }

  getRecord(table: SyncedTable, id: string): Promise<Record<string, unknown> | undefined> {
    return this.records(table).get(id);
  }

  watchPending(listener: (count: number) => void): () => void {
    const subscription = liveQuery(() => this.outbox.count()).subscribe({
      next: listener,
      error: () => undefined,
    });
    return () => subscription.unsubscribe();
  }
}
