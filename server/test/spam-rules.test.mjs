// The site's own rules against spam: the rule lists and the link count as functions, then on
// real server processes on a real SQLite file and a real PostgreSQL database: refused posts
// and edits with a polite message on the field that matched, held ones, the admin token past
// them, a regular expression that would run for ever held to its time limit, and bad lists
// refused at start.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countLinks, judge, parseRules, TIME_LIMIT_MS } from '../dist/spam-rules.js';
import { BACKENDS, freshDatabase, post, request, runCli, startServer } from './helpers.mjs';

const ADMIN = 'admin-token-for-spam-rules-tests';
const admin = { authorization: `Bearer ${ADMIN}` };
const rules = (block = '', review = '', maxLinks = null) => ({ maxLinks, block: parseRules(block, 'block'), review: parseRules(review, 'review') });
const comment = (body, authorName = 'Ann', authorWebsite = null) => ({ body, authorName, authorWebsite });

describe('spam rules', () => {
  it('reads words and phrases as whole words in any case, and /regex/flags as written; # lines and blank lines are nothing', () => {
    const list = rules('# pills\nviagra\ncheap   watches\n\n/casino\\d+/i\n');
    assert.deepEqual(judge(list, comment('Buy VIAGRA now')), { action: 'block', field: 'body' });
    assert.deepEqual(judge(list, comment('Viagra-free zone')), { action: 'block', field: 'body' }, 'a word between punctuation is a word');
    assert.deepEqual(judge(list, comment('viagrafree, antiviagra')), { action: 'publish' }, 'part of a longer word is not the word');
    assert.deepEqual(judge(list, comment('very cheap\n watches here')), { action: 'block', field: 'body' }, 'a phrase across any white space');
    assert.deepEqual(judge(list, comment('cheap watchesXL')), { action: 'publish' });
    assert.deepEqual(judge(list, comment('Visit CASINO777')), { action: 'block', field: 'body' });
    assert.deepEqual(judge(list, comment('Fine words', 'Viagra King')), { action: 'block', field: 'author.name' });
    assert.deepEqual(judge(list, comment('Fine words', 'Ann', 'https://casino1.example/')), { action: 'block', field: 'author.website' });
    assert.deepEqual(judge(rules('', 'crypto'), comment('My crypto tips')), { action: 'review', reason: 'the review list matched its body' });
    assert.deepEqual(judge(rules('crypto', 'crypto'), comment('crypto')).action, 'block', 'the block list wins');
    assert.deepEqual(judge(rules('ünïcode'), comment('Ünïcode!')), { action: 'block', field: 'body' }, 'letters beyond ASCII, in any case');
  });

  it('says which line of a list is not a rule, and why', () => {
    assert.throws(() => parseRules('fine\n/unclosed[/\n', 'words.txt'), /^RuleError: words\.txt, line 2: "\/unclosed\[\/" is not a rule: Invalid regular expression/);
    assert.throws(() => parseRules('/x/g', 'words.txt'), /line 1: "\/x\/g" is not a rule: the flags g and y have no meaning here/);
  });

  it('counts links as the renderer makes them', () => {
    assert.equal(countLinks('see https://a.example and http://b.example/x, or www.c.example'), 3);
    assert.equal(countLinks('[text](https://a.example) and [more](https://a.example/2)'), 2);
    assert.equal(countLinks('no links, an e-mail a@b.example, and notwww.example'), 0);
    assert.deepEqual(judge(rules('', '', 2), comment('https://1.example https://2.example')), { action: 'publish' });
    assert.deepEqual(judge(rules('', '', 2), comment('https://1.example https://2.example https://3.example')), { action: 'review', reason: 'it has 3 links (--max-links 2)' });
  });

  it('holds a comment for review when a rule runs out of time, instead of blocking the server', () => {
    const list = rules('', '/^(a+)+$/');
    const started = performance.now();
    const verdict = judge(list, comment(`${'a'.repeat(40)}!`));
    const took = performance.now() - started;
    assert.deepEqual(verdict, { action: 'review', reason: `the word lists took longer than ${TIME_LIMIT_MS} ms on it` });
    assert.ok(took < TIME_LIMIT_MS * 10, `it took ${Math.round(took)} ms`);
  });
});

for (const kind of BACKENDS) {
  describe(`spam rules on ${kind}`, () => {
    let db;
    let server;
    let url;
    let scratch;
    let thread = 0;
    const newThread = () => `/spam/${kind}-${++thread}/`;
    const listed = async (threadId, headers = {}) => (await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}`, { headers })).body.comments;

    before(async () => {
      db = await freshDatabase(kind);
      scratch = mkdtempSync(join(tmpdir(), 'ct-spam-'));
      writeFileSync(join(scratch, 'block.txt'), '# refused\nviagra\n/casino\\d+/i\n');
      writeFileSync(join(scratch, 'review.txt'), 'crypto\n/^(a+)+$/\n');
      server = await startServer(['--db', db.url, '--admin-token', ADMIN, '--max-links', '2', '--block-words', join(scratch, 'block.txt'), '--review-words', join(scratch, 'review.txt'), '--rate-limit', '10000']);
      url = server.url;
    });
    after(async () => {
      await server?.stop();
      await db?.drop();
      rmSync(scratch, { recursive: true, force: true });
    });

    it('refuses a post that matches the block list with a polite message on the field, and stores nothing', async () => {
      const threadId = newThread();
      for (const [input, field, what] of [
        [{ body: 'Cheap VIAGRA here' }, 'body', 'your comment'],
        [{ body: 'Hello', author: { name: 'Casino77 Bob' } }, 'author.name', 'this name'],
        [{ body: 'Hello', author: { name: 'Bob', website: 'https://casino9.example' } }, 'author.website', 'this website'],
      ]) {
        const answer = await request(`${url}/api/comments`, { method: 'POST', json: { threadId, author: { name: 'Ann' }, ...input } });
        assert.equal(answer.status, 400);
        assert.deepEqual(answer.body.error, { code: 'invalid', field, message: `Sorry, ${what} contains something this site does not accept, so it was not posted. Please rephrase it and post it again.` });
      }
      assert.deepEqual(await listed(threadId), []);
      // The site's author is past the lists.
      const own = await post(url, { threadId, author: { name: 'Vincent' }, body: 'On viagra and casino1 spam' }, admin);
      assert.equal(own.comment.status, 'published');
    });

    it('holds for review a post with too many links or a word of the review list: its author sees it, nobody else', async () => {
      const threadId = newThread();
      const key = { 'X-Author-Key': `spam-author-${kind}-0123456789abcdef` };
      const two = await post(url, { threadId, body: 'https://a.example and https://b.example' }, key);
      assert.equal(two.comment.status, 'published', 'two links are allowed');
      const three = await post(url, { threadId, body: 'https://a.example https://b.example https://c.example' }, key);
      assert.equal(three.comment.status, 'pending');
      const crypto = await post(url, { threadId, body: 'My Crypto tips' }, key);
      assert.equal(crypto.comment.status, 'pending');
      assert.deepEqual((await listed(threadId)).map((c) => c.id), [two.comment.id], 'others see the published one only');
      assert.deepEqual((await listed(threadId, key)).map((c) => [c.id, c.status]), [[two.comment.id, 'published'], [three.comment.id, 'pending'], [crypto.comment.id, 'pending']]);
      const queue = await request(`${url}/api/admin/comments?status=pending`, { headers: admin });
      assert.ok([three.comment.id, crypto.comment.id].every((id) => queue.body.comments.some((c) => c.id === id)), 'both wait in the moderation queue');
    });

    it('holds a post whose rule runs out of time, and keeps serving meanwhile', async () => {
      const threadId = newThread();
      const started = performance.now();
      const slow = await post(url, { threadId, body: `${'a'.repeat(40)}!` });
      assert.equal(slow.comment.status, 'pending');
      assert.ok(performance.now() - started < 2000, 'the post was answered within the time limit');
      assert.equal((await request(`${url}/api/health`)).status, 200);
    });

    it('applies the lists to edits: a blocked word is refused and the comment stays as it was, a reviewed one sends it back to review', async () => {
      const threadId = newThread();
      const saved = await post(url, { threadId, body: 'An honest comment' });
      const edit = (body) => request(`${url}/api/comments/${saved.comment.id}`, { method: 'PATCH', json: { body }, headers: { authorization: `Bearer ${saved.editToken}` } });
      const refused = await edit('Now with viagra');
      assert.deepEqual([refused.status, refused.body.error.field], [400, 'body']);
      assert.deepEqual((await listed(threadId)).map((c) => c.body), ['An honest comment']);
      const held = await edit('Now about crypto');
      assert.deepEqual([held.status, held.body.comment.status], [200, 'pending']);
      assert.deepEqual(await listed(threadId), [], 'held again: no longer shown to others');
    });
  });
}

describe('spam rule files at start', () => {
  it('refuses a list with a bad rule, naming the file and line, and a list that cannot be read', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'ct-spam-cli-'));
    try {
      const file = join(scratch, 'bad.txt');
      writeFileSync(file, 'fine\n\n/(unclosed/\n');
      const bad = await runCli(['--block-words', file, '--db', `sqlite:${join(scratch, 'x.db')}`]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, new RegExp(`--block-words ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}, line 3: "/\\(unclosed/" is not a rule`));
      const missing = await runCli(['--review-words', join(scratch, 'nowhere.txt'), '--db', `sqlite:${join(scratch, 'x.db')}`]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /--review-words .*nowhere\.txt: the file cannot be read \(ENOENT\)/);
      const links = await runCli(['--max-links', 'many']);
      assert.match(links.stderr, /--max-links must be a whole number from 0 to 1000/);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
