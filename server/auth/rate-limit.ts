// Login throttling per username and per client address in a sliding window.
// An attempt is reserved BEFORE its password hash runs, so 100 parallel
// guesses cannot all be checked against a counter read on arrival: once the
// window holds `max` attempts (finished failures plus those still hashing),
// the rest are refused without a hash. A success gives its reservation back.
// In memory per API node: behind a load balancer each node throttles on its
// own, which still bounds guessing to nodes x limit.
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

export type Reservation =
  | { ok: true; /** The password was right: the attempt no longer counts. */ succeed(): void }
  | {
      ok: false;
      /** Seconds until another attempt may be made. */
      waitSeconds: number;
      /** Which key is locked: `user` or `address`. */
      locked: 'user' | 'address';
      /** True for the first refusal of this key in this window: only that one is audited. */
      firstRefusal: boolean;
    };

// Stale keys are swept now and then, so guesses at many usernames or from many addresses do not
// grow the maps for ever (a key is otherwise only pruned when it is asked about again).
const SWEEP_EVERY = 1000;

export class LoginThrottle {
  /** Attempt times per key (`u:<username>`, `a:<address>`), oldest first. */
  private readonly attempts = new Map<string, number[]>();
  /** Until when a key's lock has been audited. */
  private readonly auditedUntil = new Map<string, number>();
  private calls = 0;

  constructor(readonly opts: RateLimitOptions = DEFAULT_LOGIN_LIMIT) {}

  private recent(key: string, now: number): number[] {
    const list = (this.attempts.get(key) ?? []).filter((t) => now - t < this.opts.windowMs);
    if (list.length) this.attempts.set(key, list);
    else this.attempts.delete(key);
    return list;
  }

  private sweep(now: number): void {
    if (++this.calls % SWEEP_EVERY) return;
    for (const key of [...this.attempts.keys()]) this.recent(key, now);
    for (const [key, until] of this.auditedUntil) if (until <= now) this.auditedUntil.delete(key);
  }

  /**
   * Reserves one password check for this username and address, or refuses it. Synchronous on
   * purpose: the check and the reservation happen in one turn of the event loop, so no other
   * request can slip in between.
   */
  reserve(username: string, address: string, now = Date.now()): Reservation {
    this.sweep(now);
    const userKey = `u:${username.toLowerCase()}`;
    const addressKey = `a:${address}`;
    const checks = [
      [userKey, this.opts.maxPerUser, 'user'],
      [addressKey, this.opts.maxPerAddress, 'address'],
    ] as const;
    for (const [key, max, locked] of checks) {
      const list = this.recent(key, now);
      if (list.length < max) continue;
      const oldest = list[list.length - max] ?? now;
      const until = oldest + this.opts.windowMs;
      const firstRefusal = (this.auditedUntil.get(key) ?? 0) <= now;
      // One audit entry per locked key and window, however many refusals follow.
      if (firstRefusal) this.auditedUntil.set(key, now + this.opts.windowMs);
      return { ok: false, waitSeconds: Math.max(1, Math.ceil((until - now) / 1000)), locked, firstRefusal };
    }
    for (const [key] of checks) {
      const list = this.recent(key, now);
      list.push(now);
      this.attempts.set(key, list);
    }
    let done = false;
    return {
      ok: true,
      succeed: () => {
        if (done) return;
        done = true;
        // A success clears the user's failures and gives the address its attempt back.
        this.attempts.delete(userKey);
        this.auditedUntil.delete(userKey);
        const list = this.attempts.get(addressKey);
        const at = list?.lastIndexOf(now) ?? -1;
        if (list && at >= 0) list.splice(at, 1);
        if (list && list.length === 0) this.attempts.delete(addressKey);
      },
    };
  }
}
