// Webhooks from real server processes on a real SQLite file and a real PostgreSQL database to a
// local receiver: each change POSTed once as signed JSON, failed deliveries tried again with
// backoff and logged, and a delivery still owed sent after a restart.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { BACKENDS, freshDatabase, post, request, runCli, startServer, until } from './helpers.mjs';

const ADMIN = 'admin-token-for-webhook-tests-01';
const admin = { authorization: `Bearer ${ADMIN}` };
const SECRET = 'webhook-secret-0123456789';
const RETRY_MS = 150;

/** A local receiver: records each POST; answers 500 to the next `failing` ones, else 204. */
async function receiver(port = 0) {
  const received = [];
  const state = { failing: 0 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ at: performance.now(), headers: req.headers, body });
      if (state.failing > 0) {
        state.failing--;
        return res.writeHead(500).end('not now');
      }
      res.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const sockets = new Set();
  server.on('connection', (socket) => (sockets.add(socket), socket.on('close', () => sockets.delete(socket))));
  return {
    url: `http://127.0.0.1:${server.address().port}/hook`,
    port: server.address().port,
    received,
    state,
    close: () => new Promise((resolve) => (server.close(resolve), sockets.forEach((s) => s.destroy()))),
  };
}

const deliveries = async (url) => (await request(`${url}/api/admin/webhooks`, { headers: admin })).body.deliveries;

for (const kind of BACKENDS) {
  describe(`webhooks on ${kind}`, () => {
    let db;
    let hooks;
    let server;
    let url;
    let n = 0;
    const newThread = () => `/hooks/${kind}-${++n}/`;
    const start = () => startServer(['--db', db.url, '--admin-token', ADMIN, '--webhook', hooks.url, '--webhook-secret', SECRET, '--webhook-retry', String(RETRY_MS), '--rate-limit', '10000']);

    before(async () => {
      db = await freshDatabase(kind);
      hooks = await receiver();
      server = await start();
      url = server.url;
    });
    after(async () => {
      await server?.stop();
      await hooks?.close();
      await db?.drop();
    });

    it('POSTs each change as JSON signed with HMAC-SHA256: created, updated, status, deleted', async () => {
      const threadId = newThread();
      hooks.received.length = 0;
      const saved = await post(url, { threadId, author: { name: 'Ann', website: 'https://ann.example' }, body: 'First words' }, { 'X-Author-Key': `hook-author-${kind}-0123456789` });
      await request(`${url}/api/comments/${saved.comment.id}`, { method: 'PATCH', json: { body: 'Second words' }, headers: { authorization: `Bearer ${saved.editToken}` } });
      await request(`${url}/api/admin/comments/${saved.comment.id}/reject`, { method: 'POST', headers: admin });
      await request(`${url}/api/admin/comments/${saved.comment.id}`, { method: 'DELETE', headers: admin });
      await until(() => hooks.received.length >= 4, 8000, 'four deliveries');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(hooks.received.length, 4, 'each change once');
      const events = hooks.received.map((r) => r.headers['x-comment-thread-event']).sort();
      assert.deepEqual(events, ['comment.created', 'comment.deleted', 'comment.status', 'comment.updated']);
      for (const { headers, body } of hooks.received) {
        assert.equal(headers['content-type'], 'application/json');
        assert.equal(headers['user-agent'], 'comment-thread-server');
        assert.match(headers['x-comment-thread-delivery'], /^\d+$/);
        assert.equal(headers['x-comment-thread-signature'], `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`);
        const json = JSON.parse(body);
        assert.equal(json.event, headers['x-comment-thread-event']);
        assert.equal(json.comment.id, saved.comment.id);
        assert.ok(!('authorHash' in json.comment) && !('editTokenHash' in json.comment) && !('addressHash' in json.comment), 'no secrets');
      }
      const byEvent = Object.fromEntries(hooks.received.map((r) => [r.headers['x-comment-thread-event'], JSON.parse(r.body).comment]));
      assert.deepEqual([byEvent['comment.created'].body, byEvent['comment.created'].status, byEvent['comment.created'].author], ['First words', 'published', { name: 'Ann', website: 'https://ann.example/', role: null }]);
      assert.equal(byEvent['comment.updated'].body, 'Second words');
      assert.equal(byEvent['comment.status'].status, 'rejected');
      assert.deepEqual([byEvent['comment.deleted'].status, byEvent['comment.deleted'].body], ['deleted', '']);
      const log = await deliveries(url);
      assert.ok(log.slice(0, 4).every((d) => d.status === 'delivered' && d.attempts === 1 && d.lastResult === 'HTTP 204' && d.target === hooks.url));
    });

    it('tries a failed delivery again after the wait, then twice as long, with the same delivery id, and logs each outcome', async () => {
      const threadId = newThread();
      hooks.received.length = 0;
      hooks.state.failing = 2;
      await post(url, { threadId, body: 'Try me again' });
      await until(() => hooks.received.length >= 3, 8000, 'three attempts');
      const [first, second, third] = hooks.received;
      assert.equal(new Set(hooks.received.map((r) => r.headers['x-comment-thread-delivery'])).size, 1, 'one delivery, tried three times');
      assert.equal(third.body, first.body);
      assert.ok(second.at - first.at >= RETRY_MS - 20, `waited ${Math.round(second.at - first.at)} ms`);
      assert.ok(third.at - second.at >= 2 * RETRY_MS - 20, `then ${Math.round(third.at - second.at)} ms`);
      await until(async () => (await deliveries(url))[0].status === 'delivered', 3000, 'the log');
      const [logged] = await deliveries(url);
      assert.deepEqual([logged.event, logged.status, logged.attempts, logged.lastResult], ['comment.created', 'delivered', 3, 'HTTP 204']);
      assert.ok(logged.doneAt);
    });

    it('keeps a delivery it could not make, and sends it after a restart', async () => {
      const threadId = newThread();
      const port = hooks.port;
      await hooks.close();
      const saved = await post(url, { threadId, body: 'Nobody listening' });
      await until(async () => (await deliveries(url))[0]?.attempts >= 1, 5000, 'a first attempt');
      const [owed] = await deliveries(url);
      assert.equal(owed.status, 'pending');
      assert.match(owed.lastResult, /^not reached \(ECONNREFUSED\)$/);
      await server.stop();
      hooks = await receiver(port);
      server = await start();
      url = server.url;
      await until(() => hooks.received.some((r) => JSON.parse(r.body).comment.id === saved.comment.id), 8000, 'the owed delivery');
      await until(async () => (await deliveries(url))[0].status === 'delivered', 3000, 'the log');
      assert.ok((await deliveries(url))[0].attempts >= 2);
    });

    it('shows the delivery log to the admin token only', async () => {
      assert.equal((await request(`${url}/api/admin/webhooks`)).status, 401);
      const log = await deliveries(url);
      assert.ok(log.length > 0 && log.every((d) => !('payload' in d)));
    });
  });
}

describe('webhooks from two server processes on one PostgreSQL database', () => {
  it('sends each delivery once: processes claim different ones', async () => {
    const db = await freshDatabase('postgres');
    const hooks = await receiver();
    const args = ['--db', db.url, '--webhook', hooks.url, '--webhook-secret', SECRET, '--webhook-retry', String(RETRY_MS), '--rate-limit', '100000'];
    const first = await startServer(args);
    const second = await startServer(args);
    try {
      const threadId = '/hooks/two-processes/';
      const posts = [];
      for (let i = 0; i < 40; i++) posts.push(post(i % 2 ? first.url : second.url, { threadId, body: `comment ${i}` }));
      await Promise.all(posts);
      await until(() => hooks.received.length >= 40, 15000, 'forty deliveries');
      await new Promise((r) => setTimeout(r, 1500));
      const ids = hooks.received.map((r) => r.headers['x-comment-thread-delivery']);
      assert.equal(ids.length, 40, 'no delivery sent twice');
      assert.equal(new Set(ids).size, 40);
      assert.deepEqual(hooks.received.map((r) => JSON.parse(r.body).comment.body).sort(), Array.from({ length: 40 }, (_, i) => `comment ${i}`).sort());
    } finally {
      await first.stop();
      await second.stop();
      await hooks.close();
      await db.drop();
    }
  });
});

describe('webhook options', () => {
  it('need a URL and a secret of 16 characters together', async () => {
    for (const [args, message] of [
      [['--webhook', 'http://127.0.0.1:9/x'], /--webhook needs --webhook-secret, at least 16 characters/],
      [['--webhook-secret', SECRET], /--webhook-secret signs webhooks: give at least one --webhook URL too/],
      [['--webhook', 'ftp://x', '--webhook-secret', SECRET], /--webhook must be an http or https address, not "ftp:\/\/x"/],
    ]) {
      const result = await runCli(args);
      assert.equal(result.code, 2);
      assert.match(result.stderr, message);
    }
  });
});
