#!/usr/bin/env node
/**
 * Load benchmark of comment-thread-server, in two parts, on SQLite and on PostgreSQL:
 *
 * 1. **Sustained load at p99 ≤ 100 ms.** With 1 and with 2 server processes on one database,
 *    the highest fixed rate (autocannon's `overallRate`) of reading a 50-comment page and of
 *    posting comments that the server holds: every request answered 2xx, no errors or
 *    timeouts, at least 97% of the asked rate actually served, and p99 ≤ 100 ms. The search
 *    doubles the rate until a step fails, then bisects between the last step held and the
 *    first one not held. `GET /api/health` (no database) is searched the same way, in the
 *    same run, as the baseline.
 * 2. **Live fan-out.** With 0, 1,000 and 5,000 open `GET /api/events` streams of one thread,
 *    comments posted to that thread one after another: how long the post takes to answer, and
 *    how long until the median and the last watcher have the `created` event. Every watcher
 *    must get every event; any missed one is counted.
 *
 * Results: bench/results/load-<ISO date>.json and bench/results/load-latest.md. Measurements,
 * not pass/fail thresholds.
 *
 *   npm run bench:load
 *   BENCH_STORES=sqlite BENCH_PARTS=fanout BENCH_WATCHERS=0,1000 npm run bench:load
 *
 * Environment: BENCH_STORES (sqlite,postgres), BENCH_PARTS (load,fanout), BENCH_PROCESSES (1,2),
 * BENCH_SECONDS (3, per search step), BENCH_CONNECTIONS (10, even), BENCH_START_RATE (500),
 * BENCH_BISECT (3 steps), BENCH_P99_MS (100), BENCH_WATCHERS (0,1000,5000), BENCH_POSTS (20).
 * PostgreSQL at COMMENT_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432/test), where
 * scratch databases are created and dropped again. Every request goes to 127.0.0.1.
 *
 * How the load is applied, and why:
 *
 * - autocannon's fixed rate gives each connection its share of the rate per second, which it
 *   sends one request after another from the start of each second, then waits for the next
 *   second. So at most BENCH_CONNECTIONS requests are in flight, in bursts; a rate the server
 *   cannot keep up with shows as fewer requests sent, not as latency (the load generator waits
 *   for the answers). That is why "held" also asks for ≥ 97% of the rate served.
 * - Latencies are recorded as measured (`ignoreCoordinatedOmission`): autocannon 8's correction
 *   in rate mode assumes one request per millisecond (`Math.ceil(1 / rate)`) and adds a
 *   made-up sample for every millisecond of each answer (a 50 ms answer becomes 50 samples of
 *   1..50 ms), which moves p99 by several times at low load.
 * - Two processes: one autocannon run is given both processes' URLs; it opens its connections
 *   to them in turn (connection i to process i mod 2), so each process gets half the
 *   connections and half the rate, and every answer lands in the one latency histogram: no
 *   merging of percentiles, and no balancer in this process competing with autocannon and the
 *   servers for the machine's cores (an in-process TCP proxy would add a hop and its own CPU).
 *   It is what an L4 balancer with long-lived connections does.
 */
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'server', 'dist', 'cli.js');
const list = (value, fallback) => (value ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
const STORES = list(process.env.BENCH_STORES, 'sqlite,postgres');
const PARTS = list(process.env.BENCH_PARTS, 'load,fanout');
const PROCESSES = list(process.env.BENCH_PROCESSES, '1,2').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const START_RATE = Number(process.env.BENCH_START_RATE ?? 500);
const BISECT = Number(process.env.BENCH_BISECT ?? 3);
const P99_MS = Number(process.env.BENCH_P99_MS ?? 100);
const WATCHERS = list(process.env.BENCH_WATCHERS, '0,1000,5000').map(Number);
const POSTS = Number(process.env.BENCH_POSTS ?? 20);
const POSTGRES = process.env.COMMENT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Share of the asked rate that must be served for a step to count as held. */
const SERVED = 0.97;
const MAX_RATE = 100_000;
const WARM_UP_POSTS = 2;
/** Watchers being opened at a time. */
const OPEN_PARALLEL = 100;
const THREAD = '/bench/thread';
const POST_BODY = 'A comment posted under load, about 60 characters long.';

if (CONNECTIONS < 2 || CONNECTIONS % 2) throw new Error('BENCH_CONNECTIONS must be even (two processes get half each)');

// ---------------------------------------------------------------------------------------------
// Open files: each watcher is a socket here and one in the server. Node cannot raise its own
// limit, so when the soft limit is too low (and the hard one allows it), the script runs itself
// again through the shell with `ulimit -n` raised; the servers it starts inherit the limit.

function openFileLimits() {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  const [soft, hard] = line.trim().split(/\s+/).slice(3, 5).map((v) => (v === 'unlimited' ? Infinity : Number(v)));
  return { soft, hard };
}

// ---------------------------------------------------------------------------------------------
// Processes and databases, stopped and dropped at the end, also on error or Ctrl-C.

/** Server processes still running: killed outright should this process exit before stopping them. */
const children = new Set();
/** Scratch databases not dropped yet. */
const scratch = new Set();

process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

async function cleanUp() {
  await Promise.allSettled([...children].map((child) => stopChild(child)));
  await Promise.allSettled([...scratch].map((db) => db.drop()));
}

function cleanUpOnSignals() {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the servers and dropping the scratch databases`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
}

async function database(kind) {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ct-load-'));
    const db = { url: `sqlite:${join(dir, 'bench.db')}`, drop: async () => (rmSync(dir, { recursive: true, force: true }), scratch.delete(db)) };
    scratch.add(db);
    return db;
  }
  const name = `ct_load_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES);
  url.pathname = `/${name}`;
  const db = {
    url: url.href,
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
      scratch.delete(db);
    },
  };
  scratch.add(db);
  return db;
}

/** Variables the CLI reads as defaults for its options: none of the caller's may leak in. */
const SERVER_ENV = ['PORT', 'HOST', 'COMMENT_DB', 'COMMENT_ORIGINS', 'COMMENT_ADMIN_TOKEN', 'COMMENT_ADMIN_ROLE', 'COMMENT_MODERATION', 'COMMENT_EDIT_WINDOW', 'COMMENT_RATE_LIMIT', 'COMMENT_TRUST_PROXY', 'COMMENT_STATIC', 'COMMENT_STATIC_CSP', 'COMMENT_REDIS', 'COMMENT_MAX_STREAMS', 'COMMENT_MAX_STREAMS_PER_CLIENT'];

/**
 * A server stops by itself when this process is gone, even killed with SIGKILL: it polls its
 * parent's pid (an orphan is adopted by another) and then ends itself with SIGTERM.
 */
const ORPHAN_WATCH = `data:text/javascript,${encodeURIComponent(
  'const parent = process.ppid; setInterval(() => { if (process.ppid !== parent) process.kill(process.pid, "SIGTERM"); }, 500).unref();',
)}`;

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ killed: false });
  return new Promise((resolve) => {
    // A clean shutdown takes about a second (open streams are cut after one); past 10 s, kill.
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code });
    });
    child.kill('SIGTERM');
  });
}

/** One server process on `db`, listening on 127.0.0.1 with a port the system picks. */
function startServer(db, extra = []) {
  const env = { ...process.env };
  for (const name of SERVER_ENV) delete env[name];
  const args = ['--import', ORPHAN_WATCH, cli, '--port', '0', '--host', '127.0.0.1', '--db', db, '--rate-limit', '10000000', ...extra];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const log = [];
  let partial = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop();
    for (const line of lines) if (line.trim()) log.push(line);
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start in 30 s: ${out}${log.join('\n')}`)), 30_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      if (out.length < 10_000) out += d;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match && timer) {
        clearTimeout(timer);
        resolve({
          url: match[1].replace(/\/$/, ''),
          pid: child.pid,
          log,
          memory: () => memoryOf(child.pid),
          cpuSeconds: () => cpuSecondsOf(child.pid),
          stop: async () => {
            const result = await stopChild(child);
            if (result.killed) log.push('(bench) did not exit within 10 s of SIGTERM: killed');
            return result;
          },
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}): ${out}${log.join('\n')}`));
    });
  });
}

/** Resident and peak resident memory of a process, in MB. */
function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMB: round(kb('VmRSS') / 1024, 1), peakRssMB: round(kb('VmHWM') / 1024, 1) };
  } catch {
    return { rssMB: null, peakRssMB: null };
  }
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU time (user + system) a process has used, in seconds. */
function cpuSecondsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

const round = (value, digits = 0) => (typeof value === 'number' && Number.isFinite(value) ? Number(value.toFixed(digits)) : null);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function quantile(values, q) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  // Nearest rank: the smallest value with at least q of the values at or below it.
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))];
}

async function postJson(url, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** 50 top-level comments of ~450 characters, 30 of them with a reply (80 comments), as bench/server.mjs. */
async function seed(url) {
  const body = 'Thanks for writing this up. '.repeat(16).trim();
  for (let i = 0; i < 50; i++) {
    const { comment } = await postJson(`${url}/api/comments`, { threadId: THREAD, author: { name: `Reader ${i}`, website: 'https://example.com/' }, body: `${i}: ${body}` });
    if (i < 30) await postJson(`${url}/api/comments`, { threadId: THREAD, parentId: comment.id, author: { name: 'Author' }, body: `Reply ${i}: ${body.slice(0, 200)}` });
  }
  const page = await (await fetch(`${url}/api/comments?thread=${encodeURIComponent(THREAD)}&limit=50`)).json();
  if (page.comments.length !== 80) throw new Error(`the page holds ${page.comments.length} comments, not 80`);
}

// ---------------------------------------------------------------------------------------------
// Part 1: the highest rate held.

const ROUTES = {
  health: { label: 'baseline: GET /api/health', request: () => ({ path: '/api/health' }) },
  read: { label: 'read a 50-comment page', request: () => ({ path: `/api/comments?thread=${encodeURIComponent(THREAD)}&limit=50` }) },
  write: {
    label: 'post a comment',
    // Each step posts to a thread of its own, so that no step works on a thread grown by the last.
    request: (step) => ({
      path: '/api/comments',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ threadId: `/bench/load/${step}`, author: { name: 'Load' }, body: POST_BODY }),
    }),
  },
};

function cannon(options) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, ignoreCoordinatedOmission: true, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

let stepCounter = 0;

/** One step: `rate` requests per second for SECONDS, spread over `servers`. */
async function step(servers, route, rate, seconds = SECONDS) {
  const { path, ...request } = ROUTES[route].request(stepCounter++);
  const urls = servers.map((s) => `${s.url}${path}`);
  const cpuBefore = servers.map((s) => s.cpuSeconds());
  const ownBefore = process.cpuUsage();
  const started = performance.now();
  const result = await cannon({ url: urls.length === 1 ? urls[0] : urls, overallRate: rate, duration: seconds, ...request });
  const wall = (performance.now() - started) / 1000;
  const own = process.cpuUsage(ownBefore);
  // Divided by the run's own duration: autocannon stops at its first 1-second sample after
  // `duration`, which is sometimes a second later, and its connections then send one more
  // second's share.
  const served = result['2xx'] / result.duration;
  const summary = {
    rate,
    servedPerSecond: round(served, 1),
    durationSeconds: result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP90Ms: result.latency.p90,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    responses: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count])),
    serverCores: round(servers.reduce((sum, s, i) => sum + (s.cpuSeconds() - cpuBefore[i]), 0) / wall, 2),
    benchCores: round((own.user + own.system) / 1e6 / wall, 2),
  };
  const why = [];
  if (summary.errors) why.push(`${summary.errors} connection errors`);
  if (summary.timeouts) why.push(`${summary.timeouts} timeouts`);
  if (summary.non2xx) why.push(`${summary.non2xx} non-2xx (${Object.entries(summary.statusCodes).filter(([c]) => !c.startsWith('2')).map(([c, n]) => `${n}× ${c}`).join(', ')})`);
  if (served < SERVED * rate) why.push(`${Math.round(served).toLocaleString('en-US')}/s served`);
  if (!(summary.latencyP99Ms <= P99_MS)) why.push(`p99 ${summary.latencyP99Ms} ms`);
  summary.held = why.length === 0;
  summary.why = why.join(', ');
  return summary;
}

/**
 * Doubles the rate from START_RATE while each step is held (or halves it while the first ones
 * are not), then bisects BISECT times between the highest rate held and the lowest not held.
 * While doubling or halving, a step not held is tried twice; while bisecting, once.
 */
async function search(servers, route, tag) {
  const steps = [];
  const run = async (rate) => {
    const s = await step(servers, route, rate);
    steps.push(s);
    console.log(`  ${tag} ${route.padEnd(6)} ${String(rate).padStart(6)}/s → ${s.held ? 'held' : 'NOT held'}: served ${s.servedPerSecond}/s, p50 ${s.latencyP50Ms} ms, p99 ${s.latencyP99Ms} ms, server ${s.serverCores} cores, bench ${s.benchCores}${s.why ? ` (${s.why})` : ''}`);
    await sleep(500); // let the server settle (garbage, WAL checkpoints) between steps
    return s;
  };
  await step(servers, route, Math.max(50, Math.round(START_RATE / 4)), 1); // warm-up, not counted
  let held = null;
  let notHeld = null;
  for (let rate = START_RATE; rate <= MAX_RATE; ) {
    let s = await run(rate);
    // The bracket rests on this step: a step not held is run again, and counts only if it
    // fails twice (a moment of other work on the machine would otherwise end the search low).
    if (!s.held) {
      const again = await run(rate);
      if (again.held) s = again;
    }
    if (s.held) {
      held = s;
      if (notHeld) break;
      rate *= 2;
    } else {
      notHeld = s;
      if (held || rate <= 25) break;
      rate = Math.floor(rate / 2);
    }
  }
  for (let i = 0; i < BISECT && held && notHeld && notHeld.rate - held.rate > CONNECTIONS; i++) {
    const s = await run(Math.round((held.rate + notHeld.rate) / 2));
    if (s.held) held = s;
    else notHeld = s;
  }
  return { held, firstNotHeld: notHeld, steps };
}

async function loadPart(kind) {
  const out = {};
  for (const count of PROCESSES) {
    const db = await database(kind);
    const servers = [];
    try {
      // One after the other: the first runs the migrations.
      for (let i = 0; i < count; i++) servers.push(await startServer(db.url));
      await seed(servers[0].url);
      const tag = `${kind} ×${count}`;
      const routes = {};
      for (const route of Object.keys(ROUTES)) routes[route] = await search(servers, route, tag);
      out[count] = { routes, servers: servers.map((s) => ({ ...s.memory(), log: s.log.slice(0, 20), logLines: s.log.length })) };
      for (const [i, s] of servers.entries()) if (s.log.length) console.log(`  ${tag} process ${i + 1} wrote ${s.log.length} line(s) to stderr, first: ${s.log[0]}`);
    } finally {
      for (const s of servers) await s.stop();
      await db.drop();
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Part 2: live fan-out.

/**
 * Opens one `/api/events` stream (no keep-alive agent: a connection of its own) and resolves
 * once its `ready` event came. `onCreated(id, time)` hears each `created` event.
 */
function openWatcher(base, thread, onCreated) {
  return new Promise((resolve, reject) => {
    const watcher = { ids: new Set(), duplicates: 0, ended: false, error: null, request: null };
    const request = http.get(`${base}/api/events?thread=${encodeURIComponent(thread)}`, { agent: false, headers: { accept: 'text/event-stream' } }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`a watcher got ${response.statusCode}`));
        return;
      }
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk) => {
        const now = performance.now();
        buffer += chunk;
        for (let end; (end = buffer.indexOf('\n\n')) !== -1; ) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
          }
          if (event === 'ready') resolve(watcher);
          else if (event === 'created') {
            const id = JSON.parse(data.join('\n')).comment.id;
            if (watcher.ids.has(id)) watcher.duplicates++;
            else {
              watcher.ids.add(id);
              onCreated(id, now);
            }
          }
        }
      });
      response.on('end', () => (watcher.ended = true));
      response.on('error', (error) => (watcher.error ??= error.message));
    });
    request.on('error', (error) => {
      watcher.error ??= error.message;
      reject(error);
    });
    watcher.request = request;
  });
}

/** Opens `count` watchers, `parallel` at a time. */
async function openWatchers(base, thread, count, onCreated, parallel = OPEN_PARALLEL) {
  const watchers = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, count) }, async () => {
      while (next < count) {
        next++;
        watchers.push(await openWatcher(base, thread, onCreated));
      }
    }),
  );
  return watchers;
}

/** One post over `agent`: resolves with the new comment's id and when the answer was complete. */
function postComment(base, agent, threadId, n) {
  const body = JSON.stringify({ threadId, author: { name: 'Live' }, body: `Live comment ${n}: ${POST_BODY}` });
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}/api/comments`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (d) => (text += d));
      response.on('end', () => {
        const answered = performance.now();
        if (response.statusCode !== 201 && response.statusCode !== 200) reject(new Error(`POST answered ${response.statusCode}: ${text}`));
        else resolve({ id: JSON.parse(text).comment.id, answered });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function fanOutCase(server, count) {
  const thread = `/bench/live/${count}`;
  /** Comment id → when each watcher got its `created` event. */
  const arrivals = new Map();
  let waiting = null;
  const onCreated = (id, time) => {
    let times = arrivals.get(id);
    if (!times) arrivals.set(id, (times = []));
    times.push(time);
    if (waiting && waiting.id === id && times.length >= count) waiting.resolve();
  };
  const memoryBefore = server.memory();
  const opening = performance.now();
  const watchers = await openWatchers(server.url, thread, count, onCreated);
  const openSeconds = (performance.now() - opening) / 1000;
  const memoryOpen = server.memory();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const posts = [];
  const ids = [];
  const cpuBefore = server.cpuSeconds();
  const ownBefore = process.cpuUsage();
  const wallBefore = performance.now();
  try {
    for (let n = 0; n < WARM_UP_POSTS + POSTS; n++) {
      const sent = performance.now();
      const { id, answered } = await postComment(server.url, agent, thread, n);
      ids.push(id);
      let complete = true;
      if (count > 0 && (arrivals.get(id)?.length ?? 0) < count) {
        complete = await Promise.race([
          new Promise((resolve) => (waiting = { id, resolve: () => resolve(true) })),
          sleep(15_000).then(() => false),
        ]);
        waiting = null;
      }
      const times = (arrivals.get(id) ?? []).map((t) => t - sent);
      if (n >= WARM_UP_POSTS) {
        posts.push({
          postMs: round(answered - sent, 2),
          medianWatcherMs: round(quantile(times, 0.5), 2),
          lastWatcherMs: complete ? round(Math.max(...times), 2) : null,
          received: times.length,
        });
      }
      await sleep(50);
    }
    await sleep(500); // late duplicates or events would show up now
  } finally {
    agent.destroy();
  }
  const wall = (performance.now() - wallBefore) / 1000;
  const own = process.cpuUsage(ownBefore);
  const serverCores = round((server.cpuSeconds() - cpuBefore) / wall, 2);
  const benchCores = round((own.user + own.system) / 1e6 / wall, 2);
  const memoryAfterPosts = server.memory();
  let missed = 0;
  let watchersMissing = 0;
  for (const watcher of watchers) {
    const lacking = ids.filter((id) => !watcher.ids.has(id)).length;
    missed += lacking;
    if (lacking) watchersMissing++;
  }
  const duplicates = watchers.reduce((sum, w) => sum + w.duplicates, 0);
  const dropped = watchers.filter((w) => w.ended || w.error).length;
  for (const watcher of watchers) watcher.request.destroy();
  await sleep(Math.min(3000, 500 + count)); // the server notices the closed streams
  const memoryClosed = server.memory();
  const summary = {
    watchers: count,
    openSeconds: round(openSeconds, 2),
    posts: posts.length,
    postMedianMs: round(quantile(posts.map((p) => p.postMs), 0.5), 2),
    postP95Ms: round(quantile(posts.map((p) => p.postMs), 0.95), 2),
    medianWatcherMedianMs: count ? round(quantile(posts.map((p) => p.medianWatcherMs), 0.5), 2) : null,
    medianWatcherP95Ms: count ? round(quantile(posts.map((p) => p.medianWatcherMs), 0.95), 2) : null,
    lastWatcherMedianMs: count ? round(quantile(posts.map((p) => p.lastWatcherMs), 0.5), 2) : null,
    lastWatcherP95Ms: count ? round(quantile(posts.map((p) => p.lastWatcherMs), 0.95), 2) : null,
    incompletePosts: count ? posts.filter((p) => p.lastWatcherMs === null).length : 0,
    eventsExpected: count * ids.length,
    missed,
    watchersMissing,
    duplicates,
    dropped,
    serverCoresWhilePosting: serverCores,
    benchCoresWhilePosting: benchCores,
    rssMB: { before: memoryBefore.rssMB, open: memoryOpen.rssMB, afterPosts: memoryAfterPosts.rssMB, closed: memoryClosed.rssMB, peak: memoryClosed.peakRssMB },
    perPost: posts,
  };
  return summary;
}

async function fanOutPart(kind) {
  const db = await database(kind);
  let server = null;
  try {
    server = await startServer(db.url, ['--max-streams', '20000', '--max-streams-per-client', '20000']);
    const cases = [];
    for (const count of WATCHERS) {
      const c = await fanOutCase(server, count);
      cases.push(c);
      const delivery = count ? `, delivery median watcher ${c.medianWatcherMedianMs} ms (p95 ${c.medianWatcherP95Ms}), last watcher ${c.lastWatcherMedianMs} ms (p95 ${c.lastWatcherP95Ms})` : '';
      console.log(`  ${kind} ${String(count).padStart(5)} watchers (opened in ${c.openSeconds} s): post ${c.postMedianMs} ms (p95 ${c.postP95Ms})${delivery}; missed ${c.missed}, duplicates ${c.duplicates}, dropped ${c.dropped}; RSS ${c.rssMB.before} → ${c.rssMB.open} → ${c.rssMB.afterPosts} → ${c.rssMB.closed} MB`);
    }
    const stopped = await server.stop();
    return { cases, log: server.log.slice(0, 20), logLines: server.log.length, killedAtStop: stopped.killed };
  } finally {
    await server?.stop();
    await db.drop();
  }
}

// ---------------------------------------------------------------------------------------------
// Report.

const n = (value) => (value === null || value === undefined ? '—' : typeof value === 'number' ? (Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : String(value)) : String(value));

function markdown(result) {
  const lines = [
    '# Load benchmark: comment-thread-server',
    '',
    `${result.date} · ${result.machine.cpus}× ${result.machine.cpuModel} · ${result.machine.memoryGB} GB · Node ${result.machine.node} · ${Math.round(result.seconds)} s · load average ${result.machine.loadBefore.join('/')} before, ${result.machine.loadAfter.join('/')} after (1/5/15 min) · open files ${result.machine.openFiles.soft}/${result.machine.openFiles.hard} (soft/hard)`,
    '',
    `Server built from commit ${result.server.commit ?? '?'}${result.server.changed.length ? ` with uncommitted changes to ${result.server.changed.map((f) => `\`${f}\``).join(', ')}` : ''}.`,
    '',
    `**The load generator (autocannon, and for the fan-out the ${Math.max(...WATCHERS).toLocaleString('en-US')} watchers) runs in one Node process on the same ${result.machine.cpus}-core machine as the server processes and, for PostgreSQL, the database: they all share those ${result.machine.cpus} cores.** ` +
      'A second server process therefore competes for the same cores rather than adding one. Every request goes to 127.0.0.1. Measurements, not pass/fail thresholds.',
    '',
  ];
  if (result.load) {
    const s = result.settings;
    lines.push(
      `## Sustained load at p99 ≤ ${s.p99Ms} ms`,
      '',
      `autocannon's fixed-rate mode (\`overallRate\`), ${s.connections} connections, ${s.seconds} s per step. The rate doubles from ${s.startRate}/s until a step is not held, then ${s.bisect} bisection steps. ` +
        `A step is **held** when every answer is 2xx with no connection errors or timeouts, at least ${Math.round(SERVED * 100)}% of the asked rate is served, and p99 ≤ ${s.p99Ms} ms. ` +
        '"Rate held" is the highest step held; p50 and p99 are that step\'s latencies (1 ms resolution, recorded as measured: autocannon\'s coordinated-omission correction is off, see the script). ' +
        'autocannon sends each connection\'s share of a second\'s requests back to back from the start of the second, so at most that many requests are in flight, in bursts; ' +
        'a server that cannot keep up gets fewer requests (the "served" criterion), not longer queues. ' +
        '"Ratio" is the rate held against the `GET /api/health` baseline (no database) of the same store and process count, in the same run. ' +
        '"CPU" is the cores the server process(es) and this bench process used during that step (PostgreSQL\'s own processes not counted). ' +
        '"First rate not held" is the lowest rate tried that failed, and why. ' +
        'Reads: `GET /api/comments?limit=50` on a thread of 50 top-level comments (~450 characters) and 30 replies (80 comments). Writes: `POST /api/comments` (JSON, a new comment each, `--rate-limit 10000000`; the rate-limit bucket is still taken in the database). ' +
        'Two processes: both on the same database, each given half the connections and half the rate by the one autocannon run (connection i to process i mod 2), so every answer is in one latency histogram.',
      '',
      '| store | processes | route | rate held (req/s) | p50 (ms) | p99 (ms) | errors / timeouts / non-2xx | ratio to baseline | CPU server / bench (cores) | first rate not held |',
      '|---|---:|---|---:|---:|---:|---|---:|---|---|',
    );
    for (const [kind, byCount] of Object.entries(result.load)) {
      for (const [count, r] of Object.entries(byCount)) {
        const base = r.routes.health.held?.rate;
        for (const [route, { held, firstNotHeld }] of Object.entries(r.routes)) {
          const label = ROUTES[route].label;
          const fail = firstNotHeld ? `${n(firstNotHeld.rate)}/s: ${firstNotHeld.why}` : `none up to ${n(MAX_RATE)}/s`;
          if (!held) {
            lines.push(`| ${kind} | ${count} | ${label} | none held | — | — | — | — | — | ${fail} |`);
            continue;
          }
          lines.push(
            `| ${kind} | ${count} | ${label} | ${n(held.rate)} | ${held.latencyP50Ms} | ${held.latencyP99Ms} | ${held.errors} / ${held.timeouts} / ${held.non2xx} | ${base ? (held.rate / base).toFixed(2) : '—'} | ${held.serverCores} / ${held.benchCores} | ${fail} |`,
          );
        }
      }
    }
    lines.push('');
    lines.push('Every step, in the order run (rate asked → ✓ held or ✗ not held, p99 in ms; a step tried twice shows twice):', '');
    for (const [kind, byCount] of Object.entries(result.load)) {
      for (const [count, r] of Object.entries(byCount)) {
        for (const [route, { steps }] of Object.entries(r.routes)) {
          lines.push(`- ${kind} ×${count}, ${route}: ${steps.map((s) => `${s.rate} ${s.held ? '✓' : '✗'} ${s.latencyP99Ms}`).join(' · ')}`);
        }
      }
    }
    lines.push('');
    const rss = [];
    for (const [kind, byCount] of Object.entries(result.load)) {
      for (const [count, r] of Object.entries(byCount)) rss.push(`${kind} ×${count}: ${r.servers.map((s) => `${s.peakRssMB} MB`).join(' and ')}`);
    }
    lines.push(`Peak resident memory of each server process over its searches: ${rss.join('; ')}.`, '');
    const logs = [];
    for (const [kind, byCount] of Object.entries(result.load)) {
      for (const [count, r] of Object.entries(byCount)) r.servers.forEach((s, i) => s.logLines && logs.push(`${kind} ×${count}, process ${i + 1}: ${s.logLines} line(s), first: \`${s.log[0]}\``));
    }
    lines.push(logs.length ? `Server stderr during the searches: ${logs.join('; ')}.` : 'The servers wrote nothing to stderr during the searches.', '');
  }
  if (result.fanout) {
    lines.push(
      '## Live fan-out',
      '',
      `One server process per store with \`--max-streams 20000 --max-streams-per-client 20000\`. For each number of watchers, that many \`GET /api/events?thread=T\` streams are opened from this process (node:http, no keep-alive agent: one connection each, ${OPEN_PARALLEL} opened at a time, each counted once its \`ready\` event came), ` +
        `then ${result.settings.posts} comments are posted to T one after another (after ${WARM_UP_POSTS} not counted), each once the last one's events were all in and 50 ms later. ` +
        '"Post" is from sending `POST /api/comments` to its complete answer (one keep-alive connection). "Median watcher" and "last watcher" are from sending the post until the median and the last of the watchers had parsed its `event: created` block, ' +
        'as seen by this process, which reads all the streams on the same cores (so the time includes its own reading). Each figure is the median over the posts, with the p95 (nearest rank) after it. ' +
        '"Missed" counts (watcher, comment) pairs where the watcher never got the event, counted 0.5 s after the last post; "dropped" counts streams the server ended. RSS is the server process\'s resident memory: before the watchers, with them open, after the posts, and about a second after they were closed (garbage not collected yet included); the JSON has the peak.',
      '',
      '| store | watchers | opened in (s) | post (ms) | delivery, median watcher (ms) | delivery, last watcher (ms) | missed / duplicated / dropped | CPU while posting, server / bench (cores) | server RSS before → open → after posts → closed (MB) | RSS per open stream (KB) |',
      '|---|---:|---:|---|---|---|---|---:|---|---:|',
    );
    for (const [kind, f] of Object.entries(result.fanout)) {
      for (const c of f.cases) {
        const d = (m, p) => (c.watchers ? `${n(m)} (p95 ${n(p)})` : '—');
        lines.push(
          `| ${kind} | ${c.watchers.toLocaleString('en-US')} | ${c.openSeconds} | ${n(c.postMedianMs)} (p95 ${n(c.postP95Ms)}) | ${d(c.medianWatcherMedianMs, c.medianWatcherP95Ms)} | ${d(c.lastWatcherMedianMs, c.lastWatcherP95Ms)} | ${c.watchers ? `${c.missed} / ${c.duplicates} / ${c.dropped}` : '—'} | ${c.serverCoresWhilePosting} / ${c.benchCoresWhilePosting} | ${c.rssMB.before} → ${c.rssMB.open} → ${c.rssMB.afterPosts} → ${c.rssMB.closed} | ${c.watchers ? Math.round(((c.rssMB.open - c.rssMB.before) * 1024) / c.watchers) : '—'} |`,
        );
      }
    }
    lines.push('');
    const incomplete = Object.entries(result.fanout).flatMap(([kind, f]) => f.cases.filter((c) => c.incompletePosts).map((c) => `${kind}, ${c.watchers} watchers: ${c.incompletePosts} post(s) not delivered to every watcher within 15 s`));
    if (incomplete.length) lines.push(`${incomplete.join('; ')}.`, '');
    const logs = Object.entries(result.fanout).filter(([, f]) => f.logLines).map(([kind, f]) => `${kind}: ${f.logLines} line(s), first: \`${f.log[0]}\``);
    lines.push(logs.length ? `Server stderr during the fan-out: ${logs.join('; ')}.` : 'The servers wrote nothing to stderr during the fan-out.', '');
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

/** The commit the server was built from, and any file of server/src changed since. */
function serverVersion() {
  const git = (...args) => execFileSync('git', args, { cwd: join(here, '..'), encoding: 'utf8' });
  try {
    return { commit: git('rev-parse', '--short', 'HEAD').trim(), changed: git('status', '--porcelain', '--', 'server/src').split('\n').filter(Boolean).map((l) => l.slice(3)) };
  } catch {
    return { commit: null, changed: [] };
  }
}

async function main() {
  const started = performance.now();
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model?.trim(),
      memoryGB: Math.round(totalmem() / 2 ** 30),
      node: process.versions.node,
      loadBefore: loadavg().map((l) => l.toFixed(1)),
      openFiles: { soft: files.soft, hard: files.hard },
    },
    server: serverVersion(),
    settings: { stores: STORES, processes: PROCESSES, seconds: SECONDS, connections: CONNECTIONS, startRate: START_RATE, bisect: BISECT, p99Ms: P99_MS, servedShare: SERVED, watchers: WATCHERS, posts: POSTS },
  };
  try {
    if (PARTS.includes('load')) {
      result.load = {};
      for (const kind of STORES) {
        console.log(`load, ${kind}`);
        result.load[kind] = await loadPart(kind);
      }
    }
    if (PARTS.includes('fanout')) {
      result.fanout = {};
      for (const kind of STORES) {
        console.log(`fan-out, ${kind}`);
        result.fanout[kind] = await fanOutPart(kind);
      }
    }
  } finally {
    await cleanUp();
  }
  result.machine.loadAfter = loadavg().map((l) => l.toFixed(1));
  result.seconds = (performance.now() - started) / 1000;
  const stamp = result.date.replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
  writeFileSync(join(here, 'results', `load-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(here, 'results', 'load-latest.md'), markdown(result));
  console.log(`\nwrote bench/results/load-${stamp}.json and bench/results/load-latest.md (${Math.round(result.seconds)} s)`);
}

// ---------------------------------------------------------------------------------------------
// Open files, then the run.

const needFiles = PARTS.includes('fanout') ? Math.max(0, ...WATCHERS) + 1024 : 1024;
const files = openFileLimits();
if (files.soft < needFiles) {
  if (files.hard < needFiles || process.env.BENCH_RAISED_NOFILE) {
    throw new Error(`open files: ${needFiles} needed for ${Math.max(...WATCHERS)} watchers, the limit is ${files.soft} (hard ${files.hard}); lower BENCH_WATCHERS or raise the hard limit`);
  }
  const raised = files.hard === Infinity ? needFiles * 2 : files.hard;
  console.log(`raising the open-files soft limit from ${files.soft} to ${raised}`);
  const child = spawn('/bin/sh', ['-c', `ulimit -n ${raised} && exec "$0" "$@"`, process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_RAISED_NOFILE: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  cleanUpOnSignals();
  await main();
}
