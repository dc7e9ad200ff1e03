// What depends on time (the edit window, idempotency keys expiring, network blocks expiring),
// with a clock the test moves: the app built in this process around a real store on a real
// database, served over real HTTP. Everything else runs against server processes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from '@hono/node-server';
import { createApp, LiveHub, openStore, sweepCutoffs } from '../dist/index.js';
import { BACKENDS, freshDatabase, request } from './helpers.mjs';

const ADMIN = 'admin-token-for-clock-tests-0123';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The app on `db` with a clock that starts now and moves only by `advance(ms)`: `{ url, advance, now, sweep, store, close() }`. */
async function startApp(db, { editWindowMinutes = 15 } = {}) {
  const store = await openStore(db.url);
  const live = new LiveHub(store);
  let clock = Date.now();
  const app = createApp({
    store,
    live,
    origins: [],
    adminToken: ADMIN,
    moderation: 'none',
    editWindowMinutes,
    writesPerMinute: 10_000,
    now: () => new Date(clock),
  });
  const server = await new Promise((resolveServer) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolveServer(s));
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    advance: (ms) => (clock += ms),
    /** The test's clock, in ms since the epoch. */
    now: () => clock,
    /** Runs the periodic sweep as it would run now, on the test's clock. */
    sweep: (forgetEmailDays = null) => store.sweep(sweepCutoffs(clock, { editWindowMinutes, rules: [{ burst: 10, perMinute: 30 }], forgetEmailDays })),
    store,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await live.close();
      await store.close();
    },
  };
}

for (const kind of BACKENDS) {
  describe(`time on ${kind}`, () => {
    let db;
    before(async () => {
      db = await freshDatabase(kind);
    });
    after(async () => db?.drop());

    it('allows edits for the edit window only, and says "1 minute", "2 minutes"', async () => {
      for (const [window, words] of [
        [1, 'for 1 minute after posting'],
        [2, 'for 2 minutes after posting'],
      ]) {
        const app = await startApp(db, { editWindowMinutes: window });
        try {
          const created = await request(`${app.url}/api/comments`, { method: 'POST', json: { threadId: '/window', body: 'draft' } });
          const { comment, editToken, editableUntil } = created.body;
          assert.equal(Date.parse(editableUntil) - Date.parse(comment.createdAt), window * MINUTE);
          const edit = (body) => request(`${app.url}/api/comments/${comment.id}`, { method: 'PATCH', json: { body }, headers: { authorization: `Bearer ${editToken}` } });
          app.advance(window * MINUTE - 1000);
          assert.equal((await edit('still in time')).status, 200);
          app.advance(2000);
          const late = await edit('too late');
          assert.equal(late.status, 403);
          assert.equal(late.body.error.code, 'forbidden');
          assert.match(late.body.error.message, new RegExp(`Comments can only be changed ${words}; that time has passed\\.`));
          const lateDelete = await request(`${app.url}/api/comments/${comment.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${editToken}` } });
          assert.equal(lateDelete.status, 403);
          assert.equal((await request(`${app.url}/api/comments/${comment.id}`)).body.comment.body, 'still in time');
        } finally {
          await app.close();
        }
      }
    });

    it('forgets an Idempotency-Key after 24 hours', async () => {
      const app = await startApp(db);
      try {
        const send = () => request(`${app.url}/api/comments`, { method: 'POST', json: { threadId: '/keys', body: 'same post' }, headers: { 'Idempotency-Key': 'a-key-for-a-day' } });
        const first = await send();
        assert.equal(first.status, 201);
        app.advance(23 * HOUR);
        const retry = await send();
        assert.equal(retry.status, 200, 'within a day a retry is the same post');
        assert.equal(retry.body.comment.id, first.body.comment.id);
        assert.equal(retry.body.editToken, first.body.editToken);
        app.advance(2 * HOUR);
        const later = await send();
        assert.equal(later.status, 201, 'after a day the key is forgotten: a new post');
        assert.notEqual(later.body.comment.id, first.body.comment.id);
        assert.notEqual(later.body.editToken, first.body.editToken);
        const again = await send();
        assert.equal(again.status, 200);
        assert.equal(again.body.comment.id, later.body.comment.id, 'and the key now names the new post');
      } finally {
        await app.close();
      }
    });

    it('sweeps edit tokens after their window, networks after 30 days, the change log after an hour', async () => {
      const app = await startApp(db, { editWindowMinutes: 15 });
      try {
        const send = (threadId) => request(`${app.url}/api/comments`, { method: 'POST', json: { threadId, body: 'kept as long as needed' } });
        const { comment } = (await send('/swept')).body;
        const stored = async () => app.store.get(comment.id);
        assert.ok((await stored()).editTokenHash, 'an edit token is kept for its window');
        assert.ok((await stored()).addressHash);
        app.advance(14 * MINUTE);
        assert.equal((await app.sweep()).editTokens, 0);
        assert.ok((await stored()).editTokenHash, 'and not taken away inside it');
        app.advance(2 * MINUTE);
        const afterWindow = await app.sweep();
        assert.ok(afterWindow.editTokens >= 1);
        assert.equal((await stored()).editTokenHash, null, 'the window has passed: the token is gone');
        assert.ok((await stored()).addressHash, 'the network is kept while a block of it would hold');
        assert.ok(afterWindow.changes === 0, 'changes younger than an hour are kept');
        app.advance(2 * HOUR);
        await send('/swept-later');
        const afterHour = await app.sweep();
        assert.ok(afterHour.changes >= 1, 'the change log forgets changes older than an hour');
        app.advance(31 * DAY);
        assert.ok((await app.sweep()).addresses >= 1);
        assert.equal((await stored()).addressHash, null, 'after 30 days the network hash is gone too');
        assert.equal((await stored()).body, 'kept as long as needed', 'the comment itself stays');
      } finally {
        await app.close();
      }
    });

    it('sweeps webhook deliveries a week after they ended, never one still owed', async () => {
      const app = await startApp(db);
      try {
        const at = () => new Date(app.now()).toISOString();
        await app.store.enqueue(
          ['delivered', 'owed'].map((name) => ({ kind: 'webhook', target: `http://127.0.0.1:9/${name}`, event: 'comment.created', payload: '{}' })),
          at(),
        );
        const [owed, done] = await app.store.outbox('webhook', 10);
        await app.store.settle(done.id, { status: 'delivered', attempts: 1, nextAt: at(), lastResult: 'HTTP 204', doneAt: at() });
        app.advance(6 * DAY);
        assert.equal((await app.sweep()).outbox, 0, 'kept for a week');
        app.advance(2 * DAY);
        assert.equal((await app.sweep()).outbox, 1);
        assert.deepEqual((await app.store.outbox('webhook', 10)).map((entry) => [entry.id, entry.status]), [[owed.id, 'pending']], 'the owed one stays');
      } finally {
        await app.close();
      }
    });

    it("ends a moderation page's sign-in after 12 hours, and the sweep forgets it then", async () => {
      const app = await startApp(db);
      try {
        const signIn = await request(`${app.url}/api/admin/session`, { method: 'POST', json: { token: ADMIN } });
        assert.equal(signIn.status, 201);
        const cookie = signIn.headers.get('set-cookie').split(';')[0];
        assert.equal(Date.parse(signIn.body.expiresAt) - app.now(), 12 * HOUR);
        const read = () => request(`${app.url}/api/admin/comments`, { headers: { cookie } });
        app.advance(12 * HOUR - 1000);
        assert.equal((await read()).status, 200, 'still signed in');
        assert.equal((await app.sweep()).sessions, 0);
        app.advance(2000);
        const ended = await read();
        assert.equal(ended.status, 401);
        assert.match(ended.body.error.message, /Sign in on the moderation page/);
        assert.equal((await app.sweep()).sessions, 1);
      } finally {
        await app.close();
      }
    });

    it('keeps a comment\'s e-mail address as long as the comment, or forgets it after --forget-email days', async () => {
      const app = await startApp(db);
      try {
        const id = `mail-${kind}-${app.now()}`;
        await app.store.insert({
          id, threadId: '/forget/', parentId: null, rootId: id, authorName: 'Ann', authorWebsite: null, body: 'hi', status: 'published', kind: 'comment',
          createdAt: new Date(app.now()).toISOString(), editTokenHash: null, authorHash: null, authorEmail: 'ann@example.test', notifyReplies: true,
        });
        app.advance(400 * DAY);
        assert.equal((await app.sweep()).emails, 0, 'kept without --forget-email');
        assert.equal((await app.sweep(401)).emails, 0, 'kept for the days given');
        assert.equal((await app.sweep(399)).emails, 1);
        const comment = await app.store.get(id);
        assert.deepEqual([comment.authorEmail, comment.notifyReplies, comment.body], [null, false, 'hi']);
      } finally {
        await app.close();
      }
    });

    it('blocks a network for 30 days and an author key for good', async () => {
      const app = await startApp(db);
      try {
        const author = { 'X-Author-Key': 'clock-test-author-key' };
        const send = (headers = {}) => request(`${app.url}/api/comments`, { method: 'POST', json: { threadId: '/blocked', body: 'hello' }, headers });
        const first = await send(author);
        const blocked = await request(`${app.url}/api/admin/comments/${first.body.comment.id}/block-author`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
        assert.deepEqual(blocked.body, { blocked: true, authorKey: true, network: true });
        app.advance(29 * DAY);
        assert.equal((await send()).status, 403, 'the network is still blocked after 29 days');
        app.advance(2 * DAY);
        assert.equal((await send()).status, 201, 'after 30 days the network may post again');
        assert.equal((await send(author)).status, 403, 'the author key stays blocked');
      } finally {
        await app.close();
      }
    });
  });
}
