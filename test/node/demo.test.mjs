// `npm run demo` (the README's run command): the article on the comment server, seeded once,
// a comment posted through the API still there after a restart, the no-server page, the 2010
// article whose thread comes from the WordPress export, and the blog's index with its counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const THREAD = '/articles/ten-thousand-kilometres-on-a-cargo-bike';

/** Starts the demo; resolves with its address and a stop function once it printed it. */
function startDemo(dir, port) {
  // The script `npm run demo` runs, started directly so that SIGTERM reaches it, on the build
  // npm test made (DEMO_BUILD=skip): building again would rewrite dist/ under the other tests.
  const child = spawn(process.execPath, ['scripts/demo.mjs'], { env: { ...process.env, DEMO_DIR: dir, PORT: String(port), DEMO_BUILD: 'skip' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((r) => child.once('exit', r));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not start:\n${out}`)), 120_000);
    child.stdout.on('data', () => {
      const match = /comment-thread demo: (http:\/\/\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      const token = /admin token: (\S+)/.exec(out);
      if (!token) return;
      resolve({ url: match[1], adminToken: token[1], output: () => out, stop: async () => (child.kill('SIGTERM'), exited) });
    });
    child.once('exit', () => reject(new Error(`the demo exited:\n${out}`)));
  });
}

test('npm run demo serves the article on the comment server, and comments survive a restart', { timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ct-demo-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const port = 8600 + Math.floor(Math.random() * 300);

  let demo = await startDemo(dir, port);
  try {
    assert.equal(demo.url, `http://127.0.0.1:${port}/`);
    const page = await (await fetch(demo.url)).text();
    assert.match(page, /<comment-thread src="\/"><\/comment-thread>/);
    assert.match(page, /<script type="module" src=".\/comment-thread.js"><\/script>/);
    assert.equal((await fetch(`${demo.url}comment-thread.js`)).status, 200);
    assert.equal((await fetch(`${demo.url}comments.db`)).status, 404, 'the database is not served');
    const local = await (await fetch(`${demo.url}local.html`)).text();
    assert.match(local, /<comment-thread><\/comment-thread>/);
    // The 2010 article, its thread imported from the WordPress export, and the blog's index.
    const oldMaps = await (await fetch(`${demo.url}2010/06/09/reading-old-maps/`)).text();
    assert.match(oldMaps, /<comment-thread src="\/"><\/comment-thread>/);
    assert.match(oldMaps, /<link rel="canonical" href="\/2010\/06\/09\/reading-old-maps\/" \/>/);
    const imported = await (await fetch(`${demo.url}api/comments?thread=${encodeURIComponent('/2010/06/09/reading-old-maps/')}`)).json();
    assert.equal(imported.total, 13, 'the export’s 13 comments');
    assert.equal(imported.mentions, 3, 'its two pingbacks and a trackback');
    assert.ok(imported.comments.some((c) => c.author.role === 'author'), 'the post author’s replies are verified');
    const index = await (await fetch(`${demo.url}blog.html`)).text();
    assert.equal((index.match(/<comment-count /g) ?? []).length, 2);
    assert.equal((await fetch(`${demo.url}comment-count.js`)).status, 200);
    assert.equal((await fetch(`${demo.url}site.css`)).status, 200);
    const seeded = await (await fetch(`${demo.url}api/comments?thread=${encodeURIComponent(THREAD)}`)).json();
    assert.ok(seeded.total >= 12, `the demo thread is seeded (${seeded.total} comments)`);
    const posted = await fetch(`${demo.url}api/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ threadId: THREAD, author: { name: 'Test' }, body: 'Still here after a restart?' }),
    });
    assert.equal(posted.status, 201);
    // Mail goes to the demo's own SMTP sink, which says so and keeps each one as an .eml file.
    assert.match(demo.output(), /mail: caught by a local SMTP sink \(127\.0\.0\.1:\d+\)/);
    const deadline = Date.now() + 15_000;
    while (!/mail to owner@demo\.invalid: "New comment on /.test(demo.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.match(demo.output(), /mail to owner@demo\.invalid: "New comment on http:\/\/127\.0\.0\.1:\d+\/articles\/[^"]+" \(.*\.eml\)/);
    const eml = readdirSync(join(dir, 'mail')).filter((name) => name.endsWith('.eml'));
    assert.ok(eml.length >= 1, 'the mail is kept whole');
    assert.match(readFileSync(join(dir, 'mail', eml[0]), 'utf8'), /Still here after a restart\?/);
    // The printed admin token moderates: it closes the 2010 thread, and opens it again.
    for (const action of ['close', 'open']) {
      const answer = await fetch(`${demo.url}api/admin/threads/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${demo.adminToken}` },
        body: JSON.stringify({ threadId: '/2010/06/09/reading-old-maps/' }),
      });
      assert.equal(answer.status, 200, `${action} with the printed token`);
    }
    // The moderation page it prints, which signs in with the printed token.
    const adminPage = /moderation page: (http:\/\/127\.0\.0\.1:\d+\/admin)/.exec(demo.output());
    assert.ok(adminPage, 'the moderation page is printed');
    assert.match(await (await fetch(adminPage[1])).text(), /<comment-thread-admin>/);
    const session = await fetch(`${demo.url}api/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: demo.adminToken }) });
    assert.equal(session.status, 201, 'the printed token signs in on the page');
    // The feeds it prints.
    assert.match(demo.output(), /feeds: http:\/\/127\.0\.0\.1:\d+\/api\/comments\.atom/);
    const atom = await fetch(`${demo.url}api/comments.atom?thread=${encodeURIComponent('/2010/06/09/reading-old-maps/')}`);
    assert.equal(atom.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
    assert.equal(((await atom.text()).match(/<entry>/g) ?? []).length, 13, 'the thread’s 13 comments, no mentions');
  } finally {
    await demo.stop();
  }
  const firstToken = demo.adminToken;

  demo = await startDemo(dir, port);
  try {
    const after = await (await fetch(`${demo.url}api/comments?thread=${encodeURIComponent(THREAD)}`)).json();
    assert.ok(after.comments.some((c) => c.body === 'Still here after a restart?'), 'the comment survived the restart');
    const seededTwice = after.comments.filter((c) => c.id === 'c1').length;
    assert.equal(seededTwice, 1, 'the seed is imported once');
    assert.equal(demo.adminToken, firstToken, 'the admin token stays the same across restarts');
  } finally {
    await demo.stop();
  }
});
