// A web-test-runner plugin that runs a real comment-thread-server (built in server/dist) on a
// fresh SQLite file for the whole browser test run, with downvotes on and an admin token (for
// the pin routes). Tests read its address and that token from /__comment-server.json. The server allows the test page's origin (CORS), so the browser
// talks to it cross-origin, as a real site would. Every browser's tests share it, at the same
// time: a test that crashes a server uses one of its own (a scope's, below).
//
// In front of it sits a fault proxy, so tests can meet real failures of a real server. A test
// asks for a scope (POST /__comment-server/scope, optionally with its own server process:
// { server: { editWindow, rateLimit, moderation, adminToken, downvotes, maxLinks, blockWords, reviewWords, proofOfWork, mail, webhook } };
// `mail`: it says it sends mail, to an SMTP server that is not there, and tells the owner of
// each comment; `webhook`: it POSTs each change to a receiver that is not there) and gets a base address `<proxy>/<scope>`; requests
// to it are forwarded to the server unless a fault set for that scope matches:
//   POST   /__comment-server/faults?scope=S   { path, method?, times?, action, … } (see addFault)
//   DELETE /__comment-server/faults?scope=S   lifts the scope's faults
//   POST   /__comment-server/cut?scope=S      drops the scope's open event streams
//   GET    /__comment-server/log?scope=S      { requests: [...], openStreams }: what the proxy saw
//                                             (each request's method, path, Idempotency-Key,
//                                             X-Author-Key, fault and upstream status)
//   POST   /__comment-server/restart?scope=S  kills the scope's own server (SIGKILL, as a crash)
//   POST   /__comment-server/forget-changes?scope=S
//                                             empties the change log of the scope's own server
//                                             but its newest entry, as the hourly sweep does
// and, for data that only an import can make (pingbacks, aliases, verified authors):
//   POST   /__comment-server/import           { format, file } imports the file's text into the
//                                             main server's database with the real CLI
//                                             and starts it again on the same port and database
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { atExit } from './at-exit.mjs';

const cli = resolve(import.meta.dirname, '..', 'server', 'dist', 'cli.js');

/**
 * Starts a comment-thread-server process with `args` on `port`. Resolves with the process and
 * its address (null when it did not start) and the output it printed so far.
 */
function startServer(args, port) {
  const child = spawn(process.execPath, [cli, '--port', String(port), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolveStart) => {
    const onData = (data) => {
      output += data;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolveStart({ child, url: match[1], output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => resolveStart({ child, url: null, output: () => output }));
  });
}

/** Reads a request body as JSON (`{}` when empty). */
async function readJson(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

/**
 * The fault proxy. `scopes` maps a scope id to `{ target, faults, log, streams }`.
 * Faults are matched in the order they were added; each applies to `times` requests.
 */
function createFaultProxy(scopes) {
  const started = performance.now();
  const corsHeaders = (req) =>
    req.headers.origin ? { 'Access-Control-Allow-Origin': req.headers.origin, 'Access-Control-Expose-Headers': 'Retry-After', Vary: 'Origin' } : {};
  // Every request comes on a new connection: Chrome silently re-sends a request whose reused
  // connection drops before an answer, which would hide a dropped connection from the adapter.
  const close = { Connection: 'close' };

  return createServer((req, res) => {
    const incoming = new URL(req.url, 'http://proxy');
    const [, scopeId, ...rest] = incoming.pathname.split('/');
    const scope = scopes.get(scopeId);
    if (!scope) {
      res.writeHead(404, { 'Content-Type': 'application/json', ...corsHeaders(req), Connection: 'close' });
      res.end(JSON.stringify({ error: { code: 'not-found', message: `No test scope "${scopeId}".` } }));
      return;
    }
    const path = `/${rest.join('/')}`;
    const entry = {
      method: req.method,
      path,
      idempotencyKey: req.headers['idempotency-key'] ?? null,
      authorKey: req.headers['x-author-key'] ?? null,
      at: Math.round(performance.now() - started),
      fault: null,
      upstreamStatus: null,
    };
    scope.log.push(entry);
    const fault = scope.faults.find(
      (f) => f.times > 0 && f.path === path && (f.method ? f.method === req.method : req.method !== 'OPTIONS'),
    );
    if (fault) {
      fault.times--;
      entry.fault = fault.action;
    }

    /** Sends the request on to the server; calls `onResponse` with its answer. */
    const forward = (onResponse) => {
      const target = new URL(scope.target);
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: `${path}${incoming.search}`,
          headers: { ...req.headers, host: target.host },
        },
        (answer) => {
          entry.upstreamStatus = answer.statusCode;
          onResponse(answer);
        },
      );
      // A server may answer before it has read the whole request (a 413 for a body over its
      // limit, from its Content-Length) and close the connection, and sending the rest then
      // fails. Its answer still goes to the client, as a real proxy would pass it on, and the
      // client's body is read to its end, so that the client is not cut off mid-upload (which
      // Firefox reports as a network error, not as the answer, and retries). Only an upstream
      // that never answered is a dropped connection.
      upstream.on('error', () => {
        req.unpipe(upstream);
        req.resume();
        if (entry.upstreamStatus === null) res.destroy();
      });
      // The client went away (a timeout, an abort, a cut stream): so does the upstream request.
      res.on('close', () => upstream.destroy());
      req.pipe(upstream);
    };
    /** Answers with the fault's status, headers and body instead of the server. */
    const respond = () => {
      const body = fault.body ?? { error: { code: 'internal', message: `Injected ${fault.status} by the test proxy.` } };
      res.writeHead(fault.status, { 'Content-Type': 'application/json', ...corsHeaders(req), ...fault.headers, ...close });
      res.end(JSON.stringify(body));
    };
    const act = {
      status: respond,
      drop: () => req.socket.destroy(),
      // Never answers: the client has to give up by itself.
      hang: () => {},
    };

    if (!fault) {
      forward((answer) => {
        const isStream = String(answer.headers['content-type']).startsWith('text/event-stream');
        if (isStream) {
          scope.streams.add(res);
          res.on('close', () => scope.streams.delete(res));
        }
        const { connection, 'keep-alive': keepAlive, ...headers } = answer.headers;
        res.writeHead(answer.statusCode, { ...headers, ...close });
        answer.pipe(res);
        // The server died mid-answer (a crash, a restart): the client's connection drops too, as
        // behind a real proxy, or an event stream would wait for ever on a dead server.
        answer.on('close', () => {
          if (!answer.complete) res.destroy();
        });
      });
    } else if (fault.reachServer) {
      // The server does the work; then the answer is lost (replaced, dropped or withheld).
      forward((answer) => {
        answer.resume();
        answer.on('end', act[fault.action]);
      });
    } else {
      req.resume();
      act[fault.action]();
    }
  });
}

/** Checks and normalizes a fault description from a test. */
function parseFault(spec) {
  const actions = ['status', 'drop', 'hang'];
  if (typeof spec.path !== 'string' || !spec.path.startsWith('/')) throw new Error('fault.path must be a path like /api/comments');
  if (!actions.includes(spec.action)) throw new Error(`fault.action must be one of ${actions.join(', ')}`);
  if (spec.action === 'status' && !Number.isInteger(spec.status)) throw new Error('fault.status must be an HTTP status');
  return {
    path: spec.path,
    method: spec.method ?? null,
    times: spec.times ?? 1,
    action: spec.action,
    status: spec.status,
    headers: spec.headers ?? {},
    body: spec.body,
    reachServer: spec.reachServer === true,
  };
}

/** The fault proxy's address once the plugin started it, for {@link sameOriginMiddleware}. */
let sharedProxyUrl = null;

/**
 * Serves a scope on the test page's own origin: `/__same-origin/<scope>/…` is forwarded, as
 * it is and streaming, to the fault proxy's `<proxy>/<scope>/…`. The moderation page talks to
 * its server on its own origin, with a SameSite=Strict cookie, as it does behind a site's
 * reverse proxy; this puts the real server there for its tests.
 */
export function sameOriginMiddleware() {
  return (ctx, next) => {
    if (!ctx.path.startsWith('/__same-origin/') || !sharedProxyUrl) return next();
    const target = new URL(ctx.url.slice('/__same-origin'.length), sharedProxyUrl);
    ctx.respond = false;
    // Resolved once the answer's status is known, so the runner logs that status, not a 404.
    return new Promise((resolveAnswer) => {
      const upstream = httpRequest(target, { method: ctx.method, headers: { ...ctx.req.headers, host: target.host } }, (answer) => {
        ctx.status = answer.statusCode;
        ctx.res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(ctx.res);
        resolveAnswer();
      });
      upstream.on('error', () => {
        ctx.status = 502;
        if (!ctx.res.headersSent) ctx.res.writeHead(502, { 'Content-Type': 'text/plain' });
        ctx.res.end('the test proxy could not reach the comment server');
        resolveAnswer();
      });
      ctx.res.on('close', () => upstream.destroy());
      ctx.req.pipe(upstream);
    });
  };
}

export function commentServerPlugin() {
  let main = null;
  let dir = null;
  let url = null;
  let failure = null;
  let args = [];
  let originArgs = [];
  let proxy = null;
  let proxyUrl = null;
  let extraServers = 0;
  const extras = new Set();
  let forget = null;
  const scopes = new Map();
  let imports = 0;
  /** The main server's admin token: the pin routes need it. */
  const adminToken = `test-admin-${randomBytes(12).toString('hex')}`;

  /** Starts the main server on `port`; resolves with its address, or null. */
  const start = async (port) => {
    const started = await startServer(args, port);
    main = started.child;
    main.once('exit', () => {
      failure = `comment-thread-server stopped:\n${started.output()}`;
    });
    if (!started.url) failure = `comment-thread-server did not start:\n${started.output()}`;
    return started.url;
  };

  /** A new scope: its own log and faults, in front of the main server or a new one. */
  const createScope = async (options) => {
    let target = url;
    let own = null;
    if (options.server) {
      const { editWindow, rateLimit, moderation, adminToken: token, downvotes, blockWords, reviewWords, maxLinks, proofOfWork, mail, webhook } = options.server;
      const serverArgs = ['--db', `sqlite:${join(dir, `extra-${++extraServers}.db`)}`, '--rate-limit', String(rateLimit ?? 100000), ...originArgs];
      if (editWindow !== undefined) serverArgs.push('--edit-window', String(editWindow));
      if (moderation !== undefined) serverArgs.push('--moderation', String(moderation));
      if (token !== undefined) serverArgs.push('--admin-token', String(token));
      if (downvotes) serverArgs.push('--downvotes');
      if (maxLinks !== undefined) serverArgs.push('--max-links', String(maxLinks));
      if (proofOfWork !== undefined) serverArgs.push(`--proof-of-work=${proofOfWork}`);
      // Mail offered, and queued; nothing listens on the discard port, and a retry waits an hour.
      if (mail) serverArgs.push('--smtp-host', '127.0.0.1', '--smtp-port', '9', '--mail-from', 'comments@blog.test', '--notify-email', 'owner@blog.test', '--server-url', 'http://127.0.0.1/', '--mail-retry', '3600000');
      if (webhook) serverArgs.push('--webhook', 'http://127.0.0.1:9/hook', '--webhook-secret', 'a-secret-of-sixteen-or-more', '--webhook-retry', '3600000');
      // Word lists, given as arrays of rules: each goes to a file beside the database.
      for (const [flag, rules] of [['--block-words', blockWords], ['--review-words', reviewWords]]) {
        if (!Array.isArray(rules)) continue;
        const file = join(dir, `extra-${extraServers}${flag}.txt`);
        writeFileSync(file, rules.map(String).join('\n'));
        serverArgs.push(flag, file);
      }
      const started = await startServer(serverArgs, 0);
      if (!started.url) throw new Error(`an extra comment-thread-server did not start:\n${started.output()}`);
      extras.add(started.child);
      target = started.url;
      own = { child: started.child, args: serverArgs };
    }
    const id = `s${scopes.size + 1}-${Math.random().toString(36).slice(2, 8)}`;
    scopes.set(id, { target, faults: [], log: [], streams: new Set(), own });
    return { scope: id, base: `${proxyUrl}/${id}`, server: target };
  };

  return {
    name: 'comment-server',
    async serverStart({ config }) {
      if (!existsSync(cli)) {
        failure = `${cli} is missing: run npm run build -w comment-thread-server first (npm test does).`;
        return;
      }
      dir = mkdtempSync(join(tmpdir(), 'ct-browser-server-'));
      // A run that ends abruptly (or is killed) still leaves no server and no files behind.
      forget = atExit(() => {
        main?.kill('SIGKILL');
        for (const child of extras) child.kill('SIGKILL');
        // (A server may still write for a moment after SIGKILL.)
        rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
      });
      const origins = [`http://localhost:${config.port}`, `http://127.0.0.1:${config.port}`];
      originArgs = origins.flatMap((o) => ['--origin', o]);
      args = ['--db', `sqlite:${join(dir, 'comments.db')}`, '--rate-limit', '100000', '--downvotes', '--admin-token', adminToken, ...originArgs];
      url = await start(0);
      proxy = createFaultProxy(scopes);
      await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
      proxyUrl = `http://127.0.0.1:${proxy.address().port}`;
      sharedProxyUrl = proxyUrl;
    },
    async serverStop() {
      main?.kill('SIGTERM');
      for (const child of extras) child.kill('SIGTERM');
      for (const scope of scopes.values()) for (const stream of scope.streams) stream.destroy();
      proxy?.closeAllConnections();
      proxy?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
      forget?.();
    },
    async serve(context) {
      if (context.path === '/__comment-server.json') {
        return { body: JSON.stringify(url ? { url, proxy: proxyUrl, adminToken } : { failure }), type: 'json' };
      }
      if (!context.path.startsWith('/__comment-server/') || !url) return undefined;
      // (A plugin's answer always has status 200: a failure is an answer with an `error`.)
      const reply = (body) => ({ body: JSON.stringify(body), type: 'json' });
      try {
        if (context.path === '/__comment-server/scope' && context.method === 'POST') {
          return reply(await createScope(await readJson(context.req)));
        }
        if (context.path === '/__comment-server/import' && context.method === 'POST') {
          const { format, file } = await readJson(context.req);
          const path = join(dir, `import-${++imports}.${format === 'json' ? 'json' : 'xml'}`);
          writeFileSync(path, file);
          const db = args[args.indexOf('--db') + 1];
          const output = await new Promise((resolveRun) =>
            execFile(process.execPath, [cli, 'import', '--db', db, '--format', format, path], (error, stdout, stderr) =>
              resolveRun(error ? { error: `import failed: ${stderr || error.message}` } : { output: `${stdout}${stderr}` }),
            ),
          );
          return reply(output);
        }
        const scope = scopes.get(context.query.scope);
        if (!scope) return reply({ error: `no scope "${context.query.scope}"` });
        if (context.path === '/__comment-server/faults' && context.method === 'POST') {
          scope.faults.push(parseFault(await readJson(context.req)));
          return reply({ faults: scope.faults.length });
        }
        if (context.path === '/__comment-server/faults' && context.method === 'DELETE') {
          scope.faults.length = 0;
          return reply({ faults: 0 });
        }
        if (context.path === '/__comment-server/cut' && context.method === 'POST') {
          const cut = scope.streams.size;
          for (const stream of scope.streams) stream.destroy();
          return reply({ cut });
        }
        if (context.path === '/__comment-server/log' && context.method === 'GET') {
          return reply({ requests: scope.log, openStreams: scope.streams.size });
        }
        if (context.path === '/__comment-server/forget-changes' && context.method === 'POST') {
          if (!scope.own) return reply({ error: 'only a scope with its own server has a log of its own' });
          const { default: Database } = await import('better-sqlite3');
          const db = new Database(scope.own.args[scope.own.args.indexOf('--db') + 1].slice('sqlite:'.length));
          try {
            return reply({ forgotten: db.prepare('DELETE FROM changes WHERE seq < (SELECT max(seq) FROM changes)').run().changes });
          } finally {
            db.close();
          }
        }
        if (context.path === '/__comment-server/restart' && context.method === 'POST') {
          if (!scope.own) return reply({ error: 'only a scope with its own server can restart it' });
          const { child, args: serverArgs } = scope.own;
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGKILL');
          await exited;
          extras.delete(child);
          const started = await startServer(serverArgs, new URL(scope.target).port);
          if (!started.url) return reply({ error: `the server did not start again:\n${started.output()}` });
          extras.add(started.child);
          scope.own = { child: started.child, args: serverArgs };
          return reply({ url: started.url });
        }
      } catch (error) {
        return reply({ error: String(error?.message ?? error) });
      }
      return undefined;
    },
  };
}
