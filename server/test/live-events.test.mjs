// Live updates lose nothing: a client that reconnects with Last-Event-ID gets what it missed
// from the change log; a server process whose LISTEN connection PostgreSQL terminated reads
// what it missed when it listens again; each change is read once for all the watchers of a
// thread; and open streams are capped per client and in all.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { serve } from '@hono/node-server';
import pg from 'pg';
import { createApp, LiveHub, openStore } from '../dist/index.js';
import { BACKENDS, POSTGRES, freshDatabase, openEvents, post, request, requestFrom, startServer, terminateBackends, withDatabase } from './helpers.mjs';

const eventsUrl = (server, threadId, query = '') => `${server.url}/api/events?thread=${encodeURIComponent(threadId)}${query}`;

/** Runs SQL on the test's database directly (what the hourly sweep does to the change log). */
const onDatabase = (db, sql) => withDatabase(db, { sqlite: (raw) => raw.exec(sql), postgres: (client) => client.query(sql) });

/** How many backends of database `name` are listening for changes. */
async function listening(name) {
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  try {
    const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN%'`, [name]);
    return rows[0].n;
  } finally {
    await admin.end();
  }
}

/** Opens an event stream from another local address; resolves with its status once it answers. */
function streamFrom(localAddress, url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { localAddress, headers: { accept: 'text/event-stream' } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode, close: () => req.destroy() });
    });
    req.once('error', reject);
  });
}

/** Waits until `events` holds `n` events of `type`, or fails after `ms`. */
async function collect(events, type, n, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const got = events.all().filter((e) => e.type === type);
    if (got.length >= n) return got;
    if (Date.now() > deadline) throw new Error(`${got.length} of ${n} ${type} events within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const kind of BACKENDS) {
  describe(`catching up after a reconnect on ${kind}`, () => {
    let db;
    let server;
    before(async () => {
      db = await freshDatabase(kind);
      server = await startServer(['--db', db.url, '--rate-limit', '100000']);
    });
    after(async () => {
      await server?.stop();
      await db?.drop();
    });

    it('lists a thread with the id of the last change, from which a stream replays what came after the read', async () => {
      const threadId = '/from-the-read';
      await post(server.url, { threadId, body: 'before the read' });
      const listed = (await request(`${server.url}/api/comments?thread=${encodeURIComponent(threadId)}`)).body;
      assert.match(listed.lastEventId, /^\d+$/);
      assert.deepEqual(listed.comments.map((c) => c.body), ['before the read']);
      // Posted after the read, before any stream was open: a stream from the read's id hears it.
      const between = await post(server.url, { threadId, body: 'between' });
      const stream = await openEvents(`${eventsUrl(server, threadId)}&lastEventId=${listed.lastEventId}`);
      assert.deepEqual((await stream.next('ready')).data, { thread: threadId, replayed: true });
      assert.equal((await stream.next('created')).data.comment.id, between.comment.id);
      stream.close();
    });

    it('numbers every event and replays what a client missed from Last-Event-ID, once each', async () => {
      const threadId = '/replay';
      const first = await openEvents(eventsUrl(server, threadId));
      const ready = await first.next('ready');
      assert.match(ready.id, /^\d+$/, 'ready carries the id to come back from');
      const a = await post(server.url, { threadId, body: 'A, seen live' });
      const seen = await first.next('created');
      assert.equal(seen.data.comment.id, a.comment.id);
      assert.ok(Number(seen.id) > Number(ready.id));
      first.close();

      // While the client is away:
      const b = await post(server.url, { threadId, body: 'B, missed' });
      const c = await post(server.url, { threadId, body: 'C, missed and deleted' });
      await request(`${server.url}/api/comments/${a.comment.id}`, { method: 'PATCH', json: { body: 'A, edited while away' }, headers: { authorization: `Bearer ${a.editToken}` } });
      await request(`${server.url}/api/comments/${c.comment.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${c.editToken}` } });
      await post(server.url, { threadId: '/another-thread', body: 'not this thread' });

      const back = await openEvents(eventsUrl(server, threadId), { headers: { 'Last-Event-ID': seen.id } });
      assert.deepEqual((await back.next('ready')).data, { thread: threadId, replayed: true }, 'ready says what was missed follows');
      const d = await post(server.url, { threadId, body: 'D, live after the reconnect' });
      const got = await collect(back, 'created', 2);
      await back.next('deleted');
      back.close();
      const events = back.all().filter((e) => e.type !== 'ready');
      assert.deepEqual(
        events.map((e) => [e.type, e.data.comment?.id ?? e.data.id]),
        [
          ['created', b.comment.id],
          ['updated', a.comment.id],
          ['deleted', c.comment.id],
          ['created', d.comment.id],
        ],
        'what was missed, in order (C was deleted since: only its deletion), then the live one',
      );
      assert.equal(events[1].data.comment.body, 'A, edited while away');
      const ids = events.map((e) => Number(e.id));
      assert.deepEqual(ids, [...ids].sort((x, y) => x - y), 'ids increase');
      assert.equal(new Set(ids).size, ids.length, 'nothing twice');
      assert.equal(got.length, 2);
    });

    it('accepts the id as ?lastEventId= too, and refuses one it never sent', async () => {
      const threadId = '/replay-query';
      const ready = await (async () => {
        const stream = await openEvents(eventsUrl(server, threadId));
        const r = await stream.next('ready');
        stream.close();
        return r;
      })();
      const missed = await post(server.url, { threadId, body: 'missed' });
      const back = await openEvents(eventsUrl(server, threadId, `&lastEventId=${ready.id}`));
      assert.equal((await back.next('created')).data.comment.id, missed.comment.id);
      back.close();
      const bad = await request(eventsUrl(server, threadId), { headers: { 'Last-Event-ID': 'not-a-number' } });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /Last-Event-ID/);
    });

    it('says resync when the log no longer reaches back that far', async () => {
      const threadId = '/replay-too-old';
      await post(server.url, { threadId, body: 'old news' });
      await post(server.url, { threadId, body: 'newer news' });
      // As the sweep does after an hour: everything but the newest change is gone.
      await onDatabase(db, 'DELETE FROM changes WHERE seq < (SELECT max(seq) FROM changes)');
      const back = await openEvents(eventsUrl(server, threadId), { headers: { 'Last-Event-ID': '1' } });
      assert.deepEqual((await back.next('ready')).data, { thread: threadId, replayed: false });
      await back.next('resync');
      back.close();
      assert.deepEqual(back.all().map((e) => e.type), ['ready', 'resync'], 'no part of what was missed: the client reads the thread again');
    });
  });

  describe(`streams at scale on ${kind}`, () => {
    let db;
    before(async () => {
      db = await freshDatabase(kind);
    });
    after(async () => db?.drop());

    /**
     * The app in this process on the real store of `db`, whose `get` goes through `onGet`
     * (to count the reads, or to fail one as a database would): `{ url, close() }`.
     */
    async function inProcess(onGet) {
      const store = await openStore(db.url);
      const watched = new Proxy(store, {
        get(target, name) {
          const value = Reflect.get(target, name, target);
          if (name === 'get') return (...args) => onGet(() => value.apply(target, args));
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const live = new LiveHub(store);
      if (store.pool) await live.connectPostgres(store.pool);
      const app = createApp({ store: watched, live, origins: [], adminToken: null, moderation: 'none', editWindowMinutes: 15, writesPerMinute: 100_000 });
      const server = await new Promise((resolve) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
      });
      return {
        url: `http://127.0.0.1:${server.address().port}`,
        async close() {
          server.closeAllConnections?.();
          await new Promise((r) => server.close(r));
          await live.close();
          await store.close();
        },
      };
    }

    it('ends the streams of a change it could not read, and their clients catch up when they come back', async () => {
      let failNext = false;
      const app = await inProcess((read) => {
        if (!failNext) return read();
        failNext = false;
        return Promise.reject(Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' }));
      });
      const threadId = '/unreadable-change';
      try {
        const first = await openEvents(eventsUrl(app, threadId));
        const ready = await first.next('ready');
        failNext = true;
        const lost = await post(app.url, { threadId, body: 'read once, and the read failed' });
        const deadline = Date.now() + 5000;
        while (!first.ended() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        assert.ok(first.ended(), 'the stream ended instead of going on without the change');
        assert.deepEqual(first.all().map((e) => e.type), ['ready']);
        const back = await openEvents(eventsUrl(app, threadId), { headers: { 'Last-Event-ID': ready.id } });
        assert.equal((await back.next('created')).data.comment.id, lost.comment.id, 'it comes back and gets the change');
        back.close();
      } finally {
        await app.close();
      }
    });

    it('reads each change once for all the watchers of a thread', async () => {
      let reads = 0;
      const app = await inProcess((read) => (reads++, read()));
      const { url } = app;
      const threadId = '/many-watchers';
      const watchers = [];
      try {
        for (let i = 0; i < 30; i++) watchers.push(await openEvents(eventsUrl({ url }, threadId)));
        await Promise.all(watchers.map((w) => w.next('ready')));
        reads = 0;
        // A top-level post reads no comment itself: every read counted is the stream's.
        const posted = await post(url, { threadId, body: 'one post, thirty watchers' });
        const got = await Promise.all(watchers.map((w) => w.next('created')));
        assert.ok(got.every((e) => e.data.comment.id === posted.comment.id));
        assert.ok(reads <= 1, `the comment was read ${reads} times for 30 watchers`);
      } finally {
        for (const w of watchers) w.close();
        await app.close();
      }
    });

    it('caps open streams per client and in all, with a clear refusal', async () => {
      const server = await startServer(['--db', db.url, '--max-streams-per-client', '2', '--max-streams', '3']);
      const open = [];
      try {
        for (let i = 0; i < 2; i++) open.push(await openEvents(eventsUrl(server, '/capped')));
        await Promise.all(open.map((s) => s.next('ready')));
        const third = await request(eventsUrl(server, '/capped'));
        assert.equal(third.status, 429);
        assert.match(third.body.error.message, /Too many live connections from your address/);
        assert.equal(third.headers.get('retry-after'), '60');
        const other = await streamFrom('127.0.0.41', eventsUrl(server, '/capped'));
        assert.equal(other.status, 200, 'another client has places of its own');
        const fourth = await requestFrom('127.0.0.42', eventsUrl(server, '/capped'));
        assert.equal(fourth.status, 503);
        assert.match(fourth.body.error.message, /as many live connections as it can take/);
        open.pop().close();
        await new Promise((r) => setTimeout(r, 200));
        const again = await openEvents(eventsUrl(server, '/capped'));
        assert.equal((await again.next('ready')).type, 'ready', 'a closed stream frees its place');
        again.close();
        other.close();
      } finally {
        for (const s of open) s.close();
        await server.stop();
      }
    });
  });
}

describe('a terminated LISTEN connection on PostgreSQL', () => {
  let db;
  before(async () => {
    db = await freshDatabase('postgres');
  });
  after(async () => db?.drop());

  it('loses no event: every change made while it reconnects reaches the open streams, once', { timeout: 90_000 }, async () => {
    const [a, b] = await Promise.all([startServer(['--db', db.url, '--rate-limit', '100000']), startServer(['--db', db.url, '--rate-limit', '100000'])]);
    const threadId = '/listen-terminated';
    const onA = await openEvents(eventsUrl(a, threadId));
    const onB = await openEvents(eventsUrl(b, threadId));
    try {
      await Promise.all([onA.next('ready'), onB.next('ready')]);
      const name = new URL(db.url).pathname.slice(1);
      const posted = [];
      let terminated = 0;
      for (let round = 0; round < 5; round++) {
        // PostgreSQL ends the LISTEN connections of both processes; posts go on meanwhile,
        // through both, before the processes listen again (they retry after a second).
        terminated += await terminateBackends(name, { query: 'LISTEN' });
        for (let i = 0; i < 5; i++) posted.push((await post(i % 2 ? a.url : b.url, { threadId, body: `round ${round}, post ${i}` })).comment.id);
        while ((await listening(name)) < 2) await new Promise((r) => setTimeout(r, 100));
        posted.push((await post(a.url, { threadId, body: `round ${round}, listening again` })).comment.id);
      }
      assert.equal(terminated, 10, 'both LISTEN connections, five times');
      for (const stream of [onA, onB]) {
        const created = await collect(stream, 'created', posted.length, 30_000);
        assert.deepEqual(created.map((e) => e.data.comment.id), posted, `all ${posted.length}, in order, once each`);
      }
      assert.equal(a.process.exitCode, null);
      assert.equal(b.process.exitCode, null);
    } finally {
      onA.close();
      onB.close();
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
