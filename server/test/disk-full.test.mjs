// A full disk under SQLite: a real one, a small tmpfs mounted for the test (which needs the
// right to mount, as root has in CI), filled to the last byte while the server runs. Posts
// then get a 503 a visitor understands, with Retry-After; reads go on; nothing stored before
// is harmed; and once there is room again the server takes posts, without a restart.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { post, request, startServer } from './helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'ct-full-'));
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir], { stdio: 'ignore' });
  mounted = true;
} catch {
  // Reported by the skip below.
}

/** Fills the file system that holds `path` until a write fails with ENOSPC. */
function fill(path) {
  const fd = openSync(path, 'w');
  try {
    for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 9, 1]) {
      const chunk = Buffer.alloc(size, 1);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch (error) {
          if (error.code !== 'ENOSPC') throw error;
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

describe('a full disk under SQLite', { skip: mounted ? false : 'this machine does not let the test mount a small tmpfs (it needs root, as in CI)' }, () => {
  let server;
  before(async () => {
    server = await startServer(['--db', `sqlite:${join(dir, 'comments.db')}`, '--rate-limit', '100000']);
  });
  after(async () => {
    await server?.stop();
    if (mounted) execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After, keeps what was stored, and takes posts again once there is room', async () => {
    const threadId = '/full';
    const list = `${server.url}/api/comments?thread=${encodeURIComponent(threadId)}&limit=100`;
    const stored = [];
    for (let i = 0; i < 5; i++) stored.push((await post(server.url, { threadId, body: `stored before the disk filled up, ${i}` })).comment.id);

    const filler = join(dir, 'filler');
    fill(filler);
    let refused = null;
    // Each post needs new pages; within a few the database cannot grow.
    for (let i = 0; i < 200 && !refused; i++) {
      const result = await request(`${server.url}/api/comments`, { method: 'POST', json: { threadId, author: { name: 'Ann' }, body: `${'x'.repeat(3000)} ${i}` } });
      if (result.status === 503) refused = result;
      else {
        assert.equal(result.status, 201, `a post either succeeds or gets a 503, not ${result.status}: ${JSON.stringify(result.body)}`);
        stored.push(result.body.comment.id);
      }
    }
    assert.ok(refused, 'a post failed once the disk was full');
    assert.equal(refused.headers.get('retry-after'), '5');
    assert.equal(refused.body.error.code, 'unavailable');
    assert.match(refused.body.error.message, /cannot be saved right now\. Try again/);
    assert.match(server.output(), /the database is unavailable: .*(full|disk)/i, 'the operator is told why');

    const whileFull = await request(list);
    assert.equal(whileFull.status, 200, 'reads go on while the disk is full');
    assert.deepEqual(whileFull.body.comments.map((c) => c.id), stored, 'every acknowledged post is there, once; the refused one is not');
    assert.equal(server.process.exitCode, null, 'the server keeps running');

    rmSync(filler);
    const after = await post(server.url, { threadId, body: 'there is room again' });
    assert.equal(after.comment.status, 'published');
    const again = (await request(list)).body.comments.map((c) => c.id);
    assert.deepEqual(again, [...stored, after.comment.id]);
    const health = execFileSync(process.execPath, ['-e', `const D=require('better-sqlite3');const d=new D(${JSON.stringify(join(dir, 'comments.db'))},{readonly:true});console.log(d.pragma('integrity_check',{simple:true}))`], { cwd: join(import.meta.dirname, '..'), encoding: 'utf8' });
    assert.equal(health.trim(), 'ok', 'the database passes integrity_check');
  });
});
