/**
 * A real comment-thread-server (server/dist/cli.js) for the browser benchmark's HTTP mode: a
 * scratch SQLite database seeded with a generated thread through the CLI's own
 * `import --format json`, served on 127.0.0.1 with a port the system picks, and the benchmark
 * pages served from the same origin through `--static`.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toExportFile } from '../../scripts/comment-export.mjs';

/** Variables the CLI reads as defaults for its options: none of the caller's may leak in. */
const SERVER_ENV = ['PORT', 'HOST', 'COMMENT_DB', 'COMMENT_ORIGINS', 'COMMENT_ADMIN_TOKEN', 'COMMENT_MODERATION', 'COMMENT_EDIT_WINDOW', 'COMMENT_RATE_LIMIT', 'COMMENT_TRUST_PROXY', 'COMMENT_STATIC'];

function cleanEnv() {
  const env = { ...process.env };
  for (const name of SERVER_ENV) delete env[name];
  return env;
}

function run(cli, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv() });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`comment-thread-server ${args[0]} exited with ${code}: ${out.trim()}`));
    });
  });
}

/**
 * Seeds `dir/N.db` with `comments` and starts the server on it, serving `staticDir` at `/`.
 * Resolves with `{ url, stop() }`.
 */
export async function startCommentServer({ cli, dir, comments, staticDir, name }) {
  const file = join(dir, `${name}.json`);
  const db = `sqlite:${join(dir, `${name}.db`)}`;
  await writeFile(file, JSON.stringify(toExportFile(comments)));
  await run(cli, ['import', '--format', 'json', file, '--db', db], 120_000);
  const child = spawn(
    process.execPath,
    [cli, '--port', '0', '--host', '127.0.0.1', '--db', db, '--static', staticDir, '--rate-limit', '100000'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv() },
  );
  let log = '';
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`comment-thread-server did not start: ${out}${log}`)), 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`comment-thread-server exited with ${code}: ${out}${log}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * How many comments the server's first page holds: the first `pageSize` top-level comments
 * (oldest first, as the generator dates them) with all their replies.
 */
export function firstPageCount(comments, pageSize) {
  const root = new Map();
  const roots = [];
  for (const c of comments) {
    if (c.parentId === null) {
      root.set(c.id, c.id);
      roots.push(c);
    } else {
      root.set(c.id, root.get(c.parentId));
    }
  }
  const first = new Set(
    roots
      .slice()
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
      .slice(0, pageSize)
      .map((c) => c.id),
  );
  return comments.filter((c) => first.has(root.get(c.id))).length;
}
