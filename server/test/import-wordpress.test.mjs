// A WordPress export comes across whole: paragraphs and line breaks as WordPress showed them,
// HTML as the widget's Markdown (entities decoded, code byte for byte, lists, links), the
// API's rules applied comment by comment and reported, old ids kept as aliases, the blog's
// own users marked as authors. The real CLI imports `fixtures/wordpress.xml` into a fresh
// database of each kind; everything is read back through the API of a real server (whose
// `html` is the widget's renderer's) and the import's own report.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { renderMarkdown } from '../dist/markdown.js';
import { BACKENDS, freshDatabase, request, runCli, startServer } from './helpers.mjs';

const FIXTURE = resolve(import.meta.dirname, 'fixtures', 'wordpress.xml');
const POST = '/2024/06/installer-log/';

/** The text a browser shows for a piece of the renderer's HTML (it escapes only these five). */
const text = (html) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The text of every `<code>` in rendered HTML. */
const codes = (html) => [...html.matchAll(/<code>([\s\S]*?)<\/code>/g)].map((m) => text(m[1]));

/** A WXR file with these comments in one post. */
function wxr(comments) {
  const items = comments
    .map(
      (c) => `<wp:comment><wp:comment_id>${c.id}</wp:comment_id><wp:comment_author><![CDATA[${c.author ?? 'Reader'}]]></wp:comment_author>
<wp:comment_date_gmt>${c.date ?? '2024-01-01 10:00:00'}</wp:comment_date_gmt><wp:comment_content><![CDATA[${c.content ?? 'Hello'}]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>${c.parent ?? 0}</wp:comment_parent></wp:comment>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><link>https://blog.example/generated/</link><wp:post_id>1</wp:post_id>
${items}
</item></channel></rss>`;
}

for (const kind of BACKENDS) {
  describe(`WordPress import on ${kind}`, () => {
    let db;
    let server;
    let report;
    let scratch;
    /** The post's comments as the API lists them, by id. */
    let byId;

    before(async () => {
      db = await freshDatabase(kind);
      scratch = mkdtempSync(join(tmpdir(), 'ct-wordpress-'));
      const result = await runCli(['import', '--format', 'wordpress', FIXTURE, '--db', db.url, '--json']);
      assert.equal(result.code, 0, result.stderr);
      report = JSON.parse(result.stdout);
      server = await startServer(['--db', db.url]);
      const list = (await request(`${server.url}/api/comments?thread=${encodeURIComponent(POST)}`)).body;
      byId = Object.fromEntries(list.comments.map((c) => [c.id, c]));
    });
    after(async () => {
      await server?.stop();
      await db?.drop();
      rmSync(scratch, { recursive: true, force: true });
    });

    it('keeps paragraphs and line breaks as WordPress showed them', () => {
      const answer = byId['wp-402'];
      assert.match(answer.body, /^Hi @vincent,\n\nGreat question… try this:\n\n1\. {2}Open/, 'a blank line starts a paragraph');
      assert.match(answer.html, /^<p>Hi @vincent,<\/p>\n<p>Great question… try this:<\/p>\n<ol>/);
      assert.match(answer.html, /<p>Thanks for asking!<\/p>\n$/, 'text after a list is a paragraph of its own');
      const question = byId['wp-401'];
      assert.equal(question.body.split('\n').length, 3, 'each single line break stays one');
      assert.equal((question.html.match(/<br>/g) ?? []).length, 2, 'and is a line break when shown');
      assert.equal((question.html.match(/<p>/g) ?? []).length, 1, 'within one paragraph');
    });

    it('decodes every HTML entity and keeps code text byte for byte', () => {
      const question = byId['wp-401'];
      assert.equal(
        text(question.html),
        'Where does the installer write its log?\nI looked in C:\\Temp\\setup.log → nothing there…\nThe log article didn’t help — any idea?\n',
        '&rarr; &hellip; &#8217; &#x2014; decoded, nothing else changed',
      );
      assert.deepEqual(codes(question.html), ['C:\\Temp\\setup.log'], 'one backslash each, as written');
      assert.equal(renderMarkdown(question.body), question.html, 'the body renders with the widget’s renderer as the API sends it');
      assert.deepEqual(codes(byId['wp-402'].html), ['C:\\Temp', 'setup.log', 'setup.err']);
    });

    it('keeps ordered and nested lists, and links whose URL has parentheses', () => {
      const list = /<ol>[\s\S]*<\/ol>/.exec(byId['wp-402'].html)?.[0];
      assert.equal(
        list,
        [
          '<ol>',
          '<li>Open <code>C:\\Temp</code></li>',
          '<li>Look for the logs:',
          '<ul>',
          '<li><code>setup.log</code></li>',
          '<li><code>setup.err</code></li>',
          '</ul>',
          '</li>',
          '<li>Send me what you find</li>',
          '</ol>',
        ].join('\n'),
        'three items, a list nested in the second',
      );
      assert.match(byId['wp-401'].html, /<a href="https:\/\/en\.wikipedia\.org\/wiki\/Log_\(computing\)">log article<\/a>/, 'one working link, parentheses and all');
    });

    it('turns tables, images and scripts into safe text', () => {
      const glad = byId['wp-404'];
      assert.equal(glad.body, 'Glad it worked.\n\nfile | size\nsetup.log | 2 KB\n\n![smile](https://cycling.example/smile.png)');
      assert.doesNotMatch(glad.html, /<(?:table|img|script|style|iframe)\b/, 'no markup from the import runs or loads');
      assert.doesNotMatch(glad.body, /document\.title|color: red|evil\.example/, 'script, style and frame contents are dropped');
      assert.match(glad.html, /<a class="md-image" href="https:\/\/cycling\.example\/smile\.png">smile<\/a>/, 'an image is a link, never loaded');
    });

    it('skips what the API would refuse, and says which comment and why', async () => {
      const long = `wp-${'4'.repeat(147)}`;
      assert.deepEqual(
        report.skippedComments.map((c) => [c.id, c.reason]),
        [
          ['wp-406', 'body-too-long'],
          ['wp-408', 'date-out-of-range'],
          ['wp-409', 'date-invalid'],
          [long, 'id-too-long'],
          ['wp-401', 'duplicate-id'],
          ['wp-410', 'body-empty'],
        ],
      );
      const messages = Object.fromEntries(report.skippedComments.map((c) => [c.reason, c.message]));
      assert.equal(messages['body-too-long'], 'body is 6,261 characters long; the limit is 5,000');
      assert.equal(messages['date-out-of-range'], 'date 275760-09-13 00:00:00 is outside 1970–2100');
      assert.equal(messages['id-too-long'], 'id is 150 characters long; the limit is 100');
      assert.deepEqual(
        report.changedComments.map((c) => [c.id, c.reason]),
        [
          ['wp-106', 'website-dropped'],
          ['wp-109', 'parent-missing'],
          ['wp-407', 'parent-skipped'],
        ],
      );
      assert.deepEqual([report.read, report.imported, report.skipped], [22, 16, 6]);
      assert.deepEqual(report.skippedByReason, { 'body-too-long': 1, 'date-out-of-range': 1, 'date-invalid': 1, 'id-too-long': 1, 'duplicate-id': 1, 'body-empty': 1 });

      for (const id of ['wp-406', 'wp-408', 'wp-409', 'wp-410']) assert.equal((await request(`${server.url}/api/comments/${id}`)).status, 404, id);
      assert.equal(byId['wp-407'].parentId, null, 'the reply to the skipped comment is top-level');
      assert.equal(byId['wp-401'].author.name, 'Vincent', 'the first comment with an id wins');
      // Every top-level comment of the post, one page at a time: the dates all order.
      const seen = [];
      let cursor = null;
      do {
        const page = (await request(`${server.url}/api/comments?thread=${encodeURIComponent(POST)}&limit=1${cursor ? `&cursor=${cursor}` : ''}`)).body;
        seen.push(...page.comments.filter((c) => c.parentId === null).map((c) => c.id));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, ['wp-401', 'wp-405', 'wp-407']);
    });

    it('keeps WordPress ids as aliases and marks only the export’s users as authors', async () => {
      assert.equal(byId['wp-402'].author.role, 'author', 'comment_user_id 3 is the wp:author mara');
      assert.equal(byId['wp-404'].author.role, 'author');
      assert.equal(byId['wp-401'].author.role, undefined);
      assert.equal(byId['wp-405'].author.name, 'Mara');
      assert.equal(byId['wp-405'].author.role, undefined, 'the author’s name without the account is no author');
      assert.deepEqual(report.byRole, { author: 2 });
      assert.deepEqual(byId['wp-402'].aliases, ['402']);
      const old = await request(`${server.url}/api/comments/402?thread=${encodeURIComponent(POST)}`);
      assert.equal(old.status, 200);
      assert.equal(old.body.comment.id, 'wp-402', 'an old #comment-402 link finds its comment');
      assert.equal(report.aliases.stored, 16);
    });

    it('keeps pingbacks and trackbacks as mentions, and any other type as a comment', async () => {
      const cargo = (await request(`${server.url}/api/comments?thread=${encodeURIComponent('/2024/05/cargo-bike/')}`)).body;
      assert.equal(cargo.mentions, 2);
      assert.deepEqual(
        cargo.comments.filter((c) => c.kind).map((c) => [c.id, c.kind]),
        [
          ['wp-104', 'pingback'],
          ['wp-105', 'trackback'],
        ],
      );
      assert.equal(byId['wp-405'].kind, undefined, 'comment_type "note" is a comment');
      assert.deepEqual(report.byKind, { comment: 14, pingback: 1, trackback: 1 });
    });

    it('prints counts by reason and the first ten skipped, and --json lists them all', async () => {
      const file = join(scratch, 'many.xml');
      const comments = [
        { id: 1, content: 'Kept.\n\nTwo paragraphs.' },
        { id: 2, content: `<p>${'x'.repeat(1_000_000)}</p>` },
        ...Array.from({ length: 12 }, (_, i) => ({ id: 10 + i, date: `${2101 + i}-01-01 00:00:00` })),
      ];
      writeFileSync(file, wxr(comments));
      const target = await freshDatabase(kind);
      try {
        const summary = await runCli(['import', '--format', 'wordpress', file, '--db', target.url]);
        assert.equal(summary.code, 0, summary.stderr);
        const lines = summary.stdout.split('\n');
        assert.match(lines[0], /^Imported 1 of 14 comments from /);
        assert.equal(lines[1], 'Skipped 13:');
        assert.equal(lines[2], '  12 × date outside 1970–2100');
        assert.equal(lines[3], `  1 × body longer than 5,000 characters`);
        assert.equal(lines[4], `  wp-2: body is ${comments[1].content.length.toLocaleString('en')} characters of HTML; the limit is 5,000 characters`);
        assert.equal(lines[5], '  wp-10: date 2101-01-01 00:00:00 is outside 1970–2100');
        assert.equal(lines.filter((l) => /^ {2}wp-\d+: /.test(l)).length, 10, 'the first ten');
        assert.ok(lines.includes('  … and 3 more (import --json lists them all)'), summary.stdout);

        const again = await freshDatabase(kind);
        try {
          const json = await runCli(['import', '--format', 'wordpress', file, '--db', again.url, '--json']);
          assert.equal(json.code, 0, json.stderr);
          const whole = JSON.parse(json.stdout);
          assert.equal(whole.skippedComments.length, 13);
          assert.deepEqual(whole.skippedByReason, { 'body-too-long': 1, 'date-out-of-range': 12 });
        } finally {
          await again.drop();
        }
        const other = await startServer(['--db', target.url]);
        try {
          const list = (await request(`${other.url}/api/comments?thread=%2Fgenerated%2F`)).body;
          assert.deepEqual(
            list.comments.map((c) => [c.id, c.body]),
            [['wp-1', 'Kept.\n\nTwo paragraphs.']],
            'a 1,000,000-character body is neither stored nor served',
          );
        } finally {
          await other.stop();
        }
      } finally {
        await target.drop();
      }
    });
  });
}
