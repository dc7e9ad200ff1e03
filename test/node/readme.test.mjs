// The README's API tables are generated from the custom-elements manifest; they must not go stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

test('README API tables match the custom-elements manifest', () => {
  const result = spawnSync('node', ['scripts/readme-api.mjs', '--check'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
});
