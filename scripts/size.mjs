// Size of each built entry point, minified (as built), gzip and brotli, against its budget.
// Exits 1 when a file passes its budget (test/node/size.test.mjs runs it in `npm test`); with
// --report it only prints. Sizes are in KB of 1,000 bytes, as the figures we compare with.
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { build } from 'esbuild';

/**
 * What a page downloads, each with its gzip budget in bytes (a build over one fails). The
 * drop-in bundle holds lit, our code and styles (they are in the JS); it loads the adapter it
 * needs from beside it (the HttpAdapter for `src`, else the sample adapter), the re-read after
 * a lost live connection when one happens, and, in browsers without the HTML Sanitizer API
 * (Safari as of 2026), DOMPurify.
 */
const BUNDLE = 'dist/comment-thread.js';
const HTTP = 'dist/comment-thread.http.js';
const LOCAL = 'dist/comment-thread.local.js';
const PURIFY = 'dist/comment-thread.dompurify.js';
const RESYNC = 'dist/comment-thread.resync.js';
const ROWS = [
  { label: `${BUNDLE} (the drop-in bundle, JS + CSS)`, files: [BUNDLE], budget: 28_000 },
  { label: `${HTTP} (lazy: pages with a comment server)`, files: [HTTP], budget: 3_000 },
  { label: `${LOCAL} (lazy: pages without a server)`, files: [LOCAL], budget: 3_500 },
  { label: `${PURIFY} (lazy: browsers without the Sanitizer API)`, files: [PURIFY], budget: 13_000 },
  { label: `${RESYNC} (lazy: after a live connection was lost)`, files: [RESYNC], budget: 1_000 },
  { label: 'a page with a comment server: bundle + HttpAdapter', files: [BUNDLE, HTTP], budget: 30_000 },
  { label: '… and, once its live connection came back, the re-read', files: [BUNDLE, HTTP, RESYNC], budget: 31_000 },
  { label: 'a page without a server (the default drop-in): bundle + sample adapter', files: [BUNDLE, LOCAL], budget: 30_000 },
  { label: 'the most a page loads: bundle + sample adapter + DOMPurify', files: [BUNDLE, LOCAL, PURIFY], budget: 43_000 },
  { label: 'comment-thread (npm entry `dist/index.js`, bundled with lit as a site would)', bundle: 'dist/index.js' },
  { label: 'comment-thread/define.js (npm entry that registers the elements, bundled)', bundle: 'dist/define.js' },
];

/** An npm entry as a site's bundler would ship it: with lit, minified, DOMPurify split off. */
async function bundled(entry) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    write: false,
    outdir: 'size-check',
    conditions: ['production'],
    logLevel: 'error',
  });
  return result.outputFiles.find((file) => file.path.endsWith(entry.split('/').pop())).contents;
}

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const gzip = (code) => gzipSync(code, { level: 9 }).length;
const brotli = (code) => brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const lines = ['| file | minified | gzip | brotli | budget (gzip) |', '|---|---:|---:|---:|---:|'];
const over = [];
for (const { label, files = [], bundle, budget } of ROWS) {
  const missing = [...files, bundle].find((file) => file && !existsSync(file));
  if (missing) {
    console.error(`size: ${missing} is missing; run npm run build first`);
    process.exit(1);
  }
  // Files compress separately, as they travel.
  const codes = bundle ? [await bundled(bundle)] : files.map((file) => readFileSync(file));
  const sum = (measure) => codes.reduce((total, code) => total + measure(code), 0);
  const gz = sum(gzip);
  if (budget !== undefined && gz > budget) over.push(label);
  const verdict = budget === undefined ? '–' : `${kb(budget)} ${gz > budget ? 'OVER' : 'ok'}`;
  lines.push(`| ${label} | ${kb(sum((c) => c.length))} | ${kb(gz)} | ${kb(sum(brotli))} | ${verdict} |`);
}
console.log(lines.join('\n'));
if (over.length > 0 && !process.argv.includes('--report')) {
  console.error(`size: over budget: ${over.join('; ')}`);
  process.exit(1);
}
