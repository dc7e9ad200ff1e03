// The drop-in bundle's html, svg and css templates reach it minified. minify-literals (see
// vite.config.ts) leaves a module's templates as they are when it cannot parse the module or
// when the module mentions unsafeCSS / unsafeHTML, and says so only in a console warning; this
// catches that. Minified JS has no indentation, so an indented line can only be template text.
// Needs `npm run build` first (npm test does it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

test('the templates in the drop-in bundle and its chunks are minified', () => {
  assert.ok(existsSync('dist/comment-thread.js'), 'dist/comment-thread.js is missing: run npm run build first');
  const files = readdirSync('dist').filter((file) => /^comment-thread.*\.js$/.test(file));
  for (const file of files) {
    const indented = readFileSync(`dist/${file}`, 'utf8')
      .split('\n')
      .filter((line) => /^[ \t]{2,}\S/.test(line));
    assert.deepEqual(indented.map((line) => line.slice(0, 80)), [], `${file} has indented (unminified) template text`);
  }
});
