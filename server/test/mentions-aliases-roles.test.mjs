// A blog's comments come across whole: mentions (pingbacks, trackbacks, webmentions) listed
// apart from the comments, old ids kept as aliases, the site author's verified role, and the
// schema change (version 4) that holds them, upgraded from version 3 with data in it. Real
// server processes on a real SQLite file and a real PostgreSQL database, as everywhere else;
// imports go through the store's own `importComments`, on the same database.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import pg from 'pg';
import { ALL_VERSIONS, BACKENDS, assertPlaceholder, assertWhole, databaseAtVersion, freshDatabase, post, request, runCli, startServer } from './helpers.mjs';
import { openStore } from '../dist/open-store.js';

const ADMIN = 'admin-token-for-roles-tests-0123';
const admin = { authorization: `Bearer ${ADMIN}` };
const BLOG = '/2024/05/whole-blog/';
const OTHER = '/2024/06/another-post/';

const at = (minute) => new Date(Date.UTC(2024, 4, 1, 10, minute)).toISOString();

/** An imported row, as the importer hands them to `importComments`. */
function row(id, minute, fields = {}) {
  return {
    id,
    threadId: BLOG,
    parentId: null,
    rootId: id,
    authorName: 'Guest',
    authorWebsite: null,
    body: `body of ${id}`,
    status: 'published',
    kind: 'comment',
    createdAt: at(minute),
    editTokenHash: null,
    authorHash: null,
    ...fields,
  };
}

/**
 * The blog post's thread: five top-level comments (one by the post's author, verified), a
 * reply chain three deep under c1, a pingback with a reply (WordPress allows them), a
 * trackback, a webmention and a spam pingback; aliases, three of which cannot be kept.
 */
const ROWS = [
  row('c1', 1, { authorName: 'Ann', aliases: ['5'] }),
  row('p1', 2, { kind: 'pingback', authorName: 'Other Blog', authorWebsite: 'https://other.example/links', aliases: ['6'] }),
  row('c2', 3, { authorName: 'Ken Cochrum', role: 'author', aliases: ['7', 'c2'] }),
  row('t1', 4, { kind: 'trackback', authorName: 'Old Blog' }),
  row('c3', 5, { aliases: ['5'] }),
  row('w1', 6, { kind: 'webmention', authorName: 'Elsewhere', authorWebsite: 'https://elsewhere.example/post', aliases: ['wm-1'] }),
  row('c4', 7, { aliases: ['c5'] }),
  row('c5', 8, { aliases: ['x'.repeat(101)] }),
  row('r1', 9, { parentId: 'c1', rootId: 'c1', aliases: ['9'] }),
  row('r2', 10, { parentId: 'r1', rootId: 'c1' }),
  row('r3', 11, { parentId: 'r2', rootId: 'c1', aliases: ['11'] }),
  row('sp', 12, { kind: 'pingback', status: 'spam', authorName: 'Spam Blog' }),
  row('pr', 13, { parentId: 'p1', rootId: 'p1', authorName: 'Ann', body: 'a reply to the pingback, from the old blog' }),
  row('o1', 14, { threadId: OTHER, aliases: ['5'] }),
];

/** What the import of ROWS cannot keep, in the order of the rows. */
const SKIPPED_ALIASES = [
  { threadId: BLOG, alias: '5', commentId: 'c3', reason: 'taken', takenBy: 'c1' },
  { threadId: BLOG, alias: 'c5', commentId: 'c4', reason: 'taken', takenBy: 'c5' },
  { threadId: BLOG, alias: 'x'.repeat(101), commentId: 'c5', reason: 'invalid' },
];

async function withStore(db, work) {
  const store = await openStore(db.url);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

const listUrl = (url, thread, query = '') => `${url}/api/comments?thread=${encodeURIComponent(thread)}${query}`;


for (const kind of BACKENDS) {
  describe(`schema version 4 on ${kind}`, () => {
    let db;
    before(async () => {
      db = await freshDatabase(kind);
    });
    after(async () => {
      await db?.drop();
    });

    // A database as version 3 left it, with a comment, a reply, a pingback, a pending comment
    // with an author key and a network, an idempotency key, a blocked author and the secret.
    const V3_ROWS = [
      ['v3a', null, 'v3a', 'Vera', 'https://vera.example/', 'the first', 'published', 'comment', 2, '2023-01-01T09:00:00.000Z', null, 'hash-a', 'author-a', 'net-a'],
      ['v3b', 'v3a', 'v3a', 'Walt', null, 'a reply', 'published', 'comment', 0, '2023-01-01T10:00:00.000Z', '2023-01-01T10:05:00.000Z', 'hash-b', 'author-b', null],
      ['v3c', null, 'v3c', 'Some Blog', 'https://some.example/', 'pinged', 'published', 'pingback', 0, '2023-01-01T11:00:00.000Z', null, null, null, null],
      ['v3d', null, 'v3d', 'Xena', null, 'waiting', 'pending', 'comment', 0, '2023-01-01T12:00:00.000Z', null, 'hash-d', 'author-d', 'net-d'],
    ];
    const INSERT_V3 = `INSERT INTO comments (id, thread_id, parent_id, root_id, author_name, author_website, body, status, kind, score, created_at, updated_at, edit_token_hash, author_hash, address_hash)`;
    const THREAD = '/old/thread';

    function makeVersion3() {
      return databaseAtVersion(db, 3, {
        foreignKeys: true,
        sqlite: (raw) => {
          const insert = raw.prepare(`${INSERT_V3} VALUES (?, '${THREAD}', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
          for (const values of V3_ROWS) insert.run(...values);
          raw.prepare('INSERT INTO idempotency_keys (key, comment_id, created_at, fingerprint) VALUES (?, ?, ?, ?)').run('key-1', 'v3a', '2023-01-01T09:00:00.000Z', 'fp');
          raw.prepare('INSERT INTO blocked_authors (author_hash, created_at) VALUES (?, ?)').run('author-x', '2023-01-01T00:00:00.000Z');
          raw.prepare(`INSERT INTO settings (name, value) VALUES ('secret', 'old-secret')`).run();
        },
        postgres: async (client) => {
          // Someone renamed the constraint by hand: version 4 finds it by its column anyway.
          await client.query('ALTER TABLE comments RENAME CONSTRAINT comments_kind_check TO kind_is_known');
          for (const values of V3_ROWS) {
            const [id, ...rest] = values;
            await client.query(`${INSERT_V3} VALUES ($1, '${THREAD}', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`, [id, ...rest]);
          }
          await client.query('INSERT INTO idempotency_keys (key, comment_id, created_at, fingerprint) VALUES ($1, $2, $3, $4)', ['key-1', 'v3a', '2023-01-01T09:00:00.000Z', 'fp']);
          await client.query('INSERT INTO blocked_authors (author_hash, created_at) VALUES ($1, $2)', ['author-x', '2023-01-01T00:00:00.000Z']);
          await client.query(`INSERT INTO settings (name, value) VALUES ('secret', 'old-secret')`);
        },
      });
    }

    it('upgrades a version 3 database with data: rows, references, indexes and keys intact, the new kind and role checked', async () => {
      await makeVersion3();
      const server = await startServer(['--db', db.url]);
      try {
        const list = (await request(listUrl(server.url, THREAD))).body;
        assertWhole(list.comments);
        assert.deepEqual(list.comments.map((c) => c.id), ['v3a', 'v3b', 'v3c'], 'comments and their reply, then the pingback; the pending one stays hidden');
        assert.equal(list.total, 2);
        assert.equal(list.mentions, 1);
        const [a, b, c] = list.comments;
        assert.deepEqual(a.author, { name: 'Vera', website: 'https://vera.example/' });
        assert.equal(a.score, 2);
        assert.equal(b.updatedAt, '2023-01-01T10:05:00.000Z');
        assert.equal(c.kind, 'pingback');
        const pending = (await request(listUrl(server.url, THREAD), { headers: { 'X-Author-Key': 'not-the-key' } })).body;
        assert.equal(pending.comments.length, 3);
        const reply = (await request(`${server.url}/api/comments/v3b`)).body;
        assert.deepEqual(reply.ancestors.map((x) => x.id), ['v3a']);
      } finally {
        await server.stop();
      }
      if (kind === 'sqlite') {
        const raw = new Database(db.url.slice('sqlite:'.length));
        try {
          raw.pragma('foreign_keys = ON');
          assert.deepEqual(raw.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all(), ALL_VERSIONS);
          assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
          assert.deepEqual(raw.pragma('foreign_key_check'), []);
          const rows = raw.prepare('SELECT id, parent_id, root_id, author_name, author_website, body, status, kind, score, created_at, updated_at, edit_token_hash, author_hash, address_hash, role FROM comments ORDER BY id').raw().all();
          // The sweep at start forgot the edit-token hashes and network hashes: their time (2023) has passed.
          const swept = (values) => values.map((value, i) => (i === 11 || i === 13 ? null : value));
          assert.deepEqual(rows, V3_ROWS.map((values) => [...swept(values), null]), 'every row and column as it was, without a role');
          assert.deepEqual(raw.prepare(`SELECT thread_id FROM comments GROUP BY thread_id`).pluck().all(), [THREAD]);
          const indexes = raw.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'comments' AND sql IS NOT NULL ORDER BY name`).all();
          assert.deepEqual(indexes.map((i) => i.name), ['comments_by_author', 'comments_by_parent', 'comments_by_root', 'comments_by_status', 'comments_feed', 'comments_roots', 'comments_thread_feed', 'comments_top', 'comments_verified', 'comments_with_address', 'comments_with_edit_token', 'comments_with_email']);
          assert.match(indexes.find((i) => i.name === 'comments_roots').sql, /WHERE parent_id IS NULL/);
          const fks = raw.pragma('foreign_key_list(comments)');
          assert.deepEqual(fks.map((fk) => [fk.from, fk.table, fk.to]), [['parent_id', 'comments', 'id']]);
          assert.deepEqual(raw.pragma('foreign_key_list(idempotency_keys)').map((fk) => [fk.from, fk.table, fk.on_delete]), [['comment_id', 'comments', 'CASCADE']]);
          assert.deepEqual(raw.prepare('SELECT key, comment_id FROM idempotency_keys').raw().all(), [['key-1', 'v3a']], 'the rebuild did not cascade to the keys');
          assert.equal(raw.prepare(`SELECT value FROM settings WHERE name = 'secret'`).pluck().get(), 'old-secret');
          assert.equal(raw.prepare('SELECT count(*) FROM blocked_authors').pluck().get(), 1);
          const add = raw.prepare(`INSERT INTO comments (id, thread_id, parent_id, root_id, body, status, kind, role, created_at) VALUES (?, '${THREAD}', ?, ?, 'x', 'published', ?, ?, '2023-02-01T00:00:00.000Z')`);
          add.run('wm', null, 'wm', 'webmention', null);
          add.run('mod', null, 'mod', 'comment', 'moderator');
          assert.throws(() => add.run('bad-kind', null, 'bad-kind', 'like', null), /CHECK constraint failed/);
          assert.throws(() => add.run('bad-role', null, 'bad-role', 'comment', 'owner'), /CHECK constraint failed/);
          assert.throws(() => add.run('orphan', 'missing', 'missing', 'comment', null), /FOREIGN KEY constraint failed/);
          raw.prepare(`INSERT INTO comment_aliases (thread_id, alias, comment_id) VALUES (?, '1', 'v3a')`).run(THREAD);
          assert.throws(() => raw.prepare(`INSERT INTO comment_aliases (thread_id, alias, comment_id) VALUES (?, '1', 'v3c')`).run(THREAD), /UNIQUE constraint failed/);
          assert.throws(() => raw.prepare(`INSERT INTO comment_aliases (thread_id, alias, comment_id) VALUES (?, '2', 'missing')`).run(THREAD), /FOREIGN KEY constraint failed/);
          raw.prepare(`DELETE FROM comments WHERE id = 'v3b'`).run();
          raw.prepare(`DELETE FROM comments WHERE id = 'v3a'`).run();
          assert.equal(raw.prepare('SELECT count(*) FROM idempotency_keys').pluck().get(), 0, 'keys still go with their comment');
          assert.equal(raw.prepare('SELECT count(*) FROM comment_aliases').pluck().get(), 0, 'and so do aliases');
        } finally {
          raw.close();
        }
      } else {
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        try {
          assert.deepEqual((await client.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version), ALL_VERSIONS);
          const checks = (await client.query(`SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'comments'::regclass AND contype = 'c' ORDER BY conname`)).rows;
          assert.deepEqual(checks.map((c) => c.conname), ['comments_kind_check', 'comments_role_check', 'comments_status_check']);
          assert.match(checks[0].def, /webmention/);
          const rows = (await client.query('SELECT id, parent_id, author_name, status, kind, score, role, address_hash FROM comments ORDER BY id')).rows;
          assert.deepEqual(rows.map((r) => [r.id, r.parent_id, r.author_name, r.status, r.kind, r.score, r.role, r.address_hash]), V3_ROWS.map((v) => [v[0], v[1], v[3], v[6], v[7], v[8], null, null]), 'their networks swept: 2023 is long past');
          assert.equal((await client.query('SELECT count(*)::int AS n FROM idempotency_keys')).rows[0].n, 1);
          const add = (id, kindValue, role) =>
            client.query(`INSERT INTO comments (id, thread_id, parent_id, root_id, body, status, kind, role, created_at) VALUES ($1, $2, NULL, $1, 'x', 'published', $3, $4, now())`, [id, THREAD, kindValue, role]);
          await add('wm', 'webmention', null);
          await add('mod', 'comment', 'moderator');
          await assert.rejects(add('bad-kind', 'like', null), (error) => error.code === '23514');
          await assert.rejects(add('bad-role', 'comment', 'owner'), (error) => error.code === '23514');
          await client.query(`INSERT INTO comment_aliases (thread_id, alias, comment_id) VALUES ($1, '1', 'v3a')`, [THREAD]);
          await assert.rejects(client.query(`INSERT INTO comment_aliases (thread_id, alias, comment_id) VALUES ($1, '1', 'v3c')`, [THREAD]), (error) => error.code === '23505');
          await client.query(`DELETE FROM comments WHERE id IN ('v3b')`);
          await client.query(`DELETE FROM comments WHERE id IN ('v3a')`);
          assert.equal((await client.query('SELECT count(*)::int AS n FROM comment_aliases')).rows[0].n, 0, 'aliases go with their comment');
          assert.equal((await client.query('SELECT count(*)::int AS n FROM idempotency_keys')).rows[0].n, 0);
        } finally {
          await client.end();
        }
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

  describe(`mentions, aliases and roles on ${kind}`, () => {
    let db;
    let server;
    let url;
    let imported;
    before(async () => {
      db = await freshDatabase(kind);
      await withStore(db, async (store) => {
        imported = await store.importComments(ROWS);
      });
      server = await startServer(['--db', db.url, '--admin-token', ADMIN, '--rate-limit', '10000']);
      url = server.url;
    });
    after(async () => {
      await server?.stop();
      await db?.drop();
    });

    it('imports webmentions, roles and aliases, and reports the aliases it cannot keep', async () => {
      assert.deepEqual(imported, { imported: ROWS.length, skipped: 0, aliases: 7, skippedAliases: SKIPPED_ALIASES });
      const stored = await withStore(db, (store) => store.all());
      const byId = Object.fromEntries(stored.map((c) => [c.id, c]));
      assert.equal(byId.w1.kind, 'webmention');
      assert.equal(byId.c2.role, 'author');
      assert.equal(byId.c1.role, null);
      assert.deepEqual(byId.c1.aliases, ['5']);
      assert.deepEqual(byId.c2.aliases, ['7'], 'its own id is not an alias');
      assert.deepEqual(byId.c3.aliases, []);
      assert.deepEqual(byId.o1.aliases, ['5'], 'an alias is unique within a thread only');
      // Run again: nothing new, the same aliases refused, and one for a comment of another thread.
      const again = await withStore(db, (store) => store.importComments([...ROWS, row('c1', 1, { threadId: OTHER, aliases: ['c1-elsewhere'] })]));
      assert.deepEqual(again, {
        imported: 0,
        skipped: ROWS.length + 1,
        aliases: 0,
        skippedAliases: [...SKIPPED_ALIASES, { threadId: OTHER, alias: 'c1-elsewhere', commentId: 'c1', reason: 'not-stored' }],
      });
      const webmention = (await request(`${url}/api/comments/w1`)).body;
      assert.deepEqual(webmention, {
        comment: {
          id: 'w1',
          threadId: BLOG,
          parentId: null,
          author: { name: 'Elsewhere', website: 'https://elsewhere.example/post' },
          body: 'body of w1',
          html: '<p>body of w1</p>\n',
          createdAt: at(6),
          status: 'published',
          kind: 'webmention',
          aliases: ['wm-1'],
          score: 0,
        },
        ancestors: [],
      });
    });

    it('lists mentions on the first page only, apart from paging, total and the mentions count', async () => {
      const pages = [];
      let cursor = null;
      do {
        const page = (await request(listUrl(url, BLOG, `&limit=2${cursor ? `&cursor=${cursor}` : ''}`))).body;
        assertWhole(page.comments);
        pages.push(page);
        cursor = page.nextCursor;
      } while (cursor && pages.length < 10);
      assert.deepEqual(
        pages.map((p) => p.comments.map((c) => c.id)),
        [['c1', 'c2', 'r1', 'r2', 'r3', 'p1', 't1', 'w1', 'pr'], ['c3', 'c4'], ['c5']],
        'two comments a page with their replies; the mentions (and the reply one got on the old blog) on the first page only',
      );
      for (const page of pages) {
        assert.equal(page.total, 9, 'published comments: c1 to c5, r1 to r3 and pr; no mentions');
        assert.equal(page.mentions, 3, 'the pingback, trackback and webmention; not the spam pingback');
      }
      const first = Object.fromEntries(pages[0].comments.map((c) => [c.id, c]));
      assert.equal(first.p1.kind, 'pingback');
      assert.equal(first.t1.kind, 'trackback');
      assert.equal(first.w1.kind, 'webmention');
      assert.equal('kind' in first.c1, false, 'a comment has no kind on the wire');
      assert.deepEqual(first.c1.aliases, ['5']);
      assert.equal('aliases' in first.r2, false, 'no aliases, no field');
      assert.deepEqual(first.c2.author, { name: 'Ken Cochrum', role: 'author' });
      assert.deepEqual(first.c1.author, { name: 'Ann' });
      const newest = (await request(listUrl(url, BLOG, '&sort=newest&limit=2'))).body;
      assert.deepEqual(newest.comments.map((c) => c.id), ['c5', 'c4', 'p1', 't1', 'w1', 'pr'], 'mentions stay oldest first whatever the order');
      const top = (await request(listUrl(url, BLOG, '&sort=top&limit=100'))).body;
      assert.deepEqual(top.comments.filter((c) => c.parentId === null && !c.kind).length, 5);
      assert.equal(top.nextCursor, null);
      const other = (await request(listUrl(url, OTHER))).body;
      assert.deepEqual([other.comments.map((c) => c.id), other.total, other.mentions], [['o1'], 1, 0]);
    });

    it('counts comments only, not mentions', async () => {
      const q = `thread=${encodeURIComponent(BLOG)}&thread=${encodeURIComponent(OTHER)}`;
      assert.deepEqual((await request(`${url}/api/counts?${q}`)).body, { counts: { [BLOG]: 9, [OTHER]: 1 } });
      assert.deepEqual((await request(`${url}/api/counts`, { method: 'POST', json: { threads: [BLOG] } })).body, { counts: { [BLOG]: 9 } });
    });

    it('finds a comment by id, or by alias within a thread, with its ancestors top-level first', async () => {
      const byAlias = await request(`${url}/api/comments/11?thread=${encodeURIComponent(BLOG)}`);
      assert.equal(byAlias.status, 200);
      assert.equal(byAlias.body.comment.id, 'r3');
      assert.deepEqual(byAlias.body.comment.aliases, ['11']);
      assert.deepEqual(byAlias.body.ancestors.map((c) => [c.id, c.status, c.body]), [['c1', 'published', 'body of c1'], ['r1', 'published', 'body of r1'], ['r2', 'published', 'body of r2']]);
      assert.deepEqual(byAlias.body.ancestors[0].aliases, ['5']);
      const byId = await request(`${url}/api/comments/r3`);
      assert.deepEqual(byId.body, byAlias.body, 'by id, without a thread, the same answer');
      const byIdInThread = await request(`${url}/api/comments/r3?thread=${encodeURIComponent(BLOG)}`);
      assert.deepEqual(byIdInThread.body, byAlias.body);
      assert.equal((await request(`${url}/api/comments/6?thread=${encodeURIComponent(BLOG)}`)).body.comment.id, 'p1');
      assert.equal((await request(`${url}/api/comments/5?thread=${encodeURIComponent(BLOG)}`)).body.comment.id, 'c1');
      assert.equal((await request(`${url}/api/comments/5?thread=${encodeURIComponent(OTHER)}`)).body.comment.id, 'o1', 'the same alias in another thread');
      const top = (await request(`${url}/api/comments/7?thread=${encodeURIComponent(BLOG)}`)).body;
      assert.deepEqual([top.comment.id, top.comment.author.role, top.ancestors], ['c2', 'author', []]);
      const reply = (await request(`${url}/api/comments/pr`)).body;
      assert.deepEqual(reply.ancestors.map((c) => [c.id, c.kind]), [['p1', 'pingback']]);
    });

    it('answers 404 for an alias without its thread, in another thread, and for ids no comment can have', async () => {
      const cases = [
        '/api/comments/11',
        '/api/comments/5',
        `/api/comments/11?thread=${encodeURIComponent(OTHER)}`,
        `/api/comments/r3?thread=${encodeURIComponent(OTHER)}`,
        `/api/comments/nothing?thread=${encodeURIComponent(BLOG)}`,
        `/api/comments/${'x'.repeat(101)}?thread=${encodeURIComponent(BLOG)}`,
        `/api/comments/a%00b?thread=${encodeURIComponent(BLOG)}`,
        `/api/comments/%1b?thread=${encodeURIComponent(BLOG)}`,
        '/api/comments/sp',
      ];
      for (const path of cases) {
        const result = await request(`${url}${path}`);
        assert.equal(result.status, 404, path.slice(0, 60));
        assert.equal(result.body.error.code, 'not-found');
        assert.match(result.body.error.message, /There is no such comment/);
      }
      for (const thread of ['', 't'.repeat(501), 'a%00b']) {
        const result = await request(`${url}/api/comments/c1?thread=${thread}`);
        assert.equal(result.status, 400, thread.slice(0, 20));
        assert.equal(result.body.error.field, 'threadId');
      }
    });

    it('shows a hidden ancestor as a placeholder, on the terms of the list', async () => {
      const threadId = '/hidden-ancestor';
      const h1 = (await post(url, { threadId, body: 'level 0' })).comment;
      const h2 = (await post(url, { threadId, parentId: h1.id, body: 'level 1', author: { name: 'Hal', website: 'https://hal.example' } })).comment;
      const h3 = (await post(url, { threadId, parentId: h2.id, body: 'level 2' })).comment;
      const h4 = (await post(url, { threadId, parentId: h3.id, body: 'level 3' })).comment;
      assert.equal((await request(`${url}/api/admin/comments/${h2.id}/reject`, { method: 'POST', headers: admin })).status, 200);
      const { body } = await request(`${url}/api/comments/${h4.id}?thread=${encodeURIComponent(threadId)}`);
      assert.deepEqual(body.comment, h4);
      assert.deepEqual(body.ancestors.map((c) => c.id), [h1.id, h2.id, h3.id]);
      assert.deepEqual(body.ancestors[0], h1);
      assertPlaceholder(body.ancestors[1], h2.id);
      assert.deepEqual(body.ancestors[2], h3);
      const list = (await request(listUrl(url, threadId))).body.comments;
      assert.deepEqual(body.ancestors, list.slice(0, 3), 'each ancestor exactly as the list shows it');
    });

    it('refuses a reply to a mention with 400 on parentId; replies to comments still list', async () => {
      const before = (await request(listUrl(url, BLOG))).body;
      for (const parentId of ['p1', 't1', 'w1']) {
        const refused = await request(`${url}/api/comments`, { method: 'POST', json: { threadId: BLOG, parentId, body: 'replying to a mention' } });
        assert.equal(refused.status, 400, parentId);
        assert.equal(refused.body.error.code, 'invalid');
        assert.equal(refused.body.error.field, 'parentId');
        assert.match(refused.body.error.message, /mention of this page elsewhere, which takes no replies/);
      }
      const reply = await post(url, { threadId: BLOG, parentId: 'c2', body: 'a reply to the author' });
      const toReply = await post(url, { threadId: BLOG, parentId: 'pr', body: 'a reply to the reply under the pingback' });
      const after = (await request(listUrl(url, BLOG, '&limit=2'))).body;
      assertWhole(after.comments);
      assert.deepEqual(after.comments.map((c) => c.id), ['c1', 'c2', 'r1', 'r2', 'r3', reply.comment.id, 'p1', 't1', 'w1', 'pr', toReply.comment.id]);
      assert.equal(after.total, before.total + 2);
      assert.equal(after.mentions, before.mentions);
      assert.deepEqual((await request(`${url}/api/counts?thread=${encodeURIComponent(BLOG)}`)).body.counts[BLOG], before.total + 2);
    });

    it('gives a post made with the admin token the author role, and publishes it at once', async () => {
      const threadId = '/admin-posts';
      const created = await request(`${url}/api/comments`, { method: 'POST', json: { threadId, body: 'Thanks for reading!', author: { name: 'Ken Cochrum' } }, headers: admin });
      assert.equal(created.status, 201);
      assert.deepEqual(created.body.comment.author, { name: 'Ken Cochrum', role: 'author' });
      assert.equal(created.body.comment.status, 'published');
      const listed = (await request(listUrl(url, threadId))).body.comments;
      assert.deepEqual(listed, [created.body.comment]);
      // An edit changes the body, never the role, whatever the request says.
      const edited = await request(`${url}/api/comments/${created.body.comment.id}`, {
        method: 'PATCH',
        json: { body: 'Thanks for reading, all!', role: 'moderator', author: { name: 'Someone Else', role: 'moderator' } },
        headers: { authorization: `Bearer ${created.body.editToken}` },
      });
      assert.equal(edited.status, 200);
      assert.deepEqual(edited.body.comment.author, { name: 'Ken Cochrum', role: 'author' });
      assert.equal(edited.body.comment.body, 'Thanks for reading, all!');
      // A guest's comment gets no role, whatever it sends.
      const guest = await request(`${url}/api/comments`, { method: 'POST', json: { threadId, body: 'hi', role: 'author', author: { name: 'Ken Cochran', role: 'author' } } });
      assert.equal(guest.status, 201);
      assert.deepEqual(guest.body.comment.author, { name: 'Ken Cochran' });
      const guestEdit = await request(`${url}/api/comments/${guest.body.comment.id}`, { method: 'PATCH', json: { body: 'hi again', role: 'author' }, headers: { authorization: `Bearer ${guest.body.editToken}` } });
      assert.deepEqual(guestEdit.body.comment.author, { name: 'Ken Cochran' });
      // Another token is refused, not posted as a guest's.
      const wrong = await request(`${url}/api/comments`, { method: 'POST', json: { threadId, body: 'x', author: { name: 'Ken' } }, headers: { authorization: 'Bearer not-the-admin-token-at-all' } });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.error.code, 'unauthorized');
      assert.match(wrong.body.error.message, /not the admin token/);
      assert.deepEqual((await request(listUrl(url, threadId))).body.comments.map((c) => c.body), ['Thanks for reading, all!', 'hi again']);
    });

    it('refuses a guest the name of a verified author, however it is written', async () => {
      const threadId = '/impersonation';
      const names = [
        'Ken Cochrum',
        'ken cochrum',
        'KEN COCHRUM',
        'ken  cochrum',
        '  Ken   Cochrum ',
        'Ken\tCochrum',
        'Ken\u00a0Cochrum',
        'Ken\u3000Cochrum',
        'Ｋｅｎ Ｃｏｃｈｒｕｍ',
        'ＫＥＮ　ＣＯＣＨＲＵＭ',
        'Ken\u200b Cochrum',
        'Ke\u00adn Cochrum',
      ];
      for (const name of names) {
        const refused = await request(`${url}/api/comments`, { method: 'POST', json: { threadId, body: 'I am the author, honest', author: { name } } });
        assert.equal(refused.status, 400, JSON.stringify(name));
        assert.deepEqual(refused.body, {
          error: { code: 'invalid', field: 'author.name', message: "That name belongs to the site's author (or a moderator) here. Please choose another name." },
        });
      }
      for (const name of ['Ken Cochran', 'Ken', 'Ken Cochrum Fan', 'Ann', '']) {
        const allowed = await request(`${url}/api/comments`, { method: 'POST', json: { threadId, body: `as ${name}`, author: { name } } });
        assert.equal(allowed.status, 201, JSON.stringify(name));
        assert.equal(allowed.body.comment.author.role, undefined);
      }
      assert.equal((await request(listUrl(url, threadId))).body.total, 5, 'nothing refused was stored');
    });

    it('gives the moderator role with --admin-role moderator, and takes the new name from guests at once, from another process', async () => {
      const moderating = await startServer(['--db', db.url, '--admin-token', ADMIN, '--admin-role', 'moderator', '--moderation', 'all']);
      try {
        const threadId = '/moderator';
        const guest = await post(moderating.url, { threadId, body: 'waiting' });
        assert.equal(guest.comment.status, 'pending', 'guests wait for moderation here');
        const staff = await request(`${moderating.url}/api/comments`, { method: 'POST', json: { threadId, body: 'Welcome!', author: { name: 'Mo Derator' } }, headers: admin });
        assert.equal(staff.status, 201);
        assert.deepEqual(staff.body.comment.author, { name: 'Mo Derator', role: 'moderator' });
        assert.equal(staff.body.comment.status, 'published', 'the admin token skips moderation');
        // The first server, another process, knows the name from now on.
        const refused = await request(`${url}/api/comments`, { method: 'POST', json: { threadId, body: 'x', author: { name: 'mo derator' } } });
        assert.equal(refused.status, 400);
        assert.equal(refused.body.error.field, 'author.name');
        assert.deepEqual((await request(`${url}/api/comments/${staff.body.comment.id}`)).body.comment.author, { name: 'Mo Derator', role: 'moderator' });
      } finally {
        await moderating.stop();
      }
      const fromEnv = await startServer(['--db', db.url, '--admin-token', ADMIN], { env: { COMMENT_ADMIN_ROLE: 'moderator' } });
      try {
        const staff = await request(`${fromEnv.url}/api/comments`, { method: 'POST', json: { threadId: '/moderator', body: 'Me again', author: { name: 'Mo Derator' } }, headers: admin });
        assert.equal(staff.body.comment.author.role, 'moderator');
      } finally {
        await fromEnv.stop();
      }
      const noToken = await startServer(['--db', db.url]);
      try {
        const refused = await request(`${noToken.url}/api/comments`, { method: 'POST', json: { threadId: '/moderator', body: 'x' }, headers: admin });
        assert.equal(refused.status, 403);
        assert.match(refused.body.error.message, /needs the server started with --admin-token/);
      } finally {
        await noToken.stop();
      }
    });

    it('describes the new shapes in the OpenAPI document', async () => {
      const { body } = await request(`${url}/openapi.json`);
      const get = body.paths['/api/comments/{id}'].get;
      assert.ok(get.parameters.some((p) => p.name === 'thread' && p.in === 'query' && p.required === false));
      assert.deepEqual(get.responses['200'].content['application/json'].schema.required, ['comment', 'ancestors']);
      const comment = body.components.schemas.Comment.properties;
      assert.deepEqual(comment.kind.enum, ['pingback', 'trackback', 'webmention']);
      assert.deepEqual(comment.author.properties.role.enum, ['author', 'moderator']);
      assert.equal(comment.aliases.type, 'array');
      const list = body.paths['/api/comments'].get.responses['200'].content['application/json'].schema;
      assert.equal(list.properties.mentions.type, 'integer');
    });
  });
}

describe('--admin-role', () => {
  it('is listed in --help and refuses anything but author or moderator', async () => {
    const help = await runCli(['--help']);
    assert.match(help.stdout, /--admin-role ROLE .*author \(default\) or moderator.*\[COMMENT_ADMIN_ROLE\]/);
    for (const [args, env] of [
      [['--admin-role', 'owner'], {}],
      [['--admin-role', 'Author'], {}],
      [[], { COMMENT_ADMIN_ROLE: 'admin' }],
    ]) {
      const { code, stdout, stderr } = await runCli(args, { env });
      assert.equal(code, 2, stderr);
      assert.equal(stdout, '');
      assert.match(stderr, /^comment-thread-server: --admin-role must be author or moderator, not "\w+"\.\n$/);
    }
  });
});
