// What the sync engine needs from local storage (its port), beside the store
// that implements it over Dexie (./sync-store.ts). Declared here, in the
// storage layer, so renderer/sync/ depends on renderer/db/ and never the
// other way round; the engine sees only these interfaces, so the same code
// runs over Dexie in Chromium and over fake-indexeddb in Node tests.
import type { SyncedTable } from '../../shared/domain/record';
import type { Conflict, MutationResult } from '../../shared/sync/protocol';
import type { AttentionRow, OutboxRow } from './database';

export type StoredConflict = Conflict;

export interface PushItem {
  row: OutboxRow;
  result: MutationResult;
}

export interface PullPage {
  changes: Array<{ table: SyncedTable; record: Record<string, unknown> }>;
  conflicts: Conflict[];
  cursor: number;
}

export interface PullApplyResult {
  applied: number;
  rebased: number;
  skipped: number;
}

/** Everything the engine needs from local storage. Every method is one atomic transaction. */
export interface SyncStore {
  pendingCount(): Promise<number>;
  /** The oldest `limit` outbox rows, in order. */
  peekOutbox(limit: number): Promise<OutboxRow[]>;
  /**
   * Settles pushed mutations: removes them from the outbox, stamps rev/seq on
   * records where that is safe, and moves rejected ones to attention.
   */
  applyPushResults(items: PushItem[], now: string): Promise<void>;
  getCursor(): Promise<number>;
  /** Applies one pull page (records rebased on pending work, conflicts, cursor) atomically. */
  applyPullPage(page: PullPage): Promise<PullApplyResult>;
  getMeta<T>(key: string): Promise<T | undefined>;
  setMeta(key: string, value: unknown): Promise<void>;
  listAttention(): Promise<AttentionRow[]>;
  /** Records the discard and reverts the local record where no later pending change needs it. */
  discardAttention(mutationId: string, actorId: string, now: string): Promise<void>;
  listConflicts(filter?: { status?: 'open' | 'resolved'; recordId?: string }): Promise<StoredConflict[]>;
  getRecord(table: SyncedTable, id: string): Promise<Record<string, unknown> | undefined>;
  /** Called with the pending count whenever the outbox changes (local writes included). */
  watchPending?(listener: (count: number) => void): () => void;
}
