// Decoding of HTML character references in the widget (`src/core/entities.ts`, used by the
// Markdown renderer in link destinations, titles and code block info strings), held to the
// rules its header names. It has one copy only: the server's importers decode HTML with the
// `entities` package and turndown's parser instead. Needs `npm run build` first (npm test does it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..', '..');

test('the server keeps no copy of the widget’s entity decoder', () => {
  assert.ok(existsSync(resolve(root, 'src/core/entities.ts')));
  assert.ok(!existsSync(resolve(root, 'server/src/import/entities.ts')), 'one source of truth: the server decodes with the entities package');
});

const built = async (path) => {
  const file = resolve(root, path);
  assert.ok(existsSync(file), `${path} is missing: run npm run build first`);
  return import(pathToFileURL(file).href);
};

test('the widget build decodes character references by its rules', async () => {
  const builds = [await built('dist/core/entities.js')];
  const cases = [
    ['&amp; &lt; &gt; &quot; &apos; &nbsp;', '& < > " \' \u00a0'],
    ['&hellip;&mdash;&ndash;&lsquo;&rsquo;&ldquo;&rdquo;&laquo;&raquo;&copy;&reg;&trade;&euro;', '…—–‘’“”«»©®™€'],
    ['&#169; &#xA9; &#XA9; &#0000169;', '© © © ©'],
    ['&#1114111; &#x10FFFF;', '\u{10ffff} \u{10ffff}'],
    // Invalid code points: zero, surrogates, past U+10FFFF.
    ['&#0; &#x0; &#xD800; &#57343; &#x110000; &#1114112;', '\ufffd \ufffd \ufffd \ufffd \ufffd \ufffd'],
    // Not references: too many digits, no semicolon, unknown or wrongly cased names.
    ['&#12345678; &#x1234567; &amp &#169 &unknown; &Amp; &AMP; &', '&#12345678; &#x1234567; &amp &#169 &unknown; &Amp; &AMP; &'],
    // Names of Object.prototype are not entities.
    ['&constructor; &__proto__; &toString; &hasOwnProperty;', '&constructor; &__proto__; &toString; &hasOwnProperty;'],
    // One pass: a decoded `&` does not start another reference.
    ['&amp;lt; &#38;#60;', '&lt; &#60;'],
  ];
  for (const { decodeEntities } of builds) {
    for (const [input, expected] of cases) assert.equal(decodeEntities(input), expected, input);
  }
});
