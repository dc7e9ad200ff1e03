// Votes and pinned comments end to end, on real server processes on a real SQLite file and a
// real PostgreSQL database: one vote per author key, scores moved by differences (imported
// scores included), downvotes only with --downvotes, myVote for the voter only, the top order
// and pinned comments across keyset pages, the admin's pin routes, the write rate limit, live
// events without anyone's vote, votes removed with their comment, and the upgrade of a
// version 5 database.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_VERSIONS, BACKENDS, assertPlaceholder, assertWhole, databaseAtVersion, exportedComment, freshDatabase, importJson, openEvents, post, request, runCli, startServer, withDatabase } from './helpers.mjs';

const ADMIN = 'admin-token-for-vote-tests-01234';
const admin = { authorization: `Bearer ${ADMIN}` };
const keyed = (key) => (key ? { 'X-Author-Key': key } : {});

/** Casts `key`'s vote on `comment` (its own thread unless `thread` says otherwise). */
const vote = (url, comment, value, key, thread = comment.threadId) =>
  request(`${url}/api/comments/${encodeURIComponent(comment.id)}/vote`, { method: 'POST', json: { thread, value }, headers: keyed(key) });

const listUrl = (url, threadId, query = '') => `${url}/api/comments?thread=${encodeURIComponent(threadId)}${query}`;

/** A cursor as the server encodes one, from raw JSON text. */
const cursorOf = (json) => Buffer.from(json).toString('base64url');

/** Every page of a thread, following the cursors: `{ pages, comments }`. */
async function allPages(url, threadId, { sort, limit, key } = {}) {
  const pages = [];
  let cursor = null;
  do {
    const page = (await request(listUrl(url, threadId, `&sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`), { headers: keyed(key) })).body;
    assert.ok(Array.isArray(page.comments), JSON.stringify(page));
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 100);
  return { pages, comments: pages.flatMap((p) => p.comments) };
}

/** Runs a query on the test's database directly; resolves with its rows. */
function query(db, sql, params = []) {
  return withDatabase(db, {
    sqlite: (raw) => {
      const statement = raw.prepare(sql.replace(/\$\d+/g, '?'));
      return statement.reader ? statement.all(...params) : (statement.run(...params), []);
    },
    postgres: async (client) => (await client.query(sql, params)).rows,
  });
}

for (const kind of BACKENDS) {
  describe(`votes and pinned comments on ${kind}`, () => {
    let db;
    let server;
    let url;
    let thread = 0;
    /** A thread id no other test uses. */
    const newThread = () => `/votes/${kind}-${++thread}`;

    before(async () => {
      db = await freshDatabase(kind);
      server = await startServer(['--db', db.url, '--admin-token', ADMIN, '--downvotes', '--rate-limit', '10000']);
      url = server.url;
    });
    after(async () => {
      await server?.stop();
      await db?.drop();
    });

    it('describes the vote and pin routes in the OpenAPI document', async () => {
      const { body } = await request(`${url}/openapi.json`);
      for (const path of ['/api/comments/{id}/vote', '/api/admin/comments/{id}/pin', '/api/admin/comments/{id}/unpin']) assert.ok(body.paths[path]?.post, `${path} is not described`);
      assert.ok(body.components.schemas.Comment.properties.myVote);
      assert.ok(body.components.schemas.Comment.properties.pinned);
      const allow = await request(`${url}/api/comments/x/vote`, { method: 'GET' });
      assert.equal(allow.status, 405);
      assert.match(allow.headers.get('allow'), /POST/);
    });

    it('counts one vote per author key: two keys make 2, the same key twice makes 1', async () => {
      const threadId = newThread();
      const { comment } = await post(url, { threadId, body: 'vote on me' });
      assert.equal(comment.score, 0);
      const first = await vote(url, comment, 1, 'key-one');
      assert.equal(first.status, 200);
      assert.equal(first.body.comment.id, comment.id);
      assert.equal(first.body.comment.score, 1);
      assert.equal(first.body.comment.myVote, 1);
      const again = await vote(url, comment, 1, 'key-one');
      assert.equal(again.body.comment.score, 1, 'the same vote again changes nothing');
      assert.equal(again.body.comment.myVote, 1);
      const other = await vote(url, comment, 1, 'key-two');
      assert.equal(other.body.comment.score, 2);
      assert.equal((await request(listUrl(url, threadId))).body.comments[0].score, 2);
      // Voting on one's own comment is allowed.
      const own = await post(url, { threadId, body: 'mine' }, keyed('key-three'));
      assert.equal((await vote(url, own.comment, 1, 'key-three')).body.comment.score, 1);
    });

    it('moves an imported score by the difference a changed or withdrawn vote makes', async () => {
      const threadId = newThread();
      await importJson(db, [exportedComment(threadId, `${kind}-imported-score`, { score: 10 })]);
      const comment = { id: `${kind}-imported-score`, threadId };
      assert.equal((await vote(url, comment, 1, 'changer')).body.comment.score, 11);
      const down = await vote(url, comment, -1, 'changer');
      assert.equal(down.body.comment.score, 9, '1 then -1 moves it by 2');
      assert.equal(down.body.comment.myVote, -1);
      const withdrawn = await vote(url, comment, 0, 'changer');
      assert.equal(withdrawn.status, 200);
      assert.equal(withdrawn.body.comment.score, 10, 'withdrawn: the imported score again');
      assert.equal(withdrawn.body.comment.myVote, undefined);
      assert.equal((await vote(url, comment, 0, 'never-voted')).body.comment.score, 10, 'withdrawing no vote changes nothing');
      assert.equal((await vote(url, comment, -1, 'other')).body.comment.score, 9);
      assert.equal((await request(listUrl(url, threadId))).body.comments[0].score, 9);
    });

    it('refuses a vote without an author key, a bad value, an unknown comment or another thread, and comments that take no votes', async () => {
      const threadId = newThread();
      const { comment } = await post(url, { threadId, body: 'votable' });
      const noKey = await vote(url, comment, 1, null);
      assert.equal(noKey.status, 400);
      assert.equal(noKey.body.error.code, 'invalid');
      assert.equal(noKey.body.error.field, 'X-Author-Key');
      assert.match(noKey.body.error.message, /Voting needs an X-Author-Key header/);
      for (const value of [2, -2, 0.5, '1', null, true]) {
        const bad = await vote(url, comment, value, 'refused');
        assert.equal(bad.status, 400, JSON.stringify(value));
        assert.equal(bad.body.error.field, 'value');
      }
      const noValue = await request(`${url}/api/comments/${comment.id}/vote`, { method: 'POST', json: { thread: threadId }, headers: keyed('refused') });
      assert.equal(noValue.status, 400);
      const noThread = await request(`${url}/api/comments/${comment.id}/vote`, { method: 'POST', json: { value: 1 }, headers: keyed('refused') });
      assert.equal(noThread.status, 400);
      assert.equal(noThread.body.error.field, 'thread');
      const notJson = await request(`${url}/api/comments/${comment.id}/vote`, { method: 'POST', body: 'value=1', headers: { ...keyed('refused'), 'content-type': 'text/plain' } });
      assert.equal(notJson.status, 415);
      assert.equal((await vote(url, { id: 'no-such-comment', threadId }, 1, 'refused')).status, 404);
      const elsewhere = await vote(url, comment, 1, 'refused', newThread());
      assert.equal(elsewhere.status, 404, 'a comment of another thread is no comment of this one');

      // A pending comment, spam, a deleted placeholder and a pingback take no votes.
      const ids = { pending: `${kind}-pending`, spam: `${kind}-spam`, deleted: `${kind}-deleted`, reply: `${kind}-under-deleted`, pingback: `${kind}-pingback` };
      await importJson(db, [
        exportedComment(threadId, ids.pending, { status: 'pending' }),
        exportedComment(threadId, ids.spam, { status: 'spam' }),
        exportedComment(threadId, ids.deleted, { status: 'deleted', body: '' }),
        exportedComment(threadId, ids.reply, { parentId: ids.deleted }),
        exportedComment(threadId, ids.pingback, { kind: 'pingback' }),
      ]);
      for (const name of ['pending', 'spam', 'deleted', 'pingback']) {
        const refused = await vote(url, { id: ids[name], threadId }, 1, 'refused');
        assert.equal(refused.status, 409, name);
        assert.equal(refused.body.error.code, 'conflict');
        assert.equal(refused.body.error.message, 'This comment cannot be voted on.');
      }
      assert.equal((await vote(url, { id: ids.reply, threadId }, 1, 'refused')).body.comment.score, 1, 'a reply takes votes');
      assert.equal((await request(listUrl(url, threadId), { headers: keyed('refused') })).body.comments.find((c) => c.id === comment.id).score, 0, 'nothing refused was counted');
    });

    it('exports pinned comments (pinned: true) and scores, not votes, and imports them back', async () => {
      const threadId = newThread();
      await importJson(db, [
        exportedComment(threadId, `${kind}-export-pinned`, { pinned: true, score: 3 }),
        exportedComment(threadId, `${kind}-export-reply`, { parentId: `${kind}-export-pinned`, pinned: true }),
        exportedComment(threadId, `${kind}-export-plain`),
      ]);
      const report = await importJson(db, [exportedComment(threadId, `${kind}-export-bad`, { pinned: 'yes' })]);
      assert.match(report, /pinned "yes" is not true or false/);
      await vote(url, { id: `${kind}-export-plain`, threadId }, 1, 'exporter');
      const { code, stdout, stderr } = await runCli(['export', '--db', db.url]);
      assert.equal(code, 0, stderr);
      const mine = JSON.parse(stdout).comments.filter((c) => c.threadId === threadId);
      assert.deepEqual(
        mine.map((c) => [c.id, c.score, c.pinned]),
        [
          [`${kind}-export-pinned`, 3, true],
          [`${kind}-export-plain`, 1, undefined],
          [`${kind}-export-reply`, 0, undefined],
        ],
        'in the export’s order (time, then id); pinned only on the pinned top-level comment (a reply is never pinned); the vote is in the score',
      );
      assert.ok(mine.every((c) => !('votes' in c) && !('myVote' in c)));
      const copy = await freshDatabase(kind);
      try {
        await importJson(copy, mine);
        const again = await startServer(['--db', copy.url]);
        try {
          const list = (await request(listUrl(again.url, threadId))).body.comments;
          assert.deepEqual(list.filter((c) => c.parentId === null).map((c) => [c.id, c.pinned, c.score]), [
            [`${kind}-export-pinned`, true, 3],
            [`${kind}-export-plain`, undefined, 1],
          ]);
          // The vote was not exported: the same key votes again, on top of the score.
          assert.equal((await vote(again.url, { id: `${kind}-export-plain`, threadId }, 1, 'exporter')).body.comment.score, 2);
        } finally {
          await again.stop();
        }
      } finally {
        await copy.drop();
      }
    });

    it('refuses downvotes unless the server was started with --downvotes', async () => {
      const upvotesOnly = await startServer(['--db', db.url, '--rate-limit', '10000']);
      try {
        const threadId = newThread();
        const { comment } = await post(upvotesOnly.url, { threadId, body: 'only up' });
        const down = await vote(upvotesOnly.url, comment, -1, 'downer');
        assert.equal(down.status, 400);
        assert.equal(down.body.error.code, 'invalid');
        assert.equal(down.body.error.field, 'value');
        assert.equal(down.body.error.message, 'Downvotes are not enabled on this site.');
        assert.equal((await vote(upvotesOnly.url, comment, 1, 'downer')).body.comment.score, 1);
        assert.equal((await vote(upvotesOnly.url, comment, 0, 'downer')).body.comment.score, 0);
      } finally {
        await upvotesOnly.stop();
      }
      const fromEnv = await startServer(['--db', db.url], { env: { COMMENT_DOWNVOTES: 'yes' } });
      try {
        const { comment } = await post(fromEnv.url, { threadId: newThread(), body: 'down' });
        assert.equal((await vote(fromEnv.url, comment, -1, 'downer')).body.comment.score, -1, 'COMMENT_DOWNVOTES=yes');
      } finally {
        await fromEnv.stop();
      }
    });

    it('lists myVote to the voter only: in the list, one comment with its ancestors, and the vote', async () => {
      const threadId = newThread();
      const root = (await post(url, { threadId, body: 'root' })).comment;
      const reply = (await post(url, { threadId, parentId: root.id, body: 'reply' })).comment;
      const other = (await post(url, { threadId, body: 'other' })).comment;
      await vote(url, root, 1, 'voter');
      await vote(url, reply, -1, 'voter');
      await vote(url, other, 1, 'someone-else');
      const mine = new Map((await request(listUrl(url, threadId), { headers: keyed('voter') })).body.comments.map((c) => [c.id, c]));
      assert.equal(mine.get(root.id).myVote, 1);
      assert.equal(mine.get(reply.id).myVote, -1);
      assert.equal(mine.get(other.id).myVote, undefined, 'another visitor’s vote is not mine');
      assert.equal(mine.get(other.id).score, 1);
      for (const headers of [{}, keyed('someone-else')]) {
        const theirs = (await request(listUrl(url, threadId), { headers })).body.comments;
        assert.deepEqual(
          theirs.filter((c) => c.myVote !== undefined).map((c) => [c.id, c.myVote]),
          headers['X-Author-Key'] ? [[other.id, 1]] : [],
          'each visitor sees their own votes, a visitor without a key none',
        );
      }
      const one = (await request(`${url}/api/comments/${reply.id}?thread=${encodeURIComponent(threadId)}`, { headers: keyed('voter') })).body;
      assert.equal(one.comment.myVote, -1);
      assert.deepEqual(one.ancestors.map((c) => [c.id, c.myVote]), [[root.id, 1]]);
      assert.equal((await request(`${url}/api/comments/${reply.id}`)).body.comment.myVote, undefined);
      // An edit's answer too, for its author's vote on their own comment.
      const own = await post(url, { threadId, body: 'mine' }, keyed('voter'));
      await vote(url, own.comment, 1, 'voter');
      const edited = await request(`${url}/api/comments/${own.comment.id}`, { method: 'PATCH', json: { body: 'mine, edited' }, headers: { authorization: `Bearer ${own.editToken}`, ...keyed('voter') } });
      assert.deepEqual([edited.body.comment.body, edited.body.comment.score, edited.body.comment.myVote], ['mine, edited', 1, 1]);
      // Paged and in the top order too.
      const { comments } = await allPages(url, threadId, { sort: 'top', limit: 1, key: 'voter' });
      assert.equal(comments.find((c) => c.id === reply.id).myVote, -1);
    });

    it('orders top by score with pinned comments first in every order, across keyset pages', async () => {
      const threadId = newThread();
      const at = (minute) => new Date(Date.UTC(2025, 2, 1, 0, minute)).toISOString();
      // Ids against the date order, ties on score and on date: the order decides, not the ids.
      const specs = [
        { score: 5, minute: 0 },
        { score: -2, minute: 1 },
        { score: 5, minute: 2, pinned: true },
        { score: 0, minute: 3 },
        { score: 12, minute: 4 },
        { score: 5, minute: 0 },
        { score: 1, minute: 6, pinned: true },
        { score: 0, minute: 7 },
        { score: 3, minute: 8, pinned: true },
        { score: 3, minute: 9 },
      ];
      const roots = specs.map(({ score, minute, pinned }, i) =>
        exportedComment(threadId, `${kind}-order-${String.fromCharCode(106 - i)}`, { createdAt: at(minute), score, ...(pinned ? { pinned: true } : {}) }),
      );
      const replies = [0, 2, 4].map((i) => exportedComment(threadId, `${roots[i].id}-reply`, { parentId: roots[i].id, createdAt: at(30 + i), score: 100 }));
      await importJson(db, [...roots, ...replies]);
      const byTime = (x, y) => x.createdAt.localeCompare(y.createdAt) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
      const orders = {
        oldest: byTime,
        newest: (x, y) => byTime(y, x),
        top: (x, y) => y.score - x.score || byTime(x, y),
      };
      for (const [sort, compare] of Object.entries(orders)) {
        const expected = [...roots.filter((r) => r.pinned).sort(compare), ...roots.filter((r) => !r.pinned).sort(compare)].map((r) => r.id);
        for (const limit of [1, 2, 3, 4, 10]) {
          const { pages, comments } = await allPages(url, threadId, { sort, limit });
          assert.deepEqual(comments.filter((c) => c.parentId === null).map((c) => c.id), expected, `${sort}, limit ${limit}`);
          assert.equal(pages.length, Math.ceil(roots.length / limit), `${sort}, limit ${limit}: pages`);
          assert.equal(comments.length, roots.length + replies.length);
          assertWhole(comments);
        }
        const first = (await request(listUrl(url, threadId, `&sort=${sort}&limit=1`))).body.comments[0];
        assert.equal(first.pinned, true, `${sort}: a pinned comment first`);
      }
      const listed = (await request(listUrl(url, threadId))).body.comments;
      assert.deepEqual(listed.filter((c) => c.pinned === true).map((c) => c.id).sort(), roots.filter((r) => r.pinned).map((r) => r.id).sort());
      assert.ok(listed.every((c) => c.pinned === true || !('pinned' in c)), 'pinned is true, or absent');

      // A vote moves a comment within its part of the order; the pinned ones stay first.
      await vote(url, { id: roots[1].id, threadId }, 1, 'mover');
      for (let i = 0; i < 15; i++) await vote(url, { id: roots[1].id, threadId }, 1, `mover-${i}`);
      const top = (await allPages(url, threadId, { sort: 'top', limit: 2 })).comments.filter((c) => c.parentId === null).map((c) => c.id);
      assert.deepEqual(top.slice(0, 4), [roots[2].id, roots[8].id, roots[6].id, roots[1].id]);

      // Cursors: pinned is part of them, and strictly checked; a cursor from before (four parts) names a place among the others.
      const date = '2020-01-01T00:00:00.000Z';
      for (const json of [`["top","${date}","x",0,"yes"]`, `["top","${date}","x",0,1]`, `["top","${date}","x",0,null]`, `["top","${date}","x",0,false,0]`]) {
        const forged = await request(listUrl(url, threadId, `&sort=top&cursor=${cursorOf(json)}`));
        assert.equal(forged.status, 400, json);
        assert.equal(forged.body.error.field, 'cursor');
      }
      const old = await request(listUrl(url, threadId, `&sort=oldest&cursor=${cursorOf(`["oldest","${at(5)}","zzz",0]`)}`));
      assert.equal(old.status, 200);
      assert.deepEqual(old.body.comments.filter((c) => c.parentId === null).map((c) => c.id), roots.filter((r) => !r.pinned && r.createdAt > at(5)).sort(byTime).map((r) => r.id));
      const pinnedCursor = await request(listUrl(url, threadId, `&sort=oldest&limit=2&cursor=${cursorOf(`["oldest","${at(2)}","${roots[2].id}",0,true]`)}`));
      assert.deepEqual(pinnedCursor.body.comments.filter((c) => c.parentId === null).map((c) => c.id), [roots[6].id, roots[8].id], 'after a pinned comment, the pinned ones after it');
    });

    it('pins and unpins with the admin token only, a published top-level comment only', async () => {
      const threadId = newThread();
      const first = (await post(url, { threadId, body: 'first' })).comment;
      const second = (await post(url, { threadId, body: 'second' })).comment;
      const reply = (await post(url, { threadId, parentId: first.id, body: 'a reply' })).comment;
      const pinUrl = (id, action = 'pin') => `${url}/api/admin/comments/${encodeURIComponent(id)}/${action}`;
      assert.equal((await request(pinUrl(second.id), { method: 'POST' })).status, 401);
      assert.equal((await request(pinUrl(second.id), { method: 'POST', headers: { authorization: 'Bearer not-the-admin-token-at-all' } })).status, 401);
      assert.equal((await request(pinUrl('no-such-comment'), { method: 'POST', headers: admin })).status, 404);
      const onReply = await request(pinUrl(reply.id), { method: 'POST', headers: admin });
      assert.equal(onReply.status, 409);
      assert.equal(onReply.body.error.code, 'conflict');
      assert.equal(onReply.body.error.message, 'This comment cannot be pinned: it is a reply; only a top-level comment can be pinned.');
      const spam = (await post(url, { threadId, body: 'bot', honeypot: 'filled' })).comment;
      assert.match((await request(pinUrl(spam.id), { method: 'POST', headers: admin })).body.error.message, /cannot be pinned: it is spam, not published/);

      const pinned = await request(pinUrl(second.id), { method: 'POST', headers: admin });
      assert.equal(pinned.status, 200);
      assert.equal(pinned.body.comment.pinned, true);
      let list = (await request(listUrl(url, threadId))).body.comments;
      assert.deepEqual(list.filter((c) => c.parentId === null).map((c) => c.id), [second.id, first.id], 'pinned first, oldest order');
      assert.equal(list[0].pinned, true);
      assert.equal((await request(pinUrl(second.id), { method: 'POST', headers: admin })).status, 200, 'pinning again changes nothing');
      const unpinned = await request(pinUrl(second.id, 'unpin'), { method: 'POST', headers: admin });
      assert.equal(unpinned.status, 200);
      assert.equal('pinned' in unpinned.body.comment, false);
      list = (await request(listUrl(url, threadId))).body.comments;
      assert.deepEqual(list.filter((c) => c.parentId === null).map((c) => c.id), [first.id, second.id]);
      assert.equal((await request(pinUrl(reply.id, 'unpin'), { method: 'POST', headers: admin })).status, 200, 'unpinning takes any comment');

      // Rejecting a pinned comment unpins it; published again, it is not pinned.
      await request(pinUrl(first.id), { method: 'POST', headers: admin });
      await request(pinUrl(first.id, 'reject'), { method: 'POST', headers: admin });
      await request(pinUrl(first.id, 'approve'), { method: 'POST', headers: admin });
      assert.equal((await request(listUrl(url, threadId))).body.comments.find((c) => c.id === first.id).pinned, undefined);
    });

    it('tells live clients the new score, and the pin, without anyone’s vote', async () => {
      const threadId = newThread();
      const { comment } = await post(url, { threadId, body: 'live' });
      const events = await openEvents(`${url}/api/events?thread=${encodeURIComponent(threadId)}`, { headers: keyed('watcher') });
      try {
        await events.next('ready');
        await vote(url, comment, 1, 'live-voter');
        const updated = await events.next('updated');
        assert.equal(updated.data.comment.id, comment.id);
        assert.equal(updated.data.comment.score, 1);
        assert.equal('myVote' in updated.data.comment, false);
        // The same vote again is no change: nothing is sent.
        await vote(url, comment, 1, 'live-voter');
        await vote(url, comment, -1, 'live-voter');
        const down = await events.next('updated');
        assert.equal(down.data.comment.score, -1);
        assert.equal('myVote' in down.data.comment, false);
        await request(`${url}/api/admin/comments/${comment.id}/pin`, { method: 'POST', headers: admin });
        assert.equal((await events.next('updated')).data.comment.pinned, true);
        assert.equal(events.all().filter((e) => e.type === 'updated').length, 3, 'one event per change');
      } finally {
        events.close();
      }
    });

    it('removes the votes of a deleted comment: a placeholder keeps no score, a removed one no votes', async () => {
      const threadId = newThread();
      const parent = await post(url, { threadId, body: 'parent' });
      const child = await post(url, { threadId, parentId: parent.comment.id, body: 'child' });
      const leaf = await post(url, { threadId, body: 'leaf' });
      for (const key of ['a', 'b']) {
        await vote(url, parent.comment, 1, key);
        await vote(url, leaf.comment, 1, key);
      }
      await vote(url, child.comment, 1, 'a');
      await request(`${url}/api/admin/comments/${parent.comment.id}/pin`, { method: 'POST', headers: admin });
      const ids = [parent.comment.id, leaf.comment.id];
      const stored = async () => (await query(db, 'SELECT comment_id FROM votes WHERE comment_id = $1 OR comment_id = $2 OR comment_id = $3', [...ids, child.comment.id])).map((r) => r.comment_id).sort();
      assert.equal((await stored()).length, 5);
      for (const { comment, editToken } of [parent, leaf]) {
        assert.equal((await request(`${url}/api/comments/${comment.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${editToken}` } })).status, 204);
      }
      assert.deepEqual(await stored(), [child.comment.id], 'only the reply’s vote is left');
      const list = (await request(listUrl(url, threadId), { headers: keyed('a') })).body.comments;
      const placeholder = list.find((c) => c.id === parent.comment.id);
      assertPlaceholder(placeholder, parent.comment.id);
      assert.equal(placeholder.score, 0);
      assert.equal(placeholder.myVote, undefined);
      assert.equal(placeholder.pinned, undefined, 'a deleted comment is no longer pinned');
      assert.equal(list.find((c) => c.id === child.comment.id).myVote, 1);
      assert.equal((await vote(url, parent.comment, 1, 'a')).status, 409);
      assert.equal((await vote(url, leaf.comment, 1, 'a')).status, 404);
      // The reply goes: the placeholder goes with it, and its last vote.
      await request(`${url}/api/comments/${child.comment.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${child.editToken}` } });
      assert.deepEqual(await stored(), []);
    });

    it('reads the votes of a page and the top-level comments of every order through indexes', async () => {
      // The queries of the stores (`votesOf`, and `roots` with its visibility rule), as they run them.
      const visible = (alias, key) => `(${alias}.status = 'published' OR (${alias}.status = 'pending' AND ${alias}.author_hash IS NOT NULL AND ${alias}.author_hash = ${key}))`;
      const listed = (key) => `(${visible('c', key)} OR EXISTS (SELECT 1 FROM comments r WHERE r.root_id = c.id AND r.parent_id IS NOT NULL AND ${visible('r', key)}))`;
      if (kind === 'sqlite') {
        const plan = async (sql, params) => (await query(db, `EXPLAIN QUERY PLAN ${sql}`, params)).map((row) => row.detail).join('\n');
        const votes = await plan('SELECT comment_id, value FROM votes WHERE comment_id IN (SELECT value FROM json_each(?)) AND voter_hash = ?', ['["a","b"]', 'h']);
        assert.match(votes, /SEARCH votes USING (PRIMARY KEY|INDEX sqlite_autoindex_votes_1) \(comment_id=\? AND voter_hash=\?\)/, votes);
        const roots = `SELECT c.* FROM comments c WHERE c.thread_id = @threadId AND c.parent_id IS NULL AND c.pinned = @pinned AND c.kind = 'comment' AND ${listed('@authorHash')}`;
        const params = { threadId: '/t', pinned: 0, authorHash: 'h', score: 1, createdAt: 'x', id: 'y' };
        const top = await plan(`${roots} AND c.score <= @score AND (c.score < @score OR (c.created_at, c.id) > (@createdAt, @id)) ORDER BY c.score DESC, c.created_at ASC, c.id ASC LIMIT 3`, [params]);
        assert.match(top, /SEARCH c USING INDEX comments_top \(thread_id=\? AND pinned=\? AND score/, top);
        assert.doesNotMatch(top, /TEMP B-TREE/, 'no sort: the index is in the order');
        for (const [order, keyset] of [['c.created_at ASC, c.id ASC', '>'], ['c.created_at DESC, c.id DESC', '<']]) {
          const byTime = await plan(`${roots} AND (c.created_at, c.id) ${keyset} (@createdAt, @id) ORDER BY ${order} LIMIT 3`, [params]);
          assert.match(byTime, /SEARCH c USING INDEX comments_roots \(thread_id=\? AND pinned=\? AND \(created_at,id\)[<>]\(\?,\?\)\)/, byTime);
          assert.doesNotMatch(byTime, /TEMP B-TREE/);
        }
        return;
      }
      // PostgreSQL picks a sequential scan of a small table; with it ruled out, the plan shows
      // which index serves the query.
      await withDatabase(db, {
        postgres: async (client) => {
          await client.query('SET enable_seqscan = off');
          const plan = async (sql, params) => (await client.query(`EXPLAIN ${sql}`, params)).rows.map((row) => row['QUERY PLAN']).join('\n');
          const votes = await plan('SELECT comment_id, value FROM votes WHERE comment_id = ANY($1::text[]) AND voter_hash = $2', [['a', 'b'], 'h']);
          assert.match(votes, /Index Scan using votes_pkey on votes/, votes);
          const roots = `SELECT c.* FROM comments c WHERE c.thread_id = $1 AND c.parent_id IS NULL AND c.pinned = $2 AND c.kind = 'comment' AND ${listed('$3')}`;
          const top = await plan(`${roots} AND c.score <= $4 AND (c.score < $4 OR (c.created_at, c.id) > ($5::timestamptz, $6)) ORDER BY c.score DESC, c.created_at ASC, c.id ASC LIMIT 3`, ['/t', false, 'h', 1, '2025-01-01T00:00:00.000Z', 'y']);
          assert.match(top, /Index Scan using comments_top on comments c/, top);
          assert.match(top, /Index Cond: .*score <= /, top);
          assert.doesNotMatch(top, /Sort/, 'no sort: the index is in the order');
          for (const [order, keyset] of [['c.created_at ASC, c.id ASC', '>'], ['c.created_at DESC, c.id DESC', '<']]) {
            const byTime = await plan(`${roots} AND (c.created_at, c.id) ${keyset} ($4::timestamptz, $5) ORDER BY ${order} LIMIT 3`, ['/t', false, 'h', '2025-01-01T00:00:00.000Z', 'y']);
            assert.match(byTime, /Index Scan( Backward)? using comments_roots on comments c/, byTime);
            assert.match(byTime, /Index Cond: .*ROW\(created_at, id\)/, byTime);
            assert.doesNotMatch(byTime, /Sort/);
          }
        },
      });
    });
  });

  describe(`vote limits on ${kind}`, () => {
    let db;
    before(async () => {
      db = await freshDatabase(kind);
    });
    after(async () => db?.drop());

    it('counts votes against the write budget (429 after it), and gives refused ones back', async () => {
      const setup = await startServer(['--db', db.url, '--rate-limit', '10000']);
      let threadId;
      let comment;
      try {
        threadId = '/vote-limits';
        comment = (await post(setup.url, { threadId, body: 'limit me' })).comment;
      } finally {
        await setup.stop();
      }
      // --rate-limit 6: a burst of 2 writes.
      const server = await startServer(['--db', db.url, '--rate-limit', '6']);
      try {
        for (let i = 0; i < 5; i++) {
          assert.equal((await vote(server.url, comment, 1, null)).status, 400, 'no key');
          assert.equal((await vote(server.url, comment, 5, 'limited')).status, 400, 'a bad value');
          assert.equal((await vote(server.url, { id: 'missing', threadId }, 1, 'limited')).status, 404);
        }
        assert.deepEqual([(await vote(server.url, comment, 1, 'limited')).status, (await vote(server.url, comment, 0, 'limited')).status], [200, 200], 'refused votes cost nothing');
        const third = await vote(server.url, comment, 1, 'limited');
        assert.equal(third.status, 429);
        assert.equal(third.body.error.code, 'rate-limited');
        assert.match(third.headers.get('retry-after'), /^\d+$/);
        const postToo = await request(`${server.url}/api/comments`, { method: 'POST', json: { threadId, body: 'and a post' } });
        assert.equal(postToo.status, 429, 'votes and posts share one budget');
        assert.equal((await request(listUrl(server.url, threadId))).body.comments[0].score, 0, 'the refused vote was not counted');
      } finally {
        await server.stop();
      }
    });
  });

  describe(`blocked voters on ${kind}`, () => {
    let db;
    before(async () => {
      db = await freshDatabase(kind);
    });
    after(async () => db?.drop());

    it('refuses the votes of a blocked author', async () => {
      // A database of its own: blocking the author blocks their network, this machine's.
      const server = await startServer(['--db', db.url, '--admin-token', ADMIN, '--rate-limit', '10000']);
      try {
        const threadId = '/blocked';
        const theirs = (await post(server.url, { threadId, body: 'by a troll' }, keyed('troll-key'))).comment;
        const target = (await post(server.url, { threadId, body: 'a target' })).comment;
        assert.equal((await vote(server.url, target, 1, 'troll-key')).status, 200);
        assert.equal((await request(`${server.url}/api/admin/comments/${theirs.id}/block-author`, { method: 'POST', headers: admin })).status, 200);
        const blocked = await vote(server.url, target, 0, 'troll-key');
        assert.equal(blocked.status, 403);
        assert.equal(blocked.body.error.message, 'You cannot vote on this site.');
        assert.equal((await request(listUrl(server.url, threadId))).body.comments.find((c) => c.id === target.id).score, 1);
      } finally {
        await server.stop();
      }
    });
  });

  describe(`schema version 6 on ${kind}`, () => {
    let db;
    before(async () => {
      db = await freshDatabase(kind);
    });
    after(async () => db?.drop());

    const THREAD = '/v5/thread';
    // A database as version 5 left it: a comment with an imported score, a reply, a second top-level comment.
    const ROWS = [
      ['v5a', null, 'v5a', 'Vera', 'the first', 7, '2024-01-01T09:00:00.000Z'],
      ['v5b', 'v5a', 'v5a', 'Walt', 'a reply', 0, '2024-01-01T10:00:00.000Z'],
      ['v5c', null, 'v5c', 'Xena', 'the second', 2, '2024-01-01T11:00:00.000Z'],
    ];
    const INSERT = `INSERT INTO comments (id, thread_id, parent_id, root_id, author_name, body, status, kind, score, created_at) VALUES ($1, '${THREAD}', $2, $3, $4, $5, 'published', 'comment', $6, $7)`;

    function makeVersion5() {
      return databaseAtVersion(db, 5, {
        sqlite: (raw) => {
          const insert = raw.prepare(INSERT.replace(/\$\d/g, '?'));
          for (const row of ROWS) insert.run(...row);
        },
        postgres: async (client) => {
          for (const row of ROWS) await client.query(INSERT, row);
        },
      });
    }

    it('upgrades a version 5 database with data: rows and scores kept, nothing pinned, votes counted from the imported scores', async () => {
      await makeVersion5();
      const server = await startServer(['--db', db.url, '--admin-token', ADMIN]);
      try {
        const list = (await request(listUrl(server.url, THREAD, '&sort=top'))).body;
        assert.deepEqual(list.comments.map((c) => [c.id, c.score, c.pinned]), [['v5a', 7, undefined], ['v5c', 2, undefined], ['v5b', 0, undefined]]);
        assert.equal(list.comments[0].body, 'the first');
        assert.equal((await vote(server.url, { id: 'v5c', threadId: THREAD }, 1, 'upgrader')).body.comment.score, 3);
        assert.equal((await request(`${server.url}/api/admin/comments/v5c/pin`, { method: 'POST', headers: admin })).status, 200);
        const after = (await request(listUrl(server.url, THREAD, '&sort=top&limit=1'), { headers: keyed('upgrader') })).body;
        assert.deepEqual([after.comments[0].id, after.comments[0].pinned, after.comments[0].myVote], ['v5c', true, 1]);
      } finally {
        await server.stop();
      }
      const versions = (await query(db, 'SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version);
      assert.deepEqual(versions, ALL_VERSIONS);
      const rows = (await query(db, 'SELECT id, parent_id, author_name, body, score FROM comments ORDER BY id')).map((r) => [r.id, r.parent_id, r.author_name, r.body, r.score]);
      assert.deepEqual(rows, ROWS.map(([id, parentId, , name, body, score]) => [id, parentId, name, body, id === 'v5c' ? 3 : score]));
      if (kind === 'sqlite') {
        const indexes = (await query(db, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'comments' AND name IN ('comments_roots', 'comments_top')`)).map((r) => [r.name, r.sql]);
        assert.deepEqual(indexes.map(([name]) => name).sort(), ['comments_roots', 'comments_top']);
        for (const [, sql] of indexes) assert.match(sql, /\(thread_id, pinned, .*\) WHERE parent_id IS NULL/);
        await withDatabase(db, {
          sqlite: (raw) => {
            raw.pragma('foreign_keys = ON');
            assert.deepEqual(raw.pragma('foreign_key_list(votes)').map((fk) => [fk.from, fk.table, fk.on_delete]), [['comment_id', 'comments', 'CASCADE']]);
            assert.throws(() => raw.prepare(`INSERT INTO votes (comment_id, voter_hash, value, created_at) VALUES ('v5a', 'x', 2, 'now')`).run(), /CHECK constraint failed/);
            assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
          },
        });
      } else {
        const indexes = (await query(db, `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'comments' AND indexname IN ('comments_roots', 'comments_top') ORDER BY indexname`)).map((r) => r.indexdef);
        assert.equal(indexes.length, 2);
        for (const def of indexes) assert.match(def, /\(thread_id, pinned, .*\) WHERE \(parent_id IS NULL\)/);
        await assert.rejects(query(db, `INSERT INTO votes (comment_id, voter_hash, value, created_at) VALUES ('v5a', 'x', 2, now())`), (error) => error.code === '23514');
      }
      // Starting again applies nothing twice.
      const again = await startServer(['--db', db.url]);
      try {
        assert.equal((await request(listUrl(again.url, THREAD))).status, 200);
      } finally {
        await again.stop();
      }
    });
  });
}
