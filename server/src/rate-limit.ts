/**
 * Rate limits: a token bucket per key (a kind of request and the keyed hash of the client's
 * network), kept where every server process sees it: in the database by default
 * ({@link StoreRateLimits}), or in Redis when one is configured (`rate-limit-redis.ts`). With
 * several processes behind a balancer, a visitor's budget is then one budget, not one per
 * process.
 *
 * @module
 */
import type { CommentStore, RateRule } from './store/comment-store.js';

export type { RateRule } from './store/comment-store.js';

/** Where the buckets are kept. */
export interface RateLimits {
  /** Takes a request from `key`'s bucket: 0 when allowed, else the seconds until one would be. */
  take(key: string, rule: RateRule): Promise<number>;
  /** Gives back a request taken from `key`: it was refused for another reason, and costs nothing. */
  refund(key: string, rule: RateRule): Promise<void>;
  close(): Promise<void>;
}

/** Seconds until a bucket holding `tokens` (less than 1) has a whole request again. */
export function waitSeconds(tokens: number, rule: RateRule): number {
  return Math.max(1, Math.ceil((1 - tokens) / (rule.perMinute / 60_000) / 1000));
}

/** Milliseconds until an empty bucket is full again: after that it may be forgotten. */
export function refillMs(rule: RateRule): number {
  return Math.ceil((rule.burst / rule.perMinute) * 60_000);
}

/** Buckets in the comment database, shared by every process on it (`rate_limits`). */
export class StoreRateLimits implements RateLimits {
  readonly #store: CommentStore;
  readonly #now: () => number;

  constructor(store: CommentStore, now: () => number = Date.now) {
    this.#store = store;
    this.#now = now;
  }

  take(key: string, rule: RateRule): Promise<number> {
    return this.#store.takeToken(key, rule, this.#now());
  }

  refund(key: string, rule: RateRule): Promise<void> {
    return this.#store.returnToken(key, rule);
  }

  async close(): Promise<void> {
    // The store is closed by its owner.
  }
}
