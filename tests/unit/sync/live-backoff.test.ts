import { describe, expect, it, vi } from 'vitest';
import { Backoff } from '../../../renderer/sync/backoff';
import { LiveChannel, type EventSourceLike } from '../../../renderer/sync/live';
import { TimerSlot } from '../../../renderer/sync/scheduler';
import type { Timers } from '../../../renderer/sync/types';

function fakeTimers() {
  let now = 0;
  const queue: Array<{ at: number; fn: () => void; id: number }> = [];
  let nextId = 0;
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const id = ++nextId;
      queue.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (handle) => {
      const i = queue.findIndex((q) => q.id === handle);
      if (i >= 0) queue.splice(i, 1);
    },
  };
  return {
    timers,
    clock: { now: () => now },
    pending: () => queue.map((q) => q.at - now),
    advance(ms: number) {
      now += ms;
      for (const item of [...queue].sort((a, b) => a.at - b.at)) {
        if (item.at <= now) {
          queue.splice(queue.indexOf(item), 1);
          item.fn();
        }
      }
    },
  };
}

describe('backoff', () => {
  it('grows exponentially up to the cap, with jitter from the injected random, and resets', () => {
    const top = new Backoff({ baseMs: 100, maxMs: 1000, random: () => 0.999 });
    expect([1, 2, 3, 4, 5, 6].map(() => top.next())).toEqual([99, 199, 399, 799, 999, 999]);
    top.reset();
    expect(top.next()).toBe(99);
    const low = new Backoff({ baseMs: 100, maxMs: 1000, random: () => 0 });
    expect(low.next()).toBe(25); // a floor keeps a failure loop from spinning
  });
});

describe('timer slot', () => {
  it('holds one pending call and keeps the earlier one on scheduleNoLaterThan', () => {
    const t = fakeTimers();
    const slot = new TimerSlot(t.timers, t.clock.now);
    const fn = vi.fn();
    slot.schedule(100, fn);
    slot.scheduleNoLaterThan(500, fn);
    expect(t.pending()).toEqual([100]);
    slot.scheduleNoLaterThan(50, fn);
    expect(t.pending()).toEqual([50]);
    t.advance(60);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(slot.due).toBeNull();
  });
});

class FakeSource implements EventSourceLike {
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  readonly listeners = new Map<string, (event: MessageEvent) => void>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(type, listener);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data: string) {
    this.listeners.get(type)?.({ data } as MessageEvent);
  }
}

describe('live channel', () => {
  it('a poke triggers onPoke; junk is ignored; an error reconnects after backoff', () => {
    const t = fakeTimers();
    const sources: FakeSource[] = [];
    const pokes: number[] = [];
    const opens = vi.fn();
    const live = new LiveChannel({
      url: () => ({ url: 'http://sync.test/v1/sync/events', headers: { authorization: 'Bearer x' } }),
      factory: ({ url }) => {
        const s = new FakeSource(url);
        sources.push(s);
        return s;
      },
      onPoke: (seq) => pokes.push(seq),
      onOpen: opens,
      onDown: () => undefined,
      timers: t.timers,
      clock: t.clock,
      random: () => 0.5,
    });
    live.start();
    sources[0]?.onopen?.(new Event('open'));
    expect(opens).toHaveBeenCalledTimes(1);
    sources[0]?.emit('poke', '{"seq":42}');
    sources[0]?.emit('message', 'not json');
    sources[0]?.emit('message', '{"seq":-1}');
    expect(pokes).toEqual([42]);
    sources[0]?.onerror?.(new Event('error'));
    expect(sources[0]?.closed).toBe(true);
    expect(sources).toHaveLength(1);
    t.advance(1000);
    expect(sources).toHaveLength(2);
    live.stop();
    expect(sources[1]?.closed).toBe(true);
  });
});
