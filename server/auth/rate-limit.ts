// Login throttling: failures counted per username and per client address in a
// sliding window. In memory per API node: behind a load balancer each node
// throttles on its own, which still bounds guessing to nodes x limit.
export interface RateLimitOptions {
  windowMs: number;
  maxPerUser: number;
  maxPerAddress: number;
}

export const DEFAULT_LOGIN_LIMIT: RateLimitOptions = {
  windowMs: 15 * 60_000,
  maxPerUser: 10,
  // Higher than per user: a whole office usually shares one public address.
  maxPerAddress: 50,
};

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly opts: RateLimitOptions = DEFAULT_LOGIN_LIMIT) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.opts.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Seconds until another attempt is allowed, or 0 when allowed now. */
  blockedFor(username: string, address: string, now = Date.now()): number {
    const checks: [string, number][] = [
      [`u:${username.toLowerCase()}`, this.opts.maxPerUser],
      [`a:${address}`, this.opts.maxPerAddress],
    ];
    let wait = 0;
    for (const [key, max] of checks) {
      const list = this.recent(key, now);
      const oldest = list[list.length - max];
      if (list.length >= max && oldest !== undefined) {
        wait = Math.max(wait, Math.ceil((oldest + this.opts.windowMs - now) / 1000));
      }
    }
    return wait;
  }

  fail(username: string, address: string, now = Date.now()): void {
    for (const key of [`u:${username.toLowerCase()}`, `a:${address}`]) {
      const list = this.recent(key, now);
      list.push(now);
      this.failures.set(key, list);
    }
  }

  succeed(username: string): void {
    this.failures.delete(`u:${username.toLowerCase()}`);
  }
}
