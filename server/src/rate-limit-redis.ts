/**
 * Rate-limit buckets in Redis (`--redis URL`), for sites that run several server processes and
 * would rather not write a row per request: each bucket is a hash updated by one Lua script,
 * atomically, and expires once it would be full again. While Redis cannot be reached, the
 * buckets in the database take over ({@link StoreRateLimits}), so a Redis outage neither stops
 * comments nor lifts the limits.
 *
 * @module
 */
import { createClient } from 'redis';
import { refillMs, waitSeconds, type RateLimits, type RateRule } from './rate-limit.js';

/** Takes a request: KEYS[1] the bucket; ARGV burst, per-ms rate, now (ms), expiry (ms). Returns {allowed, tokens}. */
const TAKE = `
local burst = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or burst
local at = tonumber(bucket[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * perMs)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(math.max(at, now)))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {allowed, tostring(tokens)}
`;

/** Gives a request back: KEYS[1] the bucket; ARGV burst. */
const REFUND = `
local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens'))
if tokens then redis.call('HSET', KEYS[1], 'tokens', tostring(math.min(tonumber(ARGV[1]), tokens + 1))) end
return 0
`;

function makeClient(url: string) {
  return createClient({
    url,
    // Commands fail at once while disconnected (the fallback answers), and the client keeps
    // reconnecting in the background, up to every 5 s.
    disableOfflineQueue: true,
    socket: { connectTimeout: 5000, reconnectStrategy: (retries: number) => Math.min(5000, 100 * 2 ** retries) },
  });
}

type Client = ReturnType<typeof makeClient>;

/** Keys of this server's buckets start with this. */
const PREFIX = 'comment-thread:rate:';

export class RedisRateLimits implements RateLimits {
  readonly #client: Client;
  readonly #fallback: RateLimits;
  readonly #now: () => number;
  /** When Redis last failed, so that the log says so once per outage, not per request. */
  #down = false;

  private constructor(client: Client, fallback: RateLimits, now: () => number) {
    this.#client = client;
    this.#fallback = fallback;
    this.#now = now;
  }

  /**
   * Connects to Redis at `url` (`redis://…`); rejects when it cannot be reached at start.
   * `fallback` keeps the buckets while Redis cannot be reached later.
   */
  static async connect(url: string, fallback: RateLimits, now: () => number = Date.now): Promise<RedisRateLimits> {
    const client = makeClient(url);
    const limits = new RedisRateLimits(client, fallback, now);
    client.on('error', (error: Error) => limits.#failed(error));
    client.on('ready', () => {
      if (limits.#down) console.error('comment-thread-server: Redis is back; rate limits are kept there again.');
      limits.#down = false;
    });
    await client.connect();
    return limits;
  }

  #failed(error: unknown): void {
    if (this.#down) return;
    this.#down = true;
    console.error(`comment-thread-server: Redis cannot be reached (${(error as Error)?.message ?? error}); rate limits are kept in the database meanwhile.`);
  }

  async take(key: string, rule: RateRule): Promise<number> {
    try {
      const [allowed, tokens] = (await this.#client.eval(TAKE, {
        keys: [PREFIX + key],
        arguments: [String(rule.burst), String(rule.perMinute / 60_000), String(this.#now()), String(refillMs(rule))],
      })) as [number, string];
      return allowed === 1 ? 0 : waitSeconds(Number(tokens), rule);
    } catch (error) {
      this.#failed(error);
      return this.#fallback.take(key, rule);
    }
  }

  async refund(key: string, rule: RateRule): Promise<void> {
    try {
      await this.#client.eval(REFUND, { keys: [PREFIX + key], arguments: [String(rule.burst)] });
    } catch (error) {
      this.#failed(error);
      await this.#fallback.refund(key, rule);
    }
  }

  async close(): Promise<void> {
    await this.#client.quit().catch(() => this.#client.disconnect());
  }
}
