/**
 * The one token bucket: per recipient in the notifier, per client address at the ingestion front
 * door and the notifier's public endpoints. Time is an input,
 * so the limiter is deterministic under test. Memory is bounded: buckets that have refilled
 * completely carry no information and are dropped first, then the least recently used.
 */
export interface TokenBucketOptions {
  /** Burst size. */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
  /** Upper bound on tracked keys. */
  maxKeys?: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Tokens left after this call. */
  remaining: number;
  /** When refused: how long until `n` tokens are available. 0 when allowed. */
  retryAfterMs: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;

  constructor(private readonly opts: TokenBucketOptions) {
    if (!(opts.capacity >= 1) || !(opts.refillPerSecond > 0))
      throw new Error('capacity >= 1 and refillPerSecond > 0 required');
    this.maxKeys = opts.maxKeys ?? 100_000;
  }

  get size(): number {
    return this.buckets.size;
  }

  private level(key: string, now: number): Bucket {
    const b = this.buckets.get(key);
    if (!b) return { tokens: this.opts.capacity, at: now };
    const elapsed = Math.max(0, now - b.at);
    return {
      tokens: Math.min(this.opts.capacity, b.tokens + (elapsed / 1000) * this.opts.refillPerSecond),
      at: Math.max(now, b.at),
    };
  }

  /** Tokens available for `key` at `now`, without taking any. */
  peek(key: string, now: number): number {
    return this.level(key, now).tokens;
  }

  take(key: string, now: number, n = 1): TakeResult {
    const b = this.level(key, now);
    if (b.tokens + 1e-9 >= n) {
      b.tokens = Math.max(0, b.tokens - n);
      this.store(key, b, now);
      return { allowed: true, remaining: b.tokens, retryAfterMs: 0 };
    }
    const retryAfterMs =
      n > this.opts.capacity ? Infinity : Math.ceil(((n - b.tokens) / this.opts.refillPerSecond) * 1000);
    return { allowed: false, remaining: b.tokens, retryAfterMs };
  }

  /** How long until `n` tokens are available for `key` (0 if now). */
  waitMs(key: string, now: number, n = 1): number {
    const b = this.level(key, now);
    if (b.tokens + 1e-9 >= n) return 0;
    return Math.ceil(((n - b.tokens) / this.opts.refillPerSecond) * 1000);
  }

  private store(key: string, b: Bucket, now: number): void {
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size <= this.maxKeys) return;
    // Look at a bounded number of the least recently used buckets only: O(1) amortised.
    let looked = 0;
    for (const [k] of this.buckets) {
      if (this.buckets.size <= this.maxKeys || ++looked > 64) break;
      if (this.level(k, now).tokens >= this.opts.capacity) this.buckets.delete(k);
    }
    while (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
  }
}
