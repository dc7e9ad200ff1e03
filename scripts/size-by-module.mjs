// Which source modules the bytes of a built file come from, read from its source map: for each
// module, the minified bytes it produced and its gzip share, measured as how much smaller the
// file compresses without them (shares do not add up exactly: gzip works across modules).
// Run after `npm run build`:
//
//   node scripts/size-by-module.mjs                              # dist/comment-thread.js
//   node scripts/size-by-module.mjs dist/comment-thread.local.js
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const file = process.argv[2] ?? 'dist/comment-thread.js';
const code = readFileSync(file, 'utf8');
const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The numbers of one mapping segment (base64 VLQ). */
function decodeSegment(segment) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = DIGITS.indexOf(char);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value % 2 ? -Math.floor(value / 2) : value / 2);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** For every generated character, the index of the source it maps to (-1: none). */
const owner = new Int32Array(code.length).fill(-1);
let lineStart = 0;
let source = 0;
for (const line of map.mappings.split(';')) {
  const lineEnd = code.indexOf('\n', lineStart);
  const end = lineEnd === -1 ? code.length : lineEnd;
  let column = 0;
  const segments = [];
  for (const segment of line ? line.split(',') : []) {
    const values = decodeSegment(segment);
    column += values[0];
    if (values.length > 1) source += values[1];
    segments.push([column, values.length > 1 ? source : -1]);
  }
  segments.forEach(([from, index], k) => {
    const to = k + 1 < segments.length ? segments[k + 1][0] : end - lineStart;
    owner.fill(index, lineStart + from, lineStart + to);
  });
  lineStart = end + 1;
}

const gzip = (text) => gzipSync(text, { level: 9 }).length;
const total = gzip(code);
/** The file without the characters of one source. */
const without = (index) => {
  let text = '';
  let from = 0;
  for (let i = 0; i <= code.length; i++) {
    const mine = i < code.length && owner[i] === index;
    if (mine && from !== -1) (text += code.slice(from, i)), (from = -1);
    else if (!mine && from === -1) from = i;
  }
  return from === -1 ? text : text + code.slice(from);
};

const rows = [];
for (const index of new Set(owner)) {
  const bytes = owner.reduce((count, o) => count + (o === index ? 1 : 0), 0);
  const name = index === -1 ? '(not mapped)' : map.sources[index].replace(/^(\.\.\/)+/, '');
  rows.push({ name, bytes, gzip: total - gzip(without(index)) });
}
rows.sort((a, b) => b.gzip - a.gzip);
console.log(`${file}: ${code.length} bytes, ${total} gzip\n`);
console.log('| module | minified bytes | gzip share |\n|---|---:|---:|');
for (const { name, bytes, gzip: share } of rows) console.log(`| ${name} | ${bytes} | ${share} |`);
