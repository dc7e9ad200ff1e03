// The importers' HTML-to-Markdown conversion, measured against the widget's own renderer (the
// server's bundled copy): whatever the HTML, the Markdown shows the text the HTML shows, and
// the fast path for plain text gives exactly what the full conversion gives. The end-to-end
// checks (real CLI, real databases, the API) are in import-wordpress.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import domino from '@mixmark-io/domino';
import { convertDocument, htmlToMarkdown } from '../dist/import/html-to-markdown.js';
import { renderMarkdown } from '../dist/markdown.js';

const document = domino.createDocument('');

/**
 * The text a browser shows for HTML, scripts and styles left out, blocks and line breaks apart,
 * whitespace runs as one space.
 */
function shown(html) {
  const root = document.createElement('div');
  root.innerHTML = html;
  for (const block of Array.from(root.querySelectorAll('p, div, h1, h2, h3, h4, h5, h6, hr, br, li, ul, ol, blockquote, pre, table, tr, td, th'))) {
    block.parentNode.insertBefore(document.createTextNode(' '), block);
    block.parentNode.insertBefore(document.createTextNode(' '), block.nextSibling);
  }
  for (const hidden of Array.from(root.querySelectorAll('script, style, iframe, noscript, template'))) hidden.parentNode.removeChild(hidden);
  for (const image of Array.from(root.querySelectorAll('img'))) image.parentNode.replaceChild(document.createTextNode(` ${image.getAttribute('alt') ?? ''} `), image);
  return root.textContent.replace(/\s+/g, ' ').trim();
}

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed) {
  let state = seed;
  return () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

test('the Markdown shows the text the HTML shows, for markup the renderer has and markup it lacks', () => {
  const cases = [
    'Path C:\\Temp\\x and *star* _under_ [br] `tick` <b>bold*</b> a_b_c 2*3*4 ~~not struck~~ 1) 2.',
    'Intro line\n<blockquote>quote\n\nsecond para</blockquote>\nafter\nline',
    '<p>one\ntwo</p>\n<p>three</p><h2>Heading</h2><hr>after the rule',
    '<ul><li><p>para one</p><p>para two</p></li><li>x<ol start="7"><li>seven</li><li>eight</li></ol></li></ul>',
    '&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; &copy; &rarr; &hellip; &#8217; &#x2014; &frac12; &NotEqualTilde;',
    '<a href="https://x.example/a b(c)">link *text*</a> <a href="mailto:a@b.example">mail</a> <a href="/relative">rel</a> <a href="javascript:alert(1)">js</a>',
    '<img src="https://img.example/x(1).png" alt="a [pic]"> <img src="data:image/png;base64,xx" alt="inline"> <script>hidden()</script>',
    '> not a quote\n+ not a list\n10. not a list\n``` not a fence\n# not a heading\n- not a list either',
    '<pre><code class="language-js">  if (a &lt; b) {\n\treturn "C:\\\\x";\n  }\n```</code></pre>',
    'See https://en.wikipedia.org/wiki/Foo_(bar)_baz and www.example.com/a_b_c. done',
    '<code>a\nb</code> and <code>`tick`</code> and <code> spaced </code> and <kbd>Ctrl</kbd>',
  ];
  for (const html of cases) {
    const markdown = htmlToMarkdown(html, { paragraphs: true });
    assert.equal(shown(renderMarkdown(markdown)), shown(html), `${JSON.stringify(html)}\n→ ${JSON.stringify(markdown)}`);
    assert.doesNotMatch(renderMarkdown(markdown), /<(?:script|img|table|iframe|h2|hr)\b/);
  }
  // A table's cells are kept apart by " | ", its rows by line breaks.
  assert.equal(htmlToMarkdown('<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2 &amp; *3*</td></tr></table>'), 'a | b\n1 | 2 & \\*3\\*');
});

test('plain text takes a short path to exactly the Markdown of the full conversion', () => {
  const pieces = ['a', 'word', ' ', '  ', '\t', '\n', '\n', '\n\n', '\r\n', '\n \n', '\u00a0', '*', '_', '-', '+ ', '1. ', '2) ', '#', '> ', '`', '~~', '[', ']', '\\', '!', '|', 'é', '😀', 'https://x.example/a_b(c)', 'www.y.example.', '.'];
  const next = random(42);
  for (let i = 0; i < 20_000; i++) {
    let text = '';
    for (let n = Math.floor(next() * 12); n > 0; n--) text += pieces[Math.floor(next() * pieces.length)];
    for (const paragraphs of [true, false]) {
      assert.equal(htmlToMarkdown(text, { paragraphs }), convertDocument(text, paragraphs), `${JSON.stringify(text)}, paragraphs: ${paragraphs}`);
    }
  }
});
