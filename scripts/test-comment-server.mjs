// A web-test-runner plugin that runs a real comment-thread-server (built in server/dist) on a
// fresh SQLite file for the whole browser test run. Tests read its address from
// /__comment-server.json. The server allows the test page's origin (CORS), so the browser
// talks to it cross-origin, as a real site would.
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
  return {
    name: 'comment-server',
    async serverStart({ config }) {
      if (!existsSync(cli)) {
        failure = `${cli} is missing: run npm run build -w comment-thread-server first (npm test does).`;
        return;
      }
      dir = mkdtempSync(join(tmpdir(), 'ct-browser-server-'));
      const origins = [`http://localhost:${config.port}`, `http://127.0.0.1:${config.port}`];
      child = spawn(
        process.execPath,
        [cli, '--port', '0', '--db', `sqlite:${join(dir, 'comments.db')}`, '--rate-limit', '100000', ...origins.flatMap((o) => ['--origin', o])],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      url = await new Promise((resolveUrl) => {
        const onData = (data) => {
          output += data;
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match) resolveUrl(match[1]);
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', () => resolveUrl(null));
      });
      if (!url) failure = `comment-thread-server did not start:\n${output}`;
    },
    async serverStop() {
      child?.kill('SIGTERM');
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
    serve(context) {
      if (context.path !== '/__comment-server.json') return undefined;
      return { body: JSON.stringify(url ? { url } : { failure }), type: 'json' };
    },
  };
}
