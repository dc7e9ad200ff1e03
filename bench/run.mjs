#!/usr/bin/env node
/**
 * Browser benchmark: <comment-thread> (MemoryAdapter) against a naive Lit baseline
 * (bench/baseline/naive-thread.ts), in headless Chromium, at several thread sizes.
 * Results: bench/results/<ISO date>.json and bench/results/latest.md. Ratios only, no thresholds.
 *
 *   npm run bench                       all sizes
 *   BENCH_SIZES=100,1000 npm run bench  chosen sizes;  BENCH_RUNS=N for another number of runs per cell (default 5)
 *   Above 10,000 comments (BENCH_FIRST_ONLY_ABOVE) only the first screenful is measured.
 *   BENCH_CLIENTS=ours (or naive) measures one client only.
 */
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir, cpus } from 'node:os';
import { join, dirname, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,5000,10000,50000').split(',').map(Number);
/** Above this size only the first comments are measured (mount → first comments painted). */
const FIRST_ONLY_ABOVE = Number(process.env.BENCH_FIRST_ONLY_ABOVE ?? 10000);
/** Sizes the baseline is measured at (it is slow and memory hungry at the top end). */
const BASELINE_MAX = Number(process.env.BENCH_BASELINE_MAX ?? 5000);
const SEED = 1;
const CLIENTS = (process.env.BENCH_CLIENTS ?? 'ours,naive').split(',');

const METRICS = [
  ['firstMs', 'mount → first comment in DOM (ms)'],
  ['firstPaintMs', 'mount → first comments painted (ms)'],
  ['allMs', 'mount → all comments in DOM (ms)'],
  ['paintMs', 'mount → next paint after all (ms)'],
  ['longTaskCount', 'long tasks > 50 ms during mount (count)'],
  ['longTaskTotalMs', 'long tasks total (ms)'],
  ['longTaskMaxMs', 'longest task (ms)'],
  ['heapMB', 'JS heap after GC (MB)'],
  ['elements', 'DOM elements (incl. shadow roots)'],
  ['addOneMs', 'apply one new comment (ms)'],
  ['scrollLongTasks', 'long tasks > 50 ms scrolling down ≤ 300 viewports, once loaded (count)'],
  ['scrollLongestMs', 'longest task while scrolling (ms)'],
];

function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

async function bundle(outdir) {
  await build({
    entryPoints: { ours: join(here, 'pages/ours.js'), naive: join(here, 'pages/naive.js') },
    bundle: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    outdir,
    tsconfig: join(root, 'tsconfig.json'),
    // Lit's production build, as a site would ship it.
    conditions: ['production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    // package.json's "sideEffects" lists dist/ only; the pages import src/ for its side effects.
    ignoreAnnotations: true,
    logLevel: 'warning',
  });
  for (const name of CLIENTS) {
    await writeFile(
      join(outdir, `${name}.html`),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title>` +
        `<meta name="viewport" content="width=device-width, initial-scale=1"></head>` +
        `<body style="font-family: system-ui, sans-serif; max-width: 48rem; margin: 1rem auto">` +
        // A widget always sits under an article: the page's own text is laid out (fonts
        // loaded) before either client mounts, as on a real page.
        `<article><h1>An article</h1><p>${'Some article text with <em>emphasis</em>, <code>code</code> and <a href="#x">a link</a>. '.repeat(12)}</p></article>` +
        `<script type="module" src="./${name}.js"></script></body></html>`,
    );
  }
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

async function runOnce(browser, base, client, n) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    const firstOnly = n > FIRST_ONLY_ABOVE;
    await page.goto(`${base}/${client}.html?n=${n}&seed=${SEED}${firstOnly ? '&first-only=1' : ''}`);
    await page.waitForFunction(() => 'bench' in window, null, { timeout: 60_000 });
    const mount = await page.evaluate(() => window.bench.mount());
    if (firstOnly) return { ...mount, heapMB: null, elements: null, addOneMs: null, scrollLongTasks: null, scrollLongestMs: null };
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const elements = await page.evaluate(() => window.bench.elements());
    const add = await page.evaluate(() => window.bench.addOne());
    const scroll = await page.evaluate(() => window.bench.scroll());
    if (errors.length) console.warn(`  page errors (${client}, ${n}):`, errors.slice(0, 3).join(' | '));
    return { ...mount, heapMB: usedSize / 1024 / 1024, elements, addOneMs: add.ms, addOneAfter: add.after, ...scroll };
  } finally {
    await context.close();
  }
}

function fmt(value, key) {
  if (value === null || value === undefined) return '—';
  if (key === 'longTaskCount' || key === 'elements' || key === 'scrollLongTasks') return String(Math.round(value));
  if (key === 'heapMB') return value.toFixed(1);
  return value < 10 ? value.toFixed(2) : value.toFixed(0);
}

function ratio(a, b) {
  if (a === null || b === null || a === undefined || b === undefined) return '—';
  if (b === 0) return a === 0 ? '1.00' : '∞';
  return (a / b).toFixed(2);
}

function markdown(result) {
  const lines = [
    `# Browser benchmark: \`<comment-thread>\` vs naive Lit baseline`,
    '',
    `${result.date} · ${result.browser} · ${result.machine.cpus}× ${result.machine.cpuModel} · Node ${result.node}`,
    '',
    `Median of ${result.runs} runs, each in a fresh browser context, after one warm-up run that is not counted. Seeded synthetic threads (seed ${SEED}, ` +
      `~450-character Markdown bodies, ~30% replies, depth ≤ 5). "ours" is \`<comment-thread max-depth="5">\` ` +
      `over a \`MemoryAdapter\`; "naive" is \`bench/baseline/naive-thread.ts\` (marked + DOMPurify on every render, ` +
      `everything at once). Ratio = ours / naive, measured in the same run; below 1 means ours is lower (faster/smaller). ` +
      `These are measurements, not pass/fail thresholds.`,
    '',
  ];
  for (const n of result.sizes) {
    const ours = result.cells.ours?.[n];
    const naive = result.cells.naive?.[n];
    lines.push(`## N = ${n}`, '', '| metric | ours | naive | ours / naive |', '|---|---:|---:|---:|');
    for (const [key, label] of METRICS) {
      const o = ours?.median[key] ?? null;
      const b = naive?.median[key] ?? null;
      lines.push(`| ${label} | ${fmt(o, key)} | ${naive ? fmt(b, key) : 'not run'} | ${naive ? ratio(o, b) : '—'} |`);
    }
    lines.push('');
  }
  lines.push(
    'Notes: "first/all comments in DOM" are taken in a MutationObserver on the shadow root (ours: ' +
      '`article[part~="comment"]` count = N). "Next paint" is requestAnimationFrame followed by a MessageChannel task. ' +
      'Long tasks come from the `longtask` PerformanceObserver between mount and that paint. Heap is `Runtime.getHeapUsage` ' +
      'after `HeapProfiler.collectGarbage`: the V8 heap only (DOM nodes live in Blink\'s own heap and are not in it), ' +
      'and it includes the generated comment array (the same in both pages). ' +
      '"Apply one new comment": ours creates it through the same MemoryAdapter (delivered by its subscription) and stops when ' +
      'the new article is in the DOM and `updateComplete` resolved; naive assigns a new array and awaits `updateComplete`.',
    '',
  );
  return lines.join('\n');
}

async function main() {
  const started = Date.now();
  const outdir = await mkdtemp(join(tmpdir(), 'ct-bench-'));
  let server;
  let browser;
  try {
    await bundle(outdir);
    server = await serve(outdir);
    const base = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [...chromiumArgs, '--js-flags=--expose-gc'],
    });
    const cells = { ours: {}, naive: {} };
    for (const n of SIZES) {
      for (const client of CLIENTS) {
        if (client === 'naive' && n > BASELINE_MAX) continue;
        const runs = [];
        // One warm-up run, not counted: the first pages a fresh browser opens are slower for
        // both clients (caches, fonts, locale data), whichever goes first.
        await runOnce(browser, base, client, n);
        for (let i = 0; i < RUNS; i++) runs.push(await runOnce(browser, base, client, n));
        const med = {};
        for (const [key] of METRICS) med[key] = median(runs.map((r) => r[key]));
        cells[client][n] = { runs, median: med };
        console.log(
          `${client.padEnd(5)} N=${String(n).padEnd(5)} first ${fmt(med.firstMs)} ms · painted ${fmt(med.firstPaintMs)} ms · all ${fmt(med.allMs)} ms · paint ${fmt(med.paintMs)} ms · ` +
            `long tasks ${fmt(med.longTaskCount, 'longTaskCount')} (${fmt(med.longTaskTotalMs)} ms) · heap ${fmt(med.heapMB, 'heapMB')} MB · ` +
            `elements ${fmt(med.elements, 'elements')} · add one ${fmt(med.addOneMs)} ms`,
        );
      }
    }
    const date = new Date().toISOString();
    const result = {
      date,
      browser: `Chromium ${browser.version()}`,
      node: process.versions.node,
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model?.trim() ?? 'unknown' },
      runs: RUNS,
      seed: SEED,
      sizes: SIZES,
      metrics: Object.fromEntries(METRICS),
      cells,
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
