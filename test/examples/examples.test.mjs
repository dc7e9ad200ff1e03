// The framework examples (examples/): each app is built by its own tooling against the packed
// package, served, opened in Chromium, and a comment is posted through its form. What it shows,
// against a real comment server (SQLite in a temporary folder):
// - Vite + React (comment-thread/react), Vue and Svelte (the custom element itself), each built
//   by `vite build` with the comment server's address from VITE_COMMENT_SERVER;
// - Astro, a static page built by `astro build` (PUBLIC_COMMENT_SERVER), loading
//   comment-thread/define.js from a <script>;
// - Next.js App Router, built by `next build` and served by `next start`: the page is rendered
//   on the server for each request (its HTML holds <comment-thread>), the wrapper from
//   comment-thread/react in a client component hydrates it, and the comment goes to the
//   server named by COMMENT_SERVER, not to this browser's storage.
// For each: the comment reached the server (its HTTP API says so), and localStorage holds no
// thread. Then every app is built again without comment-thread (a stub package in its place)
// and the gzip size of the built JavaScript is printed, with and without.
//
// Needs `npm run build` first (the package and server/dist). Installs examples/package-lock.json
// with `npm ci` in a temporary copy (network or npm's cache).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'comment-thread-examples-'));
const examples = join(work, 'examples');

const env = {
  ...process.env,
  PUPPETEER_SKIP_DOWNLOAD: '1',
  NEXT_TELEMETRY_DISABLED: '1',
  ASTRO_TELEMETRY_DISABLED: '1',
  NO_COLOR: '1',
};
delete env.NODE_ENV; // each tool sets its own

/** Runs a command to its end; rejects with its output when it fails. */
function run(command, args, { cwd = examples, extraEnv = {} } = {}) {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done(out) : fail(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${out}`))));
  });
}

/** A tool installed in examples/node_modules/.bin, run by this Node. */
const tool = (name, args, options) => run(process.execPath, [join(examples, 'node_modules/.bin', name), ...args], options);

/** Every process started here (in a group of its own): stopped in after(). */
const started = [];
function start(command, args, { cwd = examples, extraEnv = {}, ready }) {
  const child = spawn(command, args, { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  started.push(child);
  let out = '';
  const up = new Promise((done, fail) => {
    const onData = (data) => {
      out += data;
      const match = ready.exec(out);
      if (match) done(match);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`${args.join(' ')} exited (${code}) before it was ready:\n${out}`)));
  });
  return { child, up, output: () => out };
}

function stopAll() {
  for (const child of started) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
  }
}

const freePort = () =>
  new Promise((done) => {
    const probe = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };

/** A static file server on 127.0.0.1 for one app's built folder (set later: `site.dir = …`). */
async function staticServer() {
  const site = { dir: null, origin: null };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = resolve(site.dir, '.' + path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(site.dir + sep) || !existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  site.origin = `http://127.0.0.1:${server.address().port}`;
  site.close = () => server.close();
  return site;
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

const gzip = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
/** The JavaScript a build made for the browser: its files and their gzip sizes, summed. */
function jsSize(dir) {
  const files = filesUnder(dir).filter((f) => f.endsWith('.js'));
  return { files: files.length, gzip: files.reduce((sum, f) => sum + gzip(f), 0) };
}
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`; // KB of 1,000 bytes, as scripts/size.mjs

// The five apps: how each is built, where its browser JavaScript lands, how it is served.
const apps = {
  'vite-react': { build: (dir, server) => tool('vite', ['build', dir], { extraEnv: { VITE_COMMENT_SERVER: server } }), out: 'dist', js: 'dist' },
  vue: { build: (dir, server) => tool('vite', ['build', dir], { extraEnv: { VITE_COMMENT_SERVER: server } }), out: 'dist', js: 'dist' },
  svelte: { build: (dir, server) => tool('vite', ['build', dir], { extraEnv: { VITE_COMMENT_SERVER: server } }), out: 'dist', js: 'dist' },
  astro: { build: (dir, server) => tool('astro', ['build', '--root', dir], { extraEnv: { PUBLIC_COMMENT_SERVER: server } }), out: 'dist', js: 'dist' },
  // The address is read when the page is served (`next start`), not at build time.
  next: { build: (dir) => tool('next', ['build', dir]), js: '.next/static', next: true },
};

/** What the tests share: the comment server, one origin per app, the browser, the sizes. */
const shared = { sizes: {} };

before(async () => {
  assert.ok(existsSync(join(root, 'dist/define.js')), 'dist/ is missing: run npm run build first');
  assert.ok(existsSync(join(root, 'server/dist/cli.js')), 'server/dist/ is missing: run npm run build first');
  const began = Date.now();
  // A copy of examples/ without anything a local run left there, installed from its lockfile,
  // with the package as npm would publish it.
  cpSync(join(root, 'examples'), examples, {
    recursive: true,
    filter: (path) => !/(^|[\\/])(node_modules|dist|\.next|\.astro)$/.test(relative(join(root, 'examples'), path)) && !path.endsWith('next-env.d.ts'),
  });
  const packed = JSON.parse(await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: root }));
  shared.tarball = join(work, packed[0].filename);
  await run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], {});
  await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefer-offline', shared.tarball], {});
  const installed = JSON.parse(readFileSync(join(examples, 'node_modules/comment-thread/package.json'), 'utf8'));
  assert.equal(installed.version, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  console.log(`examples installed with the packed package in ${((Date.now() - began) / 1000).toFixed(0)} s`);

  // One origin per app (each has a localStorage of its own), all allowed by the comment server.
  for (const [name, app] of Object.entries(apps)) {
    if (app.next) {
      app.port = await freePort();
      app.origin = `http://127.0.0.1:${app.port}`;
    } else {
      app.site = await staticServer();
      app.origin = app.site.origin;
    }
    app.name = name;
  }
  const origins = Object.values(apps).flatMap((app) => ['--origin', app.origin]);
  const comments = start(process.execPath, [join(root, 'server/dist/cli.js'), '--port', '0', '--db', `sqlite:${join(work, 'comments.db')}`, ...origins], {
    cwd: work,
    ready: /listening on (http:\/\/\S+)/,
  });
  shared.server = (await comments.up)[1];
  shared.browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
});

after(async () => {
  await shared.browser?.close();
  for (const app of Object.values(apps)) app.site?.close();
  stopAll();
  rmSync(work, { recursive: true, force: true });
});

/**
 * Opens the app, posts a comment through the form in the element's shadow DOM, and checks the
 * comment server has it and this origin's localStorage holds no thread. Returns the gzip size
 * of the JavaScript files the page loaded.
 */
async function postThrough(app, urlToFile) {
  const threadId = `/examples/${app.name}`;
  const context = await shared.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  const scripts = new Set();
  const toServer = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.origin === app.origin && url.pathname.endsWith('.js')) scripts.add(url.pathname);
    if (url.origin === shared.server) toServer.push(`${r.method()} ${url.pathname}${url.pathname === '/api/comments' && r.method() === 'GET' ? `?thread=${url.searchParams.get('thread')}` : ''}`);
  });
  await page.goto(`${app.origin}/`);
  const thread = page.locator('comment-thread');
  await thread.locator('[part~="empty"]').waitFor({ timeout: 30_000 });
  const body = `Posted from ${app.name} at ${new Date().toISOString()}`;
  await thread.locator('input[name="name"]').fill(`Tester (${app.name})`);
  await thread.locator('textarea').fill(body);
  await thread.locator('[part~="submit-button"]').click();
  await thread.locator('article [part~="body"]').getByText(body).waitFor({ timeout: 30_000 });
  // The page's own count of posts, kept by the framework from the element's event.
  // (Astro's page is static HTML: it keeps no count.)
  if (app.name !== 'astro') await page.getByText('1 comment posted from this page').waitFor({ timeout: 10_000 });

  const listed = await (await fetch(`${shared.server}/api/comments?thread=${encodeURIComponent(threadId)}`)).json();
  assert.deepEqual(
    listed.comments.map((c) => [c.author.name, c.body]),
    [[`Tester (${app.name})`, body]],
    'the comment server holds the comment, in the app’s thread',
  );
  assert.ok(toServer.includes('POST /api/comments'), `the page posted to the comment server (${toServer.join(', ')})`);
  // From its first read on, the element knew its server and thread. (Next's server HTML holds
  // the bare element; it read nothing before hydration gave it the wrapper's properties.)
  assert.deepEqual(
    toServer.filter((r) => r.startsWith('GET /api/comments?')).filter((r) => r !== `GET /api/comments?thread=${threadId}`),
    [],
    'every read was of the app’s thread',
  );
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('comment-thread:v1:thread:')));
  assert.deepEqual(stored, [], 'no thread of comments in localStorage');
  assert.deepEqual(errors, [], 'no errors in the page');
  await context.close();
  return [...scripts].reduce((sum, path) => sum + gzip(urlToFile(path)), 0);
}

for (const [name, app] of Object.entries(apps)) {
  test(`${name}: built by its own tooling, a comment posted in Chromium reaches the comment server`, { timeout: 300_000 }, async (t) => {
    const began = Date.now();
    const dir = join(examples, name);
    await app.build(name, shared.server);
    t.diagnostic(`${name}: built in ${((Date.now() - began) / 1000).toFixed(1)} s`);

    let urlToFile;
    if (app.next) {
      const next = start(process.execPath, [join(examples, 'node_modules/.bin/next'), 'start', name, '--port', String(app.port), '--hostname', '127.0.0.1'], {
        extraEnv: { COMMENT_SERVER: shared.server },
        ready: /Ready in/,
      });
      await next.up;
      // Rendered on the server for this request: the element is in the HTML, and the address
      // the page read from its environment is in the props it sends along.
      const response = await fetch(`${app.origin}/`);
      const html = await response.text();
      assert.match(html, /<comment-thread[\s>]/, 'the served HTML holds <comment-thread>');
      assert.ok(html.includes(shared.server), 'the served HTML carries the comment server’s address, read when served');
      assert.match(response.headers.get('cache-control') ?? '', /no-store/, 'the page is rendered per request, not prerendered at build time');
      urlToFile = (path) => join(dir, '.next', path.replace(/^\/_next\//, ''));
    } else {
      app.site.dir = join(dir, app.out);
      const html = readFileSync(join(app.site.dir, 'index.html'), 'utf8');
      if (name === 'astro') assert.ok(html.includes(`src="${shared.server}"`), 'the static page names the comment server');
      urlToFile = (path) => join(app.site.dir, path);
    }

    const loaded = await postThrough(app, urlToFile);
    const built = jsSize(join(dir, app.js));
    shared.sizes[name] = { built, loaded };
    t.diagnostic(`${name}: ${built.files} JS files, ${kb(built.gzip)} gzip in all; the page loaded ${kb(loaded)} gzip of them (posting included)`);
  });
}

test('sizes: each app built again without comment-thread', { timeout: 300_000 }, async (t) => {
  // A stand-in package: the same entry points, doing nothing (the React wrapper renders the bare tag).
  const stub = join(examples, 'node_modules/comment-thread');
  rmSync(stub, { recursive: true, force: true });
  mkdirSync(stub);
  writeFileSync(
    join(stub, 'package.json'),
    JSON.stringify({ name: 'comment-thread', version: '0.0.0-stub', type: 'module', sideEffects: false, exports: { './define.js': './empty.js', './react': { types: './react.d.ts', default: './react.js' } } }),
  );
  writeFileSync(join(stub, 'empty.js'), 'export {};\n');
  writeFileSync(join(stub, 'react.js'), "import { createElement } from 'react';\nexport const CommentThread = ({ src, threadId }) => createElement('comment-thread', { src, 'thread-id': threadId });\n");
  writeFileSync(join(stub, 'react.d.ts'), "import type { ReactElement } from 'react';\nexport declare function CommentThread(props: { src?: string; threadId?: string; onCommentPosted?: (event: unknown) => void }): ReactElement;\n");

  const rows = [];
  for (const [name, app] of Object.entries(apps)) {
    const bare = `${name}-bare`;
    cpSync(join(examples, name), join(examples, bare), { recursive: true, filter: (path) => !/[\\/](dist|\.next|\.astro)$/.test(path) });
    await app.build(bare, shared.server);
    const without = jsSize(join(examples, bare, app.js)).gzip;
    const { built, loaded } = shared.sizes[name] ?? {};
    if (!built) continue; // the app's own test failed
    rows.push(`| ${name} | ${kb(built.gzip)} | ${kb(without)} | ${kb(built.gzip - without)} | ${kb(loaded)} |`);
  }
  const table = ['| app | built JS, gzip | without comment-thread | comment-thread adds | loaded by the page, posting included |', '|---|---|---|---|---|', ...rows];
  for (const line of table) t.diagnostic(line);
  assert.equal(rows.length, Object.keys(apps).length, 'every app was measured');
});
