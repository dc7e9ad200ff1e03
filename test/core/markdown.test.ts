import { expect } from '@open-wc/testing';
import { renderMarkdown } from '../../src/core/markdown.js';

const md = renderMarkdown;

/** Parses rendered HTML the way a browser would, for structural assertions. */
function parse(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content;
}

describe('renderMarkdown', () => {
  describe('blocks', () => {
    it('returns an empty string for empty or blank input', () => {
      expect(md('')).to.equal('');
      expect(md('   ')).to.equal('');
      expect(md('\n\n \t\n')).to.equal('');
    });

    it('separates paragraphs by blank lines and turns single newlines into <br>', () => {
      expect(md('one\ntwo\n\nthree')).to.equal('<p>one<br>\ntwo</p>\n<p>three</p>\n');
      expect(md('  padded  \n  lines  ')).to.equal('<p>padded<br>\nlines</p>\n');
    });

    it('accepts CRLF and CR line endings', () => {
      expect(md('a\r\nb\r\n\r\nc')).to.equal('<p>a<br>\nb</p>\n<p>c</p>\n');
      expect(md('a\rb')).to.equal('<p>a<br>\nb</p>\n');
      expect(md('```\r\ncode\r\n```')).to.equal('<pre><code>code\n</code></pre>\n');
    });

    it('treats headings, rules and setext underlines as plain text', () => {
      expect(md('# Title')).to.equal('<p># Title</p>\n');
      expect(md('### Small')).to.equal('<p>### Small</p>\n');
      expect(md('Title\n===')).to.equal('<p>Title<br>\n===</p>\n');
      expect(md('---')).to.equal('<p>---</p>\n');
    });

    it('keeps thematic breaks as text, never as nested empty lists', () => {
      for (const rule of ['- - -', '* * *', '***', '-  -  -  -', ' *\t*\t*', '___', '_ _ _']) {
        expect(md(rule), rule).to.equal(`<p>${rule.trim()}</p>\n`);
      }
      expect(md('text\n\n- - -\n\nmore')).to.equal('<p>text</p>\n<p>- - -</p>\n<p>more</p>\n');
      expect(md('- a\n- * * *')).to.equal('<ul>\n<li>a</li>\n<li>* * *</li>\n</ul>\n');
      // Not a thematic break: a list item holding a list.
      expect(md('- - x')).to.equal('<ul>\n<li>\n<ul>\n<li>x</li>\n</ul>\n</li>\n</ul>\n');
    });

    it('puts every block on a line of its own, so the text keeps blocks apart', () => {
      const text = (source: string): string => parse(md(source)).textContent!;
      expect(text('Hi @vincent,\n\nGreat question')).to.equal('Hi @vincent,\nGreat question\n');
      expect(text('line\nbreak')).to.equal('line\nbreak\n');
      const words = (source: string): string[] => text(source).split(/\s+/).filter(Boolean);
      expect(words('- a\n- b\n  - c\n\n  d')).to.deep.equal(['a', 'b', 'c', 'd']);
      expect(words('> q\n> > r\n\n```\ncode\n```\n1. x\n2. y')).to.deep.equal(['q', 'r', 'code', 'x', 'y']);
    });

    it('renders fenced code blocks verbatim and escaped', () => {
      expect(md('```\n<b>*not em*</b> & [x](https://a.b)\n```')).to.equal(
        '<pre><code>&lt;b&gt;*not em*&lt;/b&gt; &amp; [x](https://a.b)\n</code></pre>\n',
      );
      expect(md('~~~\n```\n~~~')).to.equal('<pre><code>```\n</code></pre>\n');
      expect(md('```\na\n\n\nb\n```')).to.equal('<pre><code>a\n\n\nb\n</code></pre>\n');
      expect(md('```\n```')).to.equal('<pre><code></code></pre>\n');
    });

    it('adds a language class only for a plain language word', () => {
      expect(md('```js\nx\n```')).to.equal('<pre><code class="language-js">x\n</code></pre>\n');
      expect(md('~~~ c++ extra words\nx\n~~~')).to.equal('<pre><code class="language-c++">x\n</code></pre>\n');
      expect(md('```evil" onclick="x\nx\n```')).to.equal('<pre><code>x\n</code></pre>\n');
      expect(md('```a-very-long-language-name-here\nx\n```')).to.equal('<pre><code>x\n</code></pre>\n');
    });

    it('runs an unclosed fence to the end of its block', () => {
      expect(md('```\nunclosed\n\nstill code')).to.equal('<pre><code>unclosed\n\nstill code\n</code></pre>\n');
      expect(md('> ```\n> a\n\nafter')).to.equal('<blockquote>\n<pre><code>a\n</code></pre>\n</blockquote>\n<p>after</p>\n');
    });

    it('needs a longer or equal fence of the same character to close', () => {
      expect(md('````\n```\n````')).to.equal('<pre><code>```\n</code></pre>\n');
      expect(md('```\n~~~\n```')).to.equal('<pre><code>~~~\n</code></pre>\n');
    });

    it('does not take inline triple backticks for a fence', () => {
      expect(md('x ```not a fence``` y')).to.equal('<p>x <code>not a fence</code> y</p>\n');
    });

    it('renders blockquotes with markdown inside, nested and lazy', () => {
      expect(md('> **quoted**\n> text')).to.equal('<blockquote>\n<p><strong>quoted</strong><br>\ntext</p>\n</blockquote>\n');
      expect(md('> outer\n> > inner')).to.equal(
        '<blockquote>\n<p>outer</p>\n<blockquote>\n<p>inner</p>\n</blockquote>\n</blockquote>\n',
      );
      expect(md('> quoted\nlazy continuation')).to.equal('<blockquote>\n<p>quoted<br>\nlazy continuation</p>\n</blockquote>\n');
      expect(md('> a\n\nafter')).to.equal('<blockquote>\n<p>a</p>\n</blockquote>\n<p>after</p>\n');
      expect(md('> a\n\n> b')).to.equal('<blockquote>\n<p>a</p>\n</blockquote>\n<blockquote>\n<p>b</p>\n</blockquote>\n');
      expect(md('>no space')).to.equal('<blockquote>\n<p>no space</p>\n</blockquote>\n');
    });

    it('caps blockquote nesting at 8 levels and shows the rest as text', () => {
      const html = md('>'.repeat(12) + ' deep');
      expect(html.match(/<blockquote>/g)).to.have.length(8);
      expect(html).to.contain('<p>&gt;&gt;&gt;&gt; deep</p>');
    });

    it('renders bullet lists with -, * and +', () => {
      expect(md('- a\n- b')).to.equal('<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n');
      expect(md('* a\n* b')).to.equal('<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n');
      expect(md('+ a')).to.equal('<ul>\n<li>a</li>\n</ul>\n');
      // A different bullet starts a new list.
      expect(md('- a\n* b')).to.equal('<ul>\n<li>a</li>\n</ul>\n<ul>\n<li>b</li>\n</ul>\n');
    });

    it('renders ordered lists with . and ) and keeps the start number', () => {
      expect(md('1. a\n2. b')).to.equal('<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n');
      expect(md('1) a\n2) b')).to.equal('<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n');
      expect(md('3. a\n4. b')).to.equal('<ol start="3">\n<li>a</li>\n<li>b</li>\n</ol>\n');
      expect(md('0. zero')).to.equal('<ol start="0">\n<li>zero</li>\n</ol>\n');
      expect(md('1. a\n1) b')).to.equal('<ol>\n<li>a</li>\n</ol>\n<ol>\n<li>b</li>\n</ol>\n');
    });

    it('lets a list interrupt a paragraph, but not a number that starts a sentence', () => {
      expect(md('Points:\n- one\n- two')).to.equal('<p>Points:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n');
      expect(md('Born in\n1984. Moved later.')).to.equal('<p>Born in<br>\n1984. Moved later.</p>\n');
      expect(md('a\n-\nb')).to.equal('<p>a<br>\n-<br>\nb</p>\n');
      expect(md('-1 is negative\n+1 agreed')).to.equal('<p>-1 is negative<br>\n+1 agreed</p>\n');
    });

    it('nests lists by indentation', () => {
      expect(md('- a\n  - b\n  - c\n- d')).to.equal('<ul>\n<li>a\n<ul>\n<li>b</li>\n<li>c</li>\n</ul>\n</li>\n<li>d</li>\n</ul>\n');
      expect(md('1. a\n   - b')).to.equal('<ol>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ol>\n');
    });

    it('makes a list loose (with paragraphs) when items are separated by blank lines', () => {
      expect(md('- a\n\n- b')).to.equal('<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>\n');
      expect(md('1. one\n\n   more\n2. two')).to.equal('<ol>\n<li>\n<p>one</p>\n<p>more</p>\n</li>\n<li>\n<p>two</p>\n</li>\n</ol>\n');
    });

    it('continues list items lazily and ends them at a blank line', () => {
      expect(md('- a\nlazy\n- b')).to.equal('<ul>\n<li>a<br>\nlazy</li>\n<li>b</li>\n</ul>\n');
      expect(md('- a\n\nafter')).to.equal('<ul>\n<li>a</li>\n</ul>\n<p>after</p>\n');
    });

    it('puts block content inside list items and lists inside quotes', () => {
      expect(md('- ```\n  code\n  ```')).to.equal('<ul>\n<li>\n<pre><code>code\n</code></pre>\n</li>\n</ul>\n');
      expect(md('> - a\n> - b')).to.equal('<blockquote>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n</blockquote>\n');
      expect(md('- > quoted')).to.equal('<ul>\n<li>\n<blockquote>\n<p>quoted</p>\n</blockquote>\n</li>\n</ul>\n');
    });

    it('continues only a paragraph lazily, not a code block', () => {
      expect(md('> ```\nnot code\n```')).to.equal(
        '<blockquote>\n<pre><code></code></pre>\n</blockquote>\n<p>not code</p>\n<pre><code></code></pre>\n',
      );
      expect(md('- ```\nnot code')).to.equal('<ul>\n<li>\n<pre><code></code></pre>\n</li>\n</ul>\n<p>not code</p>\n');
      expect(md('> ```\n> code\n> ```\nlazy')).to.equal(
        '<blockquote>\n<pre><code>code\n</code></pre>\n</blockquote>\n<p>lazy</p>\n',
      );
    });

    it('keeps a lazy line text, even when it looks like a list item', () => {
      expect(md('- a\n - b\n  - c\n   - d\n    - e')).to.equal(
        '<ul>\n<li>a</li>\n<li>b</li>\n<li>c</li>\n<li>d<br>\n- e</li>\n</ul>\n',
      );
    });

    it('makes a list loose only for blank lines between its own items and blocks', () => {
      // Blank lines inside a nested item, or inside code, leave the outer list tight.
      expect(md('- a\n  - b\n\n    c\n- d')).to.equal(
        '<ul>\n<li>a\n<ul>\n<li>\n<p>b</p>\n<p>c</p>\n</li>\n</ul>\n</li>\n<li>d</li>\n</ul>\n',
      );
      expect(md('- a\n- ```\n  b\n\n  ```\n- c')).to.equal(
        '<ul>\n<li>a</li>\n<li>\n<pre><code>b\n\n</code></pre>\n</li>\n<li>c</li>\n</ul>\n',
      );
      // A blank line after a nested list, before more of the outer item, makes the outer one loose.
      expect(md('- a\n  - b\n\n  c')).to.equal('<ul>\n<li>\n<p>a</p>\n<ul>\n<li>b</li>\n</ul>\n<p>c</p>\n</li>\n</ul>\n');
    });

    it('ends an item that starts with a blank line at the next blank line', () => {
      expect(md('-\n\n  foo')).to.equal('<ul>\n<li></li>\n</ul>\n<p>foo</p>\n');
      expect(md('* a\n*\n\n* c')).to.equal('<ul>\n<li>\n<p>a</p>\n</li>\n<li></li>\n<li>\n<p>c</p>\n</li>\n</ul>\n');
    });

    it('ends a code block at the end of the input, not after an empty line', () => {
      expect(md('```\n')).to.equal('<pre><code></code></pre>\n');
      expect(md('```\na\n')).to.equal('<pre><code>a\n</code></pre>\n');
    });

    it('resolves escapes and character references in the language', () => {
      expect(md('``` c\\+\\+\nx\n```')).to.equal('<pre><code class="language-c++">x\n</code></pre>\n');
      expect(md('``` c&#43;&#x2B;\nx\n```')).to.equal('<pre><code class="language-c++">x\n</code></pre>\n');
    });
  });

  describe('inlines', () => {
    it('renders emphasis, strong and strikethrough', () => {
      expect(md('*a* _b_ **c** __d__ ~~e~~')).to.equal(
        '<p><em>a</em> <em>b</em> <strong>c</strong> <strong>d</strong> <del>e</del></p>\n',
      );
      expect(md('***both***')).to.equal('<p><em><strong>both</strong></em></p>\n');
      expect(md('**bold *and em* inside**')).to.equal('<p><strong>bold <em>and em</em> inside</strong></p>\n');
      expect(md('~~**x**~~')).to.equal('<p><del><strong>x</strong></del></p>\n');
    });

    it('follows the CommonMark flanking rules', () => {
      expect(md('foo*bar*baz')).to.equal('<p>foo<em>bar</em>baz</p>\n');
      expect(md('snake_case_name and foo_bar_baz')).to.equal('<p>snake_case_name and foo_bar_baz</p>\n');
      expect(md('2 * 3 * 4')).to.equal('<p>2 * 3 * 4</p>\n');
      expect(md('*foo**bar*')).to.equal('<p><em>foo**bar</em></p>\n');
      expect(md('a ** b ** c')).to.equal('<p>a ** b ** c</p>\n');
    });

    it('leaves unclosed or unmatched markers as text', () => {
      expect(md('**unclosed')).to.equal('<p>**unclosed</p>\n');
      expect(md('*a **b*')).to.equal('<p>*a *<em>b</em></p>\n');
      expect(md('~one~ and ~~~three~~~')).to.equal('<p>~one~ and ~~~three~~~</p>\n');
      expect(md('~~unclosed')).to.equal('<p>~~unclosed</p>\n');
    });

    it('does not let emphasis cross a paragraph', () => {
      expect(md('*a\n\nb*')).to.equal('<p>*a</p>\n<p>b*</p>\n');
    });

    it('renders inline code escaped and without formatting', () => {
      expect(md('`a <b> & **c**`')).to.equal('<p><code>a &lt;b&gt; &amp; **c**</code></p>\n');
      expect(md('`` code with ` inside ``')).to.equal('<p><code>code with ` inside</code></p>\n');
      expect(md('`a\nb`')).to.equal('<p><code>a b</code></p>\n');
      expect(md('`a  \nb`')).to.equal('<p><code>a   b</code></p>\n');
      expect(md('``\nfoo \n``')).to.equal('<p><code>foo </code></p>\n');
      expect(md('`[x](https://a.b)`')).to.equal('<p><code>[x](https://a.b)</code></p>\n');
      expect(md('`unclosed and ``also``')).to.equal('<p>`unclosed and <code>also</code></p>\n');
      expect(md('```')).to.equal('<pre><code></code></pre>\n');
    });

    it('applies backslash escapes', () => {
      expect(md('\\*not em\\* \\_no\\_ \\`no code\\` \\[no](link)')).to.equal(
        '<p>*not em* _no_ `no code` [no](link)</p>\n',
      );
      expect(md('\\<b\\>')).to.equal('<p>&lt;b&gt;</p>\n');
      expect(md('a\\b \\\\')).to.equal('<p>a\\b \\</p>\n');
      expect(md('a\\\nb')).to.equal('<p>a<br>\nb</p>\n');
      expect(md('\\- not a list')).to.equal('<p>- not a list</p>\n');
    });

    it('renders inline links with optional titles', () => {
      expect(md('[text](https://example.com)')).to.equal('<p><a href="https://example.com">text</a></p>\n');
      expect(md('[t](https://a.b "Title")')).to.equal('<p><a href="https://a.b" title="Title">t</a></p>\n');
      expect(md("[t](https://a.b 'single')")).to.equal('<p><a href="https://a.b" title="single">t</a></p>\n');
      expect(md('[t](https://a.b (paren))')).to.equal('<p><a href="https://a.b" title="paren">t</a></p>\n');
      expect(md('[**bold** link](http://a.b)')).to.equal('<p><a href="http://a.b"><strong>bold</strong> link</a></p>\n');
      expect(md('[mail](mailto:me@example.com)')).to.equal('<p><a href="mailto:me@example.com">mail</a></p>\n');
      expect(md('[a](https://x)[b](https://y)')).to.equal('<p><a href="https://x">a</a><a href="https://y">b</a></p>\n');
    });

    it('handles parentheses, angle brackets, escapes and entities in destinations', () => {
      expect(md('[w](https://en.wikipedia.org/wiki/Foo_(bar))')).to.equal(
        '<p><a href="https://en.wikipedia.org/wiki/Foo_(bar)">w</a></p>\n',
      );
      expect(md('[x](<https://a.b/c d>)')).to.equal('<p><a href="https://a.b/c%20d">x</a></p>\n');
      expect(md('[x](https://a.b/\\(x)')).to.equal('<p><a href="https://a.b/(x">x</a></p>\n');
      expect(md('[x](https://a.b?x=1&amp;y=2)')).to.equal('<p><a href="https://a.b?x=1&amp;y=2">x</a></p>\n');
      expect(md('[x](https://a.b "&hellip; &#x2603; &constructor; &#0;")')).to.equal(
        '<p><a href="https://a.b" title="… ☃ &amp;constructor; \ufffd">x</a></p>\n',
      );
      expect(md('[x](https://a.b "say \\"hi\\" & <bye>")')).to.equal(
        '<p><a href="https://a.b" title="say &quot;hi&quot; &amp; &lt;bye&gt;">x</a></p>\n',
      );
    });

    it('escapes quotes in URLs so they cannot leave the attribute', () => {
      const html = md('[x](https://a.b/"onmouseover="alert(1))');
      const a = parse(html).querySelector('a');
      expect(a).to.not.equal(null);
      expect(a!.getAttributeNames()).to.deep.equal(['href']);
      expect(a!.getAttribute('href')).to.equal('https://a.b/"onmouseover="alert(1)');
    });

    it('leaves brackets that are not links as text', () => {
      expect(md('[a]')).to.equal('<p>[a]</p>\n');
      expect(md('[a] (https://x.y)')).to.equal('<p>[a] (<a href="https://x.y">https://x.y</a>)</p>\n');
      expect(md('[a](https://x.y')).to.equal('<p>[a](<a href="https://x.y">https://x.y</a></p>\n');
      expect(md('- [ ] task')).to.equal('<ul>\n<li>[ ] task</li>\n</ul>\n');
    });

    it('never nests links', () => {
      const inner = parse(md('[a [b](https://c)](https://d)'));
      expect(inner.querySelectorAll('a a')).to.have.length(0);
      expect(inner.querySelector('a')!.getAttribute('href')).to.equal('https://c');
      expect(md('[https://a.com](https://b.com)')).to.equal('<p><a href="https://b.com">https://a.com</a></p>\n');
      expect(md('[<https://a.com>](https://b.com)')).to.equal('<p><a href="https://b.com">https://a.com</a></p>\n');
      // An image inside a link: the link, with the image's alt text (as in a badge).
      expect(md('[![ci](https://ci.example/b.svg)](https://ci.example)')).to.equal(
        '<p><a href="https://ci.example">ci</a></p>\n',
      );
      // A link inside an image: the image, with the link's text.
      expect(md('![a [b](https://b.example) c](https://i.example)')).to.equal(
        '<p><a class="md-image" href="https://i.example">a b c</a></p>\n',
      );
      expect(md('[![](https://i.example)](https://l.example)')).to.equal(
        '<p><a href="https://l.example">https://i.example</a></p>\n',
      );
    });

    it('renders images as links, never as <img>', () => {
      expect(md('![a cat](https://example.com/cat.png)')).to.equal(
        '<p><a class="md-image" href="https://example.com/cat.png">a cat</a></p>\n',
      );
      expect(md('![](https://example.com/cat.png)')).to.equal(
        '<p><a class="md-image" href="https://example.com/cat.png">https://example.com/cat.png</a></p>\n',
      );
      expect(md('![x](https://a.b/c.png "T")')).to.equal('<p><a class="md-image" href="https://a.b/c.png" title="T">x</a></p>\n');
      expect(md('![x](javascript:alert(1))')).to.equal('<p>x</p>\n');
      expect(md('! [not](https://x.y)')).to.equal('<p>! <a href="https://x.y">not</a></p>\n');
    });

    it('renders <autolinks> for http(s), mailto and e-mail addresses', () => {
      expect(md('<https://a.b/c?d=e>')).to.equal('<p><a href="https://a.b/c?d=e">https://a.b/c?d=e</a></p>\n');
      expect(md('<mailto:me@a.b>')).to.equal('<p><a href="mailto:me@a.b">mailto:me@a.b</a></p>\n');
      expect(md('<me@example.com>')).to.equal('<p><a href="mailto:me@example.com">me@example.com</a></p>\n');
      expect(md('<ftp://a.b>')).to.equal('<p>&lt;ftp://a.b&gt;</p>\n');
      expect(md('<javascript:alert(1)>')).to.equal('<p>&lt;javascript:alert(1)&gt;</p>\n');
    });

    it('links bare URLs and leaves sentence punctuation outside', () => {
      expect(md('see https://example.com.')).to.equal('<p>see <a href="https://example.com">https://example.com</a>.</p>\n');
      expect(md('http://a.b/c?d=e, then')).to.equal('<p><a href="http://a.b/c?d=e">http://a.b/c?d=e</a>, then</p>\n');
      expect(md('Really? https://a.b/x!')).to.equal('<p>Really? <a href="https://a.b/x">https://a.b/x</a>!</p>\n');
      expect(md('www.example.com/path;')).to.equal(
        '<p><a href="https://www.example.com/path">www.example.com/path</a>;</p>\n',
      );
      expect(md('"https://a.b/q"')).to.equal('<p>&quot;<a href="https://a.b/q">https://a.b/q</a>&quot;</p>\n');
    });

    it('keeps balanced parentheses in bare URLs and drops unbalanced ones', () => {
      expect(md('(see https://en.wikipedia.org/wiki/Foo_(bar))')).to.equal(
        '<p>(see <a href="https://en.wikipedia.org/wiki/Foo_(bar)">https://en.wikipedia.org/wiki/Foo_(bar)</a>)</p>\n',
      );
      expect(md('(https://a.b/c)')).to.equal('<p>(<a href="https://a.b/c">https://a.b/c</a>)</p>\n');
    });

    it('links bare URLs inside emphasis but not inside words or code', () => {
      expect(md('**https://a.b**')).to.equal('<p><strong><a href="https://a.b">https://a.b</a></strong></p>\n');
      expect(md('xhttps://a.b')).to.equal('<p>xhttps://a.b</p>\n');
      expect(md('`https://a.b`')).to.equal('<p><code>https://a.b</code></p>\n');
      expect(md('https:// and www. alone')).to.equal('<p>https:// and www. alone</p>\n');
      expect(md('_www.example.com_')).to.equal('<p><em><a href="https://www.example.com">www.example.com</a></em></p>\n');
    });

    /** The text of each link a source renders, with its href. */
    const links = (source: string): Array<[string, string]> =>
      Array.from(parse(md(source)).querySelectorAll('a'), (a) => [a.textContent!, a.getAttribute('href')!]);

    it('links a bare URL only on a valid domain (GFM), ending it where the domain ends', () => {
      // The case: the host ends before `**`, which no browser would take in a host.
      expect(md('www.x.yword**1')).to.equal('<p><a href="https://www.x.yword">www.x.yword</a>**1</p>\n');
      expect(links('www.example.com/a_b?c=d#e')).to.deep.equal([['www.example.com/a_b?c=d#e', 'https://www.example.com/a_b?c=d#e']]);
      expect(links('https://a-b.c_d.example.org:8443/x')).to.deep.equal([['https://a-b.c_d.example.org:8443/x', 'https://a-b.c_d.example.org:8443/x']]);
      expect(links("see www.example.com's page, or https://example.com!")).to.deep.equal([
        ['www.example.com', 'https://www.example.com'],
        ['https://example.com', 'https://example.com'],
      ]);
      expect(links('https://example.com: more')).to.deep.equal([['https://example.com', 'https://example.com']]);
      // The period of `www.` counts, as in GFM.
      expect(links('www.example')).to.deep.equal([['www.example', 'https://www.example']]);
      expect(links('https://a.b/?q=1&amp;')).to.deep.equal([['https://a.b/?q=1', 'https://a.b/?q=1']]);
      expect(links('https://a.b/x&copy; y')).to.deep.equal([['https://a.b/x', 'https://a.b/x']]);
      expect(links('https://a.b.......')).to.deep.equal([['https://a.b', 'https://a.b']]);
      // Not a valid domain, or one a browser might read differently: no link at all.
      for (const source of [
        'https://localhost:3000/x', // no period
        'https://www.foo_bar.com', // `_` in the last two segments
        'www.a.b_c',
        'https://127.0.0.1/x', // a numeric last segment: an IPv4 address
        'https://example.123',
        'https://a.b.0x1f', // an IPv4 number to browsers
        'https://xn--bcher-kva.de', // punycode
        'https://www.bücher.de', // non-ASCII
        'www.example.рф',
        'https://exa\u00admple.com', // a soft hyphen
        'https://a.com\u200bevil', // a zero-width space
        'https://ex%41mple.com', // percent-encoding
        'https://a.b@evil.com', // user info
        'https://a.b:99999/x', // no such port
        'https://a.b:1234567',
        'https://' + 'a'.repeat(64) + '.com', // a segment of 64
        'https://' + 'a.'.repeat(127) + 'com', // 257 characters
        'https://.a.b',
        'https://a..b',
        'www..a.b',
      ]) {
        expect(links(source), source).to.deep.equal([]);
      }
    });

    it('emits only bare-URL hrefs every browser parses to the host shown', () => {
      const sources = [
        'www.x.yword**1', 'www.x.yword__1', 'www.a.b*c', 'www.a.b|c', 'https://a.b\\evil.com', 'https://a.b^c', 'https://a.b`c`',
        'https://a.b{c}', 'https://a.b[c]', 'https://a.b"c', "https://a.b'c", 'https://a.b<c>', 'https://a.b%c', 'https://a.b;c',
        'https://a.b,c', 'https://a.b!c', 'https://a.b$c', 'https://a.b&c', 'https://a.b+c', 'https://a.b=c', 'https://a.b~c',
        'https://a.b(c)', 'https://a.b)c', 'https://a.b:c', 'https://a.b:0/x', 'https://a.b:65535', 'https://a.b:65536',
        'WWW.EXAMPLE.COM', 'HTTPS://Example.COM/Path', 'https://-.-a', 'https://a-.b-', 'www.-.a', 'www.a.b-',
        'https://a.b/\u0001x', 'https://a.b\u0001x', 'https://a.b/ü?ü#ü', 'https://a.b/%zz%', 'https://a.b/\\x',
        '(https://a.b/(c))', '"https://a.b/c"', '*www.a.b*', '~~www.a.b~~', '<www.a.b>',
      ];
      let count = 0;
      for (const source of sources) {
        for (const [text, href] of links(source)) {
          count++;
          const url = new URL(href); // throws where the browser refuses the URL
          const host = /^https?:\/\/([^/?#:]*)/i.exec(href)![1]!;
          expect(host, `${source}: ${href}`).to.match(/^[a-z0-9_-]+(?:\.[a-z0-9_-]+)+$/i);
          expect(url.hostname, `${source}: ${href}`).to.equal(host.toLowerCase());
          expect(href.endsWith(text) || `https://${text}` === href, `${source}: ${text} → ${href}`).to.equal(true);
        }
      }
      expect(count).to.be.greaterThan(30);
    });
  });

  describe('safety', () => {
    it('shows raw HTML as text', () => {
      expect(md('<b>hi</b>')).to.equal('<p>&lt;b&gt;hi&lt;/b&gt;</p>\n');
      expect(md('<script>alert(1)</script>')).to.equal('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n');
      expect(md('<img src=x onerror="alert(1)">')).to.equal('<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>\n');
      expect(md('<!-- comment -->')).to.equal('<p>&lt;!-- comment --&gt;</p>\n');
    });

    it('escapes &, <, >, " and \' everywhere', () => {
      expect(md(`& < > " '`)).to.equal('<p>&amp; &lt; &gt; &quot; &#39;</p>\n');
      expect(md('&copy; &amp;')).to.equal('<p>&amp;copy; &amp;amp;</p>\n');
      expect(md('*<i>*')).to.equal('<p><em>&lt;i&gt;</em></p>\n');
      expect(md('> <x>')).to.equal('<blockquote>\n<p>&lt;x&gt;</p>\n</blockquote>\n');
      expect(md('- <x>')).to.equal('<ul>\n<li>&lt;x&gt;</li>\n</ul>\n');
    });

    // Each is either a link with a refused URL (rendered as its text, `x`) or, where the syntax
    // itself is invalid (whitespace or controls in a bare destination), plain text.
    const refused: Array<[string, string]> = [
      ['javascript', '[x](javascript:alert(1))'],
      ['mixed case', '[x](JaVaScRiPt:alert(1))'],
      ['tab inside the scheme', '[x](<java\tscript:alert(1)>)'],
      ['newline inside the scheme', '[x](<java\nscript:alert(1)>)'],
      ['control character inside the scheme', '[x](java\u0001script:alert(1))'],
      ['leading spaces', '[x](<  javascript:alert(1)>)'],
      ['numeric entity', '[x](&#106;avascript:alert(1))'],
      ['hex entity', '[x](&#x6A;avascript:alert(1))'],
      ['named entity colon', '[x](javascript&colon;alert(1))'],
      ['entity tab', '[x](java&Tab;script:alert(1))'],
      ['backslash escape', '[x](javascript\\:alert(1))'],
      ['vbscript', '[x](vbscript:msgbox(1))'],
      ['data', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
      ['file', '[x](file:///etc/passwd)'],
      ['relative path', '[x](/relative/path)'],
      ['relative file', '[x](page.html)'],
      ['anchor', '[x](#top)'],
      ['protocol-relative', '[x](//evil.example)'],
      ['empty', '[x]()'],
      ['scheme only', '[x](https://)'],
    ];
    for (const [name, source] of refused) {
      it(`refuses a link URL: ${name}`, () => {
        const html = md(source);
        expect(html, html).to.not.contain('<a');
        expect(parse(html).querySelectorAll('a')).to.have.length(0);
        if (!/[\n\u0001]/.test(source)) expect(html).to.equal('<p>x</p>\n');
      });
    }

    it('refuses image URLs the same way', () => {
      expect(md('![pic](&#106;avascript:alert(1))')).to.equal('<p>pic</p>\n');
      expect(md('![pic](data:image/png;base64,AAAA)')).to.equal('<p>pic</p>\n');
    });

    it('emits only allowlisted tags and attributes', () => {
      const source = [
        '# h',
        '> q *e* **s** ~~d~~ `c` [l](https://a.b "t") ![i](https://a.b/i.png) <https://a.b> www.a.b',
        '',
        '3. x',
        '   - y',
        '',
        '```js',
        '<script>',
        '```',
      ].join('\n');
      const allowed = new Set(['P', 'BR', 'EM', 'STRONG', 'DEL', 'CODE', 'PRE', 'BLOCKQUOTE', 'UL', 'OL', 'LI', 'A']);
      const attributes = new Set(['href', 'title', 'start', 'class']);
      const elements = parse(md(source)).querySelectorAll('*');
      expect(elements.length).to.be.greaterThan(10);
      for (const el of elements) {
        expect(allowed.has(el.tagName), el.tagName).to.equal(true);
        for (const name of el.getAttributeNames()) expect(attributes.has(name), name).to.equal(true);
      }
    });
  });

  describe('hostile input', () => {
    const N = 50_000;
    const inputs: Array<[string, string]> = [
      ['asterisks', '*'.repeat(N)],
      ['spaced asterisks', '* '.repeat(N / 2)],
      ['alternating emphasis', '*a'.repeat(N / 2)],
      ['underscores', '_a '.repeat(N / 3)],
      ['tildes', '~~a'.repeat(N / 3)],
      ['open brackets', '['.repeat(N)],
      ['close brackets', ']'.repeat(N)],
      ['bracket pairs', '['.repeat(N / 2) + ']'.repeat(N / 2)],
      ['unfinished link tails', '[](' .repeat(N / 3)],
      ['unfinished titles', '[a](b "'.repeat(N / 7)],
      ['image openers', '!['.repeat(N / 2)],
      ['backticks', '`'.repeat(N)],
      ['backtick runs of growing length', Array.from({ length: 300 }, (_, k) => '`'.repeat(k + 1)).join(' ')],
      ['unmatched code spans', '`a'.repeat(N / 2)],
      ['angle brackets', '<'.repeat(N)],
      ['bare URL prefixes', '(https://('.repeat(N / 10)],
      ['quote markers', '>'.repeat(N)],
      ['spaced quote markers', '> '.repeat(N / 2)],
      ['nested list markers', '- '.repeat(N / 2) + 'x'],
      ['fences', '```\n'.repeat(N / 4)],
      ['many lines', 'a\n'.repeat(N / 2)],
      ['many blocks', '> ```\nlazy\n'.repeat(N / 12)],
      ['many list items with blank lines', '- a\n\n'.repeat(N / 5)],
      ['nested items with blank lines', ('- '.repeat(8) + 'a\n\n').repeat(N / 20)],
      ['thematic breaks', '* * *\n- - -\n'.repeat(N / 12)],
      ['bare URL domains', 'www.a_'.repeat(N / 6)],
      ['bare URL trailing punctuation', 'https://a.b/' + '&a;)'.repeat(N / 4)],
      ['backslashes', '\\'.repeat(N)],
      ['mixed punctuation', '*_~`[]()<>!\\'.repeat(N / 12)],
    ];
    for (const [name, source] of inputs) {
      it(`finishes on ${name}`, () => {
        const html = md(source);
        expect(html).to.be.a('string');
        expect(html.length).to.be.greaterThan(0);
      });
    }
  });
});
