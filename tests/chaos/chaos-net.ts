// A faulty network between the clients and the (restartable) server: drops
// requests, drops responses after the server acted, duplicates deliveries and
// holds requests back to deliver them later, all decided by a seeded PRNG.
import type { FetchLike } from '../../renderer/sync/transport';
import type { TestServer } from '../integration/support/harness';

export const FAKE_BASE = 'http://posko.chaos';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultRates {
  dropRequest: number;
  dropResponse: number;
  duplicate: number;
  delay: number;
}

export const NO_FAULTS: FaultRates = { dropRequest: 0, dropResponse: 0, duplicate: 0, delay: 0 };

export class ChaosNet {
  faults: FaultRates = NO_FAULTS;
  readonly held: Array<{ path: string; init: RequestInit | undefined }> = [];
  readonly counts = {
    requests: 0,
    droppedRequests: 0,
    droppedResponses: 0,
    duplicated: 0,
    delayed: 0,
    delivered: 0,
  };

  constructor(
    private readonly server: TestServer,
    private readonly random: () => number,
  ) {}

  private target(path: string): string {
    if (!this.server.isUp) throw new TypeError('connect ECONNREFUSED (server restarting)');
    return `${this.server.url}${path}`;
  }

  readonly fetch: FetchLike = async (input, init) => {
    this.counts.requests += 1;
    const path = input.slice(FAKE_BASE.length);
    const f = this.faults;
    const roll = this.random();
    // The abort signal belongs to the client's attempt; a held copy outlives it.
    const { signal: _signal, ...detached } = init ?? {};
    if (roll < f.dropRequest) {
      this.counts.droppedRequests += 1;
      throw new TypeError('request lost');
    }
    if (roll < f.dropRequest + f.delay) {
      this.counts.delayed += 1;
      this.held.push({ path, init: detached });
      throw new TypeError('request timed out (still in flight)');
    }
    if (roll < f.dropRequest + f.delay + f.duplicate) {
      this.counts.duplicated += 1;
      const url = this.target(path);
      const [a, b] = await Promise.allSettled([fetch(url, init), fetch(url, detached)]);
      const pick = this.random() < 0.5 ? a : b;
      const other = pick === a ? b : a;
      if (other.status === 'fulfilled') await other.value.arrayBuffer().catch(() => undefined);
      if (pick.status === 'rejected') throw pick.reason;
      return pick.value;
    }
    const response = await fetch(this.target(path), init);
    if (roll < f.dropRequest + f.delay + f.duplicate + f.dropResponse) {
      this.counts.droppedResponses += 1;
      await response.arrayBuffer().catch(() => undefined);
      throw new TypeError('connection reset after the server answered');
    }
    return response;
  };

  /** Delivers some (or all) held requests now, in random order; their answers go nowhere. */
  async deliverHeld(all = false): Promise<void> {
    const keep: typeof this.held = [];
    const now: typeof this.held = [];
    for (const item of this.held.splice(0)) (all || this.random() < 0.5 ? now : keep).push(item);
    this.held.push(...keep);
    now.sort(() => this.random() - 0.5);
    for (const item of now) {
      try {
        const response = await fetch(this.target(item.path), item.init);
        await response.arrayBuffer();
        this.counts.delivered += 1;
      } catch {
        // Lost for good: the client's own retry carries the mutation.
      }
    }
  }
}
