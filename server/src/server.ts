/**
 * Starts the API on a port: opens the store, connects live updates (through PostgreSQL when
 * the store is PostgreSQL), serves the app, optionally a static folder, and shuts down
 * cleanly on SIGINT and SIGTERM.
 *
 * @module
 */
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { ADMIN_FAILURES, STATIC_CSP, createApp, writeRule } from './app.js';
import type { ServerConfig } from './config.js';
import { LiveHub } from './live.js';
import { openStore } from './open-store.js';
import { PostgresStore } from './store/postgres.js';
import { StoreRateLimits } from './rate-limit.js';
import { RedisRateLimits } from './rate-limit-redis.js';
import { startSweeper } from './sweep.js';
import { Webhooks } from './webhooks.js';
import { Mailer } from './mail/mailer.js';

/** A drop-in file named with a hash of its content (`comment-thread.core-0a1B2c3D.js`, its map). */
const IMMUTABLE_FILE = /\/comment-(?:thread|count)\.[\w-]+-[\w-]{8}\.js(?:\.map)?$/;

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const store = await openStore(config.db);
  const live = new LiveHub(store);
  if (store instanceof PostgresStore) await live.connectPostgres(store.pool);
  const storeLimits = new StoreRateLimits(store);
  const rateLimits = config.redis ? await RedisRateLimits.connect(config.redis, storeLimits) : storeLimits;
  const sweeper = startSweeper(store, {
    editWindowMinutes: config.editWindowMinutes,
    rules: [writeRule(config.writesPerMinute), ADMIN_FAILURES],
    forgetEmailDays: config.forgetEmailDays,
  });
  const webhooks = config.webhooks ? new Webhooks(store, config.webhooks) : null;
  webhooks?.start();
  const mailer = config.mail ? new Mailer(store, config.mail) : null;
  mailer?.start();
  const app = createApp({
    store,
    live,
    origins: config.origins,
    adminToken: config.adminToken,
    adminRole: config.adminRole,
    moderation: config.moderation,
    editWindowMinutes: config.editWindowMinutes,
    writesPerMinute: config.writesPerMinute,
    rateLimits,
    maxStreams: config.maxStreams,
    maxStreamsPerClient: config.maxStreamsPerClient,
    trustProxyHops: config.trustProxyHops,
    downvotes: config.downvotes,
    closeAfterDays: config.closeAfterDays,
    siteUrl: config.siteUrl,
    spamRules: config.spamRules,
    akismet: config.akismet,
    webhooks,
    proofOfWork: config.proofOfWork,
    mailer,
  });
  if (config.staticDir) {
    // Never a dotfile or anything in a dot-folder (.env, .git/config), however it is spelled.
    app.use('/*', async (c, next) => {
      if (c.req.path.startsWith('/api/')) return next();
      if (hasDotSegment(c.req.path)) return c.notFound();
      await next();
      if (!c.res.ok) return;
      c.header('Content-Security-Policy', config.staticCsp ?? STATIC_CSP);
      // The widget's files whose names carry a hash of their content never change: cached for
      // good (the README's "CDN"); the rest is asked again each time.
      c.header('Cache-Control', IMMUTABLE_FILE.test(c.req.path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    });
    app.use('/*', serveStatic({ root: resolve(config.staticDir) }));
  }
  const server: ServerType = await new Promise((resolveServer, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolveServer(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    async close() {
      await sweeper.stop();
      await webhooks?.stop();
      await mailer?.stop();
      await live.close();
      // Take no new connections and let requests under way finish, so that a post being stored
      // is answered rather than cut off with the store closed under it; after a second, cut
      // what is still open (event streams never end by themselves).
      const connections = server as unknown as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
      const closed = new Promise<void>((r) => server.close(() => r()));
      connections.closeIdleConnections?.();
      const cut = setTimeout(() => connections.closeAllConnections?.(), 1000);
      await closed;
      clearTimeout(cut);
      await rateLimits.close();
      await store.close();
    },
  };
}

/** Whether a path (percent-encoded or not) has a segment that starts with a dot. */
function hasDotSegment(path: string): boolean {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Not decodable: judged as it is.
  }
  return `${path}/${decoded}`.split(/[/\\]/).some((segment) => segment.startsWith('.'));
}
