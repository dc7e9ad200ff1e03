#!/usr/bin/env node
/**
 * Browser benchmark: <comment-thread> against a naive Lit baseline (bench/baseline/naive-thread.ts)
 * in headless Chromium, as ratios measured in the same run. Results: bench/results/<ISO date>.json
 * and bench/results/latest.md. Medians with the min–max range of the runs; no thresholds.
 *
 * Suites, each with its thread sizes (an empty list skips the suite):
 *
 *   BENCH_SIZES=100,200,1000,5000,10000,50000  MemoryAdapter mode: mount, elements, V8 heap, add one, scroll
 *   BENCH_HTTP_SIZES=100,1000        HTTP mode: a real comment-thread-server, the drop-in build, page
 *                                    load from navigation start, list request delay
 *   BENCH_THROTTLED_SIZES=100,1000   HTTP mode under a throttled network (150 ms, 1.6 Mbps)
 *   BENCH_POST_SIZES=5000            posting through the form (MemoryAdapter mode), traced
 *   BENCH_POST_HTTP_SIZES=5000       the same over HTTP (ours only; all pages shown first)
 *   BENCH_VOTE_SIZES=5000            an upvote (MemoryAdapter mode), traced; the baseline re-renders its list
 *   BENCH_HEAP_SIZES=5000            Blink heap after scrolling the whole thread, elements per comment
 *
 *   BENCH_RUNS=5        runs per cell (after one uncounted warm-up run)
 *   BENCH_CLIENTS=ours,naive
 *   BENCH_FIRST_ONLY_ABOVE=10000   MemoryAdapter mode: above this size only the first screenful is measured
 *   BENCH_BASELINE_MAX=5000        sizes the baseline is measured at
 *   BENCH_NO_BUILD=1               HTTP mode: use the existing dist/ and server/dist/ instead of building
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';
import { generateThread } from './generate.mjs';
import { firstPageCount, startCommentServer } from './lib/comment-server.mjs';
import { markdown, stats } from './lib/report.mjs';
import { findMark, mainThreadTasks, memoryDump, startTrace } from './lib/trace.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const list = (name, fallback) => (process.env[name] ?? fallback).split(',').filter((s) => s.trim() !== '').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = list('BENCH_SIZES', '100,200,1000,5000,10000,50000');
const HTTP_SIZES = list('BENCH_HTTP_SIZES', '100,1000');
const THROTTLED_SIZES = list('BENCH_THROTTLED_SIZES', '100,1000');
const POST_SIZES = list('BENCH_POST_SIZES', '5000');
const POST_HTTP_SIZES = list('BENCH_POST_HTTP_SIZES', '5000');
const VOTE_SIZES = list('BENCH_VOTE_SIZES', '5000');
const HEAP_SIZES = list('BENCH_HEAP_SIZES', '5000');
/** Above this size only the first comments are measured (mount → first comments painted). */
const FIRST_ONLY_ABOVE = Number(process.env.BENCH_FIRST_ONLY_ABOVE ?? 10000);
/** Sizes the baseline is measured at (it is slow and memory hungry at the top end). */
const BASELINE_MAX = Number(process.env.BENCH_BASELINE_MAX ?? 5000);
const CLIENTS = (process.env.BENCH_CLIENTS ?? 'ours,naive').split(',');
const NO_BUILD = process.env.BENCH_NO_BUILD === '1';
const SEED = 1;
const THREAD_ID = 'bench';
/** `page-size` of ours in HTTP mode: the server's largest page, as the baseline asks for. */
const PAGE_SIZE = 100;
/** Network.emulateNetworkConditions: Lighthouse's mobile profile (150 ms RTT, 1.6 Mbps down, 750 kbps up). */
const THROTTLE = { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 93_750 };
const POST_BODY = 'A *new* comment posted while the thread is open. See [the docs](https://example.com/docs) and `npm run bench`.';

const ARTICLE_TEXT = `<article><h1>An article</h1><p>${'Some article text with <em>emphasis</em>, <code>code</code> and <a href="#x">a link</a>. '.repeat(12)}</p></article>`;
const HEAD = (title) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><meta name="viewport" content="width=device-width, initial-scale=1">`;
const BODY_STYLE = 'font-family: system-ui, sans-serif; max-width: 48rem; margin: 1rem auto';

const esbuildOptions = {
  bundle: true,
  minify: true,
  target: 'es2022',
  tsconfig: join(root, 'tsconfig.json'),
  // Lit's production build, as a site would ship it.
  conditions: ['production'],
  define: { 'process.env.NODE_ENV': '"production"' },
  // package.json's "sideEffects" lists dist/ only; the pages import src/ for their side effects.
  ignoreAnnotations: true,
  logLevel: 'warning',
};

/** The MemoryAdapter pages: ours imports src/ with a MemoryAdapter, naive the baseline. */
async function bundleMemoryPages(outdir) {
  await build({ ...esbuildOptions, entryPoints: { ours: join(here, 'pages/ours.js'), naive: join(here, 'pages/naive.js') }, format: 'esm', outdir });
  for (const name of ['ours', 'naive']) {
    await writeFile(
      join(outdir, `${name}.html`),
      `${HEAD(name)}</head><body style="${BODY_STYLE}">` +
        // A widget always sits under an article: the page's own text is laid out (fonts
        // loaded) before either client mounts, as on a real page.
        `${ARTICLE_TEXT}<script type="module" src="./${name}.js"></script></body></html>`,
    );
  }
}

/**
 * The HTTP pages, served by the comment server itself (`--static`, same origin): ours is the
 * drop-in build (`comment-thread.js` and its lazy chunks, built with the project's Vite config)
 * with `<comment-thread src="/">` in the markup; naive is the baseline with a fetch loop. Both
 * carry the harness inline at the top of <head>.
 */
async function buildHttpPages(dir) {
  const harness = await build({ ...esbuildOptions, entryPoints: [join(here, 'pages/harness.js')], format: 'iife', write: false });
  const inline = harness.outputFiles[0].text.replace(/<\/script/gi, '<\\/script');
  await build({ ...esbuildOptions, entryPoints: { 'naive-http': join(here, 'pages/naive-http.js') }, format: 'esm', outdir: dir });
  let from = join(root, 'dist');
  if (!NO_BUILD) {
    from = join(dir, '..', 'vite-out');
    execFileSync('npx', ['vite', 'build', '--outDir', from, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  }
  const files = (await readdir(from)).filter((f) => /^comment-thread.*\.js$/.test(f));
  if (!files.includes('comment-thread.js')) throw new Error(`no comment-thread.js in ${from}: run npm run build`);
  for (const f of files) await copyFile(join(from, f), join(dir, f));
  const page = (tag, script, element) =>
    `${HEAD(tag)}<script data-tag="${tag}">${inline}</script><script type="module" src="./${script}"></script></head>` +
    `<body style="${BODY_STYLE}">${ARTICLE_TEXT}${element}</body></html>`;
  await writeFile(join(dir, 'ours-http.html'), page('comment-thread', 'comment-thread.js', `<comment-thread src="/" thread-id="${THREAD_ID}" max-depth="5" page-size="${PAGE_SIZE}"></comment-thread>`));
  await writeFile(join(dir, 'naive-http.html'), page('naive-thread', 'naive-http.js', '<naive-thread></naive-thread>'));
  const sizes = {};
  for (const f of [...files, 'naive-http.js']) sizes[f] = (await readFile(join(dir, f))).length;
  return sizes;
}

function serve(dir) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css' };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/+/, '');
    if (!/^[\w.-]+$/.test(path)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(join(dir, path));
      res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function withPage(browser, fn) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    const cdp = await context.newCDPSession(page);
    return await fn(page, cdp);
  } finally {
    if (errors.length) console.warn('  page errors:', errors.slice(0, 3).join(' | '));
    await context.close();
  }
}

async function openMemoryPage(page, base, client, n, firstOnly = false) {
  await page.goto(`${base}/${client}.html?n=${n}&seed=${SEED}${firstOnly ? '&first-only=1' : ''}`);
  await page.waitForFunction(() => 'bench' in window, null, { timeout: 60_000 });
  return page.evaluate(() => window.bench.mount());
}

/** MemoryAdapter mode: mount, elements, V8 heap, one new comment, scrolling. */
async function runMemory(browser, base, client, n) {
  return withPage(browser, async (page, cdp) => {
    const firstOnly = n > FIRST_ONLY_ABOVE;
    const mount = await openMemoryPage(page, base, client, n, firstOnly);
    if (firstOnly) return mount;
    await cdp.send('HeapProfiler.enable');
    for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const elements = await page.evaluate(() => window.bench.elements());
    const add = await page.evaluate(() => window.bench.addOne());
    const scroll = await page.evaluate(() => window.bench.scroll());
    return { ...mount, heapMB: usedSize / 1024 / 1024, elements, elementsPerComment: elements / n, addOneMs: add.ms, addOneAfter: add.after, ...scroll };
  });
}

/** Posting at N: ours through its form, naive by adding to its array; main-thread tasks from a trace. */
async function tracePost(page, cdp, post) {
  const trace = await startTrace(cdp, ['toplevel', 'blink.user_timing']);
  let events = [];
  const result = await post().finally(() => trace.stop().then((e) => (events = e)));
  const start = findMark(events, 'bench:post:start');
  const stored = findMark(events, 'bench:post:stored');
  const settled = findMark(events, 'bench:post:settled');
  if (!start || !stored || !settled) return { ...result, traceLongestMs: null };
  const tasks = mainThreadTasks(events, start, stored);
  const after = mainThreadTasks(events, stored, settled).filter((task) => task.startMs >= 0);
  return {
    ...result,
    traceLongestMs: tasks[0]?.ms ?? 0,
    traceOver16: tasks.filter((task) => task.ms > 16).length,
    traceOver50: tasks.filter((task) => task.ms > 50).length,
    traceTasks: tasks.length,
    traceTop: tasks.slice(0, 5).map((task) => Math.round(task.ms * 10) / 10),
    traceAfterLongestMs: after[0]?.ms ?? 0,
  };
}

async function runPost(browser, base, client, n) {
  return withPage(browser, async (page, cdp) => {
    const mount = await openMemoryPage(page, base, client, n);
    if (mount.allMs === null) throw new Error(`${client} N=${n}: not all comments arrived`);
    return tracePost(page, cdp, () => page.evaluate(() => window.bench.post()));
  });
}

/** A vote at N: ours through its upvote button, naive by changing a score in its array; tasks from a trace. */
async function runVote(browser, base, client, n) {
  return withPage(browser, async (page, cdp) => {
    const mount = await openMemoryPage(page, base, client, n);
    if (mount.allMs === null) throw new Error(`${client} N=${n}: not all comments arrived`);
    return tracePost(page, cdp, () => page.evaluate(() => window.bench.vote()));
  });
}

/** Blink heap after scrolling the whole thread, with elements and the V8 heap. */
async function runHeap(browser, base, client, n) {
  return withPage(browser, async (page, cdp) => {
    const mount = await openMemoryPage(page, base, client, n);
    if (mount.allMs === null) throw new Error(`${client} N=${n}: not all comments arrived`);
    await cdp.send('HeapProfiler.enable');
    const dump = async () => {
      for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
      return memoryDump(cdp, page, await startTrace(cdp, ['blink.user_timing', 'disabled-by-default-memory-infra'], { memory: true }));
    };
    // Before scrolling: what the first screen and the skipped rest hold.
    const loaded = await dump();
    const scroll = await page.evaluate(() => window.bench.scrollWhole());
    const elements = await page.evaluate(() => window.bench.elements());
    const tags = await page.evaluate(() => window.bench.elementsByTag());
    for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const dom = await cdp.send('Memory.getDOMCounters');
    const memory = await dump();
    return {
      loadedBlinkGcMB: loaded?.blinkGcMB,
      loadedBlinkGcLiveMB: loaded?.blinkGcLiveMB,
      loadedPrivateFootprintMB: loaded?.privateFootprintMB,
      scrollFrames: scroll.frames,
      scrollWholeMs: scroll.ms,
      scrollReachedEnd: scroll.reachedEnd,
      scrollWholeLongTasks: scroll.longTasks,
      scrollWholeLongestMs: scroll.longestMs,
      elements,
      elementsPerComment: elements / n,
      tags,
      domNodes: dom.nodes,
      jsEventListeners: dom.jsEventListeners,
      v8UsedMB: usedSize / 1024 / 1024,
      ...memory,
    };
  });
}

/** HTTP mode: a page load from navigation start, measured by the inline harness. */
async function runHttp(browser, base, client, n, page1, { throttle = false, more = false } = {}) {
  return withPage(browser, async (page, cdp) => {
    if (throttle) {
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', THROTTLE);
    }
    await page.goto(`${base}/${client}-http.html?n=${n}&page=${page1}&more=${more ? 1 : 0}`, { waitUntil: 'commit' });
    await page.waitForFunction(() => '__bench' in window, null, { timeout: 60_000 });
    const result = await page.evaluate(() => window.__bench.result);
    if (!throttle && result.shown > 0) {
      const elements = await page.evaluate(() => window.__bench.elements());
      result.elements = elements;
      result.elementsPerComment = elements / result.shown;
    }
    return result;
  });
}

async function runPostHttp(browser, base, n, page1) {
  return withPage(browser, async (page, cdp) => {
    await page.goto(`${base}/ours-http.html?n=${n}&page=${page1}&more=1`, { waitUntil: 'commit' });
    await page.waitForFunction(() => '__bench' in window, null, { timeout: 60_000 });
    const load = await page.evaluate(() => window.__bench.result);
    if (load.shown < n) throw new Error(`ours over HTTP shows ${load.shown} of ${n} comments`);
    return tracePost(page, cdp, () => page.evaluate((body) => window.__bench.post(body), POST_BODY));
  });
}

/**
 * The cells of one size, one per client: one uncounted warm-up run each, then RUNS counted
 * runs with the clients taking turns (ours, naive, ours, naive, …), so that a burst of other
 * work on the machine falls on both rather than on one client's runs. A failed run is logged
 * and kept as `{ error }`. Logs a line per cell.
 */
async function cells(suite, n, clients, once) {
  const attempt = async (client) => {
    try {
      return await once(client);
    } catch (error) {
      console.warn(`  ${suite} ${client} N=${n}: run failed: ${error?.message ?? error}`);
      return { error: String(error?.message ?? error) };
    }
  };
  const runs = Object.fromEntries(clients.map((client) => [client, []]));
  for (const client of clients) await attempt(client);
  for (let i = 0; i < RUNS; i++) for (const client of clients) runs[client].push(await attempt(client));
  const out = {};
  for (const client of clients) {
    out[client] = { runs: runs[client], ...stats(runs[client]) };
    console.log(`${suite.padEnd(10)}${client.padEnd(6)}N=${n}: ${summaryLine(out[client].median)}`);
  }
  return out;
}

/** Stores `cells`' result under suite[client][n]. */
function keep(suite, n, result) {
  for (const [client, c] of Object.entries(result)) (suite[client] ??= {})[n] = c;
}

function summaryLine(m) {
  const parts = [];
  const add = (key, name, unit = 'ms') => {
    if (typeof m[key] === 'number') parts.push(`${name} ${m[key] < 10 ? m[key].toFixed(2) : m[key].toFixed(0)}${unit}`);
  };
  add('firstMs', 'first');
  add('firstPaintMs', 'painted');
  add('pageMs', 'page');
  add('allMs', 'all');
  add('paintMs', 'paint');
  add('listDelayMs', 'list delay');
  add('longTaskMaxMs', 'longest');
  add('storedMs', 'stored');
  add('traceLongestMs', 'longest task (trace)');
  add('rebuilt', 'rebuilt', '');
  add('heapMB', 'V8 heap', ' MB');
  add('blinkGcMB', 'blink_gc', ' MB');
  add('privateFootprintMB', 'footprint', ' MB');
  add('elementsPerComment', 'elements/comment', '');
  return parts.join(' · ');
}

const clientsFor = (n) => CLIENTS.filter((c) => c === 'ours' || n <= BASELINE_MAX);

async function main() {
  const started = Date.now();
  const loadBefore = loadavg();
  const outdir = await mkdtemp(join(tmpdir(), 'ct-bench-'));
  let server;
  let browser;
  const suites = { memory: {}, http: {}, throttled: {}, post: {}, postHttp: {}, vote: {}, heap: {} };
  const meta = {};
  try {
    const memoryDir = join(outdir, 'memory');
    await mkdir(memoryDir);
    await bundleMemoryPages(memoryDir);
    server = await serve(memoryDir);
    const base = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: [...chromiumArgs, '--js-flags=--expose-gc'] });

    for (const n of SIZES) {
      keep(suites.memory, n, await cells('memory', n, clientsFor(n), (client) => runMemory(browser, base, client, n)));
    }
    for (const n of POST_SIZES) {
      keep(suites.post, n, await cells('post', n, clientsFor(n), (client) => runPost(browser, base, client, n)));
    }
    for (const n of VOTE_SIZES) {
      keep(suites.vote, n, await cells('vote', n, clientsFor(n), (client) => runVote(browser, base, client, n)));
    }
    for (const n of HEAP_SIZES) {
      keep(suites.heap, n, await cells('heap', n, clientsFor(n), (client) => runHeap(browser, base, client, n)));
    }

    const httpSizes = [...new Set([...HTTP_SIZES, ...THROTTLED_SIZES, ...POST_HTTP_SIZES])].sort((a, b) => a - b);
    if (httpSizes.length > 0) {
      if (!NO_BUILD) execFileSync('npm', ['run', 'build:server', '--silent'], { cwd: root, stdio: 'inherit' });
      const staticDir = join(outdir, 'static');
      await mkdir(staticDir);
      meta.httpFiles = await buildHttpPages(staticDir);
      const cli = join(root, 'server', 'dist', 'cli.js');
      for (const n of httpSizes) {
        const comments = generateThread({ n, seed: SEED, threadId: THREAD_ID, maxDepth: 5 });
        const page1 = firstPageCount(comments, PAGE_SIZE);
        (meta.firstPage ??= {})[n] = page1;
        const commentServer = await startCommentServer({ cli, dir: outdir, comments, staticDir, name: `thread-${n}` });
        try {
          const url = commentServer.url;
          if (HTTP_SIZES.includes(n)) {
            keep(suites.http, n, await cells('http', n, clientsFor(n), (client) => runHttp(browser, url, client, n, page1, { more: true })));
          }
          if (THROTTLED_SIZES.includes(n)) {
            keep(suites.throttled, n, await cells('throttled', n, clientsFor(n), (client) => runHttp(browser, url, client, n, page1, { throttle: true })));
          }
          // Last: each post adds a comment to the server's thread.
          if (POST_HTTP_SIZES.includes(n) && CLIENTS.includes('ours')) {
            keep(suites.postHttp, n, await cells('post-http', n, ['ours'], () => runPostHttp(browser, url, n, page1)));
          }
        } finally {
          await commentServer.stop();
        }
      }
    }

    const date = new Date().toISOString();
    const result = {
      date,
      browser: `Chromium ${browser.version()}`,
      node: process.versions.node,
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model?.trim() ?? 'unknown', loadavgBefore: loadBefore, loadavgAfter: loadavg() },
      runs: RUNS,
      seed: SEED,
      sizes: { memory: SIZES, http: HTTP_SIZES, throttled: THROTTLED_SIZES, post: POST_SIZES, postHttp: POST_HTTP_SIZES, vote: VOTE_SIZES, heap: HEAP_SIZES },
      pageSize: PAGE_SIZE,
      throttle: THROTTLE,
      ...meta,
      suites,
      durationSeconds: Math.round((Date.now() - started) / 1000),
    };
    const results = join(here, 'results');
    await mkdir(results, { recursive: true });
    const file = join(results, `${date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    await writeFile(join(results, 'latest.md'), markdown(result));
    console.log(`\nwrote ${file} and bench/results/latest.md in ${result.durationSeconds}s`);
  } finally {
    await browser?.close();
    server?.close();
    await rm(outdir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
