// Import (WordPress WXR, Disqus, JSON) and export through the CLI, on both databases, checked
// through the API of a server started on the imported database.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BACKENDS, exportedComment, freshDatabase, request, runCli, startServer } from './helpers.mjs';

const fixture = (name) => resolve(import.meta.dirname, 'fixtures', name);
const ADMIN = 'admin-token-for-import-tests-01';

async function exportJson(db) {
  const { code, stdout, stderr } = await runCli(['export', '--db', db.url]);
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout);
}

for (const kind of BACKENDS) {
  describe(`import and export on ${kind}`, () => {
    let db;
    let scratch;
    before(async () => {
      db = await freshDatabase(kind);
      scratch = mkdtempSync(join(tmpdir(), 'ct-transfer-'));
    });
    after(async () => {
      await db?.drop();
      rmSync(scratch, { recursive: true, force: true });
    });

    it('imports a WordPress export: threads, replies, pingbacks, spam, HTML, odd encodings', async () => {
      const first = await runCli(['import', '--format', 'wordpress', fixture('wordpress.xml'), '--db', db.url]);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /^Imported 16 of 22 comments from .*wordpress\.xml in [\d.]+ s \(peak memory \d+ MB\)\.$/m);
      assert.match(first.stdout, /^ {2}wp-109: its parent wp-99 is not in the file; now top-level$/m);
      const again = await runCli(['import', '--format', 'wordpress', fixture('wordpress.xml'), '--db', db.url]);
      assert.match(again.stdout, /^Imported 0 of 22 comments /m, 'importing twice adds nothing');
      assert.match(again.stdout, /^16 comments were in the database already \(same id\): left as they are\.$/m);
      const latin = await runCli(['import', '--format', 'wordpress', fixture('wordpress-latin1.xml'), '--db', db.url]);
      assert.equal(latin.code, 0, latin.stderr);
      assert.match(latin.stdout, /^Imported 1 of 1 comment /m);

      const server = await startServer(['--db', db.url, '--admin-token', ADMIN]);
      try {
        const list = (await request(`${server.url}/api/comments?thread=${encodeURIComponent('/2024/05/cargo-bike/')}`)).body;
        const byAuthor = Object.fromEntries(list.comments.map((c) => [c.author.name, c]));
        assert.equal(list.total, 4, 'spam, unapproved and trashed comments are not published, and mentions are counted apart');
        assert.equal(list.mentions, 2, 'the pingback and the trackback');
        assert.deepEqual(Object.keys(byAuthor).sort(), ['Ann Example', 'Another Blog » Links of the week', 'Author', 'Old Blog', 'Orphan'].sort());
        const ann = list.comments.find((c) => c.id === 'wp-101');
        assert.equal(ann.author.website, 'https://ann.example/');
        assert.equal(ann.createdAt, '2024-05-03T10:00:00.000Z');
        assert.equal(ann.body, 'Great post! I **loved** the part about [the route](https://maps.example/route).\n\nDidn’t you get cold? 5 < 7 & all that.');
        assert.deepEqual(ann.aliases, ['101'], 'the WordPress id is kept as an old id');
        const reply = list.comments.find((c) => c.id === 'wp-102');
        assert.equal(reply.parentId, 'wp-101');
        assert.equal(reply.body, 'Thanks Ann!\nNot really — *wool* helps.');
        const deep = list.comments.find((c) => c.id === 'wp-103');
        assert.equal(deep.parentId, 'wp-102');
        assert.doesNotMatch(deep.body, /<|alert\('xss'\)|javascript:/, 'markup and script text are gone');
        assert.match(deep.body, /^Good to know\. +See this\.$/);
        assert.equal(list.comments.find((c) => c.id === 'wp-104').kind, 'pingback');
        assert.equal(list.comments.find((c) => c.id === 'wp-105').kind, 'trackback');
        assert.equal(list.comments.find((c) => c.id === 'wp-109').parentId, null);

        const admin = { authorization: `Bearer ${ADMIN}` };
        const spam = (await request(`${server.url}/api/admin/comments?status=spam`, { headers: admin })).body.comments;
        assert.deepEqual(spam.map((c) => c.id), ['wp-106']);
        assert.equal(spam[0].author.website, undefined, 'a javascript: website is dropped');
        const pending = (await request(`${server.url}/api/admin/comments?status=pending`, { headers: admin })).body.comments;
        assert.deepEqual(pending.map((c) => [c.id, c.createdAt]), [['wp-107', '2024-05-07T14:00:00.000Z']]);
        // Imported comments carry neither an author key nor a client address.
        const unblockable = await request(`${server.url}/api/admin/comments/wp-101/block-author`, { method: 'POST', headers: admin });
        assert.equal(unblockable.status, 409);
        assert.equal(unblockable.body.error.code, 'conflict');
        assert.match(unblockable.body.error.message, /neither an author key nor a client address/);

        const about = (await request(`${server.url}/api/comments?thread=${encodeURIComponent('/about/')}`)).body.comments;
        assert.equal(about[0].body, '> Quoted text\n\nCode: `npm test`');
        const cafe = (await request(`${server.url}/api/comments?thread=${encodeURIComponent('/caf%C3%A9-stop/')}`)).body.comments;
        assert.equal(cafe[0].author.name, 'Renée Müller');
        assert.equal(cafe[0].body, 'Schöne Grüße aus Köln – £ and ½ a crème brûlée.');
      } finally {
        await server.stop();
      }
    });

    it('imports a Disqus export with threading, deleted placeholders and spam', async () => {
      const result = await runCli(['import', '--format', 'disqus', fixture('disqus.xml'), '--db', db.url, '--json']);
      assert.equal(result.code, 0, result.stderr);
      const report = JSON.parse(result.stdout);
      assert.equal(report.read, 8);
      assert.equal(report.imported, 7);
      assert.deepEqual(report.skippedComments, [{ id: 'disqus-9005', reason: 'deleted', message: 'deleted on Disqus, and no reply hangs from it' }]);
      assert.deepEqual(report.changedComments, [], 'a reply before its parent in the file keeps its parent');
      assert.equal(report.aliases.stored, 7);
      const server = await startServer(['--db', db.url, '--admin-token', ADMIN]);
      try {
        const list = (await request(`${server.url}/api/comments?thread=${encodeURIComponent('/2024/05/cargo-bike/')}`)).body.comments.filter((c) =>
          c.id.startsWith('disqus-'),
        );
        const byId = Object.fromEntries(list.map((c) => [c.id, c]));
        assert.deepEqual(Object.keys(byId).sort(), ['disqus-9001', 'disqus-9002', 'disqus-9003']);
        assert.equal(byId['disqus-9001'].body, 'First! **Bold** and [a link](https://cycling.example/).');
        assert.deepEqual(byId['disqus-9001'].aliases, ['9001'], 'the Disqus post id is kept as an old id');
        assert.equal(byId['disqus-9002'].status, 'deleted', 'a deleted post with replies stays as a placeholder');
        assert.equal(byId['disqus-9003'].parentId, 'disqus-9002');
        assert.equal(byId['disqus-9003'].body, 'Replying to the removed one & still here.');
        const about = (await request(`${server.url}/api/comments?thread=%2Fabout%2F`)).body.comments.filter((c) => c.id.startsWith('disqus-'));
        assert.deepEqual(
          about.map((c) => [c.id, c.author.name, c.parentId]),
          [
            ['disqus-9006', 'Eve', null],
            ['disqus-9008', 'Gus', null],
            ['disqus-9007', 'Fay & Co', 'disqus-9008'],
          ],
        );
        // Spam lands in the spam queue, not in the thread; a deleted post without replies is left out.
        const admin = { authorization: `Bearer ${ADMIN}` };
        const spam = (await request(`${server.url}/api/admin/comments?status=spam`, { headers: admin })).body.comments.filter((c) => c.id.startsWith('disqus-'));
        assert.deepEqual(spam.map((c) => [c.id, c.status, c.author.name]), [['disqus-9004', 'spam', 'Spammer']]);
        assert.match(spam[0].body, /Visit my \[shop\]\(https:\/\/spam\.example\/?\)/);
        const pending = (await request(`${server.url}/api/admin/comments?status=pending`, { headers: admin })).body.comments;
        assert.ok(!pending.some((c) => c.id.startsWith('disqus-')), 'nothing from Disqus waits for moderation');
        assert.equal((await request(`${server.url}/api/comments/disqus-9004`)).status, 404);
        assert.equal((await request(`${server.url}/api/comments/disqus-9005`)).status, 404);
      } finally {
        await server.stop();
      }
    });

    it('exports JSON that imports back exactly, in the shape the README shows', async () => {
      const exported = await exportJson(db);
      assert.equal(exported.format, 'comment-thread');
      assert.equal(exported.version, 1);
      assert.equal(exported.comments.length, 24, '16 WordPress, 1 Latin-1 WordPress and 7 Disqus comments');
      const mara = exported.comments.find((c) => c.id === 'wp-402');
      assert.equal(mara.role, 'author');
      assert.deepEqual(mara.aliases, ['402']);
      const readme = readFileSync(resolve(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
      const example = JSON.parse(/\*\*Import and export\*\*[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)[1]);
      assert.deepEqual(Object.keys(example).sort(), Object.keys(exported).sort(), 'the README names the same top-level fields');
      assert.deepEqual(Object.keys(example.comments[0]).sort(), Object.keys(exported.comments[0]).sort(), 'and the same comment fields');
      assert.deepEqual(Object.keys(example.comments[0].author).sort(), Object.keys(exported.comments[0].author).sort());
      const file = join(scratch, 'export.json');
      writeFileSync(file, JSON.stringify(exported));
      const copy = await freshDatabase(kind);
      try {
        const imported = await runCli(['import', '--format', 'json', file, '--db', copy.url]);
        assert.equal(imported.code, 0, imported.stderr);
        const again = await exportJson(copy);
        assert.deepEqual(again.comments, exported.comments);
      } finally {
        await copy.drop();
      }
    });

    it('skips the comments of a JSON file that break the rules, and imports the rest', async () => {
      const comment = (id, fields = {}) =>
        exportedComment('/json-rules/', id, { author: { name: 'Ann', website: null }, body: `Body of ${id}`, createdAt: '2024-01-01T00:00:00.000Z', ...fields });
      const file = join(scratch, 'rules.json');
      writeFileSync(
        file,
        JSON.stringify({
          format: 'comment-thread',
          version: 1,
          exportedAt: '2024-01-02T00:00:00.000Z',
          comments: [
            comment('json-ok'),
            comment('json-status', { status: 'approved' }),
            comment('json-future', { createdAt: '+275760-09-13T00:00:00.000Z' }),
            comment('json-long', { body: 'x'.repeat(5001) }),
            comment('json-reply', { parentId: 'json-long' }),
          ],
        }),
      );
      const target = await freshDatabase(kind);
      try {
        const result = await runCli(['import', '--format', 'json', file, '--db', target.url, '--json']);
        assert.equal(result.code, 0, result.stderr);
        const report = JSON.parse(result.stdout);
        assert.equal(report.imported, 2);
        assert.deepEqual(
          report.skippedComments.map((c) => [c.id, c.reason, c.message]),
          [
            ['json-status', 'invalid-record', 'comments[1]: status "approved" is not one of published, pending, spam, rejected, deleted'],
            ['json-future', 'date-out-of-range', 'date +275760-09-13T00:00:00.000Z is outside 1970–2100'],
            ['json-long', 'body-too-long', 'body is 5,001 characters long; the limit is 5,000'],
          ],
        );
        assert.deepEqual(report.changedComments.map((c) => [c.id, c.reason]), [['json-reply', 'parent-skipped']]);
        assert.deepEqual((await exportJson(target)).comments.map((c) => [c.id, c.parentId]), [['json-ok', null], ['json-reply', null]]);
      } finally {
        await target.drop();
      }
    });

    it('says clearly what is wrong with a bad import', async () => {
      const notJson = join(scratch, 'bad.json');
      writeFileSync(notJson, '{"format":"something-else"}');
      const cases = [
        [['import', '--format', 'json', notJson], /not a comment-thread JSON export/],
        [['import', '--format', 'wordpress', fixture('disqus.xml')], /not a WordPress export/],
        [['import', '--format', 'disqus', fixture('wordpress.xml')], /not a Disqus export/],
        [['import', '--format', 'blogger', fixture('wordpress.xml')], /--format wordpress, disqus or json/],
        [['import', '--format', 'json', join(scratch, 'missing.json')], /cannot read .*ENOENT/],
        [['import', '--format', 'json'], /exactly one FILE/],
        [['export', '--json'], /--json is only for import/],
      ];
      for (const [args, message] of cases) {
        const { code, stderr } = await runCli([...args, '--db', db.url]);
        assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
        assert.match(stderr, message);
      }
    });
  });
}
