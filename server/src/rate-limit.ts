/**
 * Per-client rate limits on writes: a token bucket per key (the client's IP address), kept in
 * this process's memory. With several processes behind a balancer each applies its own.
 *
 * @module
 */

export interface RateLimitOptions {
  /** Requests allowed in a burst. */
  burst: number;
  /** Requests regained per minute. */
  perMinute: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly options: RateLimitOptions;

  constructor(options: RateLimitOptions) {
    this.options = options;
  }

  /**
   * Takes one request from `key`'s bucket.
   *
   * @returns 0 when allowed, else the seconds until the next request would be.
   */
  take(key: string, now = Date.now()): number {
    const { burst, perMinute } = this.options;
    const perMs = perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    if (this.buckets.size > 100_000) this.prune(now);
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }

  /** Forgets full buckets, so memory stays bounded under many clients. */
  private prune(now: number): void {
    const perMs = this.options.perMinute / 60_000;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * perMs >= this.options.burst) this.buckets.delete(key);
    }
  }
}
