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
      expect(md('one\ntwo\n\nthree')).to.equal('<p>one<br>two</p><p>three</p>');
      expect(md('  padded  \n  lines  ')).to.equal('<p>padded<br>lines</p>');
    });

    it('accepts CRLF and CR line endings', () => {
      expect(md('a\r\nb\r\n\r\nc')).to.equal('<p>a<br>b</p><p>c</p>');
      expect(md('a\rb')).to.equal('<p>a<br>b</p>');
      expect(md('```\r\ncode\r\n```')).to.equal('<pre><code>code\n</code></pre>');
    });

    it('treats headings, rules and setext underlines as plain text', () => {
      expect(md('# Title')).to.equal('<p># Title</p>');
      expect(md('### Small')).to.equal('<p>### Small</p>');
      expect(md('Title\n===')).to.equal('<p>Title<br>===</p>');
      expect(md('---')).to.equal('<p>---</p>');
    });

    it('renders fenced code blocks verbatim and escaped', () => {
      expect(md('```\n<b>*not em*</b> & [x](https://a.b)\n```')).to.equal(
        '<pre><code>&lt;b&gt;*not em*&lt;/b&gt; &amp; [x](https://a.b)\n</code></pre>',
      );
      expect(md('~~~\n```\n~~~')).to.equal('<pre><code>```\n</code></pre>');
      expect(md('```\na\n\n\nb\n```')).to.equal('<pre><code>a\n\n\nb\n</code></pre>');
      expect(md('```\n```')).to.equal('<pre><code></code></pre>');
    });

    it('adds a language class only for a plain language word', () => {
      expect(md('```js\nx\n```')).to.equal('<pre><code class="language-js">x\n</code></pre>');
      expect(md('~~~ c++ extra words\nx\n~~~')).to.equal('<pre><code class="language-c++">x\n</code></pre>');
      expect(md('```evil" onclick="x\nx\n```')).to.equal('<pre><code>x\n</code></pre>');
      expect(md('```a-very-long-language-name-here\nx\n```')).to.equal('<pre><code>x\n</code></pre>');
    });

    it('runs an unclosed fence to the end of its block', () => {
      expect(md('```\nunclosed\n\nstill code')).to.equal('<pre><code>unclosed\n\nstill code\n</code></pre>');
      expect(md('> ```\n> a\n\nafter')).to.equal('<blockquote><pre><code>a\n</code></pre></blockquote><p>after</p>');
    });

    it('needs a longer or equal fence of the same character to close', () => {
      expect(md('````\n```\n````')).to.equal('<pre><code>```\n</code></pre>');
      expect(md('```\n~~~\n```')).to.equal('<pre><code>~~~\n</code></pre>');
    });

    it('does not take inline triple backticks for a fence', () => {
      expect(md('x ```not a fence``` y')).to.equal('<p>x <code>not a fence</code> y</p>');
    });

    it('renders blockquotes with markdown inside, nested and lazy', () => {
      expect(md('> **quoted**\n> text')).to.equal('<blockquote><p><strong>quoted</strong><br>text</p></blockquote>');
      expect(md('> outer\n> > inner')).to.equal(
        '<blockquote><p>outer</p><blockquote><p>inner</p></blockquote></blockquote>',
      );
      expect(md('> quoted\nlazy continuation')).to.equal('<blockquote><p>quoted<br>lazy continuation</p></blockquote>');
      expect(md('> a\n\nafter')).to.equal('<blockquote><p>a</p></blockquote><p>after</p>');
      expect(md('> a\n\n> b')).to.equal('<blockquote><p>a</p></blockquote><blockquote><p>b</p></blockquote>');
      expect(md('>no space')).to.equal('<blockquote><p>no space</p></blockquote>');
    });

    it('caps blockquote nesting at 8 levels and shows the rest as text', () => {
      const html = md('>'.repeat(12) + ' deep');
      expect(html.match(/<blockquote>/g)).to.have.length(8);
      expect(html).to.contain('<p>&gt;&gt;&gt;&gt; deep</p>');
    });

    it('renders bullet lists with -, * and +', () => {
      expect(md('- a\n- b')).to.equal('<ul><li>a</li><li>b</li></ul>');
      expect(md('* a\n* b')).to.equal('<ul><li>a</li><li>b</li></ul>');
      expect(md('+ a')).to.equal('<ul><li>a</li></ul>');
      // A different bullet starts a new list.
      expect(md('- a\n* b')).to.equal('<ul><li>a</li></ul><ul><li>b</li></ul>');
    });

    it('renders ordered lists with . and ) and keeps the start number', () => {
      expect(md('1. a\n2. b')).to.equal('<ol><li>a</li><li>b</li></ol>');
      expect(md('1) a\n2) b')).to.equal('<ol><li>a</li><li>b</li></ol>');
      expect(md('3. a\n4. b')).to.equal('<ol start="3"><li>a</li><li>b</li></ol>');
      expect(md('0. zero')).to.equal('<ol start="0"><li>zero</li></ol>');
      expect(md('1. a\n1) b')).to.equal('<ol><li>a</li></ol><ol><li>b</li></ol>');
    });

    it('lets a list interrupt a paragraph, but not a number that starts a sentence', () => {
      expect(md('Points:\n- one\n- two')).to.equal('<p>Points:</p><ul><li>one</li><li>two</li></ul>');
      expect(md('Born in\n1984. Moved later.')).to.equal('<p>Born in<br>1984. Moved later.</p>');
      expect(md('a\n-\nb')).to.equal('<p>a<br>-<br>b</p>');
      expect(md('-1 is negative\n+1 agreed')).to.equal('<p>-1 is negative<br>+1 agreed</p>');
    });

    it('nests lists by indentation', () => {
      expect(md('- a\n  - b\n  - c\n- d')).to.equal('<ul><li>a<ul><li>b</li><li>c</li></ul></li><li>d</li></ul>');
      expect(md('1. a\n   - b')).to.equal('<ol><li>a<ul><li>b</li></ul></li></ol>');
    });

    it('makes a list loose (with paragraphs) when items are separated by blank lines', () => {
      expect(md('- a\n\n- b')).to.equal('<ul><li><p>a</p></li><li><p>b</p></li></ul>');
      expect(md('1. one\n\n   more\n2. two')).to.equal('<ol><li><p>one</p><p>more</p></li><li><p>two</p></li></ol>');
    });

    it('continues list items lazily and ends them at a blank line', () => {
      expect(md('- a\nlazy\n- b')).to.equal('<ul><li>a<br>lazy</li><li>b</li></ul>');
      expect(md('- a\n\nafter')).to.equal('<ul><li>a</li></ul><p>after</p>');
    });

    it('puts block content inside list items and lists inside quotes', () => {
      expect(md('- ```\n  code\n  ```')).to.equal('<ul><li><pre><code>code\n</code></pre></li></ul>');
      expect(md('> - a\n> - b')).to.equal('<blockquote><ul><li>a</li><li>b</li></ul></blockquote>');
      expect(md('- > quoted')).to.equal('<ul><li><blockquote><p>quoted</p></blockquote></li></ul>');
    });
  });

  describe('inlines', () => {
    it('renders emphasis, strong and strikethrough', () => {
      expect(md('*a* _b_ **c** __d__ ~~e~~')).to.equal(
        '<p><em>a</em> <em>b</em> <strong>c</strong> <strong>d</strong> <del>e</del></p>',
      );
      expect(md('***both***')).to.equal('<p><em><strong>both</strong></em></p>');
      expect(md('**bold *and em* inside**')).to.equal('<p><strong>bold <em>and em</em> inside</strong></p>');
      expect(md('~~**x**~~')).to.equal('<p><del><strong>x</strong></del></p>');
    });

    it('follows the CommonMark flanking rules', () => {
      expect(md('foo*bar*baz')).to.equal('<p>foo<em>bar</em>baz</p>');
      expect(md('snake_case_name and foo_bar_baz')).to.equal('<p>snake_case_name and foo_bar_baz</p>');
      expect(md('2 * 3 * 4')).to.equal('<p>2 * 3 * 4</p>');
      expect(md('*foo**bar*')).to.equal('<p><em>foo**bar</em></p>');
      expect(md('a ** b ** c')).to.equal('<p>a ** b ** c</p>');
    });

    it('leaves unclosed or unmatched markers as text', () => {
      expect(md('**unclosed')).to.equal('<p>**unclosed</p>');
      expect(md('*a **b*')).to.equal('<p>*a *<em>b</em></p>');
      expect(md('~one~ and ~~~three~~~')).to.equal('<p>~one~ and ~~~three~~~</p>');
      expect(md('~~unclosed')).to.equal('<p>~~unclosed</p>');
    });

    it('does not let emphasis cross a paragraph', () => {
      expect(md('*a\n\nb*')).to.equal('<p>*a</p><p>b*</p>');
    });

    it('renders inline code escaped and without formatting', () => {
      expect(md('`a <b> & **c**`')).to.equal('<p><code>a &lt;b&gt; &amp; **c**</code></p>');
      expect(md('`` code with ` inside ``')).to.equal('<p><code>code with ` inside</code></p>');
      expect(md('`a\nb`')).to.equal('<p><code>a b</code></p>');
      expect(md('`[x](https://a.b)`')).to.equal('<p><code>[x](https://a.b)</code></p>');
      expect(md('`unclosed and ``also``')).to.equal('<p>`unclosed and <code>also</code></p>');
      expect(md('```')).to.equal('<pre><code></code></pre>');
    });

    it('applies backslash escapes', () => {
      expect(md('\\*not em\\* \\_no\\_ \\`no code\\` \\[no](link)')).to.equal(
        '<p>*not em* _no_ `no code` [no](link)</p>',
      );
      expect(md('\\<b\\>')).to.equal('<p>&lt;b&gt;</p>');
      expect(md('a\\b \\\\')).to.equal('<p>a\\b \\</p>');
      expect(md('a\\\nb')).to.equal('<p>a<br>b</p>');
      expect(md('\\- not a list')).to.equal('<p>- not a list</p>');
    });

    it('renders inline links with optional titles', () => {
      expect(md('[text](https://example.com)')).to.equal('<p><a href="https://example.com">text</a></p>');
      expect(md('[t](https://a.b "Title")')).to.equal('<p><a href="https://a.b" title="Title">t</a></p>');
      expect(md("[t](https://a.b 'single')")).to.equal('<p><a href="https://a.b" title="single">t</a></p>');
      expect(md('[t](https://a.b (paren))')).to.equal('<p><a href="https://a.b" title="paren">t</a></p>');
      expect(md('[**bold** link](http://a.b)')).to.equal('<p><a href="http://a.b"><strong>bold</strong> link</a></p>');
      expect(md('[mail](mailto:me@example.com)')).to.equal('<p><a href="mailto:me@example.com">mail</a></p>');
      expect(md('[a](https://x)[b](https://y)')).to.equal('<p><a href="https://x">a</a><a href="https://y">b</a></p>');
    });

    it('handles parentheses, angle brackets, escapes and entities in destinations', () => {
      expect(md('[w](https://en.wikipedia.org/wiki/Foo_(bar))')).to.equal(
        '<p><a href="https://en.wikipedia.org/wiki/Foo_(bar)">w</a></p>',
      );
      expect(md('[x](<https://a.b/c d>)')).to.equal('<p><a href="https://a.b/c%20d">x</a></p>');
      expect(md('[x](https://a.b/\\(x)')).to.equal('<p><a href="https://a.b/(x">x</a></p>');
      expect(md('[x](https://a.b?x=1&amp;y=2)')).to.equal('<p><a href="https://a.b?x=1&amp;y=2">x</a></p>');
      expect(md('[x](https://a.b "say \\"hi\\" & <bye>")')).to.equal(
        '<p><a href="https://a.b" title="say &quot;hi&quot; &amp; &lt;bye&gt;">x</a></p>',
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
      expect(md('[a]')).to.equal('<p>[a]</p>');
      expect(md('[a] (https://x.y)')).to.equal('<p>[a] (<a href="https://x.y">https://x.y</a>)</p>');
      expect(md('[a](https://x.y')).to.equal('<p>[a](<a href="https://x.y">https://x.y</a></p>');
      expect(md('- [ ] task')).to.equal('<ul><li>[ ] task</li></ul>');
    });

    it('never nests links', () => {
      const inner = parse(md('[a [b](https://c)](https://d)'));
      expect(inner.querySelectorAll('a a')).to.have.length(0);
      expect(inner.querySelector('a')!.getAttribute('href')).to.equal('https://c');
      expect(md('[https://a.com](https://b.com)')).to.equal('<p><a href="https://b.com">https://a.com</a></p>');
      expect(md('[<https://a.com>](https://b.com)')).to.equal('<p><a href="https://b.com">https://a.com</a></p>');
    });

    it('renders images as links, never as <img>', () => {
      expect(md('![a cat](https://example.com/cat.png)')).to.equal(
        '<p><a class="md-image" href="https://example.com/cat.png">a cat</a></p>',
      );
      expect(md('![](https://example.com/cat.png)')).to.equal(
        '<p><a class="md-image" href="https://example.com/cat.png">https://example.com/cat.png</a></p>',
      );
      expect(md('![x](https://a.b/c.png "T")')).to.equal('<p><a class="md-image" href="https://a.b/c.png" title="T">x</a></p>');
      expect(md('![x](javascript:alert(1))')).to.equal('<p>x</p>');
      expect(md('! [not](https://x.y)')).to.equal('<p>! <a href="https://x.y">not</a></p>');
    });

    it('renders <autolinks> for http(s), mailto and e-mail addresses', () => {
      expect(md('<https://a.b/c?d=e>')).to.equal('<p><a href="https://a.b/c?d=e">https://a.b/c?d=e</a></p>');
      expect(md('<mailto:me@a.b>')).to.equal('<p><a href="mailto:me@a.b">mailto:me@a.b</a></p>');
      expect(md('<me@example.com>')).to.equal('<p><a href="mailto:me@example.com">me@example.com</a></p>');
      expect(md('<ftp://a.b>')).to.equal('<p>&lt;ftp://a.b&gt;</p>');
      expect(md('<javascript:alert(1)>')).to.equal('<p>&lt;javascript:alert(1)&gt;</p>');
    });

    it('links bare URLs and leaves sentence punctuation outside', () => {
      expect(md('see https://example.com.')).to.equal('<p>see <a href="https://example.com">https://example.com</a>.</p>');
      expect(md('http://a.b/c?d=e, then')).to.equal('<p><a href="http://a.b/c?d=e">http://a.b/c?d=e</a>, then</p>');
      expect(md('Really? https://a.b/x!')).to.equal('<p>Really? <a href="https://a.b/x">https://a.b/x</a>!</p>');
      expect(md('www.example.com/path;')).to.equal(
        '<p><a href="https://www.example.com/path">www.example.com/path</a>;</p>',
      );
      expect(md('"https://a.b/q"')).to.equal('<p>&quot;<a href="https://a.b/q">https://a.b/q</a>&quot;</p>');
    });

    it('keeps balanced parentheses in bare URLs and drops unbalanced ones', () => {
      expect(md('(see https://en.wikipedia.org/wiki/Foo_(bar))')).to.equal(
        '<p>(see <a href="https://en.wikipedia.org/wiki/Foo_(bar)">https://en.wikipedia.org/wiki/Foo_(bar)</a>)</p>',
      );
      expect(md('(https://a.b/c)')).to.equal('<p>(<a href="https://a.b/c">https://a.b/c</a>)</p>');
    });

    it('links bare URLs inside emphasis but not inside words or code', () => {
      expect(md('**https://a.b**')).to.equal('<p><strong><a href="https://a.b">https://a.b</a></strong></p>');
      expect(md('xhttps://a.b')).to.equal('<p>xhttps://a.b</p>');
      expect(md('`https://a.b`')).to.equal('<p><code>https://a.b</code></p>');
      expect(md('https:// and www. alone')).to.equal('<p>https:// and www. alone</p>');
    });
  });

  describe('safety', () => {
    it('shows raw HTML as text', () => {
      expect(md('<b>hi</b>')).to.equal('<p>&lt;b&gt;hi&lt;/b&gt;</p>');
      expect(md('<script>alert(1)</script>')).to.equal('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
      expect(md('<img src=x onerror="alert(1)">')).to.equal('<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>');
      expect(md('<!-- comment -->')).to.equal('<p>&lt;!-- comment --&gt;</p>');
    });

    it('escapes &, <, >, " and \' everywhere', () => {
      expect(md(`& < > " '`)).to.equal('<p>&amp; &lt; &gt; &quot; &#39;</p>');
      expect(md('&copy; &amp;')).to.equal('<p>&amp;copy; &amp;amp;</p>');
      expect(md('*<i>*')).to.equal('<p><em>&lt;i&gt;</em></p>');
      expect(md('> <x>')).to.equal('<blockquote><p>&lt;x&gt;</p></blockquote>');
      expect(md('- <x>')).to.equal('<ul><li>&lt;x&gt;</li></ul>');
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
        if (!/[\n\u0001]/.test(source)) expect(html).to.equal('<p>x</p>');
      });
    }

    it('refuses image URLs the same way', () => {
      expect(md('![pic](&#106;avascript:alert(1))')).to.equal('<p>pic</p>');
      expect(md('![pic](data:image/png;base64,AAAA)')).to.equal('<p>pic</p>');
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
