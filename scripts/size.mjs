// Size of each built entry point, minified (as built), gzip and brotli, against the budget.
// Exits 1 when the drop-in bundle passes its budget (test/node/size.test.mjs runs it in
// `npm test`); with --report it only prints.
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

/**
 * Ceilings in bytes, gzip: a build over its ceiling fails. The ceiling sits just above the size
 * reached so far, so that no change can grow the bundle unnoticed; the goal is TARGETS, which
 * the bundle does not meet yet (lit and DOMPurify alone take about 20 KB of it).
 */
const BUDGETS = { 'dist/comment-thread.js': 37 * 1024 };
/** Where the bundle has to get: 30 KB gzip for the whole drop-in bundle, JS and CSS. */
const TARGETS = { 'dist/comment-thread.js': 30 * 1024 };

const entries = ['dist/comment-thread.js'];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const rows = [];
let failed = false;
for (const file of entries) {
  if (!existsSync(file)) {
    console.error(`size: ${file} is missing; run npm run build first`);
    process.exit(1);
  }
  const code = readFileSync(file);
  const gzip = gzipSync(code, { level: 9 }).length;
  const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const budget = BUDGETS[file];
  const over = budget !== undefined && gzip > budget;
  failed ||= over;
  const target = TARGETS[file];
  rows.push(
    `| ${file} | ${kb(code.length)} | ${kb(gzip)} | ${kb(brotli)} | ${budget ? `${kb(budget)}${over ? ' OVER' : ' ok'}` : '–'} | ${target ? `${kb(target)}${gzip > target ? ' not yet' : ' met'}` : '–'} |`,
  );
}
console.log('| file | minified | gzip | brotli | ceiling (gzip) | target (gzip) |\n|---|---:|---:|---:|---:|---:|');
console.log(rows.join('\n'));
if (failed && !process.argv.includes('--report')) {
  console.error('size: the drop-in bundle is over its budget');
  process.exit(1);
}
