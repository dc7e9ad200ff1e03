// What the widget and the server share, held equal (the server package cannot import the
// widget's sources). The limits are one set: a comment the form accepts is one the server
// accepts, and the other way round; the widget's `src/core/limits.ts` and the server's
// `server/src/validate.ts` each hold them. And the server renders each body with the widget's
// own Markdown renderer, bundled into its build by scripts/server-markdown.mjs, and sends it
// as `html`, so that a reader's browser paints comments without downloading the renderer: the
// two renderings must be the same. Needs `npm run build` first (npm test does it; it builds the
// server too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import spec from 'commonmark-spec';

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

test('the server renders bodies exactly as the widget does', async () => {
  const { renderMarkdown: widget } = await built('dist/core/markdown.js');
  const { renderMarkdown: server } = await built('server/dist/markdown.js');
  const sources = [
    ...spec.tests.map((example) => example.markdown),
    'Hi @vincent,\n\nGreat question',
    '<script>alert(1)</script> & <b>bold</b>',
    'See https://example.com/a_(b) and www.example.org, or [this](javascript:alert(1)).',
    '```js\nconst x = 1;\n```\n> quoted\n- one\n  - two',
    '',
  ];
  assert.ok(sources.length > 600);
  for (const source of sources) assert.equal(server(source), widget(source), JSON.stringify(source));
});
