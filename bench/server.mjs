#!/usr/bin/env node
/**
 * Server load benchmark: comment-thread-server on SQLite and on PostgreSQL, driven by
 * autocannon from this process. For each store: requests per second and latency (p50, p99) of
 * reading a 50-comment page and of posting a comment, with `GET /api/health` (no database) as
 * the baseline measured in the same run. Results: bench/results/server-<ISO date>.json and
 * bench/results/server-latest.md. Measurements, not pass/fail thresholds.
 *
 *   npm run bench:server                  both stores, 10 s per run
 *   BENCH_SECONDS=5 BENCH_STORES=sqlite npm run bench:server
 *
 * Needs `npm run build -w comment-thread-server` first; PostgreSQL at COMMENT_TEST_POSTGRES
 * (default postgres://postgres@127.0.0.1:5432/test), where a scratch database is created.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'server', 'dist', 'cli.js');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const STORES = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',');
const POSTGRES = process.env.COMMENT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const THREAD = '/bench/thread';

async function database(kind) {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ct-bench-'));
    return { url: `sqlite:${join(dir, 'bench.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `ct_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

function start(db) {
  const child = spawn(process.execPath, [cli, '--port', '0', '--db', db, '--rate-limit', '10000000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ url: match[1], stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) });
    });
    child.once('exit', () => reject(new Error(`server exited: ${out}`)));
  });
}

/** 50 top-level comments of ~450 characters, 30 of them with a reply (80 comments). */
async function seed(url) {
  const body = 'Thanks for writing this up. '.repeat(16).trim();
  for (let i = 0; i < 50; i++) {
    const response = await fetch(`${url}/api/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ threadId: THREAD, author: { name: `Reader ${i}`, website: 'https://example.com/' }, body: `${i}: ${body}` }),
    });
    const { comment } = await response.json();
    if (i < 30) {
      await fetch(`${url}/api/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ threadId: THREAD, parentId: comment.id, author: { name: 'Author' }, body: `Reply ${i}: ${body.slice(0, 200)}` }),
      });
    }
  }
}

function load(options) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const summary = (result) => ({
  requestsPerSecond: result.requests.average,
  latencyP50Ms: result.latency.p50,
  latencyP99Ms: result.latency.p99,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
});

const results = {};
for (const kind of STORES) {
  const db = await database(kind);
  const server = await start(db.url);
  try {
    await seed(server.url);
    const page = await (await fetch(`${server.url}/api/comments?thread=${encodeURIComponent(THREAD)}&limit=50`)).json();
    if (page.comments.length !== 80) throw new Error(`the page holds ${page.comments.length} comments, not 80`);
    const health = summary(await load({ url: `${server.url}/api/health` }));
    const read = summary(await load({ url: `${server.url}/api/comments?thread=${encodeURIComponent(THREAD)}&limit=50` }));
    const post = summary(
      await load({
        url: `${server.url}/api/comments`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ threadId: '/bench/posts', author: { name: 'Load' }, body: 'A comment posted under load, about 60 characters long.' }),
      }),
    );
    results[kind] = { health, read, post };
    console.log(`${kind}: health ${health.requestsPerSecond.toFixed(0)} req/s · read ${read.requestsPerSecond.toFixed(0)} req/s (p99 ${read.latencyP99Ms} ms) · post ${post.requestsPerSecond.toFixed(0)} req/s (p99 ${post.latencyP99Ms} ms)`);
  } finally {
    await server.stop();
    await db.drop();
  }
}

const date = new Date().toISOString();
const lines = [
  '# Server benchmark: comment-thread-server',
  '',
  `${date} · ${cpus().length}× ${cpus()[0]?.model?.trim()} · Node ${process.versions.node} · autocannon, ${CONNECTIONS} connections, ${SECONDS} s per run, client and server on one machine`,
  '',
  '"read" is `GET /api/comments?limit=50` on a thread of 50 top-level comments (~450 characters) and 30 replies; "post" is `POST /api/comments` (new comments, no idempotency key); "baseline" is `GET /api/health`, which touches no database, in the same run. Ratio = requests per second against the baseline.',
  '',
  '| store | route | req/s | p50 (ms) | p99 (ms) | ratio to baseline | non-2xx |',
  '|---|---|---:|---:|---:|---:|---:|',
];
for (const [kind, r] of Object.entries(results)) {
  for (const [name, s] of [['baseline', r.health], ['read 50-comment page', r.read], ['post', r.post]]) {
    lines.push(`| ${kind} | ${name} | ${s.requestsPerSecond.toFixed(0)} | ${s.latencyP50Ms} | ${s.latencyP99Ms} | ${(s.requestsPerSecond / r.health.requestsPerSecond).toFixed(2)} | ${s.non2xx} |`);
  }
}
lines.push('');
const stamp = date.replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
writeFileSync(join(here, 'results', `server-${stamp}.json`), `${JSON.stringify({ date, seconds: SECONDS, connections: CONNECTIONS, results }, null, 2)}\n`);
writeFileSync(join(here, 'results', 'server-latest.md'), lines.join('\n'));
console.log(`\nwrote bench/results/server-${stamp}.json and bench/results/server-latest.md`);
