import { describe, expect, it } from 'vitest';
import { startAutoLock } from '../../../renderer/session/auto-lock';

function harness(minutes: number) {
  let now = 0;
  let tick: (() => void) | null = null;
  let intervalMs = 0;
  const target = new EventTarget();
  let locks = 0;
  let active = true;
  const stop = startAutoLock({
    minutes,
    lock: () => {
      locks += 1;
      active = false;
    },
    isActive: () => active,
    target,
    now: () => now,
    setInterval: (fn, ms) => {
      tick = fn;
      intervalMs = ms;
      return 1;
    },
    clearInterval: () => {
      tick = null;
    },
  });
  const advance = (ms: number) => {
    for (let t = 0; t < ms; t += intervalMs) {
      now += Math.min(intervalMs, ms - t);
      tick?.();
    }
  };
  return {
    advance,
    stop,
    target,
    locks: () => locks,
    unlock: () => (active = true),
    stopped: () => tick === null,
  };
}

describe('auto-lock', () => {
  it('locks after the configured minutes without input, and input postpones it', () => {
    const h = harness(15);
    h.advance(14 * 60_000);
    expect(h.locks()).toBe(0);
    h.target.dispatchEvent(new Event('keydown'));
    h.advance(14 * 60_000);
    expect(h.locks()).toBe(0);
    h.advance(60_000);
    expect(h.locks()).toBe(1);
  });

  it('does not count while locked or signed out, and restarts the clock on unlock', () => {
    const h = harness(1);
    h.advance(60_000);
    expect(h.locks()).toBe(1);
    h.advance(10 * 60_000); // locked: nothing to lock again
    expect(h.locks()).toBe(1);
    h.unlock();
    h.advance(30_000);
    expect(h.locks()).toBe(1);
    h.advance(30_000);
    expect(h.locks()).toBe(2);
  });

  it('stops watching when disposed', () => {
    const h = harness(1);
    h.stop();
    expect(h.stopped()).toBe(true);
  });
});
