// Closing threads, on real server processes on a real SQLite file and a real PostgreSQL
// database: by hand through the admin routes, and by age with --close-after (a thread whose
// first comment is older than that many days takes no new comments, unless a moderator opened
// it again); what the list says, what a refused post says, and the upgrade of a version 6
// database.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, databaseAtVersion, exportedComment, freshDatabase, importJson, post, request, runCli, startServer } from './helpers.mjs';

const ADMIN = 'admin-token-for-closing-tests-01';
const admin = { authorization: `Bearer ${ADMIN}` };
const DAY = 86_400_000;

const listUrl = (url, threadId) => `${url}/api/comments?thread=${encodeURIComponent(threadId)}`;
const list = async (url, threadId) => (await request(listUrl(url, threadId))).body;
/** Closes (`close`) or opens (`open`) a thread by hand. */
const setThread = (url, action, threadId, headers = admin) => request(`${url}/api/admin/threads/${action}`, { method: 'POST', json: { threadId }, headers });
/** Posts without throwing: `{ status, body }`. */
const tryPost = (url, input, headers = {}) => request(`${url}/api/comments`, { method: 'POST', json: { author: { name: 'Ann' }, ...input }, headers });

/** A date `days` days before now. */
const daysAgo = (days) => new Date(Date.now() - days * DAY).toISOString();

for (const kind of BACKENDS) {
  describe(`closing threads on ${kind}`, () => {
    let db;
    let server;
    let url;
    let thread = 0;
    const newThread = () => `/closing/${kind}-${++thread}/`;

    before(async () => {
      db = await freshDatabase(kind);
      server = await startServer(['--db', db.url, '--admin-token', ADMIN, '--close-after', '30', '--rate-limit', '10000']);
      url = server.url;
    });
    after(async () => {
      await server?.stop();
      await db?.drop();
    });

    it('closes a thread by hand: the list says so, a post and a reply are refused with a clear message, the site author still posts', async () => {
      const threadId = newThread();
      const first = (await post(url, { threadId, body: 'before closing' })).comment;
      assert.equal((await list(url, threadId)).closed, false);

      const closed = await setThread(url, 'close', threadId);
      assert.deepEqual([closed.status, closed.body], [200, { threadId, closed: true }]);
      const page = await list(url, threadId);
      assert.equal(page.closed, true);
      assert.deepEqual(page.comments.map((c) => c.body), ['before closing'], 'its comments are still shown');

      for (const input of [{ threadId, body: 'a new comment' }, { threadId, parentId: first.id, body: 'a reply' }]) {
        const refused = await tryPost(url, input);
        assert.equal(refused.status, 403);
        assert.deepEqual(refused.body.error, { code: 'closed', message: 'Comments are closed on this thread: it takes no new comments or replies.' });
      }
      const own = await tryPost(url, { threadId, author: { name: 'Vincent' }, body: 'An update from the author' }, admin);
      assert.equal(own.status, 201, JSON.stringify(own.body));
      assert.equal(own.body.comment.author.role, 'author');
      assert.deepEqual((await list(url, threadId)).comments.map((c) => c.body), ['before closing', 'An update from the author']);

      assert.deepEqual((await setThread(url, 'open', threadId)).body, { threadId, closed: false });
      assert.equal((await list(url, threadId)).closed, false);
      assert.equal((await tryPost(url, { threadId, body: 'open again' })).status, 201);
    });

    it('closes a thread that has no comments yet; other threads stay open', async () => {
      const threadId = newThread();
      await setThread(url, 'close', threadId);
      assert.equal((await list(url, threadId)).closed, true);
      assert.equal((await tryPost(url, { threadId, body: 'first!' })).body.error.code, 'closed');
      const other = newThread();
      assert.equal((await list(url, other)).closed, false);
      assert.equal((await tryPost(url, { threadId: other, body: 'first!' })).status, 201);
    });

    it('closes a thread --close-after days after its first comment, pinned or not, until a moderator opens it', async () => {
      const old = newThread();
      const recent = newThread();
      const pinnedOld = newThread();
      await importJson(db, [
        exportedComment(old, `${kind}-old-1`, { createdAt: daysAgo(31) }),
        exportedComment(old, `${kind}-old-2`, { createdAt: daysAgo(2) }),
        exportedComment(recent, `${kind}-recent-1`, { createdAt: daysAgo(29) }),
        exportedComment(pinnedOld, `${kind}-pinned-1`, { createdAt: daysAgo(40), pinned: true }),
        exportedComment(pinnedOld, `${kind}-pinned-2`, { createdAt: daysAgo(1) }),
      ]);
      assert.equal((await list(url, old)).closed, true, 'its first comment is 31 days old');
      assert.equal((await list(url, recent)).closed, false, 'its first comment is 29 days old');
      assert.equal((await list(url, pinnedOld)).closed, true, 'its first comment, pinned, is 40 days old');
      assert.equal((await tryPost(url, { threadId: old, body: 'late' })).body.error.code, 'closed');
      assert.equal((await tryPost(url, { threadId: recent, body: 'in time' })).status, 201);

      // Opened by hand, it takes comments again, whatever its age; closed by hand, it closes again.
      await setThread(url, 'open', old);
      assert.equal((await list(url, old)).closed, false);
      assert.equal((await tryPost(url, { threadId: old, body: 'welcome back' })).status, 201);
      await setThread(url, 'close', old);
      assert.equal((await tryPost(url, { threadId: old, body: 'closed again' })).body.error.code, 'closed');
    });

    it('takes the admin token for closing and opening, and a valid thread id', async () => {
      const threadId = newThread();
      assert.equal((await setThread(url, 'close', threadId, {})).status, 401);
      assert.equal((await setThread(url, 'close', threadId, { authorization: 'Bearer not-the-admin-token-at-all' })).status, 401);
      assert.equal((await list(url, threadId)).closed, false, 'nothing was closed');
      const bad = await request(`${url}/api/admin/threads/close`, { method: 'POST', json: { threadId: 42 }, headers: admin });
      assert.deepEqual([bad.status, bad.body.error.code, bad.body.error.field], [400, 'invalid', 'threadId']);
      const wrongMethod = await request(`${url}/api/admin/threads/open`, { headers: admin });
      assert.deepEqual([wrongMethod.status, wrongMethod.headers.get('allow')], [405, 'POST, OPTIONS']);
    });

    it('documents closing in its OpenAPI description', async () => {
      const { body } = await request(`${url}/openapi.json`);
      assert.ok(body.paths['/api/admin/threads/close'].post);
      assert.ok(body.paths['/api/admin/threads/open'].post);
      assert.equal(body.paths['/api/comments'].get.responses['200'].content['application/json'].schema.properties.closed.type, 'boolean');
      assert.match(body.paths['/api/comments'].post.responses['403'].description, /closed/);
    });
  });

  describe(`closing threads on ${kind}, without --close-after`, () => {
    let db;
    after(async () => db?.drop());

    it('keeps old threads open, and upgrades a version 6 database keeping its data', async () => {
      db = await freshDatabase(kind);
      const threadId = '/v6/old-thread/';
      const insert = `INSERT INTO comments (id, thread_id, parent_id, root_id, author_name, body, status, kind, score, created_at) VALUES ('v6a', '${threadId}', NULL, 'v6a', 'Vera', 'from 2010', 'published', 'comment', 0, '2010-06-09T12:00:00.000Z')`;
      await databaseAtVersion(db, 6, { sqlite: (raw) => void raw.exec(insert), postgres: (client) => client.query(insert) });
      const server = await startServer(['--db', db.url, '--admin-token', ADMIN]);
      try {
        const page = await list(server.url, threadId);
        assert.deepEqual([page.comments.map((c) => c.body), page.closed], [['from 2010'], false]);
        assert.equal((await tryPost(server.url, { threadId, body: 'sixteen years later' })).status, 201);
        await setThread(server.url, 'close', threadId);
        assert.equal((await list(server.url, threadId)).closed, true);
      } finally {
        await server.stop();
      }
    });
  });
}

describe('--close-after', () => {
  it('takes a whole number of days, and says so in --help', async () => {
    for (const value of ['0', 'ten', '1.5']) {
      const result = await runCli(['--close-after', value]);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /--close-after must be a whole number from 1 to 36500/);
    }
    assert.match((await runCli(['--help'])).stdout, /--close-after DAYS\s+Close a thread to new comments DAYS days after its first comment/);
  });
});
