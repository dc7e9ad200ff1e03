// `comment-thread-server backup`: a consistent copy of a SQLite database taken while a real
// server process writes to it, restored by starting a server on the copy; and `--version`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDatabase, request, runCli, startServer } from './helpers.mjs';

describe('backup', () => {
  it('copies a SQLite database while the server writes, and a server started on the copy has every comment acknowledged before it', async () => {
    const db = await freshDatabase('sqlite');
    const server = await startServer(['--db', db.url, '--rate-limit', '100000']);
    const copy = join(db.url.slice('sqlite:'.length), '..', 'backup.db');
    const acknowledged = [];
    let stop = false;
    try {
      // One writer, bounded: it stops when the backup is done (or after 2,000 posts).
      const writer = (async () => {
        for (let i = 0; i < 2000 && !stop; i++) {
          const answer = await request(`${server.url}/api/comments`, { method: 'POST', json: { threadId: '/backup/', body: `post ${i}` } });
          assert.equal(answer.status, 201);
          acknowledged.push(answer.body.comment.id);
        }
      })();
      while (acknowledged.length < 50) await new Promise((r) => setTimeout(r, 10));
      const before = [...acknowledged];
      const backup = await runCli(['backup', '--db', db.url, copy]);
      stop = true;
      await writer;
      assert.equal(backup.code, 0, backup.stderr);
      const [, count] = /backed up (\d+) comments to .*integrity check ok/.exec(backup.stdout) ?? [];
      assert.ok(Number(count) >= before.length, `the copy holds ${count} comments, ${before.length} were acknowledged before it began`);
      assert.ok(Number(count) <= acknowledged.length);

      // Restoring: a server on the copy.
      const restored = await startServer(['--db', `sqlite:${copy}`]);
      try {
        const ids = new Set();
        for (let cursor = null; ; ) {
          const page = await request(`${restored.url}/api/comments?thread=/backup/&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
          for (const comment of page.body.comments) ids.add(comment.id);
          cursor = page.body.nextCursor;
          if (!cursor) break;
        }
        assert.equal(ids.size, Number(count));
        for (const id of before) assert.ok(ids.has(id), `comment ${id}, acknowledged before the backup, is in it`);
        for (const id of ids) assert.ok(acknowledged.includes(id), 'the copy holds nothing that was not acknowledged');
      } finally {
        await restored.stop();
      }

      const again = await runCli(['backup', '--db', db.url, copy]);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /exists already; backup writes a new file and never overwrites one/);
    } finally {
      stop = true;
      await server.stop();
      await db.drop();
    }
  });

  it('says what to use for PostgreSQL, and what it needs', async () => {
    const pg = await runCli(['backup', '--db', 'postgres://postgres@127.0.0.1:5432/test', 'x.db']);
    assert.equal(pg.code, 2);
    assert.match(pg.stderr, /for PostgreSQL use its own pg_dump/);
    const none = await runCli(['backup', '--db', 'sqlite:./no-such-dir/comments.db', 'x.db']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /There is no database at/);
    const noFile = await runCli(['backup']);
    assert.equal(noFile.code, 2);
    assert.match(noFile.stderr, /backup needs a file to write/);
  });

  it('prints its version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const run = await runCli(['--version']);
    assert.equal(run.code, 0);
    assert.equal(run.stdout.trim(), version);
  });
});
