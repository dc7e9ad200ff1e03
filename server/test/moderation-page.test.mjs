// The moderation page's server side, against real server processes on SQLite and PostgreSQL:
// the page and its bundle, the sign-in that turns the admin token into a session cookie (its
// flags, CSRF, sign-out, rate limit), the list's filters and pages, a moderator's edit and
// reply, and the live news a page hears (from another process too, on PostgreSQL).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, freshDatabase, openEvents, post, request, startServer } from './helpers.mjs';

const ADMIN = 'moderation-page-admin-token-0123';

/** Signs in on `url`: the cookie to send back (`name=value`) and the CSRF token. */
async function signIn(url, headers = {}) {
  const answer = await request(`${url}/api/admin/session`, { method: 'POST', json: { token: ADMIN }, headers });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  const cookie = answer.headers.get('set-cookie');
  return { cookie: cookie.split(';')[0], setCookie: cookie, csrf: answer.body.csrf, expiresAt: answer.body.expiresAt };
}

for (const kind of BACKENDS) {
  describe(`moderation page (${kind})`, () => {
    let db;
    let server;
    before(async () => {
      db = await freshDatabase(kind);
      // With mail (to a port where nothing listens), so that comments keep the address given.
      const mail = ['--smtp-host', '127.0.0.1', '--smtp-port', '9', '--mail-from', 'c@blog.test', '--server-url', 'http://127.0.0.1/', '--mail-retry', '3600000'];
      server = await startServer(['--db', db.url, '--admin-token', ADMIN, '--moderation', 'all', '--rate-limit', '10000', '--trust-proxy', '1', '--site-url', 'https://blog.example', ...mail]);
    });
    after(async () => {
      await server?.stop();
      await db?.drop();
    });

    it('serves the page and its bundle with a policy that runs only its own script and loads no other site', async () => {
      const page = await request(`${server.url}/admin`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type'), /^text\/html/);
      const csp = page.headers.get('content-security-policy');
      assert.match(csp, /script-src 'self'/);
      assert.match(csp, /img-src 'self' data:/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.match(page.body, /<comment-thread-admin>/);
      const script = /<script type="module" src="([^"]+)"/.exec(page.body)[1];
      const bundle = await request(`${server.url}${script}`);
      assert.equal(bundle.status, 200);
      assert.match(bundle.headers.get('content-type'), /^text\/javascript/);
      assert.match(bundle.body, /comment-thread-admin-queue/);
      const again = await request(`${server.url}${script}`, { headers: { 'if-none-match': bundle.headers.get('etag') } });
      assert.equal(again.status, 304);
    });

    it('turns the admin token into an HttpOnly, SameSite=Strict session cookie; __Host- and Secure over https', async () => {
      const plain = await signIn(server.url);
      assert.match(plain.setCookie, /^ct-admin=[\w-]{43}; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
      const hours = (Date.parse(plain.expiresAt) - Date.now()) / 3_600_000;
      assert.ok(hours > 11.9 && hours <= 12, `expires in ${hours} h`);
      const https = await signIn(server.url, { 'x-forwarded-proto': 'https' });
      assert.match(https.setCookie, /^__Host-ct-admin=[\w-]{43}; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Strict$/);
      // The session is its cookie: asked about it, the server says so and gives its CSRF token.
      const asked = await request(`${server.url}/api/admin/session`, { headers: { cookie: https.cookie, 'x-forwarded-proto': 'https' } });
      assert.equal(asked.status, 200);
      assert.equal(asked.body.csrf, https.csrf);
      assert.equal(asked.headers.get('cache-control'), 'no-store');
      // A __Host- cookie is for https only: the same cookie over http is no session.
      assert.equal((await request(`${server.url}/api/admin/session`, { headers: { cookie: https.cookie } })).status, 401);
      const wrong = await request(`${server.url}/api/admin/session`, { method: 'POST', json: { token: 'not-it' } });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.headers.get('set-cookie'), null);
      assert.equal((await request(`${server.url}/api/admin/session`, { method: 'POST', json: {} })).body.error.field, 'token');
    });

    it('lets the cookie read but not change without the CSRF token, and ends the session on sign-out', async () => {
      const { cookie, csrf } = await signIn(server.url);
      const { comment } = await post(server.url, { threadId: '/csrf/', body: 'Held for review' });
      const list = await request(`${server.url}/api/admin/comments?thread=/csrf/`, { headers: { cookie } });
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.comments.map((c) => c.id), [comment.id]);
      const forged = await request(`${server.url}/api/admin/comments/${comment.id}/approve`, { method: 'POST', headers: { cookie } });
      assert.equal(forged.status, 403);
      assert.equal(forged.body.error.code, 'csrf');
      const wrongToken = await request(`${server.url}/api/admin/comments/${comment.id}/approve`, { method: 'POST', headers: { cookie, 'x-csrf-token': `${csrf}x` } });
      assert.equal(wrongToken.status, 403);
      const approved = await request(`${server.url}/api/admin/comments/${comment.id}/approve`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } });
      assert.equal(approved.status, 200);
      assert.equal(approved.body.comment.status, 'published');
      // Signing out needs the token too; then the cookie is nothing, and the browser is told to drop it.
      assert.equal((await request(`${server.url}/api/admin/session`, { method: 'DELETE', headers: { cookie } })).status, 403);
      const out = await request(`${server.url}/api/admin/session`, { method: 'DELETE', headers: { cookie, 'x-csrf-token': csrf } });
      assert.equal(out.status, 204);
      assert.match(out.headers.get('set-cookie'), /^ct-admin=; Max-Age=0; Path=\//);
      assert.equal((await request(`${server.url}/api/admin/comments`, { headers: { cookie } })).status, 401);
      assert.equal((await request(`${server.url}/api/admin/session`, { headers: { cookie } })).status, 401);
      // Scripts keep the bearer token, with no CSRF token (no browser sends it by itself).
      assert.equal((await request(`${server.url}/api/admin/comments`, { headers: { authorization: `Bearer ${ADMIN}` } })).status, 200);
    });

    it('lists by status, thread, words and author, newest first, a page at a time', async () => {
      const auth = { authorization: `Bearer ${ADMIN}` };
      const thread = '/filters/';
      const made = [];
      for (const [name, body] of [
        ['Ann', 'First: apples'],
        ['Bob', 'Second: 100% PEARS'],
        ['ann lee', 'Third: apples and pears'],
        ['Cy', 'Fourth: plums'],
      ]) {
        made.push((await post(server.url, { threadId: thread, author: { name }, body })).comment);
      }
      await post(server.url, { threadId: '/elsewhere/', body: 'apples elsewhere' });
      await request(`${server.url}/api/admin/comments/${made[3].id}/approve`, { method: 'POST', headers: auth });
      await request(`${server.url}/api/admin/comments/${made[1].id}/reject`, { method: 'POST', headers: auth });
      const ids = async (query) => {
        const answer = await request(`${server.url}/api/admin/comments?thread=${encodeURIComponent(thread)}&${query}`, { headers: auth });
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        return answer.body.comments.map((c) => c.id);
      };
      assert.deepEqual(await ids('status=pending'), [made[0].id, made[2].id], 'oldest first by default: a queue');
      assert.deepEqual(await ids('status=pending&order=newest'), [made[2].id, made[0].id]);
      assert.deepEqual(await ids('status=published'), [made[3].id]);
      assert.deepEqual(await ids('status=rejected'), [made[1].id]);
      assert.deepEqual(await ids('status=all&order=newest'), [made[3].id, made[2].id, made[1].id, made[0].id]);
      assert.deepEqual(await ids('status=all&q=APPLES'), [made[0].id, made[2].id], 'words in any case, in this thread only');
      assert.deepEqual(await ids('status=all&q=100%25'), [made[1].id], '% is a character, not a pattern');
      assert.deepEqual(await ids('status=all&q=0%25'), [made[1].id]);
      assert.deepEqual(await ids('status=all&author=ann'), [made[0].id, made[2].id]);
      // Pages of 2, newest first, each with the cursor of the next.
      const first = await request(`${server.url}/api/admin/comments?thread=${thread}&status=all&order=newest&limit=2`, { headers: auth });
      assert.deepEqual(first.body.comments.map((c) => c.id), [made[3].id, made[2].id]);
      const second = await request(`${server.url}/api/admin/comments?thread=${thread}&status=all&order=newest&limit=2&cursor=${first.body.nextCursor}`, { headers: auth });
      assert.deepEqual(second.body.comments.map((c) => c.id), [made[1].id, made[0].id]);
      assert.equal(second.body.nextCursor, null);
      // Each with its real status and its thread's page on the site.
      assert.equal(first.body.comments[0].page, 'https://blog.example/filters/');
      for (const [query, field] of [
        ['status=deleted', 'status'],
        ['order=top', 'order'],
        ['limit=0', 'limit'],
        ['cursor=bogus', 'cursor'],
        [`q=${'x'.repeat(201)}`, 'q'],
        ['author=%01', 'author'],
      ]) {
        const refused = await request(`${server.url}/api/admin/comments?${query}`, { headers: auth });
        assert.equal(refused.status, 400, query);
        assert.equal(refused.body.error.field, field, query);
      }
    });

    it('shows moderators the address a commenter gave, and nobody else', async () => {
      const { comment } = await post(server.url, { threadId: '/address/', author: { name: 'Gil', email: 'gil@example.test' }, body: 'Hello' });
      const auth = { authorization: `Bearer ${ADMIN}` };
      const listed = await request(`${server.url}/api/admin/comments?thread=/address/`, { headers: auth });
      assert.deepEqual(listed.body.comments[0].author, { name: 'Gil', email: 'gil@example.test' });
      await request(`${server.url}/api/admin/comments/${comment.id}/approve`, { method: 'POST', headers: auth });
      const shown = await request(`${server.url}/api/comments?thread=/address/`);
      assert.deepEqual(shown.body.comments[0].author, { name: 'Gil' });
    });

    it("edits a comment's text and replies as the site's author", async () => {
      const { cookie, csrf } = await signIn(server.url);
      const headers = { cookie, 'x-csrf-token': csrf };
      const { comment } = await post(server.url, { threadId: '/edit-reply/', author: { name: 'Dee' }, body: 'A tpyo here' });
      const edited = await request(`${server.url}/api/admin/comments/${comment.id}`, { method: 'PATCH', json: { body: 'A *typo* fixed' }, headers });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body.comment.body, 'A *typo* fixed');
      assert.equal(edited.body.comment.html.trim(), '<p>A <em>typo</em> fixed</p>');
      assert.equal(edited.body.comment.status, 'pending', 'an edit by a moderator is no approval');
      assert.ok(edited.body.comment.updatedAt);
      const empty = await request(`${server.url}/api/admin/comments/${comment.id}`, { method: 'PATCH', json: { body: '  ' }, headers });
      assert.equal(empty.status, 400);
      const reply = await request(`${server.url}/api/admin/comments/${comment.id}/reply`, { method: 'POST', json: { author: { name: 'The Author' }, body: 'Thanks, Dee!' }, headers });
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      assert.equal(reply.body.comment.parentId, comment.id);
      assert.equal(reply.body.comment.threadId, '/edit-reply/');
      assert.equal(reply.body.comment.status, 'published', 'published at once, under --moderation all');
      assert.equal(reply.body.comment.author.role, 'author');
      const missing = await request(`${server.url}/api/admin/comments/nope/reply`, { method: 'POST', json: { body: 'x' }, headers });
      assert.equal(missing.status, 404);
    });

    it('tells an open page of every new, edited, moderated and deleted comment, held ones too', async () => {
      const { cookie } = await signIn(server.url);
      const stream = await openEvents(`${server.url}/api/admin/events`, { headers: { cookie } });
      try {
        await stream.next('ready');
        // A second process on the same database (PostgreSQL) or the same one (SQLite): the page hears both.
        const other = kind === 'postgres' ? await startServer(['--db', db.url, '--admin-token', ADMIN, '--moderation', 'all']) : server;
        try {
          const { comment } = await post(other.url, { threadId: '/news/', body: 'Held one' });
          assert.deepEqual((await stream.next('comment')).data, { event: 'comment.created', threadId: '/news/', id: comment.id });
          await request(`${other.url}/api/admin/comments/${comment.id}/spam`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
          assert.deepEqual((await stream.next('comment')).data, { event: 'comment.status', threadId: '/news/', id: comment.id });
          await request(`${other.url}/api/admin/comments/${comment.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
          assert.deepEqual((await stream.next('comment')).data, { event: 'comment.deleted', threadId: '/news/', id: comment.id });
        } finally {
          if (other !== server) await other.stop();
        }
      } finally {
        stream.close();
      }
      // Without a sign-in, nothing.
      assert.equal((await request(`${server.url}/api/admin/events`)).status, 401);
    });

    it('counts wrong tokens at sign-in against the address, as every admin token', async () => {
      let status = 0;
      for (let i = 0; i < 12 && status !== 429; i++) {
        status = (await request(`${server.url}/api/admin/session`, { method: 'POST', json: { token: `wrong-${i}` }, headers: { 'x-forwarded-for': '203.0.113.9' } })).status;
      }
      assert.equal(status, 429);
      // Another address still signs in.
      await signIn(server.url, { 'x-forwarded-for': '203.0.113.10' });
    });
  });
}
