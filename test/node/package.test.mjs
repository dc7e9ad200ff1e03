// Packs the package as npm would publish it, installs the tarball into a fresh temporary
// project, and uses it there: TypeScript types, a Node import of the side-effect-free entry,
// and the drop-in bundle running in Chromium. Needs `npm run build` first (npm test does it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, extname, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('the packed package installs and works in a fresh project', { timeout: 240_000 }, async (t) => {
  assert.ok(existsSync(join(root, 'dist', 'index.js')), 'dist/ is missing: run npm run build first');
  const work = mkdtempSync(join(tmpdir(), 'comment-thread-pack-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));

  const [packed] = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', work], root));
  const files = packed.files.map((f) => f.path);
  for (const expected of ['dist/index.js', 'dist/index.d.ts', 'dist/index.js.map', 'dist/define.js', 'dist/define.d.ts', 'dist/comment-thread.js', 'dist/comment-thread.i18n.js', 'dist/drop-in/index.d.ts', 'dist/drop-in/i18n.d.ts', 'dist/comment-count.js', 'dist/count/define-count.d.ts', 'dist/custom-elements.json', 'dist/types/jsx.d.ts', 'dist/types/react.d.ts', 'dist/types/preact.d.ts', 'dist/types/vue.d.ts', 'dist/types/svelte.d.ts', 'dist/vscode.html-custom-data.json', 'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
    assert.ok(files.includes(expected), `${expected} is not in the package`);
  }
  // The drop-in bundle's chunks, each named with a hash of its content (vite.config.ts).
  for (const chunk of ['core', 'dompurify', 'local', 'local-write', 'http', 'http-read', 'memory', 'write', 'update', 'resync', 'count', 'proof', 'proof-worker']) {
    const pattern = new RegExp(`^dist/comment-thread\\.${chunk}-[\\w-]{8}\\.js$`);
    assert.equal(files.filter((f) => pattern.test(f)).length, 1, `one dist/comment-thread.${chunk}-HASH.js in the package`);
  }
  assert.equal(files.filter((f) => /^dist\/comment-count\.local-[\w-]{8}\.js$/.test(f)).length, 1, 'dist/comment-count.local-HASH.js is in the package');
  assert.deepEqual(files.filter((f) => /^(src|test|demo|bench|scripts)\//.test(f)), [], 'sources or tests leaked into the package');
  // Source maps resolve: the JavaScript's carry their sources inline; declaration maps, which
  // would point at src/ (not shipped), are not made.
  assert.deepEqual(files.filter((f) => f.endsWith('.d.ts.map')), [], 'declaration maps point at sources the package does not ship');
  const map = JSON.parse(readFileSync(join(root, 'dist', 'index.js.map'), 'utf8'));
  assert.equal(map.sourcesContent?.length, map.sources.length, 'dist/index.js.map carries its sources');

  // publint on the very tarball: every export resolves to a file in it, fields agree.
  const { publint } = await import('publint');
  const lint = await publint({ pkgDir: 'package', pack: { tarball: readFileSync(join(work, packed.filename)).buffer }, strict: true });
  assert.equal(lint.pkg.name, 'comment-thread', 'publint read the packed package.json');
  assert.deepEqual(lint.messages, [], 'publint finds nothing to say');

  // Are the types wrong? Every export resolves to types that match its JavaScript, for
  // TypeScript's ESM resolutions (node16 from ESM, bundler): the package is ESM only, so
  // require() from CommonJS and node10's resolution (no `exports`) are out (`esm-only`).
  const attw = JSON.parse(sh(join(root, 'node_modules/.bin/attw'), [join(work, packed.filename), '--profile', 'esm-only', '--format', 'json'], root));
  const wrong = Object.values(attw.problems).flat().filter((problem) => !['node10', 'node16-cjs'].includes(problem.resolutionKind));
  assert.deepEqual(wrong, [], '@arethetypeswrong/cli finds no problem for ESM consumers');

  const app = join(work, 'app');
  sh('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, packed.filename)], app);

  const installed = JSON.parse(readFileSync(join(app, 'node_modules/comment-thread/package.json'), 'utf8'));
  assert.deepEqual(Object.keys(installed.dependencies).sort(), ['@lit/react', '@lit/reactive-element', 'dompurify', 'lit'], 'runtime dependencies are Lit (its reactive element for the read path, its React wrapper maker for comment-thread/react) and dompurify only');

  // Types: a consumer written against the public API compiles under strict settings.
  writeFileSync(
    join(app, 'consumer.ts'),
    `import { CommentThread, CommentCount, LocalStorageAdapter, MemoryAdapter, AdapterError, type StorageAdapter, type Comment, type CountErrorDetail } from 'comment-thread';
import 'comment-thread/define.js';
import { CommentCount as StandaloneCount } from 'comment-thread/comment-count.js';
import { CommentThread as BundledThread, MemoryAdapter as BundledMemory, HttpAdapter as BundledHttp, AdapterError as BundledError, type CommentThreadStrings } from 'comment-thread/comment-thread.js';
import { de, en } from 'comment-thread/comment-thread.i18n.js';
import { defineAdapterContract } from 'comment-thread/testing.js';
const adapter: StorageAdapter = new MemoryAdapter();
const element: CommentThread = document.createElement('comment-thread');
element.adapter = new LocalStorageAdapter();
element.addEventListener('ct-comment-posted', (event) => { const c: Comment = event.comment; console.log(c.id); });
element.addEventListener('ct-error', (event) => console.log(event.operation, event.error.code));
const error = new AdapterError('network', 'x');
const count: CommentCount = document.createElement('comment-count');
count.addEventListener('ct-count-error', (event) => { const detail: CountErrorDetail = event.detail; console.log(detail.threadId); });
const standalone: typeof CommentCount = StandaloneCount;
const bundled: typeof CommentThread = BundledThread;
const bundledAdapter: StorageAdapter = new BundledMemory({ latency: 0 });
const bundledHttp: StorageAdapter = new BundledHttp('https://comments.example', { timeoutMs: 5000 });
const bundledError: BundledError = new BundledError('timeout', 'x');
const strings: CommentThreadStrings[] = [de, en];
element.strings = de;
export { adapter, error, defineAdapterContract, standalone, bundled, bundledAdapter, bundledHttp, bundledError, strings };
`,
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], skipLibCheck: false, types: [] }, files: ['consumer.ts'] }),
  );
  sh(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], app);

  // Node: the main entry imports without touching the DOM; define.js does nothing without one.
  writeFileSync(
    join(app, 'node-import.mjs'),
    `const api = await import('comment-thread');
await import('comment-thread/define.js');
await import('comment-thread/comment-count.js');
console.log(JSON.stringify(Object.keys(api).sort()));`,
  );
  const exported = JSON.parse(sh('node', ['node-import.mjs'], app));
  for (const name of ['CommentThread', 'CommentCount', 'CommentForm', 'LocalStorageAdapter', 'MemoryAdapter', 'AdapterError', 'CommentPostedEvent', 'ThreadErrorEvent', 'ThreadLoadedEvent']) {
    assert.ok(exported.includes(name), `${name} is not exported`);
  }

  // Browser: the installed drop-in bundle alone gives a working comment section.
  writeFileSync(
    join(app, 'index.html'),
    `<!doctype html><html lang="en"><head><link rel="icon" href="data:,"><link rel="canonical" href="/posts/hello"></head><body>
<script type="module" src="/node_modules/comment-thread/dist/comment-thread.js"></script>
<comment-count lang="en">Comments</comment-count>
<comment-thread></comment-thread></body></html>`,
  );
  // The drop-in bundle's API, without npm: the adapters, AdapterError, the element class and the
  // translations, from addresses with a query string (as a site versions its assets).
  writeFileSync(
    join(app, 'api.html'),
    `<!doctype html><html lang="de"><head><link rel="icon" href="data:,"></head><body>
<comment-thread thread-id="/api"></comment-thread>
<script type="module">
import { CommentThread, MemoryAdapter, HttpAdapter, LocalStorageAdapter, AdapterError, LIMITS } from '/node_modules/comment-thread/dist/comment-thread.js?v=1';
import { de } from '/node_modules/comment-thread/dist/comment-thread.i18n.js?v=1';
const thread = document.querySelector('comment-thread');
thread.strings = de;
const memory = new MemoryAdapter({ comments: [{ id: 'a', threadId: '/api', parentId: null, author: { name: 'Ann' }, body: 'Seeded', createdAt: '2026-01-01T10:00:00Z' }] });
thread.adapter = memory;
let refused = '';
try { new HttpAdapter('ftp://example'); } catch (error) { refused = error.name; }
window.api = {
  element: thread instanceof CommentThread,
  memory: memory instanceof MemoryAdapter && memory.capabilities.persistence,
  local: new LocalStorageAdapter({ prefix: 'x' }).capabilities.persistence,
  http: new HttpAdapter('https://comments.example').capabilities.persistence,
  refused,
  error: new AdapterError('timeout', 'x') instanceof Error,
  limit: LIMITS.bodyMax,
  counted: await memory.count(['/api']),
};
</script></body></html>`,
  );
  // An index page with the standalone <comment-count> alone.
  writeFileSync(
    join(app, 'counts.html'),
    `<!doctype html><html lang="de"><head><link rel="icon" href="data:,"></head><body>
<script type="module" src="/node_modules/comment-thread/dist/comment-count.js?v=1"></script>
<comment-count thread-id="/posts/hello" href="/posts/hello#comments">Kommentare</comment-count></body></html>`,
  );
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' };
  const server = createServer((req, res) => {
    const path = join(app, decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/\/$/, '/index.html'));
    if (!path.startsWith(app) || !existsSync(path)) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: chromiumArgs,
  });
  t.after(() => browser.close());
  const url = `http://127.0.0.1:${server.address().port}/`;

  /**
   * A page in a fresh context (with `init` run before the page's scripts), with the errors it
   * reports (uncaught and console.error) and the paths it requests.
   */
  async function open(init) {
    const context = await browser.newContext();
    if (init) await context.addInitScript(init);
    const page = await context.newPage();
    const errors = [];
    const requested = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    return { context, page, errors, requested };
  }

  /** Opens the page in a fresh context, posts a Markdown comment, returns what the page did. */
  async function postOnce({ withoutSanitizerApi = false, blockChunk = false } = {}) {
    const context = await browser.newContext();
    if (withoutSanitizerApi) await context.addInitScript(() => delete Element.prototype.setHTML);
    const page = await context.newPage();
    const errors = [];
    const consoleErrors = [];
    const requested = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    if (blockChunk) await page.route(/\/comment-thread\.dompurify-[\w-]{8}\.js$/, (route) => route.abort());
    await page.goto(url);
    await page.locator('comment-thread [part~="empty"]').waitFor();
    await page.locator('comment-thread textarea').fill('Posted **from** the installed bundle');
    await page.locator('comment-thread [part~="submit-button"]').click();
    const body = page.locator('comment-thread article [part~="body"]');
    await body.getByText('the installed bundle').waitFor();
    // The page's <comment-count> (registered by the bundle) counts the new comment.
    await page.locator('comment-count [part~="count"]').getByText('1 comment').waitFor();
    const result = {
      html: await body.innerHTML(),
      stored: await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes(':thread:'))),
      chunkRequested: requested.some((path) => /\/comment-thread\.dompurify-[\w-]{8}\.js$/.test(path)),
      errors,
      consoleErrors,
    };
    await context.close();
    return result;
  }

  // Chromium has the HTML Sanitizer API: the bundle alone does everything.
  const platform = await postOnce();
  assert.deepEqual(platform.stored, ['comment-thread:v1:thread:/posts/hello'], 'thread id defaults to the canonical path');
  assert.match(platform.html, /<strong>from<\/strong>/);
  assert.equal(platform.chunkRequested, false, 'the DOMPurify chunk is not loaded where the platform sanitizes');
  assert.deepEqual([...platform.errors, ...platform.consoleErrors], []);

  // The standalone <comment-count>: one file, and the local counting beside it for a count
  // without `src`; nothing of the thread, no Lit.
  {
    const { context, page, errors, requested } = await open(() => {
      const comment = (id, extra) => ({ id, threadId: '/posts/hello', parentId: null, author: { name: 'Ann' }, body: 'Hi', createdAt: '2026-01-01T10:00:00Z', ...extra });
      localStorage.setItem('comment-thread:v1:thread:/posts/hello', JSON.stringify([comment('a'), comment('b'), comment('c', { status: 'pending' })]));
    });
    await page.goto(`${url}counts.html`);
    const link = page.locator('comment-count a[part~="link"]');
    await link.getByText('2 Kommentare').waitFor();
    assert.equal(await link.getAttribute('href'), `${url}posts/hello#comments`);
    const loaded = requested.filter((path) => path.endsWith('.js')).map((path) => path.split('/').pop());
    assert.equal(loaded.length, 2, `two files: ${loaded}`);
    assert.equal(loaded[0], 'comment-count.js');
    assert.match(loaded[1], /^comment-count\.local-[\w-]{8}\.js$/);
    assert.deepEqual(errors, []);
    await context.close();
  }

  // The drop-in's API from versioned addresses: each file loads once (the chunks import the
  // read path's chunk by its hashed name, which the query cannot duplicate), the MemoryAdapter
  // loads on first use and takes a comment, and the German strings show.
  {
    const { context, page, errors, requested } = await open();
    await page.goto(`${url}api.html`);
    await page.waitForFunction(() => window.api);
    assert.deepEqual(await page.evaluate(() => window.api), { element: true, memory: 'memory', local: 'browser', http: 'server', refused: 'TypeError', error: true, limit: 5000, counted: { '/api': 1 } });
    await page.locator('comment-thread article [part~="body"]').getByText('Seeded').waitFor();
    await page.locator('comment-thread textarea').fill('Über die Exporte');
    await page.locator('comment-thread [part~="submit-button"]').click();
    await page.locator('comment-thread article [part~="body"]').getByText('Über die Exporte').waitFor();
    await page.locator('comment-thread').getByText('2 Kommentare').first().waitFor();
    const scripts = requested.filter((path) => path.endsWith('.js'));
    assert.deepEqual(scripts.filter((path, i) => scripts.indexOf(path) !== i), [], `no file loads twice: ${scripts.map((path) => path.split('/').pop())}`);
    assert.ok(scripts.some((path) => /\/comment-thread\.memory-[\w-]{8}\.js$/.test(path)), 'the MemoryAdapter loaded from its chunk');
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes(':thread:'))), [], 'comments went to the MemoryAdapter');
    assert.deepEqual(errors, []);
    await context.close();
  }

  // A browser without it loads DOMPurify from beside the bundle and renders the same.
  const fallback = await postOnce({ withoutSanitizerApi: true });
  assert.equal(fallback.chunkRequested, true);
  assert.match(fallback.html, /<strong>from<\/strong>/);
  assert.deepEqual([...fallback.errors, ...fallback.consoleErrors], []);

  // Bundle copied without its chunk: comments still show, as plain text, and the console says why.
  const textOnly = await postOnce({ withoutSanitizerApi: true, blockChunk: true });
  assert.doesNotMatch(textOnly.html, /<strong>/);
  assert.match(textOnly.html, /Posted \*\*from\*\* the installed bundle/);
  assert.deepEqual(textOnly.errors, []);
  assert.ok(textOnly.consoleErrors.some((m) => m.includes('could not load the HTML sanitizer')), 'the reason is logged');
});

test('npm publish --dry-run passes for both packages, without corrections', { timeout: 120_000 }, () => {
  for (const [name, dir] of [['comment-thread', root], ['comment-thread-server', join(root, 'server')]]) {
    // Without scripts: the server's `prepare` would build it again, which npm test has done.
    const result = spawnSync('npm', ['publish', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8' });
    assert.equal(result.status, 0, `${name}: ${result.stderr}`);
    assert.equal(JSON.parse(result.stdout)[name]?.name, name);
    assert.doesNotMatch(result.stderr, /auto-corrected|invalid|error/i, `${name}: npm had to correct package.json`);
  }
});
