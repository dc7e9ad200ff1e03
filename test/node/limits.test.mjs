// The limits the widget and the server share are one set: a comment the form accepts is one the
// server accepts, and the other way round. The widget's `src/core/limits.ts` and the server's
// `server/src/validate.ts` each hold them (the server package cannot import the widget's
// sources); this test holds them equal. Needs `npm run build` first (npm test does it; it
// builds the server too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..', '..');

const built = async (path) => {
  const file = resolve(root, path);
  assert.ok(existsSync(file), `${path} is missing: run npm run build first`);
  return import(pathToFileURL(file).href);
};

test('the widget and the server share the same limits', async () => {
  const { LIMITS: widget } = await built('dist/core/limits.js');
  const { LIMITS: server } = await built('server/dist/validate.js');
  // Every limit of the widget is one the server enforces too.
  const shared = Object.keys(widget);
  for (const key of ['bodyMax', 'nameMax', 'websiteMax', 'threadIdMax']) assert.ok(shared.includes(key), key);
  for (const key of shared) {
    assert.ok(Number.isInteger(widget[key]) && widget[key] > 0, `widget ${key}`);
    assert.equal(server[key], widget[key], `${key}: the widget allows ${widget[key]}, the server ${server[key]}`);
  }
});
