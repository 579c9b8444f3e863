// Exponential backoff with "full jitter" (AWS architecture blog): the delay is
// uniform in [0, min(cap, base * 2^attempt)], so a whole office coming back
// online after an outage does not hammer the server in lockstep.
export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** Injectable for deterministic tests; must return [0, 1). */
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.baseMs = options.baseMs ?? 1000;
    this.maxMs = options.maxMs ?? 60_000;
    this.random = options.random ?? Math.random;
  }

  get attempts(): number {
    return this.attempt;
  }

  /** The delay before the next try; each call counts one more failure. */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.attempt, 30));
    this.attempt += 1;
    // Never 0: a floor of base/4 keeps a tight failure loop from spinning.
    return Math.max(Math.floor(this.baseMs / 4), Math.floor(this.random() * ceiling));
  }

  reset(): void {
    this.attempt = 0;
  }
}
