// A visitor's own data, by the author key of their browser, on real server processes on a real
// SQLite file and a real PostgreSQL database: everything they wrote and voted as JSON, and all of
// it deleted at once (replies kept under placeholders, scores moved back), with live clients told.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, freshDatabase, openEvents, post, request, startServer } from './helpers.mjs';

const ADMIN = 'admin-token-for-visitor-data-tests';
const admin = { authorization: `Bearer ${ADMIN}` };

for (const kind of BACKENDS) {
  describe(`a visitor's own data on ${kind}`, () => {
    let db;
    let server;
    let url;
    let n = 0;
    const newThread = () => `/mine/${kind}-${++n}/`;
    const keyOf = (name) => ({ 'X-Author-Key': `visitor-${name}-${kind}-0123456789abcdef` });
    const listed = async (threadId) => (await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}`)).body.comments;
    const vote = (comment, value, key) => request(`${url}/api/comments/${comment.id}/vote`, { method: 'POST', json: { thread: comment.threadId, value }, headers: key });

    before(async () => {
      db = await freshDatabase(kind);
      server = await startServer(['--db', db.url, '--admin-token', ADMIN, '--moderation', 'first-time', '--edit-window', '0', '--rate-limit', '10000']);
      url = server.url;
    });
    after(async () => {
      await server?.stop();
      await db?.drop();
    });

    it('gives a visitor everything they wrote and voted, whatever its status, and nothing of anyone else', async () => {
      const [one, two] = [newThread(), newThread()];
      const eve = keyOf('eve');
      // First-time moderation: Eve's first comment waits; a moderator approves it, the next is published.
      const first = (await post(url, { threadId: one, author: { name: 'Eve', website: 'https://eve.example' }, body: 'My first' }, eve)).comment;
      assert.equal(first.status, 'pending');
      await request(`${url}/api/admin/comments/${first.id}/approve`, { method: 'POST', headers: admin });
      const second = (await post(url, { threadId: two, author: { name: 'Eve' }, body: 'My second' }, eve)).comment;
      const rejected = (await post(url, { threadId: two, author: { name: 'Eve' }, body: 'Rejected one' }, eve)).comment;
      await request(`${url}/api/admin/comments/${rejected.id}/reject`, { method: 'POST', headers: admin });
      const other = (await post(url, { threadId: one, author: { name: 'Sam' }, body: 'Not hers' }, keyOf('sam'))).comment;
      await request(`${url}/api/admin/comments/${other.id}/approve`, { method: 'POST', headers: admin });
      assert.equal((await vote(other, 1, eve)).status, 200);

      const mine = await request(`${url}/api/me`, { headers: eve });
      assert.equal(mine.status, 200);
      assert.deepEqual([mine.body.format, mine.body.version], ['comment-thread-visitor', 1]);
      assert.ok(Math.abs(Date.parse(mine.body.exportedAt) - Date.now()) < 60_000);
      assert.deepEqual(
        mine.body.comments.map((c) => [c.id, c.threadId, c.body, c.status, c.author.name]),
        [
          [first.id, one, 'My first', 'published', 'Eve'],
          [second.id, two, 'My second', 'published', 'Eve'],
          [rejected.id, two, 'Rejected one', 'rejected', 'Eve'],
        ],
      );
      assert.equal(mine.body.comments[0].author.website, 'https://eve.example/');
      assert.deepEqual(mine.body.votes.map((v) => [v.commentId, v.threadId, v.value]), [[other.id, one, 1]]);
      assert.deepEqual((await request(`${url}/api/me`, { headers: keyOf('nobody') })).body.comments, []);
      const keyless = await request(`${url}/api/me`);
      assert.deepEqual([keyless.status, keyless.body.error.field], [400, 'X-Author-Key']);
    });

    it('deletes everything a visitor wrote, past the edit window, keeps replies under placeholders, withdraws their votes, and tells live clients', async () => {
      const threadId = newThread();
      const ivy = keyOf('ivy');
      const sam = keyOf('sam2');
      const answered = (await post(url, { threadId, author: { name: 'Ivy' }, body: 'Answered' }, ivy)).comment;
      await request(`${url}/api/admin/comments/${answered.id}/approve`, { method: 'POST', headers: admin });
      const alone = (await post(url, { threadId, author: { name: 'Ivy' }, body: 'Alone' }, ivy)).comment;
      const reply = (await post(url, { threadId, parentId: answered.id, author: { name: 'Sam' }, body: 'A reply to Ivy' }, admin)).comment;
      const samsOwn = (await post(url, { threadId, author: { name: 'Sam B' }, body: 'Sam speaks' }, admin)).comment;
      assert.equal((await vote(samsOwn, 1, ivy)).body.comment.score, 1);
      assert.equal((await vote(samsOwn, 1, sam)).body.comment.score, 2);
      const events = await openEvents(`${url}/api/events?thread=${encodeURIComponent(threadId)}`);
      try {
        await events.next('ready');
        // The edit window is 0 minutes: her edit token no longer works, the author key still does.
        assert.equal((await request(`${url}/api/comments/${alone.id}`, { method: 'DELETE' })).status, 401);
        const erased = await request(`${url}/api/me`, { method: 'DELETE', headers: ivy });
        assert.equal(erased.status, 200);
        assert.deepEqual(erased.body, { removed: 1, placeholders: 1, votesWithdrawn: 1 });
        const shown = await listed(threadId);
        assert.deepEqual(
          shown.map((c) => [c.id, c.status, c.body, c.author.name]),
          [
            [answered.id, 'deleted', '', ''],
            [samsOwn.id, 'published', 'Sam speaks', 'Sam B'],
            [reply.id, 'published', 'A reply to Ivy', 'Sam'],
          ],
        );
        assert.equal(shown.find((c) => c.id === samsOwn.id).score, 1, 'her vote no longer counts; Sam’s does');
        const heard = [await events.next('updated'), await events.next('deleted'), await events.next('updated')];
        assert.deepEqual(heard.map((e) => e.data.comment?.id ?? e.data.id).sort(), [answered.id, alone.id, samsOwn.id].sort());
      } finally {
        events.close();
      }
      const after = await request(`${url}/api/me`, { headers: ivy });
      assert.deepEqual([after.body.comments, after.body.votes], [[], []]);
      // Done again, there is nothing left to do.
      assert.deepEqual((await request(`${url}/api/me`, { method: 'DELETE', headers: ivy })).body, { removed: 0, placeholders: 0, votesWithdrawn: 0 });
    });

    it('lets a moderator find and delete every comment under a name, case, spacing and invisible characters aside', async () => {
      const threadId = newThread();
      const kim = (await post(url, { threadId, author: { name: 'Kim Lee' }, body: 'First, as Kim' }, admin)).comment;
      const again = (await post(url, { threadId, author: { name: 'kim  LEE' }, body: 'Again, from another browser' }, admin)).comment;
      const hidden = (await post(url, { threadId, author: { name: 'Kim\u200b Lee' }, body: 'With a zero-width space' }, admin)).comment;
      await post(url, { threadId, author: { name: 'Kimberly' }, body: 'Someone else' }, admin);
      const answer = (await post(url, { threadId, parentId: kim.id, author: { name: 'Jo' }, body: 'To Kim' }, admin)).comment;
      const path = `${url}/api/admin/authors/comments?name=${encodeURIComponent('KIM LEE')}`;
      assert.equal((await request(path)).status, 401, 'the admin token only');
      const found = await request(path, { headers: admin });
      assert.deepEqual(found.body.comments.map((c) => c.id), [kim.id, again.id, hidden.id]);
      assert.deepEqual(found.body.votes, []);
      const erased = await request(path, { method: 'DELETE', headers: admin });
      assert.deepEqual(erased.body, { removed: 2, placeholders: 1 });
      assert.deepEqual((await listed(threadId)).map((c) => [c.author.name, c.status]), [['', 'deleted'], ['Kimberly', 'published'], ['Jo', 'published']]);
      assert.equal((await listed(threadId)).at(-1).id, answer.id);
      const blank = await request(`${url}/api/admin/authors/comments?name=%20`, { headers: admin });
      assert.deepEqual([blank.status, blank.body.error.field], [400, 'name']);
    });
  });
}
