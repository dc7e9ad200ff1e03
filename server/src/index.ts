/**
 * comment-thread-server as a library: build the app around your own store, or start it.
 *
 * @module
 */
export { createApp, toPublic, type AppOptions, type ModerationMode, type PublicComment } from './app.js';
export { startServer, type RunningServer } from './server.js';
export { parseConfig, readOptions, ConfigError, type ServerConfig } from './config.js';
export { openStore } from './open-store.js';
export { LiveHub, type LiveEvent } from './live.js';
export { StoreRateLimits, type RateLimits } from './rate-limit.js';
export { RedisRateLimits } from './rate-limit-redis.js';
export { startSweeper, sweepCutoffs, type SweepOptions } from './sweep.js';
export { SqliteStore } from './store/sqlite.js';
export { PostgresStore } from './store/postgres.js';
export type * from './store/comment-store.js';
