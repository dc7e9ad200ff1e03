// Comment feeds (Atom and RSS, per thread and site-wide) from real server processes on a real
// SQLite file and a real PostgreSQL database: only published comments, newest first, with the
// right dates, ids and links, well-formed XML whatever the comments hold (the XSS corpora and
// characters XML cannot carry included), ETags, and the site's address from --site-url,
// --origin or the server itself.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { BACKENDS, exportedComment, freshDatabase, importJson, post, request, startServer, withDatabase, xssPayloads } from './helpers.mjs';

const ADMIN = 'admin-token-for-feeds-tests-0123';
const admin = { authorization: `Bearer ${ADMIN}` };
const SITE = 'https://blog.example/';
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'entry' || name === 'item' || name === 'link' });
/** Characters XML 1.0 cannot hold. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** A feed fetched and parsed: `{ status, headers, xml, doc }`; fails on XML that is not well-formed. */
async function feed(url, path, headers = {}) {
  const response = await fetch(`${url}${path}`, { headers });
  const xml = await response.text();
  if (response.status !== 200) return { status: response.status, headers: response.headers, xml, doc: null };
  const valid = XMLValidator.validate(xml);
  assert.equal(valid, true, `not well-formed: ${JSON.stringify(valid)}`);
  assert.doesNotMatch(xml, NOT_XML, 'a character XML cannot hold');
  return { status: response.status, headers: response.headers, xml, doc: parser.parse(xml) };
}

const atomUrl = (threadId) => `/api/comments.atom${threadId === undefined ? '' : `?thread=${encodeURIComponent(threadId)}`}`;
const rssUrl = (threadId) => `/api/comments.rss${threadId === undefined ? '' : `?thread=${encodeURIComponent(threadId)}`}`;

for (const kind of BACKENDS) {
  describe(`feeds on ${kind}`, () => {
    let db;
    let server;
    let url;
    let thread = 0;
    const newThread = () => `/feeds/${kind}-${++thread}/`;

    before(async () => {
      db = await freshDatabase(kind);
      server = await startServer(['--db', db.url, '--admin-token', ADMIN, '--site-url', SITE, '--rate-limit', '100000']);
      url = server.url;
    });
    after(async () => {
      await server?.stop();
      await db?.drop();
    });

    it("gives a thread's published comments as Atom, newest first, linked to their place on the site's page", async () => {
      const threadId = newThread();
      await importJson(db, [
        exportedComment(threadId, `${kind}-a`, { createdAt: '2010-06-09T12:00:00.000Z', author: { name: 'Vincent', website: 'https://vincent.example/' }, body: 'The **first**' }),
        exportedComment(threadId, `${kind}-b`, { createdAt: '2010-06-10T08:30:00.000Z', updatedAt: '2010-06-10T09:00:00.000Z', parentId: `${kind}-a`, body: 'A reply' }),
        exportedComment(threadId, `${kind}-ping`, { createdAt: '2010-06-11T00:00:00.000Z', kind: 'pingback', author: { name: 'Some blog', website: 'https://some.example/' }, body: 'pinged' }),
        exportedComment(threadId, `${kind}-held`, { createdAt: '2010-06-12T00:00:00.000Z', status: 'pending', body: 'waiting' }),
        exportedComment(threadId, `${kind}-spam`, { createdAt: '2010-06-13T00:00:00.000Z', status: 'spam', body: 'buy now' }),
      ]);
      const deleted = (await post(url, { threadId, body: 'about to go' }, admin)).comment;
      assert.equal((await request(`${url}/api/admin/comments/${deleted.id}`, { method: 'DELETE', headers: admin })).status, 204);

      const { headers, doc } = await feed(url, atomUrl(threadId));
      assert.equal(headers.get('content-type'), 'application/atom+xml; charset=utf-8');
      const page = `https://blog.example/feeds/${kind}-${thread}/`;
      assert.equal(doc.feed['@xmlns'], 'http://www.w3.org/2005/Atom');
      assert.equal(doc.feed.id, `${page}#comments`);
      assert.equal(doc.feed.title, `Comments on ${page}`);
      assert.deepEqual(
        doc.feed.link.map((link) => [link['@rel'], link['@href']]),
        [
          ['self', `${url}${atomUrl(threadId)}`],
          ['alternate', page],
        ],
      );
      assert.equal(doc.feed.updated, '2010-06-10T09:00:00.000Z', 'the newest change');
      const entries = doc.feed.entry;
      assert.deepEqual(
        entries.map((entry) => [entry.id, entry.published, entry.updated, entry.author.name]),
        [
          [`${page}#comment-${kind}-b`, '2010-06-10T08:30:00.000Z', '2010-06-10T09:00:00.000Z', `${kind}-b`],
          [`${page}#comment-${kind}-a`, '2010-06-09T12:00:00.000Z', '2010-06-09T12:00:00.000Z', 'Vincent'],
        ],
        'published comments only (no mention, pending, spam or deleted one), newest first',
      );
      assert.equal(entries[1].author.uri, 'https://vincent.example/');
      assert.equal(entries[1].link[0]['@href'], `${page}#comment-${kind}-a`);
      assert.equal(entries[1].title, 'Comment by Vincent');
      assert.equal(entries[1].content['@type'], 'html');
      assert.equal(entries[1].content['#text'].trim(), '<p>The <strong>first</strong></p>');
    });

    it("gives the same as RSS 2.0, with RFC 822 dates and permalinks as guids", async () => {
      const threadId = newThread();
      await importJson(db, [
        exportedComment(threadId, `${kind}-r1`, { createdAt: '2010-06-09T12:00:00.000Z', author: { name: 'Ann', website: null } }),
        exportedComment(threadId, `${kind}-r2`, { createdAt: '2010-06-09T13:15:00.000Z', author: { name: '', website: null } }),
      ]);
      const { headers, doc } = await feed(url, rssUrl(threadId));
      assert.equal(headers.get('content-type'), 'application/rss+xml; charset=utf-8');
      const page = `https://blog.example/feeds/${kind}-${thread}/`;
      const channel = doc.rss.channel;
      assert.equal(doc.rss['@version'], '2.0');
      assert.equal(channel.link[0], page);
      assert.equal(channel['atom:link']['@href'], `${url}${rssUrl(threadId)}`);
      assert.equal(channel.lastBuildDate, 'Wed, 09 Jun 2010 13:15:00 GMT');
      assert.deepEqual(
        channel.item.map((item) => [item.title, item.link[0], item.guid['#text'], item.guid['@isPermaLink'], item.pubDate, item['dc:creator']]),
        [
          ['Comment by Anonymous', `${page}#comment-${kind}-r2`, `${page}#comment-${kind}-r2`, 'true', 'Wed, 09 Jun 2010 13:15:00 GMT', 'Anonymous'],
          ['Comment by Ann', `${page}#comment-${kind}-r1`, `${page}#comment-${kind}-r1`, 'true', 'Wed, 09 Jun 2010 12:00:00 GMT', 'Ann'],
        ],
      );
      assert.equal(channel.item[1].description.trim(), `<p>body of ${kind}-r1</p>`);
    });

    it('gives the newest comments of every thread site-wide, at most 50, each titled with its thread', async () => {
      const one = newThread();
      const two = newThread();
      const comments = [];
      for (let i = 0; i < 60; i++) {
        const minute = String(i).padStart(2, '0');
        comments.push(exportedComment(i % 2 ? one : two, `${kind}-many-${minute}`, { createdAt: `2030-01-01T00:${minute}:00.000Z` }));
      }
      await importJson(db, comments);
      const { doc } = await feed(url, atomUrl());
      assert.equal(doc.feed.id, 'https://blog.example/#comments');
      assert.equal(doc.feed.title, 'Comments on blog.example');
      const entries = doc.feed.entry;
      assert.equal(entries.length, 50);
      assert.deepEqual(
        entries.slice(0, 3).map((entry) => entry.id),
        [59, 58, 57].map((i) => `https://blog.example${i % 2 ? one : two}#comment-${kind}-many-${i}`),
      );
      assert.equal(entries[0].title, `Comment by ${kind}-many-59 on ${one}`);
      const rss = (await feed(url, rssUrl())).doc.rss.channel.item;
      assert.deepEqual(rss.map((item) => item.guid['#text']), entries.map((entry) => entry.id));
    });

    it('keeps the XML well-formed and every body inert, whatever comments hold: the XSS corpora, markup in names, characters XML cannot carry', async () => {
      const threadId = newThread();
      const payloads = xssPayloads();
      assert.ok(payloads.length > 500, `only ${payloads.length} payloads`);
      const stride = Math.ceil(payloads.length / 48);
      const picked = payloads.filter((_, i) => i % stride === 0).slice(0, 48);
      await importJson(db, [
        ...picked.map((payload, i) => exportedComment(threadId, `${kind}-xss-${i}`, { body: payload, author: { name: payload.slice(0, 80), website: null }, createdAt: new Date(Date.UTC(2031, 0, 1, 0, i)).toISOString() })),
        exportedComment(threadId, `${kind}-ctl`, { body: 'bell\u0007 and \uFFFF and a lone \uD800 surrogate', author: { name: 'Ctl\u0001 "quoted" & <b>', website: null }, createdAt: '2031-02-01T00:00:00.000Z' }),
      ]);
      for (const path of [atomUrl(threadId), rssUrl(threadId)]) {
        const { doc } = await feed(url, path);
        const items = doc.feed?.entry ?? doc.rss.channel.item;
        assert.equal(items.length, picked.length + 1);
        for (const item of items) {
          // What a feed reader renders: the body's HTML, once the XML is read.
          const html = String(item.content?.['#text'] ?? item.description);
          assert.doesNotMatch(html, /<(?!\/?(p|br|em|strong|del|code|pre|blockquote|ul|ol|li|a)\b)[a-z!?/]/i, `markup beyond the renderer's: ${html.slice(0, 200)}`);
          assert.doesNotMatch(html, /<[^>]*\son[a-z]+\s*=/i, `an event handler: ${html.slice(0, 200)}`);
          for (const [, href] of html.matchAll(/href="([^"]*)"/g)) assert.match(href, /^(https?:|mailto:)/i, `a link that is not http(s) or mailto: ${href}`);
        }
        const control = items[0];
        assert.match(control.author?.name ?? control['dc:creator'], /^Ctl\s+"quoted" & <b>$/, 'the name as text');
        assert.match(String(control.content?.['#text'] ?? control.description), /bell and  and a lone \uFFFD* surrogate/, 'characters XML cannot carry dropped (a lone surrogate never reaches the store: UTF-8 turns it into U+FFFD)');
      }
    });

    it('answers 304 to a reader that sends the ETag back, until something changes', async () => {
      const threadId = newThread();
      await post(url, { threadId, body: 'first' });
      const first = await feed(url, atomUrl(threadId));
      const etag = first.headers.get('etag');
      assert.match(etag, /^"[\w-]{27}"$/);
      assert.equal(first.headers.get('cache-control'), 'public, max-age=300');
      const again = await fetch(`${url}${atomUrl(threadId)}`, { headers: { 'If-None-Match': etag } });
      assert.deepEqual([again.status, again.headers.get('etag'), await again.text()], [304, etag, '']);
      await post(url, { threadId, body: 'second' });
      const changed = await fetch(`${url}${atomUrl(threadId)}`, { headers: { 'If-None-Match': etag } });
      assert.equal(changed.status, 200);
      assert.notEqual(changed.headers.get('etag'), etag);
    });

    it('reads the newest comments through partial indexes, in their order', async () => {
      // The stores' queries (`recent`), as they run them.
      const siteWide = "SELECT * FROM comments WHERE status = 'published' AND kind = 'comment' ORDER BY created_at DESC, id DESC LIMIT 50";
      const oneThread = "SELECT * FROM comments WHERE status = 'published' AND kind = 'comment' AND thread_id = '/t' ORDER BY created_at DESC, id DESC LIMIT 50";
      const plans = await withDatabase(db, {
        sqlite: (raw) => [siteWide, oneThread].map((sql) => raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all().map((row) => row.detail).join('\n')),
        // PostgreSQL picks a sequential scan of a small table; with it ruled out, the plan shows
        // which index serves the query.
        postgres: async (client) => {
          await client.query('SET enable_seqscan = off');
          const plans = [];
          for (const sql of [siteWide, oneThread]) plans.push((await client.query(`EXPLAIN ${sql}`)).rows.map((row) => row['QUERY PLAN']).join('\n'));
          return plans;
        },
      });
      if (kind === 'sqlite') {
        assert.match(plans[0], /SCAN comments USING INDEX comments_feed\b/, plans[0]);
        assert.match(plans[1], /SEARCH comments USING INDEX comments_thread_feed \(thread_id=\?\)/, plans[1]);
        for (const plan of plans) assert.doesNotMatch(plan, /TEMP B-TREE/, 'no sort: the index is in the order');
      } else {
        assert.match(plans[0], /Index Scan Backward using comments_feed on comments/, plans[0]);
        assert.match(plans[1], /Index Scan Backward using comments_thread_feed on comments/, plans[1]);
        for (const plan of plans) assert.doesNotMatch(plan, /Sort/, 'no sort: the index is in the order');
      }
    });

    it('refuses a bad thread id, answers only GET, and is in the OpenAPI description', async () => {
      const bad = await request(`${url}/api/comments.atom?thread=${'x'.repeat(600)}`);
      assert.deepEqual([bad.status, bad.body.error.code, bad.body.error.field], [400, 'invalid', 'thread']);
      const wrong = await request(`${url}/api/comments.rss`, { method: 'POST', json: {} });
      assert.deepEqual([wrong.status, wrong.headers.get('allow')], [405, 'GET, HEAD, OPTIONS']);
      const { body } = await request(`${url}/openapi.json`);
      assert.deepEqual(Object.keys(body.paths['/api/comments.atom'].get.responses['200'].content), ['application/atom+xml']);
      assert.deepEqual(Object.keys(body.paths['/api/comments.rss'].get.responses['200'].content), ['application/rss+xml']);
    });
  });
}

describe("the feeds' site address", () => {
  let db;
  before(async () => {
    db = await freshDatabase('sqlite');
  });
  after(async () => db?.drop());

  it('is the first --origin without --site-url, else the server itself; behind a believed proxy, self links say what the client asked', async () => {
    const threadId = '/where/';
    let server = await startServer(['--db', db.url, '--origin', 'https://www.example.org', '--origin', 'https://other.example']);
    try {
      await post(server.url, { threadId, body: 'hi' });
      assert.equal((await feed(server.url, atomUrl(threadId))).doc.feed.entry[0].id.replace(/#.*/, ''), 'https://www.example.org/where/');
    } finally {
      await server.stop();
    }
    server = await startServer(['--db', db.url, '--trust-proxy', '1']);
    try {
      const own = (await feed(server.url, atomUrl(threadId))).doc.feed;
      assert.equal(own.entry[0].id.replace(/#.*/, ''), `${server.url}/where/`);
      const proxied = (await feed(server.url, atomUrl(threadId), { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'comments.example.org' })).doc.feed;
      assert.equal(proxied.link[0]['@href'], `https://comments.example.org${atomUrl(threadId)}`);
      const forged = (await feed(server.url, atomUrl(threadId), { 'X-Forwarded-Host': 'evil.example/"><x' })).doc.feed;
      assert.equal(forged.link[0]['@href'], `${server.url}${atomUrl(threadId)}`, 'a host that is no host is ignored');
    } finally {
      await server.stop();
    }
  });
});
