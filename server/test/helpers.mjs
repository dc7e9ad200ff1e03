// Test helpers: real server processes on real databases. Every suite runs once on a fresh
// SQLite file and once on a fresh PostgreSQL database (COMMENT_TEST_POSTGRES, default the
// local server's `test` database, is only used to create and drop that database).
import { spawn } from 'node:child_process';
import http from 'node:http';
import { connect, createServer } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import pg from 'pg';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from '../dist/store/migrations.js';

export const CLI = resolve(import.meta.dirname, '..', 'dist', 'cli.js');
export const POSTGRES = process.env.COMMENT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Works on the test database `db` directly, through a connection of its own, closed after:
 * `sqlite(raw)` with better-sqlite3, or `postgres(client)` with pg. Resolves with what it returns.
 */
export async function withDatabase(db, { sqlite, postgres }) {
  if (db.kind === 'sqlite') {
    const raw = new Database(db.url.slice('sqlite:'.length));
    try {
      return await sqlite(raw);
    } finally {
      raw.close();
    }
  }
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return await postgres(client);
  } finally {
    await client.end();
  }
}

/**
 * Makes the empty database `db` one as schema version `version` left it: its migrations up to
 * that one applied and recorded, as that server would have; then `sqlite(raw)` or
 * `postgres(client)` puts in its rows. `foreignKeys`: SQLite checks them meanwhile.
 */
export function databaseAtVersion(db, version, { sqlite, postgres, foreignKeys = false }) {
  return withDatabase(db, {
    sqlite: async (raw) => {
      if (foreignKeys) raw.pragma('foreign_keys = ON');
      raw.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      for (const migration of SQLITE_MIGRATIONS.filter((m) => m.version <= version)) {
        raw.exec(migration.sql);
        raw.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, '2023-01-01T00:00:00.000Z');
      }
      await sqlite(raw);
    },
    postgres: async (client) => {
      await client.query('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)');
      for (const migration of POSTGRES_MIGRATIONS.filter((m) => m.version <= version)) {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [migration.version, migration.name]);
      }
      await postgres(client);
    },
  });
}

/** A fresh, empty database of each kind: `{ kind, url, drop() }`. */
export async function freshDatabase(kind) {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ct-server-'));
    return { kind, url: `sqlite:${join(dir, 'comments.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `ct_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.href,
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export const BACKENDS = ['sqlite', 'postgres'];

/** Every schema version, as an upgraded database records them (both stores have the same). */
export const ALL_VERSIONS = SQLITE_MIGRATIONS.map((migration) => migration.version);

/**
 * Terminates the backends connected to database `name` (only those running a query that
 * starts with `query`, when given: `'LISTEN'` picks the live-update connection); returns how
 * many it terminated.
 */
export async function terminateBackends(name, { query } = {}) {
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      'SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND ($2::text IS NULL OR query LIKE $2 || \'%\')',
      [name, query ?? null],
    );
    return rows.filter((r) => r.done).length;
  } finally {
    await admin.end();
  }
}

/**
 * Starts `comment-thread-server` on a free port with these arguments. Resolves once it
 * listens: `{ url, process, output(), stop(), kill() }`.
 */
export function startServer(args, { env = {} } = {}) {
  const child = spawn(process.execPath, [CLI, '--port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 15_000);
    const onData = () => {
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolveStart({
        url: match[1],
        process: child,
        exited,
        output: () => out,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
        kill: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          return exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening:\n${out}`));
    });
  });
}

/**
 * Terminates the backends of database `name` `rounds` times, `everyMs` apart (and waits
 * `everyMs` after the last), while the caller's load runs; returns how many it terminated.
 */
export async function terminateRepeatedly(name, { rounds, everyMs }) {
  let terminated = 0;
  for (let round = 0; round < rounds; round++) {
    await new Promise((r) => setTimeout(r, everyMs));
    terminated += await terminateBackends(name);
  }
  await new Promise((r) => setTimeout(r, everyMs));
  return terminated;
}

/**
 * A TCP relay to the service at `url` (PostgreSQL, Redis) that the test can cut (`down()`:
 * stop listening, drop every connection, as an outage or a restart looks from the server) and
 * bring back (`up()`, on the same port).
 */
export async function relayTo(url) {
  const target = new URL(url);
  const sockets = new Set();
  const relay = createServer((incoming) => {
    const outgoing = connect(Number(target.port), target.hostname);
    for (const socket of [incoming, outgoing]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    incoming.pipe(outgoing).pipe(incoming);
  });
  await new Promise((r) => relay.listen(0, '127.0.0.1', r));
  const port = relay.address().port;
  return {
    port,
    down: () =>
      new Promise((r) => {
        relay.close(r);
        for (const socket of sockets) socket.destroy();
      }),
    up: () => new Promise((r) => relay.listen(port, '127.0.0.1', r)),
  };
}

/** Runs the CLI to completion: `{ code, stdout, stderr }`. */
export function runCli(args, { env = {}, input } = {}) {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (code) => resolveRun({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/**
 * A published comment `id` of `threadId` as the JSON export writes it (named and worded after
 * its id, written on 1 January 2025), with `fields` over it: for {@link importJson}.
 */
export const exportedComment = (threadId, id, fields = {}) => ({
  id,
  threadId,
  parentId: null,
  author: { name: id, website: null },
  body: `body of ${id}`,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: null,
  status: 'published',
  kind: 'comment',
  score: 0,
  authorHash: null,
  role: null,
  aliases: [],
  ...fields,
});

/** Imports `comments` (the JSON export's shape) into `db` with the real CLI; resolves with what it printed. */
export async function importJson(db, comments) {
  const scratch = mkdtempSync(join(tmpdir(), 'ct-import-'));
  try {
    const file = join(scratch, 'import.json');
    writeFileSync(file, JSON.stringify({ format: 'comment-thread', version: 1, exportedAt: new Date().toISOString(), comments }));
    const imported = await runCli(['import', '--format', 'json', file, '--db', db.url]);
    assert.equal(imported.code, 0, imported.stderr);
    return imported.stdout;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** fetch + JSON: `{ status, headers, body }` (body parsed when JSON). */
export async function request(url, { method = 'GET', json, headers = {}, body } = {}) {
  const response = await fetch(url, {
    method,
    headers: { ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: json !== undefined ? JSON.stringify(json) : body,
  });
  const text = await response.text();
  let parsed = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed };
}

/**
 * Like {@link request}, but from another local address (`127.0.0.2`, …), as a visitor on
 * another network would come: the server listens on 127.0.0.1 and sees this address.
 */
export function requestFrom(localAddress, url, { method = 'GET', json, headers = {} } = {}) {
  return new Promise((resolveRequest, reject) => {
    const body = json !== undefined ? JSON.stringify(json) : undefined;
    const req = http.request(url, { method, localAddress, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        const parsed = (res.headers['content-type'] ?? '').includes('json') && text ? JSON.parse(text) : text;
        resolveRequest({ status: res.statusCode, headers: res.headers, body: parsed });
      });
    });
    req.once('error', reject);
    req.end(body);
  });
}

/** Posts a comment; returns the response body (`{ comment, editToken, editableUntil }`). */
export async function post(url, input, headers = {}) {
  const result = await request(`${url}/api/comments`, { method: 'POST', json: { author: { name: 'Ann' }, ...input }, headers });
  if (result.status !== 201 && result.status !== 200) throw new Error(`post failed: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body;
}

/**
 * Reads a Server-Sent Events stream; `next(type)` resolves with the next event of that type
 * (`{ type, data, id }`), `all()` gives every event so far, keep-alives aside.
 */
export async function openEvents(url, { headers = {} } = {}) {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream', ...headers } });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const events = [];
  const seen = [];
  const waiters = [];
  let buffer = '';
  let ended = false;
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          ended = true;
          break;
        }
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = { type: 'message', data: '', id: undefined };
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event.type = line.slice(6).trim();
            else if (line.startsWith('data:')) event.data += line.slice(5).trim();
            else if (line.startsWith('id:')) event.id = line.slice(3).trim();
          }
          if (block.startsWith(':')) continue;
          events.push(event);
          seen.push(event);
          for (const w of waiters.splice(0)) w();
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    response,
    async next(type, timeout = 5000) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const index = events.findIndex((e) => e.type === type);
        if (index >= 0) {
          const [event] = events.splice(index, 1);
          return { type: event.type, data: event.data ? JSON.parse(event.data) : null, id: event.id };
        }
        if (Date.now() > deadline) throw new Error(`no ${type} event within ${timeout} ms; got ${events.map((e) => e.type).join(', ')}`);
        await new Promise((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
    },
    /** Whether the server ended the stream. */
    ended: () => ended,
    /** Every event received so far, in order, parsed. */
    all: () => seen.map((e) => ({ type: e.type, data: e.data ? JSON.parse(e.data) : null, id: e.id })),
    close: () => controller.abort(),
  };
}

/** Asserts the shape every list must have: each reply's parent is in the list. */
export function assertWhole(comments) {
  const ids = new Set(comments.map((c) => c.id));
  assert.equal(ids.size, comments.length, 'no comment is listed twice');
  for (const c of comments) if (c.parentId !== null) assert.ok(ids.has(c.parentId), `the parent ${c.parentId} of ${c.id} is listed`);
}

/** The shape of a placeholder: a comment that is gone or hidden but has visible replies. */
export function assertPlaceholder(comment, id) {
  assert.equal(comment?.id, id);
  assert.equal(comment.status, 'deleted');
  assert.equal(comment.body, '');
  assert.deepEqual(comment.author, { name: '' });
}

/** Every payload of the project's copy of the XSS corpora (test/fixtures/xss), one per line. */
export function xssPayloads() {
  const dir = resolve(import.meta.dirname, '..', '..', 'test', 'fixtures', 'xss');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n'))
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Waits until `check()` (which may be async) is true, looking every `everyMs`, for up to `ms`; else throws naming `what`. */
export async function until(check, ms = 8000, what = 'the condition', everyMs = 50) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
