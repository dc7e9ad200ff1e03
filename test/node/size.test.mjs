// The drop-in bundle stays within its size budget (scripts/size.mjs holds the budget).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

test('the drop-in bundle is within its gzip budget', () => {
  const result = spawnSync('node', ['scripts/size.mjs'], { encoding: 'utf8' });
  process.stdout.write(result.stdout);
  assert.equal(result.status, 0, result.stderr || 'over budget');
});
