// Browser tests in three engines: Chromium, Firefox and WebKit, all Debian packages
// (scripts/test-browsers.mjs); TypeScript through esbuild; one group per test file so a crash
// in one file cannot hide results of another.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testBrowsers } from './scripts/test-browsers.mjs';
import { accessibleCountPlugin, forcedColorsPlugin, keyboardPlugin } from './scripts/test-commands.mjs';
import { commentServerPlugin, sameOriginMiddleware } from './scripts/test-comment-server.mjs';
import { skippedTestsReporter } from './scripts/test-skips.mjs';
import { strictCspMiddleware } from './scripts/test-strict-csp.mjs';

// The public XSS corpora, vendored in test/fixtures/xss (see test/fixtures/README.md); tests
// fetch them as JSON from this route: { files: { name: [line, …] } } or { missing: dir }.
const corpusDir = join('test', 'fixtures', 'xss');
function serveCorpus(ctx, next) {
  if (ctx.path !== '/__corpus/xss.json') return next();
  ctx.type = 'application/json';
  if (!existsSync(corpusDir)) {
    ctx.body = JSON.stringify({ missing: corpusDir });
    return undefined;
  }
  const files = {};
  for (const name of readdirSync(corpusDir).filter((f) => f.endsWith('.txt')).sort()) {
    files[name] = readFileSync(join(corpusDir, name), 'utf8').split(/\r?\n/).filter((line) => line.trim() !== '');
  }
  ctx.body = JSON.stringify({ files });
  return undefined;
}

// A module's `new URL('./proof-worker.js', import.meta.url)` (the proof-of-work's Worker, in
// src/adapters/proof-of-work.ts) names its file as built; here it is TypeScript, which the
// esbuild plugin compiles once the request names the source.
function sourceForBuiltName(ctx, next) {
  if (ctx.path.startsWith('/src/') && ctx.path.endsWith('.js') && !existsSync(`.${ctx.path}`) && existsSync(`.${ctx.path.slice(0, -3)}.ts`)) {
    ctx.url = ctx.url.replace(/\.js(?=$|\?)/, '.ts');
  }
  return next();
}

const files = readdirSync('test', { recursive: true })
  .map((f) => `test/${f}`)
  .filter((f) => f.endsWith('.test.ts') && !f.startsWith('test/node/'))
  .sort();

export default {
  nodeResolve: true,
  rootDir: '.',
  // One test file at a time per browser (in WebKit the test page is then the top-level page,
  // which the accessible-count command needs), and two browsers at a time: one per core of a
  // 2-core CI machine. Three at once took 326 s against 365 s, but tests that wait a second
  // for the page timed out.
  concurrency: 1,
  concurrentBrowsers: 2,
  // Lit's development build announces itself in every file; keep the real warnings visible.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  testsFinishTimeout: 240_000,
  // A test page's first load compiles its modules; on a busy machine that can pass 30 s.
  browserStartTimeout: 120_000,
  // Three engines share the machine's cores: allow a slow moment.
  testFramework: { config: { timeout: 60_000 } },
  // Pages with a strict Content-Security-Policy header and the build they load (/__csp/…).
  // The moderation page's tests reach a comment server on the page's own origin (/__same-origin/…).
  middleware: [serveCorpus, sourceForBuiltName, strictCspMiddleware(), sameOriginMiddleware()],
  plugins: [
    accessibleCountPlugin(),
    keyboardPlugin(),
    forcedColorsPlugin(),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    commentServerPlugin(),
  ],
  browsers: testBrowsers(),
  reporters: [defaultReporter(), skippedTestsReporter()],
  groups: files.map((file) => ({ name: file.replace(/^test\/|\.test\.ts$/g, ''), files: file })),
};
