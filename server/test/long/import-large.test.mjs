// A large WordPress export imports in bounded memory: a generated 200 MB WXR file (written to
// a temporary folder by `wxr-generator.mjs`, never committed) goes through the real CLI into a
// real SQLite database, while this test reads the child's peak resident memory (VmHWM) from
// /proc; the CLI reports its own (getrusage) in its JSON report. Both must stay at most 300 MB.
// Progress: a line every 10,000 comments when standard error is not a terminal, a bar when it
// is (run under script(1), which gives the CLI a pseudo-terminal).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CLI, request, startServer } from '../helpers.mjs';
import { writeWxr } from '../wxr-generator.mjs';

const MB = 1024 * 1024;
const LIMIT = 300 * MB;

/** Runs the CLI, reading its peak resident memory from /proc every 50 ms until it exits. */
function runMeasured(args) {
  return new Promise((resolveRun) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    let reads = 0;
    const poll = () => {
      try {
        const kib = Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
        if (kib > 0) {
          peak = Math.max(peak, kib * 1024);
          reads++;
        }
      } catch {
        // The process is gone.
      }
    };
    const timer = setInterval(poll, 50);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (code) => {
      clearInterval(timer);
      resolveRun({ code, stdout, stderr, peak, reads, seconds: (performance.now() - started) / 1000 });
    });
  });
}

describe('a 200 MB WordPress export', () => {
  let scratch;
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'ct-large-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('imports into SQLite in at most 300 MB, with a progress line every 10,000 comments', { timeout: 600_000 }, async (t) => {
    const file = join(scratch, 'export.xml');
    const written = writeWxr(file, 200e6);
    assert.ok(written.bytes >= 200e6, `${written.bytes} bytes`);
    const dbFile = join(scratch, 'comments.db');
    const run = await runMeasured(['import', '--format', 'wordpress', file, '--db', `sqlite:${dbFile}`, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    t.diagnostic(`${written.comments} comments in ${(written.bytes / 1e6).toFixed(0)} MB: ${run.seconds.toFixed(1)} s, peak ${(run.peak / MB).toFixed(0)} MB (VmHWM), ${(report.peakMemoryBytes / MB).toFixed(0)} MB (getrusage)`);

    assert.ok(run.reads > 0, 'read the peak from /proc');
    assert.ok(run.peak <= LIMIT, `peak resident memory ${(run.peak / MB).toFixed(0)} MB`);
    assert.ok(report.peakMemoryBytes <= LIMIT, `reported peak ${(report.peakMemoryBytes / MB).toFixed(0)} MB`);
    assert.ok(report.peakMemoryBytes >= run.peak * 0.9, 'the report’s figure is the process’s own');

    assert.deepEqual([report.read, report.imported, report.skipped, report.changed], [written.comments, written.comments, 0, 0]);
    assert.deepEqual(report.byRole, { author: written.byAuthor });
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, Math.floor(written.comments / 10_000), run.stderr);
    lines.forEach((line, i) => {
      const count = ((i + 1) * 10_000).toLocaleString('en');
      assert.match(line, new RegExp(`^import: ${count} of ${written.comments.toLocaleString('en')} comments read \\(\\d+%\\), [\\d.]+ s$`));
    });

    const db = new Database(dbFile, { readonly: true });
    let busiest;
    try {
      const counts = db
        .prepare('SELECT count(*) AS comments, count(parent_id) AS replies, count(role) AS authors, (SELECT count(*) FROM comment_aliases) AS aliases FROM comments')
        .get();
      assert.deepEqual(counts, { comments: written.comments, replies: written.replies, authors: written.byAuthor, aliases: written.comments });
      busiest = db.prepare('SELECT thread_id AS thread, count(*) AS n FROM comments GROUP BY thread_id ORDER BY n DESC, thread_id LIMIT 1').get();
    } finally {
      db.close();
    }
    // And the API serves the busiest post whole, every body rendered.
    const server = await startServer(['--db', `sqlite:${dbFile}`]);
    try {
      const page = (await request(`${server.url}/api/comments?thread=${encodeURIComponent(busiest.thread)}&limit=100`)).body;
      assert.equal(page.comments.length, busiest.n);
      assert.equal(page.nextCursor, null);
      assert.ok(page.comments.every((c) => c.html.startsWith('<') && c.body !== '' && c.aliases.length === 1));
    } finally {
      await server.stop();
    }
  });

  it('draws a progress bar when standard error is a terminal', { skip: !existsSync('/usr/bin/script') && 'script(1) is not installed' }, async () => {
    const file = join(scratch, 'small.xml');
    const written = writeWxr(file, 10e6);
    const command = [process.execPath, CLI, 'import', '--format', 'wordpress', file, '--db', `sqlite:${join(scratch, 'tty.db')}`].map((a) => `'${a}'`).join(' ');
    const output = await new Promise((resolveRun) => {
      const child = spawn('/usr/bin/script', ['-qec', command, '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.once('exit', (code) => resolveRun({ code, out }));
    });
    assert.equal(output.code, 0, output.out);
    const frames = [...output.out.matchAll(/\r\x1b\[2K\[([#.]+)\] (\d+)% ([\d,]+) of ([\d,]+) comments/g)];
    assert.ok(frames.length >= 2, `frames of the bar: ${JSON.stringify(output.out.slice(0, 300))}`);
    const percents = frames.map((f) => Number(f[2]));
    assert.deepEqual(percents, [...percents].sort((a, b) => a - b), 'the bar only moves forward');
    assert.equal(frames.at(-1)[4], written.comments.toLocaleString('en'));
    assert.doesNotMatch(output.out, /import: [\d,]+ of/, 'no log lines on a terminal');
    assert.match(output.out, new RegExp(`\\r\\x1b\\[2KImported ${written.comments.toLocaleString('en')} of ${written.comments.toLocaleString('en')} comments`), 'the bar is cleared before the summary');
  });
});
