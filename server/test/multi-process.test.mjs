// Two server processes on one PostgreSQL database: both serve the same threads, a retried
// post sent to each is stored once, and live updates reach clients of both (LISTEN/NOTIFY).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase, openEvents, post, request, startServer } from './helpers.mjs';

describe('two server processes on one PostgreSQL database', () => {
  let db;
  let a;
  let b;
  before(async () => {
    db = await freshDatabase('postgres');
    // Started together: both migrate the empty database at once.
    [a, b] = await Promise.all([startServer(['--db', db.url]), startServer(['--db', db.url])]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  it('serve the same threads consistently', async () => {
    const threadId = '/shared';
    const fromA = await post(a.url, { threadId, body: 'posted to A' });
    const fromB = await post(b.url, { threadId, parentId: fromA.comment.id, body: 'reply posted to B' });
    for (const server of [a, b]) {
      const list = (await request(`${server.url}/api/comments?thread=${encodeURIComponent(threadId)}`)).body;
      assert.deepEqual(list.comments.map((c) => c.id), [fromA.comment.id, fromB.comment.id]);
    }
    // Edited through B with the token A gave out.
    const edited = await request(`${b.url}/api/comments/${fromA.comment.id}`, { method: 'PATCH', json: { body: 'edited via B' }, headers: { authorization: `Bearer ${fromA.editToken}` } });
    assert.equal(edited.status, 200);
    assert.equal((await request(`${a.url}/api/comments/${fromA.comment.id}`)).body.comment.body, 'edited via B');
    const counts = await Promise.all([a, b].map(async (s) => (await request(`${s.url}/api/counts?thread=${encodeURIComponent(threadId)}`)).body.counts[threadId]));
    assert.deepEqual(counts, [2, 2]);
  });

  it('store a post retried against both processes once', async () => {
    const threadId = '/retried';
    const headers = { 'Idempotency-Key': 'same-post-to-both' };
    const answers = await Promise.all(
      [a, b, a, b].map((s) => request(`${s.url}/api/comments`, { method: 'POST', json: { threadId, body: 'once only' }, headers })),
    );
    assert.equal(new Set(answers.map((r) => r.body.comment.id)).size, 1);
    assert.equal(new Set(answers.map((r) => r.body.editToken)).size, 1);
    assert.equal(answers.filter((r) => r.status === 201).length, 1);
    assert.equal((await request(`${b.url}/api/comments?thread=${encodeURIComponent(threadId)}`)).body.total, 1);
  });

  it('deliver live updates to clients of both', async () => {
    const threadId = '/live-shared';
    const onA = await openEvents(`${a.url}/api/events?thread=${encodeURIComponent(threadId)}`);
    const onB = await openEvents(`${b.url}/api/events?thread=${encodeURIComponent(threadId)}`);
    try {
      await Promise.all([onA.next('ready'), onB.next('ready')]);
      const { comment } = await post(a.url, { threadId, body: 'heard everywhere' });
      assert.equal((await onB.next('created')).data.comment.id, comment.id);
      assert.equal((await onA.next('created')).data.comment.id, comment.id);
      const second = await post(b.url, { threadId, body: 'and back' });
      assert.equal((await onA.next('created')).data.comment.id, second.comment.id);
    } finally {
      onA.close();
      onB.close();
    }
  });
});
