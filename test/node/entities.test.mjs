// One source for decoding HTML character references: the widget's `src/core/entities.ts` and
// the server's copy `server/src/import/entities.ts` (the server package cannot import the
// widget's sources) must stay byte-identical, and both builds must decode alike. Needs
// `npm run build` first (npm test does it; it builds the server too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..', '..');
const WIDGET = 'src/core/entities.ts';
const SERVER = 'server/src/import/entities.ts';

test('the server holds a byte-identical copy of the widget’s entity decoder', () => {
  const widget = readFileSync(resolve(root, WIDGET));
  const server = readFileSync(resolve(root, SERVER));
  assert.ok(widget.length > 0);
  assert.ok(widget.equals(server), `${WIDGET} and ${SERVER} differ: make the same change in both (or copy one over the other)`);
});

const built = async (path) => {
  const file = resolve(root, path);
  assert.ok(existsSync(file), `${path} is missing: run npm run build first`);
  return import(pathToFileURL(file).href);
};

test('the widget and server builds decode character references alike, by the shared rules', async () => {
  const builds = [await built('dist/core/entities.js'), await built('server/dist/import/entities.js')];
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
