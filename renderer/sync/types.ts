// Types the sync engine shares with its store, transport and UI. The engine
// only sees these interfaces, so the same code runs over Dexie in Chromium and
// over fake-indexeddb in Node tests.
import type { SyncedTable } from '../../shared/domain/record';
import type { ApiErrorBody, Conflict, MutationOp, MutationResult } from '../../shared/sync/protocol';

/** One pending local change, exactly as the repository appended it. */
export interface OutboxRow {
  seq?: number;
  mutationId: string;
  table: SyncedTable;
  recordId: string;
  op: MutationOp;
  baseRev: number;
  patch: Record<string, unknown>;
  prior: Record<string, unknown>;
  actorId: string;
  deviceId: string;
  clientTime: string;
  conflictId?: string;
}

/**
 * A mutation the server refused: it left the queue and waits for a person.
 * Superset of PoskoDb's AttentionRow (renderer/db/database.ts); rows written by
 * other code may lack the sync-only fields, so they are optional.
 */
export interface AttentionRow {
  mutationId: string;
  recordId: string;
  table: SyncedTable;
  outcome: string;
  error: ApiErrorBody | null;
  at: string;
  op?: MutationOp;
  mutation?: OutboxRow;
  /** Missing means open. Discarding is itself recorded: who threw the change away and when. */
  status?: 'open' | 'discarded';
  discardedAt?: string;
  discardedBy?: string;
  /**
   * A pulled version of the record replaced the one that showed this refused change (a pull
   * re-applies only the outbox), so discarding it has nothing left to undo on screen.
   */
  pulledOver?: boolean;
}

export function isOpenAttention(row: AttentionRow): boolean {
  return row.status !== 'discarded';
}

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

export interface Clock {
  now(): number;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = { now: () => Date.now() };
export const systemTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};
