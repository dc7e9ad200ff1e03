// Rate limits, on real server processes on both stores: refused requests cost nothing, IPv6
// visitors are limited per /64, wrong admin tokens are limited, and with several processes
// on one database (or one Redis) the budgets and blocks are one, not one per process.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { BACKENDS, freshDatabase, relayTo, request, requestFrom, startServer } from './helpers.mjs';

const ADMIN = 'admin-token-for-limit-tests-0123';
const REDIS = process.env.COMMENT_TEST_REDIS ?? 'redis://127.0.0.1:6379';

const postTo = (server, body, headers = {}) =>
  request(`${server.url}/api/comments`, { method: 'POST', json: { threadId: '/limits', author: { name: 'Ann' }, body }, headers });

for (const kind of BACKENDS) {
  describe(`rate limits on ${kind}`, () => {
    let db;
    before(async () => {
      db = await freshDatabase(kind);
    });
    after(async () => db?.drop());

    it('does not charge requests refused for what they are (415, 400, 413, 404)', async () => {
      // --rate-limit 6: a burst of 2 writes.
      const server = await startServer(['--db', db.url, '--rate-limit', '6']);
      try {
        for (let i = 0; i < 10; i++) {
          const crossSite = await request(`${server.url}/api/comments`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ threadId: '/limits', body: 'x' }) });
          assert.equal(crossSite.status, 415);
          const invalid = await request(`${server.url}/api/comments`, { method: 'POST', json: { threadId: '/limits', body: '' } });
          assert.equal(invalid.status, 400);
        }
        const tooLarge = await request(`${server.url}/api/comments`, { method: 'POST', json: { threadId: '/limits', body: 'x'.repeat(70_000) } });
        assert.equal(tooLarge.status, 413);
        const missing = await request(`${server.url}/api/comments/no-such-comment`, { method: 'PATCH', json: { body: 'x' }, headers: { authorization: 'Bearer whatever' } });
        assert.equal(missing.status, 404);
        assert.deepEqual([(await postTo(server, 'a real post')).status, (await postTo(server, 'another')).status], [201, 201], "the visitor's budget is whole");
        const third = await postTo(server, 'one too many');
        assert.equal(third.status, 429, 'and spent by real writes');
        assert.match(third.headers.get('retry-after'), /^\d+$/);
      } finally {
        await server.stop();
      }
    });

    it('limits IPv6 visitors per /64, as blocks do', async () => {
      const server = await startServer(['--db', db.url, '--rate-limit', '6', '--trust-proxy', '1']);
      try {
        const from = (address) => ({ 'X-Forwarded-For': address });
        assert.equal((await postTo(server, 'one', from('2001:db8:aa:1::1'))).status, 201);
        assert.equal((await postTo(server, 'two', from('2001:db8:aa:1::2'))).status, 201);
        assert.equal((await postTo(server, 'three', from('2001:db8:aa:1:ffff:ffff:ffff:ffff'))).status, 429, 'another address in the same /64 shares the budget');
        assert.equal((await postTo(server, 'elsewhere', from('2001:db8:aa:2::1'))).status, 201, 'the next /64 has its own');
      } finally {
        await server.stop();
      }
    });

    it('limits wrong admin tokens per network; a right one costs nothing', async () => {
      const server = await startServer(['--db', db.url, '--admin-token', ADMIN, '--rate-limit', '10000']);
      try {
        const queue = (address, token) => requestFrom(address, `${server.url}/api/admin/comments`, { headers: { authorization: `Bearer ${token}` } });
        for (let i = 0; i < 5; i++) assert.equal((await queue('127.0.0.21', ADMIN)).status, 200, 'the right token is never limited');
        const statuses = [];
        for (let i = 0; i < 12; i++) statuses.push((await queue('127.0.0.21', `wrong-guess-number-${i}`)).status);
        assert.deepEqual(statuses, [...Array(10).fill(401), 429, 429], 'ten wrong tokens, then 429');
        const limited = await queue('127.0.0.21', ADMIN);
        assert.equal(limited.status, 429, 'with the budget spent, not even a right token is checked');
        assert.match(limited.body.error.message, /Too many wrong admin tokens/);
        assert.match(limited.headers['retry-after'], /^\d+$/);
        const asAuthor = await requestFrom('127.0.0.21', `${server.url}/api/comments`, { method: 'POST', json: { threadId: '/limits', body: 'x' }, headers: { authorization: 'Bearer yet-another-guess' } });
        assert.equal(asAuthor.status, 429, 'posting as the author with a guessed token is limited too');
        assert.equal((await queue('127.0.0.22', ADMIN)).status, 200, 'another network is not');
      } finally {
        await server.stop();
      }
    });

    it('shares budgets and blocks between server processes on one database', async () => {
      const own = await freshDatabase(kind);
      const [a, b] = await Promise.all([
        startServer(['--db', own.url, '--rate-limit', '6', '--admin-token', ADMIN]),
        startServer(['--db', own.url, '--rate-limit', '6', '--admin-token', ADMIN]),
      ]);
      try {
        const statuses = [];
        for (const server of [a, b, a, b]) statuses.push((await postTo(server, `to ${server === a ? 'A' : 'B'}`)).status);
        assert.deepEqual(statuses, [201, 201, 429, 429], 'two processes, one budget of 2');

        const spammer = await requestFrom('127.0.0.31', `${a.url}/api/comments`, { method: 'POST', json: { threadId: '/limits', body: 'spam' } });
        assert.equal(spammer.status, 201);
        const blocked = await request(`${a.url}/api/admin/comments/${spammer.body.comment.id}/block-author`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
        assert.equal(blocked.status, 200);
        const viaB = await requestFrom('127.0.0.31', `${b.url}/api/comments`, { method: 'POST', json: { threadId: '/limits', body: 'again, through the other process' } });
        assert.equal(viaB.status, 403, 'a block made through A holds on B');
      } finally {
        await Promise.all([a.stop(), b.stop()]);
        await own.drop();
      }
    });

    it('with --redis, keeps the shared budgets in Redis', async () => {
      const own = await freshDatabase(kind);
      const redis = createClient({ url: REDIS });
      await redis.connect();
      const [a, b] = await Promise.all([
        startServer(['--db', own.url, '--rate-limit', '6', '--redis', REDIS]),
        startServer(['--db', own.url, '--rate-limit', '6', '--redis', REDIS]),
      ]);
      try {
        const statuses = [];
        for (const server of [b, a, b]) statuses.push((await postTo(server, 'via redis')).status);
        assert.deepEqual(statuses, [201, 201, 429]);
        // The buckets are keyed by the network's keyed hash: the database's secret makes them its own.
        const keys = await redis.keys('comment-thread:rate:write:*');
        assert.ok(keys.length >= 1, 'the bucket is in Redis');
        const ttl = await redis.pTTL(keys[0]);
        assert.ok(ttl > 0 && ttl <= 20_000, `it expires once full again (${ttl} ms)`);
        assert.ok(Number(await redis.hGet(keys[0], 'tokens')) < 1, 'and it is spent');
      } finally {
        await Promise.all([a.stop(), b.stop()]);
        for (const key of await redis.keys('comment-thread:rate:*')) await redis.del(key);
        await redis.quit();
        await own.drop();
      }
    });

    it('keeps limiting through the database while Redis is away, and goes back to Redis', { timeout: 60_000 }, async () => {
      const own = await freshDatabase(kind);
      const relay = await relayTo(REDIS);
      const redis = createClient({ url: REDIS });
      await redis.connect();
      const through = `redis://127.0.0.1:${relay.port}`;
      const server = await startServer(['--db', own.url, '--rate-limit', '6', '--redis', through]);
      let exited = null;
      server.exited.then((how) => (exited = how));
      try {
        assert.equal((await postTo(server, 'with redis')).status, 201);
        await relay.down();
        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push((await postTo(server, `without redis ${i}`)).status);
        assert.deepEqual(statuses, [201, 201, 429], 'the database keeps the budget meanwhile: no outage, no free pass');
        assert.match(server.output(), /Redis cannot be reached .*rate limits are kept in the database meanwhile/);
        await relay.up();
        const deadline = Date.now() + 15_000;
        while (!/Redis is back/.test(server.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        assert.match(server.output(), /Redis is back/);
        assert.equal(exited, null, 'the server kept running');
      } finally {
        await server.stop();
        await relay.down().catch(() => undefined);
        for (const key of await redis.keys('comment-thread:rate:*')) await redis.del(key);
        await redis.quit();
        await own.drop();
      }
    });
  });
}
