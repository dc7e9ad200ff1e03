import { aTimeout, expect, waitUntil } from '@open-wc/testing';
// Imported here only to prove that our hooks do not leak into the page's global instance.
import GlobalDOMPurify from 'dompurify';
import { renderMarkdown } from '../../src/core/markdown.js';
import { loadMarkdown } from '../../src/core/markdown-loader.js';
import { hasPlatformSanitizer } from '../../src/core/sanitize-platform.js';
import {
  LINK_REL,
  prepareSanitizer,
  renderBodyFragment,
  renderBodyFragments,
  sanitizeHtml,
  sanitizeToFragment,
} from '../../src/core/sanitize.js';
import { describeEngine } from '../sanitizer-engines.js';

type Flags = Record<string, unknown>;
const flags = window as unknown as Flags;

const ALLOWED_TAGS = new Set(['P', 'BR', 'EM', 'STRONG', 'DEL', 'CODE', 'PRE', 'BLOCKQUOTE', 'UL', 'OL', 'LI', 'A']);
const ALLOWED_ATTRS = new Set(['href', 'title', 'start', 'class', 'rel']);
const SAFE_HREF = /^(?:https?:\/\/|mailto:)/i;

function parse(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content;
}

/** Walks the parsed output and fails on anything outside the allowlist. */
function assertClean(html: string): void {
  const walker = document.createTreeWalker(parse(html), NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_COMMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    expect(node.nodeType, `comment node in ${html}`).to.equal(Node.ELEMENT_NODE);
    const el = node as Element;
    expect(ALLOWED_TAGS.has(el.tagName), `<${el.tagName}> in ${html}`).to.equal(true);
    expect(el.namespaceURI).to.equal('http://www.w3.org/1999/xhtml');
    for (const name of el.getAttributeNames()) {
      expect(name.toLowerCase().startsWith('on'), `${name} in ${html}`).to.equal(false);
      expect(ALLOWED_ATTRS.has(name), `attribute ${name} in ${html}`).to.equal(true);
    }
    if (el.hasAttribute('href')) {
      expect(el.tagName).to.equal('A');
      expect(el.getAttribute('href'), html).to.match(SAFE_HREF);
      // What the browser resolved must be http(s)/mailto as well.
      expect(['http:', 'https:', 'mailto:']).to.include((el as HTMLAnchorElement).protocol);
    }
    if (el.tagName === 'A') {
      expect(el.getAttribute('rel'), html).to.equal(LINK_REL);
      expect(el.hasAttribute('target')).to.equal(false);
    }
    if (el.hasAttribute('class')) {
      expect(el.getAttribute('class')).to.match(el.tagName === 'A' ? /^md-image$/ : /^language-[a-z0-9_+-]{1,20}$/i);
    }
    if (el.hasAttribute('start')) expect(el.getAttribute('start')).to.match(/^\d+$/);
  }
}

/** Inserts the HTML into the live document, lets a tick pass, and checks no payload ran. */
async function assertInert(html: string): Promise<void> {
  delete flags.__xss;
  const host = document.createElement('div');
  document.body.append(host);
  try {
    host.innerHTML = html;
    await aTimeout(30);
    expect(flags.__xss, `payload ran: ${html}`).to.equal(undefined);
  } finally {
    host.remove();
  }
}

// Every payload sets window.__xss if any script in it ever runs.
const X = 'window.__xss=1';
const VECTORS: Array<[string, string]> = [
  ['script tag', `<script>${X}</script>`],
  ['script with src', `<script src="data:text/javascript,${X}"></script>`],
  ['split script tag', `<scr<script>ipt>${X}</scr</script>ipt>`],
  ['img onerror', `<img src=x onerror="${X}">`],
  ['img onerror without quotes', `<img src=x onerror=${X}>`],
  ['svg onload', `<svg onload="${X}"></svg>`],
  ['svg script', `<svg><script>${X}</script></svg>`],
  ['svg animate href', `<svg><a><animate attributeName=href values=javascript:${X} /><text y=20>x</text></a></svg>`],
  ['svg xlink:href', `<svg><a xlink:href="javascript:${X}"><text>x</text></a></svg>`],
  ['math href', `<math><mi href="javascript:${X}">x</mi></math>`],
  ['body onload', `<body onload="${X}">`],
  ['details ontoggle', `<details open ontoggle="${X}"><summary>x</summary></details>`],
  ['input autofocus onfocus', `<input autofocus onfocus="${X}">`],
  ['video source onerror', `<video><source onerror="${X}"></video>`],
  ['event handler on allowed tag', `<p onclick="${X}" onmouseover="${X}">x</p>`],
  ['javascript href', `<a href="javascript:${X}">x</a>`],
  ['mixed-case javascript href', `<a href="JaVaScRiPt:${X}">x</a>`],
  ['tab in scheme', `<a href="java\tscript:${X}">x</a>`],
  ['entity tab in scheme', `<a href="java&#x09;script:${X}">x</a>`],
  ['newline entity in scheme', `<a href="java&NewLine;script:${X}">x</a>`],
  ['decimal entities', `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;${X}">x</a>`],
  ['padded entities', `<a href="&#0000106&#0000097vascript:${X}">x</a>`],
  ['named colon entity', `<a href="javascript&colon;${X}">x</a>`],
  ['leading whitespace and controls', `<a href=" \u0001 javascript:${X}">x</a>`],
  ['data URL', `<a href="data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==">x</a>`],
  ['vbscript URL', `<a href="vbscript:msgbox(1)">x</a>`],
  ['relative and protocol-relative URLs', `<a href="/x">a</a><a href="//evil.example">b</a><a href="#top">c</a>`],
  ['target and foreign rel', `<a href="https://ok.example" target="_blank" rel="opener">x</a>`],
  ['onclick on a good link', `<a href="https://ok.example" onclick="${X}">x</a>`],
  ['iframe javascript', `<iframe src="javascript:${X}"></iframe>`],
  ['iframe srcdoc', `<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>`],
  ['object data', `<object data="javascript:${X}"></object>`],
  ['embed src', `<embed src="javascript:${X}">`],
  ['form action', `<form action="javascript:${X}"><button>go</button></form>`],
  ['button formaction', `<button formaction="javascript:${X}">go</button>`],
  ['style attribute', `<p style="background:url(javascript:${X})">x</p>`],
  ['style element', `<style>@import "javascript:${X}"; p { color: red }</style>`],
  ['meta refresh', `<meta http-equiv="refresh" content="0;url=javascript:${X}">`],
  ['base href', `<base href="javascript:/">`],
  ['link import', `<link rel="stylesheet" href="javascript:${X}">`],
  ['template content', `<template><img src=x onerror="${X}"></template>`],
  ['noscript mXSS', `<noscript><p title="</noscript><img src=x onerror=${X}>"></noscript>`],
  ['math/style mXSS', `<math><mtext><table><mglyph><style><img src=x onerror="${X}"></style></mglyph></table></mtext></math>`],
  ['svg/style mXSS', `<svg></p><style><a id="</style><img src=1 onerror=${X}>">`],
  ['comment breakout', `<!--><img src=x onerror="${X}">-->`],
  ['select/template mXSS', `<select><template><img src=x onerror="${X}"></template></select>`],
  ['tracking pixel', `<img src="https://tracker.example/pixel.gif">`],
  ['class, id, data and aria attributes', `<p class="x" id="y" data-x="1" aria-hidden="true" title="ok">x</p>`],
  ['bad start values', `<ol start="1 onmouseover=x"><li>a</li></ol><ol start="javascript:x"><li>b</li></ol>`],
  ['foreign classes', `<code class="language-js evil"><a class="md-image hidden">x</a></code><p class="language-js">y</p>`],
];

const MARKDOWN_VECTORS: Array<[string, string]> = [
  ['javascript link', `[x](javascript:${X})`],
  ['tab in angle destination', `[x](<java\tscript:${X}>)`],
  ['entity-encoded scheme', `[x](&#106;avascript:${X})`],
  ['hex-entity scheme', `[x](&#x6a;avascript:${X})`],
  ['colon entity', `[x](javascript&colon;${X})`],
  ['data image', `![x](data:image/svg+xml,<svg onload=${X}>)`],
  ['javascript autolink', `<javascript:${X}>`],
  ['title breakout', `[x](https://a.b "\\" onmouseover=\\"${X}")`],
  ['url quote breakout', `[x](https://a.b/"onmouseover="${X})`],
  ['code span with HTML', '`<img src=x onerror="' + X + '">`'],
  ['fence closing tags', '```\n</code></pre><img src=x onerror="' + X + '">\n```'],
  ['language breakout', '```js" onmouseover="' + X + '\nx\n```'],
  ['emphasis around HTML', `**<img src=x onerror="${X}">**`],
  ['bare URL with quotes', `https://a.b/"onmouseover="${X}`],
  ['link text with HTML', `[<img src=x onerror="${X}">](https://a.b)`],
];

// (Mocha runs this before the suites below, which pick an engine each.)
it('sanitizes with the browser’s Sanitizer API where it has one, else with DOMPurify loaded on demand', async () => {
  expect(await prepareSanitizer()).to.equal(hasPlatformSanitizer() ? 'platform' : 'dompurify');
  expect(sanitizeHtml('<p onclick="x">a<script>b</script></p>')).to.equal('<p>a</p>');
});

// Every test runs through both engines: the browser's Sanitizer API (Chromium and Firefox have
// it; in WebKit these are skipped) and DOMPurify, which browsers without it load.
for (const engine of ['platform', 'dompurify'] as const) {
  describeEngine(engine, `sanitizeHtml, ${engine} engine`, () => {
    before(async () => {
      expect(await prepareSanitizer(engine === 'platform' ? 'auto' : 'dompurify')).to.equal(engine);
    });

    it('returns nodes of this document, cleaned the same way', () => {
      const fragment = sanitizeToFragment('<p onclick="x">a <a href="data:text/html,x" target="_blank">b</a><img src=x></p>');
      expect(fragment.ownerDocument).to.equal(document);
      const div = document.createElement('div');
      div.append(fragment);
      expect(div.innerHTML).to.equal(`<p>a <a rel="${LINK_REL}">b</a></p>`);
    });

    afterEach(() => {
      delete flags.__xss;
    });

    it('keeps the allowlisted markup', () => {
      const html =
        '<p><em>e</em> <strong>s</strong> <del>d</del> <code>c</code><br></p>' +
        '<pre><code class="language-js">x</code></pre><blockquote><p>q</p></blockquote>' +
        '<ul><li>a</li></ul><ol start="3"><li>b</li></ol>' +
        '<p><a href="https://a.b" title="t">l</a> <a class="md-image" href="mailto:me@a.b">m</a></p>';
      const out = sanitizeHtml(html);
      const fragment = parse(out);
      expect(fragment.querySelector('ol')!.getAttribute('start')).to.equal('3');
      expect(fragment.querySelector('pre code')!.getAttribute('class')).to.equal('language-js');
      expect(fragment.querySelector('a[title="t"]')!.getAttribute('href')).to.equal('https://a.b');
      expect(fragment.querySelector('a.md-image')!.getAttribute('href')).to.equal('mailto:me@a.b');
      expect(fragment.querySelectorAll('em, strong, del, br, blockquote, ul, li')).to.have.length(8);
      assertClean(out);
    });

    it('returns a string and an empty string for empty input', () => {
      expect(sanitizeHtml('')).to.equal('');
      expect(sanitizeHtml('<p>x</p>')).to.be.a('string');
    });

    it('adds rel to every link and removes target', () => {
      const fragment = parse(sanitizeHtml('<a href="https://a.b" target="_blank" rel="opener">x</a><a>no href</a>'));
      const links = fragment.querySelectorAll('a');
      expect(links).to.have.length(2);
      for (const a of links) {
        expect(a.getAttribute('rel')).to.equal('nofollow ugc noopener noreferrer');
        expect(a.hasAttribute('target')).to.equal(false);
      }
    });

    it('keeps only our own class names, on the right elements', () => {
      const fragment = parse(sanitizeHtml(VECTORS.find(([name]) => name === 'foreign classes')![1]));
      expect(fragment.querySelector('code')!.getAttribute('class')).to.equal('language-js');
      expect(fragment.querySelector('a')!.getAttribute('class')).to.equal('md-image');
      expect(fragment.querySelector('p')!.hasAttribute('class')).to.equal(false);
    });

    it('drops start unless it is a number', () => {
      const fragment = parse(sanitizeHtml(VECTORS.find(([name]) => name === 'bad start values')![1]));
      for (const ol of fragment.querySelectorAll('ol')) expect(ol.hasAttribute('start')).to.equal(false);
    });

    if (engine === 'dompurify') {
      it('does not touch the page’s global DOMPurify', () => {
        sanitizeHtml('<a href="https://a.b">x</a>'); // make sure our instance and hooks exist
        const out = GlobalDOMPurify.sanitize('<a href="/relative">x</a><p class="mine">y</p><img src="https://a.b/i.png">');
        const fragment = parse(out);
        expect(fragment.querySelector('a')!.getAttribute('href')).to.equal('/relative');
        expect(fragment.querySelector('img')).to.not.equal(null);
        expect(fragment.querySelector('a')!.hasAttribute('rel')).to.equal(false);
        expect(fragment.querySelector('p')!.getAttribute('class')).to.equal('mine');
      });
    }

    it('detects a payload that does run (sanity check of the harness)', async () => {
      delete flags.__xssCanary;
      const host = document.createElement('div');
      document.body.append(host);
      host.innerHTML = '<img src="data:," onerror="window.__xssCanary=1">';
      await waitUntil(() => flags.__xssCanary === 1, 'the unsanitized payload should run', { timeout: 5000 });
      host.remove();
      delete flags.__xssCanary;
    });

    describe(`XSS vectors (${VECTORS.length}), sanitized directly`, () => {
      for (const [name, payload] of VECTORS) {
        it(name, async () => {
          const out = sanitizeHtml(payload);
          expect(out).to.be.a('string');
          assertClean(out);
          await assertInert(out);
        });
      }
    });

    describe('XSS vectors, as Markdown source through renderMarkdown and sanitizeHtml', () => {
      for (const [name, payload] of [...VECTORS, ...MARKDOWN_VECTORS]) {
        it(name, async () => {
          const out = sanitizeHtml(renderMarkdown(payload));
          assertClean(out);
          await assertInert(out);
          // The Markdown renderer shows raw HTML as text instead of dropping it.
          if (payload.startsWith('<') && !payload.startsWith('<javascript:')) {
            expect(parse(out).textContent).to.contain('<');
          }
        });
      }
    });

    it('renderBodyFragments gives, in one batch, what sanitizeHtml(renderMarkdown()) gives for each source', async () => {
      await loadMarkdown();
      const sources = [
        ...VECTORS.map(([, payload]) => payload),
        ...MARKDOWN_VECTORS.map(([, payload]) => payload),
        '</div><div>forged boundary</div><div>',
        '<div>',
        'plain',
        '',
        '```\n</div>\n```',
      ];
      const fragments = renderBodyFragments(sources.map((body) => ({ body })));
      expect(fragments).to.have.length(sources.length);
      fragments.forEach((fragment, i) => {
        const div = document.createElement('div');
        div.append(fragment);
        expect(div.innerHTML, JSON.stringify(sources[i])).to.equal(sanitizeHtml(renderMarkdown(sources[i]!)));
        assertClean(div.innerHTML);
      });
    });

    it('renders a body from its Markdown once the renderer has loaded', async () => {
      await loadMarkdown();
      const div = document.createElement('div');
      div.append(renderBodyFragment({ body: 'Hi **there**, see [docs](https://a.b) <script>x</script>' }));
      expect(div.innerHTML).to.equal(
        '<p>Hi <strong>there</strong>, see <a href="https://a.b" rel="nofollow ugc noopener noreferrer">docs</a> &lt;script&gt;x&lt;/script&gt;</p>\n',
      );
    });

    it('renders a body from the html its store sent, sanitized as its own rendering would be', async () => {
      await loadMarkdown();
      const stored = [
        { body: 'ignored source', html: '<p><em>kept</em><img src=x onerror="window.__storedXss=1"><script>window.__storedXss=1</script></p>' },
        { body: 'x', html: '<p><a href="javascript:window.__storedXss=1" target="_blank">link</a></p>' },
        { body: '*mine*' },
      ];
      const [first, second, third] = renderBodyFragments(stored);
      const html = (fragment: DocumentFragment | undefined) => {
        const div = document.createElement('div');
        div.append(fragment!);
        return div.innerHTML;
      };
      expect(html(first)).to.equal('<p><em>kept</em></p>');
      const link = parse(html(second)).querySelector('a')!;
      expect(link.hasAttribute('href')).to.equal(false);
      expect(link.hasAttribute('target')).to.equal(false);
      expect(html(third)).to.equal('<p><em>mine</em></p>\n');
      for (const fragment of [first, second, third]) assertClean(html(fragment));
      await aTimeout(50);
      expect(flags['__storedXss']).to.equal(undefined);
    });

    it('renders alone a stored html that holds the batch wrapper, so no text moves to another comment', async () => {
      await loadMarkdown();
      const stored = [
        { body: 'a', html: '<p>first</p></div><div><p>forged</p>' },
        { body: 'b', html: '<p>second</p>' },
        { body: 'c', html: '<p>third</p><div>' },
      ];
      const texts = renderBodyFragments(stored).map((fragment) => fragment.textContent);
      expect(texts).to.have.length(3);
      expect(texts[0]).to.match(/^first/);
      expect(texts.slice(1)).to.deep.equal(['second', 'third']);
    });

    it('keeps blocks and lines apart in the text, one body or many in a batch', async () => {
      await loadMarkdown();
      const bodies: Array<[string, string[]]> = [
        ['Hi @vincent,\n\nGreat question', ['Hi', '@vincent,', 'Great', 'question']],
        ['line\nbreak\\\nhard', ['line', 'break', 'hard']],
        ['- one\n- two\n  - nested\n- three', ['one', 'two', 'nested', 'three']],
        ['1. loose\n\n   more\n2. items', ['loose', 'more', 'items']],
        ['> quoted\n> > deeper\n\nafter', ['quoted', 'deeper', 'after']],
        ['```\ncode\n```\nafter\n```\nmore\n```', ['code', 'after', 'more']],
        ['para\n- item\n\n> quote\n\n    para', ['para', 'item', 'quote', 'para']],
      ];
      const batch = renderBodyFragments(bodies.map(([body]) => ({ body })));
      expect(batch).to.have.length(bodies.length);
      bodies.forEach(([source, words], i) => {
        for (const fragment of [renderBodyFragment({ body: source }), batch[i]!]) {
          expect(fragment.textContent!.split(/\s+/).filter(Boolean), JSON.stringify(source)).to.deep.equal(words);
        }
      });
      expect(renderBodyFragments([{ body: 'Hi @vincent,\n\nGreat question' }, { body: 'x' }])[0]!.textContent).to.equal('Hi @vincent,\nGreat question\n');
    });

    it('leaves renderMarkdown output unchanged apart from rel (fuzzed)', () => {
      // A deterministic pseudo-random generator, so failures can be reproduced.
      let seed = 0x2f6b1d3;
      const random = (): number => {
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        return (seed >>> 0) / 0x100000000;
      };
      const pieces = [
        '*', '**', '_', '__', '~~', '`', '```', '\n', '\n\n', '> ', '- ', '1. ', '  ', '[', ']', '(', ')', '![', '<', '>',
        '"', "'", '&', '&#106;', '\\', 'https://a.b/c', 'www.x.y', 'javascript:', 'mailto:m@x.y', 'word', ' ', '#', '~~~js\n',
        '<script>', 'onerror=', '"t"',
      ];
      for (let run = 0; run < 300; run++) {
        let source = '';
        const length = 1 + Math.floor(random() * 40);
        for (let k = 0; k < length; k++) source += pieces[Math.floor(random() * pieces.length)];
        const rendered = renderMarkdown(source);
        const sanitized = sanitizeHtml(rendered);
        assertClean(sanitized);
        const cleaned = parse(sanitized);
        for (const a of cleaned.querySelectorAll('a')) a.removeAttribute('rel');
        const original = parse(rendered);
        const wrap = (f: DocumentFragment): string => {
          const div = document.createElement('div');
          div.append(f);
          return div.innerHTML;
        };
        expect(wrap(cleaned), JSON.stringify(source)).to.equal(wrap(original));
      }
    });
});
}
