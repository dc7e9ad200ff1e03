// A web-test-runner plugin that runs a real comment-thread-server (built in server/dist) on a
// fresh SQLite file for the whole browser test run. Tests read its address from
// /__comment-server.json; POST /__comment-server/restart kills it (SIGKILL, as a crash) and
// starts it again on the same port and database. The server allows the test page's origin
// (CORS), so the browser talks to it cross-origin, as a real site would.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const cli = resolve(import.meta.dirname, '..', 'server', 'dist', 'cli.js');

export function commentServerPlugin() {
  let child = null;
  let dir = null;
  let url = null;
  let failure = null;
  let args = [];

  /** Starts the server with `args` on `port`; resolves with its address, or null. */
  const start = (port) => {
    child = spawn(process.execPath, [cli, '--port', String(port), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    return new Promise((resolveUrl) => {
      const onData = (data) => {
        output += data;
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match) resolveUrl(match[1]);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', () => {
        failure = `comment-thread-server stopped:\n${output}`;
        resolveUrl(null);
      });
    });
  };

  return {
    name: 'comment-server',
    async serverStart({ config }) {
      if (!existsSync(cli)) {
        failure = `${cli} is missing: run npm run build -w comment-thread-server first (npm test does).`;
        return;
      }
      dir = mkdtempSync(join(tmpdir(), 'ct-browser-server-'));
      const origins = [`http://localhost:${config.port}`, `http://127.0.0.1:${config.port}`];
      args = ['--db', `sqlite:${join(dir, 'comments.db')}`, '--rate-limit', '100000', ...origins.flatMap((o) => ['--origin', o])];
      url = await start(0);
    },
    async serverStop() {
      child?.kill('SIGTERM');
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
    async serve(context) {
      if (context.path === '/__comment-server.json') return { body: JSON.stringify(url ? { url } : { failure }), type: 'json' };
      if (context.path === '/__comment-server/restart' && context.method === 'POST' && url) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
        url = await start(new URL(url).port);
        return { body: JSON.stringify({ url }), type: 'json' };
      }
      return undefined;
    },
  };
}
