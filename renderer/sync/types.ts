// Time for the sync engine, injected so tests drive it with fake clocks and
// timers. What the engine reads and writes locally (outbox and attention rows,
// the SyncStore port) is declared by the storage layer: renderer/db/database.ts
// and renderer/db/sync-store-types.ts.

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
