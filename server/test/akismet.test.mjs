// The optional Akismet-compatible check, against a local stub that speaks the Akismet API
// (`comment-check`: a form POST answered `true` or `false`, `X-akismet-pro-tip: discard` for
// blatant spam, `invalid` for a bad key), from real server processes on a real SQLite file and
// a real PostgreSQL database: what is sent, and what each answer does to the comment.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { BACKENDS, freshDatabase, post, request, runCli, startServer } from './helpers.mjs';

const ADMIN = 'admin-token-for-akismet-tests-01';
const admin = { authorization: `Bearer ${ADMIN}` };
const KEY = 'stub-key-0123';
const SITE = 'https://blog.example/';

/**
 * A local service that answers as Akismet does: `false` for most, `true` for the author
 * `akismet-guaranteed-spam` (Akismet's own test name), `true` with the discard tip for a body
 * with "discard-me", `invalid` for another key, and nothing for 5 s for a body with "slow".
 * `requests` holds each request's form.
 */
async function akismetStub() {
  const requests = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(raw));
      requests.push({ path: req.url, contentType: req.headers['content-type'], form });
      if (req.url !== '/1.1/comment-check' || req.method !== 'POST') return res.writeHead(404).end();
      if (form.api_key !== KEY) return res.writeHead(200, { 'X-akismet-debug-help': 'We were unable to verify your API key.' }).end('invalid');
      if (form.comment_content.includes('slow')) return void setTimeout(() => res.writeHead(200).end('false'), 5000);
      if (form.comment_content.includes('discard-me')) return res.writeHead(200, { 'X-akismet-pro-tip': 'discard' }).end('true');
      res.writeHead(200).end(form.comment_author === 'akismet-guaranteed-spam' ? 'true' : 'false');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/1.1/`, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

for (const kind of BACKENDS) {
  describe(`an Akismet-compatible check on ${kind}`, () => {
    let db;
    let stub;
    let server;
    let url;
    let thread = 0;
    const newThread = () => `/akismet/${kind}-${++thread}/`;
    const listed = async (threadId, headers = {}) => (await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}`, { headers })).body.comments;

    before(async () => {
      db = await freshDatabase(kind);
      stub = await akismetStub();
      server = await startServer(['--db', db.url, '--admin-token', ADMIN, '--site-url', SITE, '--akismet-key', KEY, '--akismet-url', stub.url, '--rate-limit', '10000']);
      url = server.url;
    });
    after(async () => {
      await server?.stop();
      await stub?.close();
      await db?.drop();
    });

    it('sends what the service needs for a comment and a reply, and publishes what it calls ham', async () => {
      const threadId = newThread();
      stub.requests.length = 0;
      const first = await post(url, { threadId, author: { name: 'Ann', website: 'https://ann.example' }, body: 'A fair point' }, { 'User-Agent': 'TestBrowser/1.0', Referer: 'https://blog.example/post' });
      assert.equal(first.comment.status, 'published');
      const reply = await post(url, { threadId, parentId: first.comment.id, body: 'Agreed' });
      assert.equal(reply.comment.status, 'published');
      assert.equal(stub.requests.length, 2);
      const [sent, sentReply] = stub.requests.map((r) => r.form);
      assert.equal(stub.requests[0].contentType, 'application/x-www-form-urlencoded; charset=utf-8');
      assert.deepEqual(
        { ...sent, comment_date_gmt: 'checked below' },
        {
          api_key: KEY,
          blog: SITE,
          permalink: `https://blog.example${threadId}`,
          comment_type: 'comment',
          comment_author: 'Ann',
          comment_author_url: 'https://ann.example/',
          comment_content: 'A fair point',
          comment_date_gmt: 'checked below',
          user_ip: '127.0.0.1',
          user_agent: 'TestBrowser/1.0',
          referrer: 'https://blog.example/post',
        },
      );
      assert.ok(Math.abs(Date.parse(sent.comment_date_gmt) - Date.parse(first.comment.createdAt)) < 5000);
      assert.equal(sentReply.comment_type, 'reply');
    });

    it('keeps what it calls spam out of sight, in the spam queue, and tells its author it waits for moderation', async () => {
      const threadId = newThread();
      const key = { 'X-Author-Key': `akismet-author-${kind}-0123456789ab` };
      const spam = await post(url, { threadId, author: { name: 'akismet-guaranteed-spam' }, body: 'Great post!' }, key);
      assert.equal(spam.comment.status, 'pending', 'its author is told it waits');
      assert.deepEqual(await listed(threadId), []);
      assert.deepEqual(await listed(threadId, key), [], 'not even its author sees spam');
      const queue = await request(`${url}/api/admin/comments?status=spam`, { headers: admin });
      assert.ok(queue.body.comments.some((c) => c.id === spam.comment.id), 'a moderator finds it in the spam queue');
    });

    it('refuses what it marks to discard with a polite message, and stores nothing', async () => {
      const threadId = newThread();
      const answer = await request(`${url}/api/comments`, { method: 'POST', json: { threadId, author: { name: 'Bot' }, body: 'discard-me now' } });
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error.field, 'body');
      assert.match(answer.body.error.message, /^Sorry, this comment looks like spam to this site's spam filter, so it was not posted\./);
      assert.deepEqual(await listed(threadId), []);
    });

    it('holds a comment for a moderator when the service does not answer in time', async () => {
      const threadId = newThread();
      const started = performance.now();
      const slow = await post(url, { threadId, body: 'a slow check' });
      const took = performance.now() - started;
      assert.equal(slow.comment.status, 'pending');
      assert.ok(took >= 2900 && took < 4900, `answered after ${Math.round(took)} ms: the 3 s limit`);
      assert.deepEqual(await listed(threadId), []);
    });

    it('asks nothing for the honeypot’s catch or for the site’s own comment', async () => {
      const threadId = newThread();
      stub.requests.length = 0;
      await request(`${url}/api/comments`, { method: 'POST', json: { threadId, author: { name: 'Bot' }, body: 'hi', honeypot: 'http://spam.example' } });
      const own = await post(url, { threadId, author: { name: 'Vincent' }, body: 'From the author' }, admin);
      assert.equal(own.comment.status, 'published');
      assert.deepEqual(stub.requests, []);
    });
  });
}

describe('an Akismet-compatible check with a key the service refuses', () => {
  it('holds every guest comment for a moderator, and says why in the log', async () => {
    const db = await freshDatabase('sqlite');
    const stub = await akismetStub();
    const server = await startServer(['--db', db.url, '--akismet-key', 'wrong-key', '--akismet-url', stub.url]);
    try {
      const held = await post(server.url, { threadId: '/refused-key/', body: 'hello' });
      assert.equal(held.comment.status, 'pending');
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.match(server.output(), /the spam service could not check a comment, which waits for a moderator: it answered "invalid" \(We were unable to verify your API key\.\)/);
    } finally {
      await server.stop();
      await stub.close();
      await db.drop();
    }
  });

  it('needs both --akismet-key and --akismet-url', async () => {
    const result = await runCli(['--akismet-key', KEY]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--akismet-key and --akismet-url go together/);
  });
});
