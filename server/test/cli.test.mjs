// The command line: help, bad options (one clear line, exit status 2), the defaults.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, runCli, startServer } from './helpers.mjs';

describe('comment-thread-server CLI', () => {
  it('lists every option with --help', async () => {
    const { code, stdout } = await runCli(['--help']);
    assert.equal(code, 0);
    for (const flag of ['--port', '--host', '--db', '--origin', '--admin-token', '--moderation', '--edit-window', '--rate-limit', '--trust-proxy', '--static', '--downvotes']) {
      assert.match(stdout, new RegExp(`${flag} `), `${flag} is not in --help`);
    }
  });

  it('refuses bad options with one line and exit status 2', async () => {
    const cases = [
      [['--port', 'abc'], /--port must be a whole number/],
      [['--port', '70000'], /--port must be a whole number from 0 to 65535/],
      [['--db', 'mysql://x'], /--db must be sqlite:PATH or postgres:\/\//],
      [['--db', 'sqlite:'], /needs a file path/],
      [['--moderation', 'sometimes'], /--moderation must be none, first-time or all/],
      [['--origin', 'blog.example'], /--origin must be an origin/],
      [['--origin', 'https://blog.example/path'], /no path/],
      [['--admin-token', 'short'], /at least 16 characters/],
      [['--trust-proxy', 'yes'], /^comment-thread-server: --trust-proxy must be a whole number from 0 to 10, not "yes"\.\n?$/],
      [['--trust-proxy', '11'], /--trust-proxy must be a whole number from 0 to 10, not "11"/],
      [['--trust-proxy=1.5'], /--trust-proxy must be a whole number/],
      [['--edit-window', '-5'], /--edit-window needs a value|--edit-window must be/],
      [['--colour', 'red'], /Unknown option "--colour"; see --help/],
      [['--port'], /--port needs a value/],
      [['frobnicate'], /Unknown command "frobnicate"/],
      [['-p', '80'], /Unknown option "-p": there are no short options except -h\. Did you mean --port or --proof-of-work\? See --help/],
      [['--db', 'sqlite:x.db', '-d'], /Unknown option "-d": .*Did you mean --db or --downvotes\?/],
      [['--downvotes=maybe'], /--downvotes is a switch: give it alone, or true or false, not "maybe"/],
      [['-x'], /Unknown option "-x": there are no short options except -h\. See --help/],
      [['serve', '-p'], /Unknown option "-p"/],
      [['--format', 'json'], /--format is only for import .*the server takes no --format/],
      [['serve', '--format=wordpress'], /--format is only for import/],
      [['export', '--format', 'xml'], /export writes --format json only, not "xml"/],
      [['import', '--format', 'json', '--format', 'disqus', 'x.json'], /--format was given more than once/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await runCli(args);
      assert.equal(code, 2, `${args.join(' ')}: exit ${code}\n${stderr}`);
      assert.equal(stdout, '');
      assert.equal(stderr.trim().split('\n').length, 1, `more than one line: ${stderr}`);
      assert.match(stderr, message);
    }
  });

  it('reads options from the environment; flags win', async () => {
    const { code, stderr } = await runCli([], { env: { COMMENT_MODERATION: 'never' } });
    assert.equal(code, 2);
    assert.match(stderr, /--moderation must be/);
    const proxied = await runCli([], { env: { COMMENT_TRUST_PROXY: 'all' } });
    assert.equal(proxied.code, 2);
    assert.match(proxied.stderr, /--trust-proxy must be a whole number from 0 to 10, not "all"/);
    const dir = mkdtempSync(join(tmpdir(), 'ct-cli-'));
    try {
      const server = await startServer(['--moderation', 'all'], { env: { COMMENT_MODERATION: 'never', COMMENT_DB: `sqlite:${join(dir, 'env.db')}` } });
      try {
        const created = await request(`${server.url}/api/comments`, { method: 'POST', json: { threadId: '/env', body: 'x' } });
        assert.equal(created.body.comment.status, 'pending');
        assert.ok(existsSync(join(dir, 'env.db')), 'the database named in COMMENT_DB was created');
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts on 127.0.0.1:8787 with ./comments.db by default, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-cli-'));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const { spawn } = await import('node:child_process');
      const { CLI } = await import('./helpers.mjs');
      const child = spawn(process.execPath, [CLI], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const deadline = Date.now() + 10_000;
      while (!/listening/.test(out) && !/EADDRINUSE|error/i.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.match(out, /listening on http:\/\/127\.0\.0\.1:8787 \(sqlite:\.\/comments\.db\)/, out);
      assert.ok(existsSync(join(dir, 'comments.db')));
      const exit = new Promise((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      assert.equal(await exit, 0);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
