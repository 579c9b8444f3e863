// One-shot timer slots over injectable timers: each slot holds at most one
// pending callback, so a retry, a poll and a debounce never pile up.
import type { Timers } from './types';

export class TimerSlot {
  private handle: unknown = null;
  private dueAt: number | null = null;

  constructor(
    private readonly timers: Timers,
    private readonly now: () => number,
  ) {}

  /** Replaces whatever was scheduled in this slot. */
  schedule(ms: number, fn: () => void): void {
    this.cancel();
    this.dueAt = this.now() + ms;
    this.handle = this.timers.setTimeout(() => {
      this.handle = null;
      this.dueAt = null;
      fn();
    }, ms);
  }

  /** Schedules only if nothing is pending or the pending call is later. */
  scheduleNoLaterThan(ms: number, fn: () => void): void {
    if (this.dueAt !== null && this.dueAt <= this.now() + ms) return;
    this.schedule(ms, fn);
  }

  cancel(): void {
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
    this.dueAt = null;
  }

  get due(): number | null {
    return this.dueAt;
  }
}
