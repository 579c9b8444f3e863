// Virtual time for code that takes injected timers and a clock (the sync
// engine, its timer slots, the live channel): a test moves time forward by
// hand, every due callback fires in time order, and nothing waits on the wall
// clock. Between callbacks the event loop gets a bounded number of turns, so
// fake IndexedDB transactions, Dexie live queries and Response bodies (real
// asynchronous work, but not timed) finish before time moves on.
import type { Clock, Timers } from '../../renderer/sync/types';

interface Pending {
  at: number;
  id: number;
  fn: () => void;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Lets promise chains and I/O run for some event-loop turns: no wall-clock wait. */
export async function settle(turns = 30): Promise<void> {
  for (let i = 0; i < turns; i++) await turn();
}

/** Event-loop turns until `done()` holds; fails (naming `what`) if it never does. */
export async function until(done: () => boolean, what: string, maxTurns = 5000): Promise<void> {
  for (let i = 0; i < maxTurns; i++) {
    if (done()) return;
    await turn();
  }
  throw new Error(`never happened: ${what}`);
}

export class ManualTimers {
  private current = 0;
  private nextId = 0;
  private readonly queue: Pending[] = [];

  readonly clock: Clock = { now: () => this.current };
  readonly timers: Timers = {
    setTimeout: (fn, ms) => {
      const id = ++this.nextId;
      this.queue.push({ at: this.current + Math.max(0, ms), id, fn });
      return id;
    },
    clearTimeout: (handle) => {
      const i = this.queue.findIndex((p) => p.id === handle);
      if (i >= 0) this.queue.splice(i, 1);
    },
  };

  /** Virtual milliseconds since the start. */
  get now(): number {
    return this.current;
  }

  /** How far ahead each scheduled callback is, soonest first. */
  pending(): number[] {
    return this.queue.map((p) => p.at - this.current).sort((a, b) => a - b);
  }

  /** Lets promise chains and I/O run for some event-loop turns without moving virtual time. */
  settle(turns = 30): Promise<void> {
    return settle(turns);
  }

  /** Event-loop turns until `done()` holds, virtual time standing still. */
  until(done: () => boolean, what: string, maxTurns = 5000): Promise<void> {
    return until(done, `${what} (virtual time ${this.current} ms)`, maxTurns);
  }

  /** Moves virtual time forward by `ms`, firing each due callback at its time and settling after it. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await this.settle();
    for (;;) {
      const next = [...this.queue].sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!next || next.at > target) break;
      this.queue.splice(this.queue.indexOf(next), 1);
      this.current = Math.max(this.current, next.at);
      next.fn();
      await this.settle();
    }
    this.current = target;
  }
}
