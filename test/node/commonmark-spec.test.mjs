// Our Markdown renderer against the CommonMark spec (0.31.2): every example of every section
// whose construct the renderer supports goes through `renderMarkdown` and through commonmark.js,
// the reference implementation (a dev dependency, used only here). The reference output is
// first adjusted for the deviations `src/core/markdown.ts` documents, and only for those:
//
// - a single newline is a line break: soft breaks render as `<br>` + newline;
// - raw HTML is text: inline HTML becomes the text it was written as;
// - only absolute http(s) and mailto links: any other link or image renders its content only;
// - images are links: `<a class="md-image" href title>alt</a>`, the URL when the alt is empty.
//
// Then both sides are serialized alike (`<br>`, `'`, hrefs percent-encoded as commonmark.js
// does) and must be equal. Examples that hit another documented deviation are listed in
// DEVIATION_GROUPS under the one they hit; a listed example that starts to match fails the
// test too, so the list stays exact. Thematic breaks are not supported (they stay text): their
// section is checked for that alone. Strikethrough (`~~`, GFM) is not in this spec; the browser
// tests in `test/core/markdown.test.ts` cover it. Needs `npm run build` first (npm test does it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HtmlRenderer, Node, Parser } from 'commonmark';
import spec from 'commonmark-spec';

const built = resolve(import.meta.dirname, '..', '..', 'dist', 'core', 'markdown.js');
assert.ok(existsSync(built), 'dist/core/markdown.js is missing: run npm run build first');
const { renderMarkdown } = await import(pathToFileURL(built).href);

/** The spec sections of constructs the renderer supports. */
const SECTIONS = [
  'Tabs',
  'Backslash escapes',
  'Entity and numeric character references',
  'Precedence',
  'Fenced code blocks',
  'Paragraphs',
  'Blank lines',
  'Block quotes',
  'List items',
  'Lists',
  'Inlines',
  'Code spans',
  'Emphasis and strong emphasis',
  'Links',
  'Images',
  'Autolinks',
  'Hard line breaks',
  'Soft line breaks',
  'Textual content',
];

/**
 * Spec examples that hit a documented deviation (see the module doc of `src/core/markdown.ts`),
 * by the deviation they hit.
 */
const DEVIATION_GROUPS = {
  'headings are text': [10, 141, 227, 228, 229, 230, 232, 300, 646, 647],
  'thematic breaks are text': [11, 234, 246],
  'indented code is text': [
    1, 2, 3, 5, 6, 7, 8, 18, 36, 134, 225, 231, 236, 252, 253, 254, 257, 264, 270, 271, 272, 273, 274, 278, 286, 287,
    288, 289, 290, 313,
  ],
  'raw HTML is text (HTML blocks, and inline HTML holding Markdown syntax)': [
    21, 31, 308, 309, 344, 475, 476, 477, 491, 524, 642, 643,
  ],
  'character references are text outside link destinations, titles and info strings': [25, 26, 27, 37, 38, 39, 40, 41],
  'a language class only for a plain ASCII word': [34, 144],
  'reference links and link reference definitions are text': [
    23, 33, 317, 527, 528, 529, 530, 531, 532, 533, 534, 535, 536, 537, 538, 539, 540, 541, 542, 543, 544, 545, 549,
    550, 553, 554, 555, 556, 557, 558, 559, 560, 561, 562, 563, 564, 565, 566, 567, 568, 569, 570, 571, 573, 576, 577,
    582, 583, 584, 585, 586, 587, 588, 589, 591, 592, 593,
  ],
  'only http(s) and mailto links: other autolinks stay text': [596, 598, 599, 601],
  'bare URLs are links': [608, 611],
};
const DEVIATIONS = {};
for (const [deviation, numbers] of Object.entries(DEVIATION_GROUPS)) {
  for (const number of numbers) {
    assert.equal(DEVIATIONS[number], undefined, `example ${number} is listed twice`);
    DEVIATIONS[number] = deviation;
  }
}

/** Link destinations the renderer keeps; any other link renders its content only. */
const SAFE = /^(?:https?:\/\/|mailto:)/i;

const parser = new Parser();
const renderer = new HtmlRenderer({ softbreak: '<br />\n' });
renderer.image = function (node, entering) {
  const title = node.title ? ` title="${this.esc(node.title)}"` : '';
  if (entering) this.lit(`<a class="md-image" href="${this.esc(node.destination)}"${title}>`);
  else this.lit(`${node.firstChild ? '' : this.esc(node.destination)}</a>`);
};

/** commonmark.js's rendering of `markdown`, adjusted for the documented deviations. */
function reference(markdown) {
  const document = parser.parse(markdown);
  const adjust = [];
  const walker = document.walker();
  for (let event = walker.next(); event; event = walker.next()) {
    if (event.entering) adjust.push(event.node);
  }
  for (const node of adjust) {
    if (node.type === 'html_inline') {
      const text = new Node('text');
      text.literal = node.literal;
      node.insertBefore(text);
      node.unlink();
    } else if ((node.type === 'link' || node.type === 'image') && !SAFE.test(node.destination)) {
      while (node.firstChild) node.insertBefore(node.firstChild);
      node.unlink();
    }
  }
  return renderer.render(document);
}

const unescape = (value) => value.replace(/&(amp|lt|gt|quot|#39);/g, (_, name) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name]);

/** One serialization for both sides: HTML void elements, quotes in text, percent-encoded hrefs. */
function normalize(html) {
  return html
    .replace(/ \/>/g, '>')
    .replace(/&#39;/g, "'")
    .replace(/ href="([^"]*)"/g, (_, href) => {
      const encoded = unescape(href).replace(/%(?![0-9a-f]{2})|[^\w;/?:@&=+$,\-.!~*'()#%]/giu, (c) => encodeURIComponent(c));
      return ` href="${encoded.replace(/&/g, '&amp;')}"`;
    });
}

const examples = spec.tests
  .filter((example) => SECTIONS.includes(example.section))
  .map((example) => ({ ...example, markdown: example.markdown.replace(/→/g, '\t') }));

test('every supported spec section is in the spec', () => {
  const sections = new Set(spec.tests.map((example) => example.section));
  for (const section of SECTIONS) assert.ok(sections.has(section), section);
  for (const number of Object.keys(DEVIATIONS)) {
    assert.ok(examples.some((example) => example.number === Number(number)), `example ${number} is not in a supported section`);
  }
});

for (const section of SECTIONS) {
  test(`CommonMark spec: ${section}`, (t) => {
    const failures = [];
    let compared = 0;
    let listed = 0;
    for (const { number, markdown } of examples.filter((example) => example.section === section)) {
      const ours = normalize(renderMarkdown(markdown));
      const expected = normalize(reference(markdown));
      const deviation = DEVIATIONS[number];
      compared++;
      if (deviation !== undefined) listed++;
      if (deviation === undefined && ours !== expected) {
        failures.push(`example ${number}: ${JSON.stringify(markdown)}\n  ours:      ${JSON.stringify(ours)}\n  reference: ${JSON.stringify(expected)}`);
      } else if (deviation !== undefined && ours === expected) {
        failures.push(`example ${number} matches now: remove it from DEVIATIONS (${deviation})`);
      }
    }
    t.diagnostic(`${compared} examples: ${compared - listed} match, ${listed} listed deviations`);
    assert.ok(compared > 0);
    assert.deepEqual(failures, []);
  });
}

test('CommonMark spec: thematic breaks stay text, never empty list items', () => {
  const rules = spec.tests.filter((example) => example.section === 'Thematic breaks');
  assert.ok(rules.length > 10);
  for (const { number, markdown } of rules) {
    const html = renderMarkdown(markdown.replace(/→/g, '\t'));
    assert.doesNotMatch(html, /<hr|<li><\/li>|<li>\n<ul>\n<li><\/li>/, `example ${number}: ${JSON.stringify(markdown)} → ${html}`);
  }
});
