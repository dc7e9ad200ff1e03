// The drop-in bundle and the standalone <comment-count> stay within their size budgets
// (scripts/size.mjs holds the budgets).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

test('the drop-in bundle is within its gzip budget', () => {
  const result = spawnSync('node', ['scripts/size.mjs'], { encoding: 'utf8' });
  process.stdout.write(result.stdout);
  assert.equal(result.status, 0, result.stderr || 'over budget');
});

test('the standalone <comment-count> is one file of at most 2,000 bytes gzip, without Lit', () => {
  const code = readFileSync('dist/comment-count.js');
  const gzipped = gzipSync(code, { level: 9 }).length;
  assert.ok(gzipped <= 2_000, `dist/comment-count.js is ${gzipped} bytes gzip`);
  const text = code.toString('utf8');
  assert.doesNotMatch(text, /^import\b|[;}]import\s*[{*"'`]/m, 'it imports another file statically');
  // Lit marks every copy of itself with these globals.
  assert.doesNotMatch(text, /reactiveElementVersions|litHtmlVersions/, 'it carries Lit');
});
