// The HTTP API end to end: a real server process on a real SQLite file, then on a real
// PostgreSQL database, driven over HTTP.
import { describe, it, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKENDS, assertPlaceholder, assertWhole, freshDatabase, openEvents, post, request, requestFrom, runCli, startServer } from './helpers.mjs';

const ADMIN = 'admin-token-for-tests-0123456789';
const ORIGIN = 'https://blog.example';
const admin = { authorization: `Bearer ${ADMIN}` };

/** A cursor as the server encodes one, from raw JSON text (so it can hold what JSON.stringify cannot, like 1e400). */
const cursorOf = (json) => Buffer.from(json).toString('base64url');

/** Every comment of a thread, following the cursors: `{ pages, comments }`. */
async function allPages(url, threadId, { sort = 'oldest', limit = 2, headers = {} } = {}) {
  const pages = [];
  let cursor = null;
  do {
    const page = (await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}&sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { headers })).body;
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 100);
  return { pages, comments: pages.flatMap((p) => p.comments) };
}


/** Comment ids stored in a database, read through the CLI's export. */
async function storedIds(db) {
  const { code, stdout, stderr } = await runCli(['export', '--db', db.url]);
  assert.equal(code, 0, stderr);
  return new Set(JSON.parse(stdout).comments.map((c) => c.id));
}

for (const kind of BACKENDS) {
  describe(`API on ${kind}`, () => {
    let db;
    let server;
    let url;
    let thread = 0;
    /** A thread id no other test uses. */
    const newThread = () => `/posts/${kind}-${++thread}`;

    before(async () => {
      db = await freshDatabase(kind);
      server = await startServer(['--db', db.url, '--admin-token', ADMIN, '--origin', ORIGIN, '--rate-limit', '10000']);
      url = server.url;
    });
    after(async () => {
      await server?.stop();
      await db?.drop();
    });

    it('answers health and serves an OpenAPI 3.1 document naming every route', async () => {
      assert.deepEqual((await request(`${url}/api/health`)).body, { ok: true, store: kind });
      const { body } = await request(`${url}/openapi.json`);
      assert.equal(body.openapi, '3.1.0');
      for (const path of ['/api/comments', '/api/comments/{id}', '/api/counts', '/api/events', '/api/admin/comments', '/api/admin/comments/{id}/approve']) {
        assert.ok(body.paths[path], `${path} is not described`);
      }
    });

    it('creates a comment and lists it', async () => {
      const threadId = newThread();
      const created = await request(`${url}/api/comments`, {
        method: 'POST',
        json: { threadId, author: { name: '  Ann  ', website: 'https://ann.example' }, body: 'Hello **there**\r\nsecond line' },
      });
      assert.equal(created.status, 201);
      const { comment, editToken, editableUntil } = created.body;
      assert.equal(comment.author.name, 'Ann');
      assert.equal(comment.author.website, 'https://ann.example/');
      assert.equal(comment.body, 'Hello **there**\nsecond line');
      assert.equal(comment.status, 'published');
      assert.equal(comment.parentId, null);
      assert.match(editToken, /^[\w-]{20,}$/);
      assert.equal(Date.parse(editableUntil) - Date.parse(comment.createdAt), 15 * 60_000);
      const list = await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}`);
      assert.equal(list.status, 200);
      // The last change logged before the page was read: a live stream goes on from it.
      assert.match(list.body.lastEventId, /^\d+$/);
      assert.deepEqual(list.body, { comments: [comment], nextCursor: null, total: 1, mentions: 0, closed: false, lastEventId: list.body.lastEventId });
      assert.deepEqual((await request(`${url}/api/comments/${comment.id}`)).body, { comment, ancestors: [] });
    });

    it('sends each body rendered with the widget’s Markdown renderer as html, renewed on edit, none for a placeholder', async () => {
      const { renderMarkdown } = await import('../dist/markdown.js');
      const threadId = newThread();
      const source = 'Hi @vincent,\n\nGreat *question* <script>alert(1)</script> https://example.com';
      const { comment, editToken } = await post(url, { threadId, body: source });
      assert.equal(comment.html, renderMarkdown(source));
      assert.match(comment.html, /<em>question<\/em>/);
      assert.doesNotMatch(comment.html, /<script/);
      const edited = await request(`${url}/api/comments/${comment.id}`, { method: 'PATCH', json: { body: 'Now **bold**' }, headers: { authorization: `Bearer ${editToken}` } });
      assert.equal(edited.status, 200);
      assert.equal(edited.body.comment.html, '<p>Now <strong>bold</strong></p>\n');
      await post(url, { threadId, parentId: comment.id, body: 'a reply' });
      const removed = await request(`${url}/api/comments/${comment.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${editToken}` } });
      assert.equal(removed.status, 204);
      const [placeholder, reply] = (await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}`)).body.comments;
      assertPlaceholder(placeholder, comment.id);
      assert.equal('html' in placeholder, false);
      assert.equal(reply.html, renderMarkdown('a reply'));
    });

    it('refuses bad input with a clear message and the field', async () => {
      const threadId = newThread();
      const cases = [
        [{ threadId, body: '' }, 'body'],
        [{ threadId, body: '   \n ' }, 'body'],
        [{ threadId, body: 'x'.repeat(5001) }, 'body'],
        [{ threadId, body: 'x', author: { name: 'n'.repeat(81) } }, 'author.name'],
        [{ threadId, body: 'x', author: { website: 'javascript:alert(1)' } }, 'author.website'],
        [{ threadId, body: 'x', author: { website: 'data:text/html,x' } }, 'author.website'],
        [{ threadId, body: 'x', author: { website: 'https://user:pw@a.example' } }, 'author.website'],
        [{ threadId, body: 'x', author: { website: 'not a url' } }, 'author.website'],
        [{ body: 'x' }, 'threadId'],
        [{ threadId: 't'.repeat(501), body: 'x' }, 'threadId'],
        [{ threadId, body: 42 }, 'body'],
        [{ threadId, body: 'bell \u0007' }, 'body'],
        [{ threadId }, 'body'],
        [null, 'body'],
        [[], 'body'],
        [[{ threadId, body: 'x' }], 'body'],
        ['a string', 'body'],
        [{ threadId, body: 'x', author: 'Ann' }, 'author'],
        [{ threadId, body: 'x', author: ['Ann'] }, 'author'],
        [{ threadId, body: 'x', author: 7 }, 'author'],
        [{ threadId, body: 'x', author: { name: 7 } }, 'author.name'],
        [{ threadId, body: 'x', author: { website: 7 } }, 'author.website'],
        [{ threadId, body: 'x', author: { website: `https://ann.example/${'x'.repeat(300)}` } }, 'author.website'],
        [{ threadId, body: 'x', parentId: 42 }, 'parentId'],
        [{ threadId, body: 'x', parentId: { id: 'a' } }, 'parentId'],
        [{ threadId, body: 'x', parentId: '' }, 'parentId'],
        [{ threadId, body: 'x', parentId: 'p'.repeat(101) }, 'parentId'],
        [{ threadId: 42, body: 'x' }, 'threadId'],
        [{ threadId: 'a\u0000b', body: 'x' }, 'threadId'],
      ];
      for (const [json, field] of cases) {
        const result = await request(`${url}/api/comments`, { method: 'POST', json });
        assert.equal(result.status, 400, JSON.stringify(json).slice(0, 80));
        assert.equal(result.body.error.code, 'invalid');
        assert.equal(result.body.error.field, field, JSON.stringify(json).slice(0, 80));
        assert.ok(result.body.error.message.length > 10);
      }
      const headerCases = [
        [{ 'Idempotency-Key': 'has a space' }, 'Idempotency-Key'],
        [{ 'Idempotency-Key': 'k'.repeat(201) }, 'Idempotency-Key'],
        [{ 'X-Author-Key': 'not\tvisible' }, 'X-Author-Key'],
        [{ 'X-Author-Key': 'a'.repeat(201) }, 'X-Author-Key'],
      ];
      for (const [headers, field] of headerCases) {
        const result = await request(`${url}/api/comments`, { method: 'POST', json: { threadId, body: 'fine' }, headers });
        assert.equal(result.status, 400, JSON.stringify(headers).slice(0, 80));
        assert.equal(result.body.error.field, field);
        assert.match(result.body.error.message, new RegExp(`The ${field} header must be 1 to 200 visible ASCII characters`));
      }
      const badReader = await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}`, { headers: { 'X-Author-Key': 'a b' } });
      assert.equal(badReader.status, 400);
      assert.equal(badReader.body.error.field, 'X-Author-Key');
      const notJson = await request(`${url}/api/comments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"threadId":' });
      assert.equal(notJson.status, 400);
      assert.match(notJson.body.error.message, /not valid JSON/);
      const form = await request(`${url}/api/comments`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b' });
      assert.equal(form.status, 415);
      const huge = await request(`${url}/api/comments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ threadId, body: 'x'.repeat(70_000) }) });
      assert.equal(huge.status, 413);
      assert.equal(huge.body.error.code, 'payload-too-large');
      const list = await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}`);
      assert.equal(list.body.total, 0, 'nothing was stored');
      for (const query of ['', '?thread=', `?thread=a&sort=random`, '?thread=a&limit=0', '?thread=a&limit=101', '?thread=a&cursor=garbage']) {
        const bad = await request(`${url}/api/comments${query}`);
        assert.equal(bad.status, 400, query);
        assert.equal(bad.body.error.code, 'invalid');
      }
      const missing = await request(`${url}/api/nothing-here`);
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error.code, 'not-found');
      // Ids no comment can have are no comment, not a database error.
      for (const id of ['%00', `a%00b`, 'x'.repeat(101)]) {
        for (const [method, path, headers] of [
          ['GET', `/api/comments/${id}`, {}],
          ['PATCH', `/api/comments/${id}`, { authorization: 'Bearer t' }],
          ['DELETE', `/api/comments/${id}`, { authorization: 'Bearer t' }],
          ['POST', `/api/admin/comments/${id}/approve`, admin],
          ['DELETE', `/api/admin/comments/${id}`, admin],
        ]) {
          const result = await request(`${url}${path}`, { method, headers, ...(method === 'PATCH' ? { json: { body: 'x' } } : {}) });
          assert.equal(result.status, 404, `${method} ${path.slice(0, 40)}`);
          assert.equal(result.body.error.code, 'not-found');
        }
      }
    });

    it('refuses bad edits with a clear message and the field', async () => {
      const { comment, editToken } = await post(url, { threadId: newThread(), body: 'to edit' });
      const auth = { authorization: `Bearer ${editToken}` };
      const target = `${url}/api/comments/${comment.id}`;
      const cases = [[{ body: '' }], [{ body: ' \n ' }], [{ body: 'x'.repeat(5001) }], [{ body: 42 }], [{ body: null }], [{}], [null], [[]], [{ body: 'bell \u0007' }]];
      for (const [json] of cases) {
        const result = await request(target, { method: 'PATCH', json, headers: auth });
        assert.equal(result.status, 400, JSON.stringify(json).slice(0, 60));
        assert.equal(result.body.error.code, 'invalid');
        assert.equal(result.body.error.field, 'body');
      }
      const huge = await request(target, { method: 'PATCH', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ body: 'x'.repeat(70_000) }) });
      assert.equal(huge.status, 413);
      assert.equal(huge.body.error.code, 'payload-too-large');
      const form = await request(target, { method: 'PATCH', headers: { ...auth, 'content-type': 'text/plain' }, body: 'body=x' });
      assert.equal(form.status, 415);
      const broken = await request(target, { method: 'PATCH', headers: { ...auth, 'content-type': 'application/json' }, body: '{"body":' });
      assert.equal(broken.status, 400);
      assert.match(broken.body.error.message, /not valid JSON/);
      assert.equal((await request(target)).body.comment.body, 'to edit', 'nothing was changed');
    });

    it('refuses bad count requests with a clear message and the field', async () => {
      const cases = [
        [{ threads: [42] }, 'threadId'],
        [{ threads: ['/a', null] }, 'threadId'],
        [{ threads: [''] }, 'threadId'],
        [{ threads: ['t'.repeat(501)] }, 'threadId'],
        [{ threads: '/a' }, 'thread'],
        [{ threads: [] }, 'thread'],
        [{}, 'thread'],
        [null, 'thread'],
        [{ threads: Array.from({ length: 101 }, (_, i) => `/t${i}`) }, 'thread'],
      ];
      for (const [json, field] of cases) {
        const result = await request(`${url}/api/counts`, { method: 'POST', json });
        assert.equal(result.status, 400, JSON.stringify(json).slice(0, 60));
        assert.equal(result.body.error.code, 'invalid');
        assert.equal(result.body.error.field, field, JSON.stringify(json).slice(0, 60));
      }
      for (const query of ['', '?thread=', '?thread=%00']) {
        const result = await request(`${url}/api/counts${query}`);
        assert.equal(result.status, 400, query);
        assert.equal(result.body.error.code, 'invalid');
      }
    });

    it('refuses bad moderation requests', async () => {
      for (const status of ['deleted', '', 'PENDING']) {
        const result = await request(`${url}/api/admin/comments?status=${status}`, { headers: admin });
        assert.equal(result.status, 400, status);
        assert.equal(result.body.error.field, 'status');
        assert.match(result.body.error.message, /status must be one of pending, spam, published, rejected, all/);
      }
      for (const action of ['approve', 'reject', 'spam', 'block-author']) {
        const result = await request(`${url}/api/admin/comments/no-such-comment/${action}`, { method: 'POST', headers: admin });
        assert.equal(result.status, 404, action);
      }
      assert.equal((await request(`${url}/api/admin/comments/no-such-comment`, { method: 'DELETE', headers: admin })).status, 404);
    });

    it('answers 405 with Allow for a known path asked with another method', async () => {
      const cases = [
        ['PUT', '/api/comments/x', 'GET, HEAD, PATCH, DELETE, OPTIONS', {}],
        ['POST', '/api/comments/x', 'GET, HEAD, PATCH, DELETE, OPTIONS', {}],
        ['DELETE', '/api/comments', 'GET, HEAD, POST, OPTIONS', {}],
        ['PATCH', '/api/counts', 'GET, HEAD, POST, OPTIONS', {}],
        ['POST', '/api/health', 'GET, HEAD, OPTIONS', {}],
        ['POST', '/api/events', 'GET, HEAD, OPTIONS', {}],
        ['GET', '/api/admin/comments/x/approve', 'POST, OPTIONS', admin],
        ['PUT', '/api/admin/comments/x', 'PATCH, DELETE, OPTIONS', admin],
        ['PUT', '/api/admin/session', 'GET, HEAD, POST, DELETE, OPTIONS', {}],
      ];
      for (const [method, path, allow, headers] of cases) {
        const result = await request(`${url}${path}`, { method, headers });
        assert.equal(result.status, 405, `${method} ${path}`);
        assert.equal(result.headers.get('allow'), allow, `${method} ${path}`);
        assert.equal(result.body.error.code, 'method-not-allowed');
        assert.match(result.body.error.message, new RegExp(`does not answer ${method}`));
      }
      assert.equal((await request(`${url}/api/comments/x/y`, { method: 'PUT' })).status, 404, 'unknown paths stay 404');
    });

    it('refuses forged cursors with 400, never a database error', async () => {
      const threadId = newThread();
      const first = (await post(url, { threadId, body: 'first' })).comment;
      await post(url, { threadId, body: 'second' });
      const q = `${url}/api/comments?thread=${encodeURIComponent(threadId)}`;
      const date = '2020-01-01T00:00:00.000Z';
      const forged = [
        ['oldest', '["oldest","1","x",0]'],
        ['oldest', '["oldest","Tuesday 2020","x",0]'],
        ['oldest', '["oldest","2020-01-01","x",0]'],
        ['oldest', '["oldest","2024-02-30T00:00:00.000Z","x",0]'],
        ['oldest', '["oldest","0000-01-01T00:00:00.000Z","x",0]'],
        ['oldest', '["oldest","+275760-09-13T00:00:00.000Z","x",0]'],
        ['newest', '["newest","2020-01-01T00:00:00+00:00","x",0]'],
        ['top', `["top","${date}","x",1.5]`],
        ['top', `["top","${date}","x",1e400]`],
        ['top', `["top","${date}","x",2147483648]`],
        ['top', `["top","${date}","x",-2147483649]`],
        ['top', `["top","${date}","x","5"]`],
        ['top', `["top","${date}","x",null]`],
        ['oldest', `["oldest","${date}","",0]`],
        ['oldest', `["oldest","${date}","${'x'.repeat(101)}",0]`],
        ['oldest', `["oldest","${date}","a\\u0000b",0]`],
        ['oldest', `["oldest","${date}",7,0]`],
        ['oldest', `["oldest","${date}","x",0,"more"]`],
        ['oldest', `["oldest","${date}","x"]`],
        ['oldest', `{"sort":"oldest"}`],
        ['oldest', `"oldest"`],
        ['newest', `["oldest","${date}","x",0]`],
      ];
      for (const [sort, json] of forged) {
        const result = await request(`${q}&sort=${sort}&cursor=${cursorOf(json)}`);
        assert.equal(result.status, 400, json);
        assert.equal(result.body.error.code, 'invalid');
        assert.equal(result.body.error.field, 'cursor');
      }
      // What the server could have given out is accepted, whatever it points at.
      const before = await request(`${q}&cursor=${cursorOf(`["oldest","${date}","x",0]`)}`);
      assert.equal(before.status, 200);
      assert.deepEqual(before.body.comments.map((c) => c.body), ['first', 'second']);
      const after = await request(`${q}&cursor=${cursorOf(`["oldest","${first.createdAt}","${first.id}",0]`)}`);
      assert.deepEqual(after.body.comments.map((c) => c.body), ['second']);
      const extreme = await request(`${q}&sort=top&cursor=${cursorOf(`["top","9999-12-31T23:59:59.999Z","x",-2147483648]`)}`);
      assert.equal(extreme.status, 200);
      assert.deepEqual(extreme.body.comments, []);
    });

    it('refuses a reply to a comment of another thread or to none', async () => {
      const a = await post(url, { threadId: newThread(), body: 'root' });
      const other = await request(`${url}/api/comments`, { method: 'POST', json: { threadId: newThread(), parentId: a.comment.id, body: 'x' } });
      assert.equal(other.status, 404);
      const none = await request(`${url}/api/comments`, { method: 'POST', json: { threadId: a.comment.threadId, parentId: 'nope', body: 'x' } });
      assert.equal(none.status, 404);
    });

    it('pages top-level comments with their replies, stable under concurrent inserts', async () => {
      const threadId = newThread();
      const roots = [];
      for (let i = 0; i < 5; i++) roots.push((await post(url, { threadId, body: `root ${i}` })).comment);
      const reply = (await post(url, { threadId, parentId: roots[0].id, body: 'reply to 0' })).comment;
      const deep = (await post(url, { threadId, parentId: reply.id, body: 'reply to the reply' })).comment;
      const page1 = (await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}&limit=2`)).body;
      assert.deepEqual(page1.comments.map((c) => c.body), ['root 0', 'root 1', 'reply to 0', 'reply to the reply']);
      assert.equal(page1.total, 7);
      assert.equal(deep.parentId, reply.id);
      // A comment arriving between pages neither repeats nor hides one.
      const late = (await post(url, { threadId, body: 'late root' })).comment;
      const page2 = (await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}&limit=2&cursor=${page1.nextCursor}`)).body;
      const page3 = (await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}&limit=2&cursor=${page2.nextCursor}`)).body;
      assert.deepEqual([...page2.comments, ...page3.comments].map((c) => c.body), ['root 2', 'root 3', 'root 4', 'late root']);
      assert.equal(page3.nextCursor, null);
      const newest = (await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}&sort=newest&limit=2`)).body;
      assert.deepEqual(newest.comments.map((c) => c.id), [late.id, roots[4].id]);
      const newest2 = (await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}&sort=newest&limit=2&cursor=${newest.nextCursor}`)).body;
      assert.deepEqual(newest2.comments.map((c) => c.body), ['root 3', 'root 2']);
      const wrongSort = await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}&sort=oldest&cursor=${newest.nextCursor}`);
      assert.equal(wrongSort.status, 400);
      const top = (await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}&sort=top&limit=10`)).body;
      assert.equal(top.comments.length, 8);
    });

    it('stores a retried post once (Idempotency-Key) and returns the same edit token', async () => {
      const threadId = newThread();
      const headers = { 'Idempotency-Key': `key-${kind}-retry` };
      const first = await request(`${url}/api/comments`, { method: 'POST', json: { threadId, body: 'once' }, headers });
      const again = await request(`${url}/api/comments`, { method: 'POST', json: { threadId, body: 'once' }, headers });
      assert.equal(first.status, 201);
      assert.equal(again.status, 200);
      assert.equal(again.body.comment.id, first.body.comment.id);
      assert.equal(again.body.editToken, first.body.editToken);
      // Many retries at once, as a flaky network may send them.
      const burst = await Promise.all(
        Array.from({ length: 8 }, () => request(`${url}/api/comments`, { method: 'POST', json: { threadId, body: 'burst' }, headers: { 'Idempotency-Key': `key-${kind}-burst` } })),
      );
      assert.equal(new Set(burst.map((r) => r.body.comment.id)).size, 1);
      assert.equal(burst.filter((r) => r.status === 201).length, 1);
      const list = (await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}`)).body;
      assert.deepEqual(list.comments.map((c) => c.body).sort(), ['burst', 'once']);
    });

    it('lets the author edit and delete with the edit token, and no one else', async () => {
      const threadId = newThread();
      const { comment, editToken } = await post(url, { threadId, body: 'first words' });
      const noToken = await request(`${url}/api/comments/${comment.id}`, { method: 'PATCH', json: { body: 'x' } });
      assert.equal(noToken.status, 401);
      const wrong = await request(`${url}/api/comments/${comment.id}`, { method: 'PATCH', json: { body: 'x' }, headers: { authorization: 'Bearer wrong-token' } });
      assert.equal(wrong.status, 403);
      const other = await post(url, { threadId, body: 'someone else' });
      const crossed = await request(`${url}/api/comments/${other.comment.id}`, { method: 'PATCH', json: { body: 'x' }, headers: { authorization: `Bearer ${editToken}` } });
      assert.equal(crossed.status, 403);
      const edited = await request(`${url}/api/comments/${comment.id}`, { method: 'PATCH', json: { body: 'better words' }, headers: { authorization: `Bearer ${editToken}` } });
      assert.equal(edited.status, 200);
      assert.equal(edited.body.comment.body, 'better words');
      assert.ok(edited.body.comment.updatedAt);
      const empty = await request(`${url}/api/comments/${comment.id}`, { method: 'PATCH', json: { body: ' ' }, headers: { authorization: `Bearer ${editToken}` } });
      assert.equal(empty.status, 400);
      const removed = await request(`${url}/api/comments/${comment.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${editToken}` } });
      assert.equal(removed.status, 204);
      assert.equal((await request(`${url}/api/comments/${comment.id}`)).status, 404);
      const list = (await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}`)).body;
      assert.deepEqual(list.comments.map((c) => c.body), ['someone else']);
    });

    it('keeps a deleted comment with replies as a placeholder', async () => {
      const threadId = newThread();
      const parent = await post(url, { threadId, body: 'parent', author: { name: 'Pat', website: 'https://pat.example' } });
      await post(url, { threadId, parentId: parent.comment.id, body: 'child' });
      const removed = await request(`${url}/api/comments/${parent.comment.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${parent.editToken}` } });
      assert.equal(removed.status, 204);
      const list = (await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}`)).body;
      const placeholder = list.comments.find((c) => c.id === parent.comment.id);
      assert.equal(placeholder.status, 'deleted');
      assert.equal(placeholder.body, '');
      assert.deepEqual(placeholder.author, { name: '' });
      assert.equal(list.comments.find((c) => c.body === 'child').parentId, parent.comment.id);
      assert.equal(list.total, 1);
      const again = await request(`${url}/api/comments/${parent.comment.id}`, { method: 'PATCH', json: { body: 'back' }, headers: { authorization: `Bearer ${parent.editToken}` } });
      assert.equal(again.status, 404);
    });

    it('counts many threads in one request', async () => {
      const a = newThread();
      const b = newThread();
      await post(url, { threadId: a, body: '1' });
      await post(url, { threadId: a, body: '2' });
      await post(url, { threadId: b, body: '3' });
      const q = `thread=${encodeURIComponent(a)}&thread=${encodeURIComponent(b)}&thread=${encodeURIComponent('/none')}`;
      assert.deepEqual((await request(`${url}/api/counts?${q}`)).body, { counts: { [a]: 2, [b]: 1, '/none': 0 } });
      assert.deepEqual((await request(`${url}/api/counts`, { method: 'POST', json: { threads: [a, b] } })).body, { counts: { [a]: 2, [b]: 1 } });
      assert.equal((await request(`${url}/api/counts`)).status, 400);
      const many = Array.from({ length: 101 }, (_, i) => `/t${i}`);
      assert.equal((await request(`${url}/api/counts`, { method: 'POST', json: { threads: many } })).status, 400);
    });

    it('sends spam-bot posts (honeypot filled) to spam, never to the thread', async () => {
      const threadId = newThread();
      const bot = await request(`${url}/api/comments`, { method: 'POST', json: { threadId, body: 'Buy now', honeypot: 'http://spam.example' } });
      assert.equal(bot.status, 201, 'the bot is not told');
      assert.equal((await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}`)).body.total, 0);
      const queue = await request(`${url}/api/admin/comments?status=spam`, { headers: { authorization: `Bearer ${ADMIN}` } });
      assert.ok(queue.body.comments.some((c) => c.id === bot.body.comment.id && c.status === 'spam'));
    });

    it('guards moderation routes with the admin token', async () => {
      assert.equal((await request(`${url}/api/admin/comments`)).status, 401);
      assert.equal((await request(`${url}/api/admin/comments`, { headers: { authorization: 'Bearer admin-token-for-tests-0123456788' } })).status, 401);
      assert.equal((await request(`${url}/api/admin/comments`, { headers: { authorization: `Bearer ${ADMIN}` } })).status, 200);
    });

    it('answers CORS preflights for the configured origin only', async () => {
      const allowed = await fetch(`${url}/api/comments`, {
        method: 'OPTIONS',
        headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, idempotency-key' },
      });
      assert.equal(allowed.headers.get('access-control-allow-origin'), ORIGIN);
      assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/i);
      const other = await fetch(`${url}/api/comments?thread=x`, { headers: { origin: 'https://evil.example' } });
      assert.equal(other.headers.get('access-control-allow-origin'), null);
    });

    it('streams new, edited and deleted comments of a thread as Server-Sent Events', async () => {
      const threadId = newThread();
      const events = await openEvents(`${url}/api/events?thread=${encodeURIComponent(threadId)}`);
      try {
        assert.equal(events.response.headers.get('content-type'), 'text/event-stream');
        await events.next('ready');
        await post(url, { threadId: newThread(), body: 'elsewhere' });
        const { comment, editToken } = await post(url, { threadId, body: 'live' });
        assert.deepEqual((await events.next('created')).data.comment, comment);
        await request(`${url}/api/comments/${comment.id}`, { method: 'PATCH', json: { body: 'live, edited' }, headers: { authorization: `Bearer ${editToken}` } });
        assert.equal((await events.next('updated')).data.comment.body, 'live, edited');
        await request(`${url}/api/comments/${comment.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${editToken}` } });
        assert.deepEqual((await events.next('deleted')).data, { id: comment.id });
      } finally {
        events.close();
      }
    });

    it('removes a deleted placeholder when its last reply goes, up the chain, and tells live clients', async () => {
      const threadId = newThread();
      const q = `${url}/api/comments?thread=${encodeURIComponent(threadId)}`;
      const del = (c) => request(`${url}/api/comments/${c.comment.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${c.editToken}` } });
      const events = await openEvents(`${url}/api/events?thread=${encodeURIComponent(threadId)}`);
      try {
        await events.next('ready');
        const top = await post(url, { threadId, body: 'top' });
        const middle = await post(url, { threadId, parentId: top.comment.id, body: 'middle' });
        const sibling = await post(url, { threadId, parentId: middle.comment.id, body: 'sibling' });
        const leaf = await post(url, { threadId, parentId: middle.comment.id, body: 'leaf' });
        const other = await post(url, { threadId, body: 'other' });
        assert.equal((await del(top)).status, 204);
        assertPlaceholder((await events.next('updated')).data.comment, top.comment.id);
        assert.equal((await del(middle)).status, 204);
        let list = (await request(q)).body;
        assert.deepEqual(
          list.comments.map((c) => [c.id, c.status]),
          [[top.comment.id, 'deleted'], [other.comment.id, 'published'], [middle.comment.id, 'deleted'], [sibling.comment.id, 'published'], [leaf.comment.id, 'published']],
        );
        assert.equal(list.total, 3);
        // With a reply left, the placeholders stay.
        assert.equal((await del(sibling)).status, 204);
        assert.deepEqual((await request(q)).body.comments.map((c) => c.id), [top.comment.id, other.comment.id, middle.comment.id, leaf.comment.id]);
        assert.equal((await del(leaf)).status, 204);
        // Deepest first, so a client has dropped the replies before it hears of their parent.
        for (const gone of [sibling, leaf, middle, top]) assert.deepEqual((await events.next('deleted')).data, { id: gone.comment.id });
        list = (await request(q)).body;
        assert.deepEqual(list.comments.map((c) => c.id), [other.comment.id]);
        assert.equal(list.total, 1);
        assert.equal((await request(`${url}/api/comments/${top.comment.id}`)).status, 404);
        const stored = await storedIds(db);
        for (const removed of [top, middle, sibling, leaf]) assert.ok(!stored.has(removed.comment.id), `${removed.comment.body} is removed for good`);
        assert.ok(stored.has(other.comment.id));
      } finally {
        events.close();
      }
    });

    it('leaves a placeholder on admin delete of a comment with replies, and removes it with its last reply', async () => {
      const threadId = newThread();
      const q = `${url}/api/comments?thread=${encodeURIComponent(threadId)}`;
      const parent = await post(url, { threadId, body: 'parent', author: { name: 'Pat', website: 'https://pat.example' } });
      const reply = await post(url, { threadId, parentId: parent.comment.id, body: 'reply' });
      const removed = await request(`${url}/api/admin/comments/${parent.comment.id}`, { method: 'DELETE', headers: admin });
      assert.equal(removed.status, 204);
      const list = (await request(q)).body;
      assert.deepEqual(list.comments.map((c) => c.id), [parent.comment.id, reply.comment.id]);
      assertPlaceholder(list.comments[0], parent.comment.id);
      assert.equal(list.total, 1);
      assertPlaceholder((await request(`${url}/api/comments/${parent.comment.id}`)).body.comment, parent.comment.id);
      // A placeholder has nothing left to moderate: approving it would publish an empty comment.
      for (const action of ['approve', 'reject', 'spam']) {
        const moderated = await request(`${url}/api/admin/comments/${parent.comment.id}/${action}`, { method: 'POST', headers: admin });
        assert.equal(moderated.status, 409, action);
        assert.equal(moderated.body.error.code, 'conflict');
      }
      assertPlaceholder((await request(`${url}/api/comments/${parent.comment.id}`)).body.comment, parent.comment.id);
      assert.equal((await request(`${url}/api/admin/comments/${reply.comment.id}`, { method: 'DELETE', headers: admin })).status, 204);
      const emptied = (await request(q)).body;
      assert.deepEqual(emptied, { comments: [], nextCursor: null, total: 0, mentions: 0, closed: false, lastEventId: emptied.lastEventId });
      const stored = await storedIds(db);
      assert.ok(!stored.has(parent.comment.id) && !stored.has(reply.comment.id), 'both are removed for good');
    });

    it('keeps the replies of a rejected or spam comment under a placeholder; counts count what visitors see', async () => {
      const threadId = newThread();
      const q = `${url}/api/comments?thread=${encodeURIComponent(threadId)}`;
      const count = async () => (await request(`${url}/api/counts?thread=${encodeURIComponent(threadId)}`)).body.counts[threadId];
      const a = (await post(url, { threadId, body: 'a', author: { name: 'Ann', website: 'https://ann.example' } })).comment;
      const b = (await post(url, { threadId, parentId: a.id, body: 'b, reply to a' })).comment;
      const c = (await post(url, { threadId, parentId: b.id, body: 'c, reply to b' })).comment;
      const s = (await post(url, { threadId, body: 's', author: { name: 'Sam' } })).comment;
      const t = (await post(url, { threadId, parentId: s.id, body: 't, reply to s' })).comment;
      const lone = (await post(url, { threadId, body: 'lone' })).comment;
      const events = await openEvents(`${url}/api/events?thread=${encodeURIComponent(threadId)}`);
      try {
        await events.next('ready');
        const spam = await request(`${url}/api/admin/comments/${s.id}/spam`, { method: 'POST', headers: admin });
        assert.equal(spam.status, 200);
        assert.equal(spam.body.comment.status, 'spam');
        assert.equal(spam.body.comment.body, 's', 'the moderator still sees it');
        // Live clients get the placeholder, not a removal that would orphan the reply.
        assertPlaceholder((await events.next('updated')).data.comment, s.id);
        const rejected = await request(`${url}/api/admin/comments/${b.id}/reject`, { method: 'POST', headers: admin });
        assert.equal(rejected.body.comment.status, 'rejected');
        assertPlaceholder((await events.next('updated')).data.comment, b.id);
        const rejectedLone = await request(`${url}/api/admin/comments/${lone.id}/reject`, { method: 'POST', headers: admin });
        assert.equal(rejectedLone.body.comment.status, 'rejected');
        assert.deepEqual((await events.next('deleted')).data, { id: lone.id }, 'nothing below: it simply goes');
      } finally {
        events.close();
      }
      const list = (await request(q)).body;
      assertWhole(list.comments);
      assert.deepEqual(list.comments.map((x) => x.id), [a.id, s.id, b.id, c.id, t.id]);
      assertPlaceholder(list.comments[1], s.id);
      assertPlaceholder(list.comments[2], b.id);
      assert.equal(list.comments[3].parentId, b.id);
      assert.equal(list.comments[4].parentId, s.id);
      assert.equal(list.total, 3, 'a, c and t are published; placeholders are not counted');
      assert.equal(await count(), 3);
      assertPlaceholder((await request(`${url}/api/comments/${s.id}`)).body.comment, s.id);
      assert.equal((await request(`${url}/api/comments/${lone.id}`)).status, 404);
      // Paged one top-level comment at a time, the placeholder keeps its place.
      const paged = await allPages(url, threadId, { limit: 1 });
      assert.deepEqual(paged.pages.map((p) => p.comments[0].id), [a.id, s.id]);
      assertWhole(paged.comments);
      // Once nothing visible is below the spam comment, it is not listed at all.
      await request(`${url}/api/admin/comments/${t.id}/spam`, { method: 'POST', headers: admin });
      assert.deepEqual((await request(q)).body.comments.map((x) => x.id), [a.id, b.id, c.id]);
      assert.equal(await count(), 2);
      assert.equal((await request(`${url}/api/comments/${s.id}`)).status, 404);
      // Approving the reply brings its parent back as a placeholder.
      await request(`${url}/api/admin/comments/${t.id}/approve`, { method: 'POST', headers: admin });
      const back = (await request(q)).body;
      assertWhole(back.comments);
      assert.deepEqual(back.comments.map((x) => x.id), [a.id, s.id, b.id, c.id, t.id]);
      assert.equal(back.total, 3);
      // Approving the spam comment itself shows it again, with its author.
      await request(`${url}/api/admin/comments/${s.id}/approve`, { method: 'POST', headers: admin });
      const approved = (await request(`${url}/api/comments/${s.id}`)).body.comment;
      assert.equal(approved.body, 's');
      assert.deepEqual(approved.author, { name: 'Sam' });
      assert.equal(await count(), 4);
    });

    it('stores an Idempotency-Key once, and gives its comment back only for the same post', async () => {
      const threadId = newThread();
      const key = `key-${kind}-scoped`;
      const author = { 'X-Author-Key': `author-${kind}-scoped` };
      const send = (json, headers) => request(`${url}/api/comments`, { method: 'POST', json: { threadId, author: { name: 'Ann' }, body: 'mine', ...json }, headers: { 'Idempotency-Key': key, ...headers } });
      const first = await send({}, author);
      assert.equal(first.status, 201);
      const retry = await send({}, author);
      assert.equal(retry.status, 200);
      assert.equal(retry.body.comment.id, first.body.comment.id);
      assert.equal(retry.body.editToken, first.body.editToken);
      const replays = [
        [{}, {}],
        [{}, { 'X-Author-Key': 'someone-else-entirely' }],
        [{ body: 'not mine' }, author],
        [{ threadId: newThread() }, author],
        [{ author: { name: 'Bob' } }, author],
        [{ parentId: first.body.comment.id }, author],
      ];
      for (const [json, headers] of replays) {
        const replay = await send(json, headers);
        assert.equal(replay.status, 409, JSON.stringify([json, headers]));
        assert.equal(replay.body.error.code, 'conflict');
        assert.match(replay.body.error.message, /Idempotency-Key was already used for a different comment/);
        assert.equal(replay.body.editToken, undefined);
        assert.equal(replay.body.comment, undefined);
      }
      const list = (await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}`)).body;
      assert.deepEqual(list.comments.map((c) => c.id), [first.body.comment.id]);
    });

    it('pages by score with the top sort (scores imported from JSON)', async () => {
      const threadId = newThread();
      const scratch = mkdtempSync(join(tmpdir(), 'ct-top-'));
      try {
        const at = (minute) => new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString();
        const scores = [5, -2, 5, 0, 12, 5, 2147483647, -2147483648, 0, 3];
        const roots = scores.map((score, i) => ({
          id: `${kind}-top-${String.fromCharCode(106 - i)}`, // j, i, h …: ids against the date order
          threadId,
          parentId: null,
          author: { name: `R${i}`, website: null },
          body: `root ${i}`,
          createdAt: at(i === 5 ? 0 : i), // root 5 ties root 0 on score and date: the id decides
          updatedAt: null,
          status: 'published',
          kind: 'comment',
          score,
          authorHash: null,
        }));
        const replies = [0, 4, 7].map((i) => ({ ...roots[i], id: `${roots[i].id}-reply`, parentId: roots[i].id, body: `reply to ${i}`, createdAt: at(30 + i), score: 100 }));
        const file = join(scratch, 'scores.json');
        writeFileSync(file, JSON.stringify({ format: 'comment-thread', version: 1, exportedAt: at(59), comments: [...roots, ...replies] }));
        const imported = await runCli(['import', '--format', 'json', file, '--db', db.url]);
        assert.equal(imported.code, 0, imported.stderr);
        const expected = [...roots].sort((x, y) => y.score - x.score || x.createdAt.localeCompare(y.createdAt) || x.id.localeCompare(y.id)).map((r) => r.id);
        assert.deepEqual(expected.slice(0, 2), [roots[6].id, roots[4].id]);
        for (const limit of [1, 2, 3, 10]) {
          const { pages, comments } = await allPages(url, threadId, { sort: 'top', limit });
          assert.deepEqual(comments.filter((c) => c.parentId === null).map((c) => c.id), expected, `limit ${limit}`);
          assert.equal(pages.length, Math.ceil(roots.length / limit));
          assert.equal(pages.at(-1).nextCursor, null);
          assertWhole(comments);
          for (const page of pages) {
            const ids = new Set(page.comments.filter((c) => c.parentId === null).map((c) => c.id));
            for (const reply of page.comments.filter((c) => c.parentId !== null)) assert.ok(ids.has(reply.parentId), 'replies come with their top-level comment');
          }
          assert.equal(comments.length, roots.length + replies.length);
        }
        const top = (await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}&sort=top&limit=1`)).body;
        assert.equal(top.comments[0].score, 2147483647);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    });

    it('keeps cursors stable while comments are posted between and during pages', async () => {
      const threadId = newThread();
      const originals = [];
      for (let i = 0; i < 12; i++) originals.push((await post(url, { threadId, body: `original ${i}` })).comment);
      await post(url, { threadId, parentId: originals[3].id, body: 'early reply' });
      const fetchPage = async (sort, cursor) =>
        (await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}&sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`)).body;
      for (const sort of ['oldest', 'newest']) {
        const first = await fetchPage(sort, null);
        let posted = 0;
        let stop = false;
        const late = new Set();
        const writer = (async () => {
          for (let i = 0; !stop; i++) {
            const parentId = i % 2 ? originals[(i * 5) % originals.length].id : null;
            late.add((await post(url, { threadId, parentId, body: `${sort} late ${i}` })).comment.id);
            posted++;
          }
        })();
        const pages = [first];
        try {
          while (pages.at(-1).nextCursor && pages.length < 50) {
            const seen = posted;
            while (posted === seen) await new Promise((r) => setTimeout(r, 2)); // at least one post between pages
            pages.push(await fetchPage(sort, pages.at(-1).nextCursor));
          }
        } finally {
          stop = true;
          await writer;
        }
        const comments = pages.flatMap((p) => p.comments);
        const roots = comments.filter((c) => c.parentId === null);
        assert.equal(new Set(comments.map((c) => c.id)).size, comments.length, `${sort}: nothing is listed twice`);
        assertWhole(comments);
        const order = sort === 'oldest' ? originals : [...originals].reverse();
        const originalIds = new Set(originals.map((c) => c.id));
        assert.deepEqual(roots.filter((c) => originalIds.has(c.id)).map((c) => c.id), order.map((c) => c.id), `${sort}: every original once, in order`);
        const keys = roots.map((c) => `${c.createdAt} ${c.id}`);
        const sorted = [...keys].sort();
        assert.deepEqual(keys, sort === 'oldest' ? sorted : sorted.reverse(), `${sort}: pages continue where the last ended`);
        if (sort === 'newest') assert.ok(roots.every((c) => !late.has(c.id)), 'comments newer than the first page never appear on later pages');
        assert.ok(posted >= pages.length - 1, `${posted} posts went in between ${pages.length} pages`);
      }
    });
  });

  describe(`moderation and limits on ${kind}`, () => {
    let db;
    before(async () => {
      db = await freshDatabase(kind);
    });
    after(async () => db?.drop());

    it('holds every comment in "all" mode until approved; the author sees their own', async () => {
      const server = await startServer(['--db', db.url, '--rate-limit', '10000', '--moderation', 'all', '--admin-token', ADMIN]);
      try {
        const threadId = '/moderated';
        const author = { 'X-Author-Key': 'author-key-of-ann-123' };
        const held = await post(server.url, { threadId, body: 'please approve' }, author);
        assert.equal(held.comment.status, 'pending');
        const q = `${server.url}/api/comments?thread=${encodeURIComponent(threadId)}`;
        assert.deepEqual((await request(q)).body.comments, []);
        assert.deepEqual((await request(q, { headers: author })).body.comments.map((c) => c.status), ['pending']);
        assert.deepEqual((await request(q, { headers: { 'X-Author-Key': 'someone-else-entirely' } })).body.comments, []);
        const admin = { authorization: `Bearer ${ADMIN}` };
        const queue = (await request(`${server.url}/api/admin/comments`, { headers: admin })).body.comments;
        assert.deepEqual(queue.map((c) => c.id), [held.comment.id]);
        const events = await openEvents(`${server.url}/api/events?thread=${encodeURIComponent(threadId)}`);
        await events.next('ready');
        const approved = await request(`${server.url}/api/admin/comments/${held.comment.id}/approve`, { method: 'POST', headers: admin });
        assert.equal(approved.body.comment.status, 'published');
        assert.equal((await events.next('created')).data.comment.id, held.comment.id);
        events.close();
        assert.deepEqual((await request(q)).body.comments.map((c) => c.body), ['please approve']);
        const second = await post(server.url, { threadId, body: 'to reject' }, author);
        await request(`${server.url}/api/admin/comments/${second.comment.id}/reject`, { method: 'POST', headers: admin });
        const third = await post(server.url, { threadId, body: 'to spam' }, author);
        await request(`${server.url}/api/admin/comments/${third.comment.id}/spam`, { method: 'POST', headers: admin });
        assert.deepEqual((await request(q, { headers: author })).body.comments.map((c) => c.body), ['please approve']);
        const spam = (await request(`${server.url}/api/admin/comments?status=spam`, { headers: admin })).body.comments;
        assert.deepEqual(spam.map((c) => c.id), [third.comment.id]);
        const deleted = await request(`${server.url}/api/admin/comments/${held.comment.id}`, { method: 'DELETE', headers: admin });
        assert.equal(deleted.status, 204);
        assert.deepEqual((await request(q)).body.comments, []);
      } finally {
        await server.stop();
      }
    });

    it('sends an edit of an approved comment back to review in "all" mode; its replies stay', async () => {
      const server = await startServer(['--db', db.url, '--rate-limit', '10000', '--moderation', 'all', '--admin-token', ADMIN]);
      try {
        const threadId = '/edit-under-review';
        const q = `${server.url}/api/comments?thread=${encodeURIComponent(threadId)}`;
        const author = { 'X-Author-Key': 'author-key-of-the-editor' };
        const held = await post(server.url, { threadId, body: 'the approved words' }, author);
        await request(`${server.url}/api/admin/comments/${held.comment.id}/approve`, { method: 'POST', headers: admin });
        const reply = await post(server.url, { threadId, parentId: held.comment.id, body: 'an approved reply' });
        await request(`${server.url}/api/admin/comments/${reply.comment.id}/approve`, { method: 'POST', headers: admin });
        const events = await openEvents(`${server.url}/api/events?thread=${encodeURIComponent(threadId)}`);
        await events.next('ready');

        const edit = await request(`${server.url}/api/comments/${held.comment.id}`, {
          method: 'PATCH',
          json: { body: 'something else entirely, never reviewed' },
          headers: { authorization: `Bearer ${held.editToken}`, ...author },
        });
        assert.equal(edit.status, 200);
        assert.equal(edit.body.comment.status, 'pending', 'the edit waits for review, and its author is told so');
        assert.equal(edit.body.comment.body, 'something else entirely, never reviewed');

        const everyone = (await request(q)).body.comments;
        assert.deepEqual(everyone.map((c) => c.id), [held.comment.id, reply.comment.id], 'its reply stays in the thread');
        assertPlaceholder(everyone[0], held.comment.id);
        assert.ok(!JSON.stringify(everyone).includes('never reviewed'), 'the new text is not public');
        assert.equal((await request(q)).body.total, 1);
        const live = await events.next('updated');
        assert.equal(live.data.comment.id, held.comment.id);
        assert.equal(live.data.comment.body, '', 'live clients get the placeholder, not the new text');
        const own = (await request(q, { headers: author })).body.comments;
        assert.deepEqual(own.map((c) => [c.status, c.body]), [['pending', 'something else entirely, never reviewed'], ['published', 'an approved reply']]);
        const queue = (await request(`${server.url}/api/admin/comments`, { headers: admin })).body.comments;
        assert.deepEqual(queue.map((c) => c.id), [held.comment.id], 'the edit is in the moderation queue');

        await request(`${server.url}/api/admin/comments/${held.comment.id}/approve`, { method: 'POST', headers: admin });
        assert.equal((await events.next('created')).data.comment.body, 'something else entirely, never reviewed');
        events.close();
        assert.deepEqual((await request(q)).body.comments.map((c) => c.body), ['something else entirely, never reviewed', 'an approved reply']);
      } finally {
        await server.stop();
      }
    });

    it('holds only an author\'s first comment in "first-time" mode', async () => {
      const server = await startServer(['--db', db.url, '--rate-limit', '10000', '--moderation', 'first-time', '--admin-token', ADMIN]);
      try {
        const threadId = '/first-time';
        const author = { 'X-Author-Key': 'first-time-author-key' };
        const admin = { authorization: `Bearer ${ADMIN}` };
        const first = await post(server.url, { threadId, body: 'hello, new here' }, author);
        assert.equal(first.comment.status, 'pending');
        await request(`${server.url}/api/admin/comments/${first.comment.id}/approve`, { method: 'POST', headers: admin });
        const second = await post(server.url, { threadId, body: 'back again' }, author);
        assert.equal(second.comment.status, 'published');
        const anonymous = await post(server.url, { threadId, body: 'no key' });
        assert.equal(anonymous.comment.status, 'pending', 'without an author key every comment is a first one');
      } finally {
        await server.stop();
      }
    });

    it('shows someone else\'s pending comment with published replies as a placeholder', async () => {
      const server = await startServer(['--db', db.url, '--rate-limit', '10000', '--moderation', 'all', '--admin-token', ADMIN]);
      try {
        const threadId = '/pending-parent';
        const q = `${server.url}/api/comments?thread=${encodeURIComponent(threadId)}`;
        const author = { 'X-Author-Key': 'pending-parent-author-key' };
        const parent = await post(server.url, { threadId, body: 'waiting', author: { name: 'Wes' } }, author);
        const reply = await post(server.url, { threadId, parentId: parent.comment.id, body: 'my own follow-up' }, author);
        await request(`${server.url}/api/admin/comments/${reply.comment.id}/approve`, { method: 'POST', headers: admin });
        const seen = (await request(q)).body;
        assertWhole(seen.comments);
        assert.deepEqual(seen.comments.map((c) => c.id), [parent.comment.id, reply.comment.id]);
        assertPlaceholder(seen.comments[0], parent.comment.id);
        assert.equal(seen.total, 1);
        const own = (await request(q, { headers: author })).body.comments;
        assert.deepEqual(own.map((c) => [c.status, c.body]), [['pending', 'waiting'], ['published', 'my own follow-up']], 'the author sees their own');
      } finally {
        await server.stop();
      }
    });

    it('answers 403 on moderation routes when moderation is off', async () => {
      const server = await startServer(['--db', db.url, '--rate-limit', '10000']);
      try {
        const { comment } = await post(server.url, { threadId: '/no-moderation', body: 'x' });
        for (const [method, path] of [
          ['GET', '/api/admin/comments'],
          ['POST', `/api/admin/comments/${comment.id}/approve`],
          ['POST', `/api/admin/comments/${comment.id}/block-author`],
          ['DELETE', `/api/admin/comments/${comment.id}`],
        ]) {
          const result = await request(`${server.url}${path}`, { method, headers: admin });
          assert.equal(result.status, 403, `${method} ${path}`);
          assert.equal(result.body.error.code, 'forbidden');
          assert.match(result.body.error.message, /Moderation is off: start the server with --admin-token/);
        }
        assert.equal((await request(`${server.url}/api/comments/${comment.id}`)).status, 200, 'the comment is untouched');
      } finally {
        await server.stop();
      }
    });

    it('refuses edits after the edit window with a clear message', async () => {
      const server = await startServer(['--db', db.url, '--rate-limit', '10000', '--edit-window', '0']);
      try {
        const { comment, editToken } = await post(server.url, { threadId: '/window', body: 'too late to change' });
        await new Promise((r) => setTimeout(r, 5));
        const late = await request(`${server.url}/api/comments/${comment.id}`, { method: 'PATCH', json: { body: 'x' }, headers: { authorization: `Bearer ${editToken}` } });
        assert.equal(late.status, 403);
        assert.match(late.body.error.message, /for 0 minutes after posting/);
        const lateDelete = await request(`${server.url}/api/comments/${comment.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${editToken}` } });
        assert.equal(lateDelete.status, 403);
      } finally {
        await server.stop();
      }
    });

    it('limits writes per address with 429 and Retry-After', async () => {
      // Buckets live in the database, shared by every server on it: a database of its own.
      const own = await freshDatabase(kind);
      const server = await startServer(['--db', own.url, '--rate-limit', '6']);
      try {
        const statuses = [];
        let retryAfter = null;
        for (let i = 0; i < 4; i++) {
          const r = await request(`${server.url}/api/comments`, { method: 'POST', json: { threadId: '/limited', body: `n${i}` } });
          statuses.push(r.status);
          if (r.status === 429) retryAfter = r.headers.get('retry-after');
        }
        assert.deepEqual(statuses, [201, 201, 429, 429]);
        assert.match(retryAfter, /^\d+$/);
        assert.equal((await request(`${server.url}/api/comments?thread=%2Flimited`)).status, 200, 'reads are not limited');
      } finally {
        await server.stop();
        await own.drop();
      }
    });
  });

  describe(`blocking on ${kind}`, () => {
    let db;
    let server;
    before(async () => {
      db = await freshDatabase(kind);
      server = await startServer(['--db', db.url, '--admin-token', ADMIN, '--rate-limit', '10000']);
    });
    after(async () => {
      await server?.stop();
      await db?.drop();
    });

    // The server listens on 127.0.0.1; visitors come from 127.0.0.2, .3 … as from other networks.
    const postFrom = (address, body, headers = {}) =>
      requestFrom(address, `${server.url}/api/comments`, { method: 'POST', json: { threadId: '/blocking', body }, headers });
    const block = (id) => request(`${server.url}/api/admin/comments/${id}/block-author`, { method: 'POST', headers: admin });

    it('blocks an author by key and by network, so leaving the key out does not get round it', async () => {
      const key = { 'X-Author-Key': 'the-blocked-author-key' };
      const first = await postFrom('127.0.0.2', 'first', key);
      assert.equal(first.status, 201);
      const blocked = await block(first.body.comment.id);
      assert.equal(blocked.status, 200);
      assert.deepEqual(blocked.body, { blocked: true, authorKey: true, network: true });
      for (const headers of [key, {}, { 'X-Author-Key': 'a-brand-new-random-key' }]) {
        const refused = await postFrom('127.0.0.2', 'again', headers);
        assert.equal(refused.status, 403, JSON.stringify(headers));
        assert.equal(refused.body.error.code, 'forbidden');
        assert.match(refused.body.error.message, /You cannot comment on this site/);
      }
      const movedAway = await postFrom('127.0.0.3', 'from another network', key);
      assert.equal(movedAway.status, 403, 'the key stays blocked on any network');
      const neighbour = await postFrom('127.0.0.3', 'someone else on another network');
      assert.equal(neighbour.status, 201, 'other visitors are not blocked');
    });

    it('blocks the network of a comment posted without an author key', async () => {
      const anonymous = await postFrom('127.0.0.4', 'no key');
      assert.equal(anonymous.status, 201);
      const blocked = await block(anonymous.body.comment.id);
      assert.deepEqual(blocked.body, { blocked: true, authorKey: false, network: true });
      assert.equal((await postFrom('127.0.0.4', 'again')).status, 403);
      assert.equal((await postFrom('127.0.0.4', 'again', { 'X-Author-Key': 'fresh-key-after-block' })).status, 403);
      assert.equal((await postFrom('127.0.0.5', 'elsewhere')).status, 201);
    });
  });

  describe(`client addresses behind a proxy on ${kind}`, () => {
    // Rate-limit buckets live in the database: each test has its own, so none starts with a
    // budget another spent.
    let db;
    beforeEach(async () => {
      db = await freshDatabase(kind);
    });
    afterEach(async () => {
      await db?.drop();
    });

    // Every request comes from 127.0.0.1, as from one reverse proxy; X-Forwarded-For says who for.
    const forwarded = (address) => (address === undefined ? {} : { 'X-Forwarded-For': address });
    const postAs = (server, address, threadId, body, headers = {}) =>
      request(`${server.url}/api/comments`, { method: 'POST', json: { threadId, body }, headers: { ...forwarded(address), ...headers } });
    /** --rate-limit 6 allows a burst of 2 writes. */
    const statusesOf = async (server, threadId, addresses) => {
      const statuses = [];
      for (const address of addresses) statuses.push((await postAs(server, address, threadId, 'x')).status);
      return statuses;
    };

    it('with --trust-proxy 1, gives each forwarded client its own rate-limit bucket', async () => {
      const server = await startServer(['--db', db.url, '--rate-limit', '6', '--trust-proxy', '1']);
      try {
        assert.deepEqual(await statusesOf(server, '/proxied-limit', ['198.51.100.1', '198.51.100.1', '198.51.100.1']), [201, 201, 429]);
        assert.deepEqual(await statusesOf(server, '/proxied-limit', ['198.51.100.2', '203.0.113.66, 198.51.100.2']), [201, 201], 'another client has its own bucket');
        assert.equal((await postAs(server, '198.51.100.2', '/proxied-limit', 'x')).status, 429, 'a forged left entry does not buy a new bucket');
        assert.equal((await postAs(server, '198.51.100.1, 198.51.100.3', '/proxied-limit', 'x')).status, 201, 'only the entry the proxy wrote counts');
      } finally {
        await server.stop();
      }
    });

    it('with --trust-proxy 1, falls back to the socket address when the header is missing or malformed', async () => {
      const server = await startServer(['--db', db.url, '--rate-limit', '6', '--trust-proxy', '1']);
      try {
        assert.deepEqual(await statusesOf(server, '/proxied-fallback', [undefined, 'not-an-address', '198.51.100.7,']), [201, 201, 429], 'all three count against 127.0.0.1');
        assert.equal((await postAs(server, '198.51.100.7', '/proxied-fallback', 'x')).status, 201);
      } finally {
        await server.stop();
      }
    });

    it('by default, ignores a forged X-Forwarded-For: one bucket, the socket address', async () => {
      const server = await startServer(['--db', db.url, '--rate-limit', '6']);
      try {
        assert.deepEqual(await statusesOf(server, '/unproxied-limit', ['198.51.100.1', '198.51.100.2', undefined]), [201, 201, 429]);
      } finally {
        await server.stop();
      }
    });

    it('with --trust-proxy 1, block-author blocks the forwarded network only', async () => {
      const server = await startServer(['--db', db.url, '--admin-token', ADMIN, '--rate-limit', '10000', '--trust-proxy', '1']);
      try {
        const block = async (id) => {
          const blocked = await request(`${server.url}/api/admin/comments/${id}/block-author`, { method: 'POST', headers: admin });
          assert.deepEqual(blocked.body, { blocked: true, authorKey: false, network: true });
        };
        const spammer = await postAs(server, '203.0.113.9', '/proxied-block', 'spam');
        assert.equal(spammer.status, 201);
        await block(spammer.body.comment.id);
        assert.equal((await postAs(server, '203.0.113.9', '/proxied-block', 'again')).status, 403);
        assert.equal((await postAs(server, 'forged, 203.0.113.9', '/proxied-block', 'again')).status, 403, 'a forged left entry does not get round it');
        assert.equal((await postAs(server, '203.0.113.10', '/proxied-block', 'a neighbour')).status, 201, 'other visitors behind the proxy may post');
        assert.equal((await postAs(server, undefined, '/proxied-block', 'the proxy itself')).status, 201, 'the proxy address is not blocked');

        const v6 = await postAs(server, '[2001:db8:1:2::1]:51000', '/proxied-block', 'spam over IPv6');
        assert.equal(v6.status, 201);
        await block(v6.body.comment.id);
        assert.equal((await postAs(server, '2001:db8:1:2::99', '/proxied-block', 'same /64')).status, 403);
        assert.equal((await postAs(server, '2001:db8:1:3::1', '/proxied-block', 'another /64')).status, 201);
      } finally {
        await server.stop();
      }
    });

    it('by default, block-author blocks the socket network whatever X-Forwarded-For says', async () => {
      const server = await startServer(['--db', db.url, '--admin-token', ADMIN, '--rate-limit', '10000']);
      try {
        const url = `${server.url}/api/comments`;
        const from = (address, headers) => requestFrom('127.0.0.6', url, { method: 'POST', json: { threadId: '/unproxied-block', body: 'x' }, headers: { ...forwarded(address), ...headers } });
        const spam = await from('198.51.100.20');
        assert.equal(spam.status, 201);
        const blocked = await request(`${server.url}/api/admin/comments/${spam.body.comment.id}/block-author`, { method: 'POST', headers: admin });
        assert.equal(blocked.status, 200);
        assert.equal((await from('198.51.100.21')).status, 403, 'a new forged address does not get round the block');
        assert.equal((await from(undefined)).status, 403);
        assert.equal((await postAs(server, '198.51.100.20', '/unproxied-block', 'x')).status, 201, 'the forged address itself was not blocked');
      } finally {
        await server.stop();
      }
    });
  });
}
