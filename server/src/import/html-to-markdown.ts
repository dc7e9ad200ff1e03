/**
 * Turns the HTML of imported comments (WordPress and Disqus store HTML) into the Markdown the
 * widget's renderer (`src/core/markdown.ts`) shows the same way, with turndown, the maintained
 * HTML-to-Markdown converter, on domino's HTML parser (turndown's own), which decodes every
 * HTML5 character reference as a browser does.
 *
 * What the renderer supports comes across: paragraphs and line breaks (a single newline is a
 * line break there), emphasis, strong, strikethrough, code spans and blocks (their text byte for
 * byte), links (http, https and mailto only; parentheses in the URL escaped), quotes, ordered
 * and nested lists, images as links. What it does not support becomes text: headings are
 * strong paragraphs, tables are rows of cells separated by `|`, rules are paragraph breaks, and
 * scripts, styles, frames and embeds are dropped. The result is only ever Markdown source for
 * the renderer, which escapes all text and allows no raw HTML, so no markup from the import can
 * run.
 *
 * WordPress stores comments as typed and adds the paragraphs when it shows them (`wpautop`: a
 * blank line starts a new paragraph, a single line break stays a line break, block elements
 * stand on their own); {@link htmlToMarkdown} with `paragraphs` does the same on the parsed
 * document before converting it.
 *
 * @module
 */
import domino from '@mixmark-io/domino';
import TurndownService from 'turndown';

/** The part of domino's DOM used here. */
interface DomNode {
  nodeType: number;
  nodeName: string;
  data: string;
  textContent: string | null;
  parentNode: DomNode | null;
  childNodes: ArrayLike<DomNode>;
  firstChild: DomNode | null;
  nextSibling: DomNode | null;
  nextElementSibling: DomNode | null;
  lastElementChild: DomNode | null;
  ownerDocument: DomDocument;
  innerHTML: string;
  getAttribute(name: string): string | null;
  insertBefore(node: DomNode, before: DomNode | null): DomNode;
  appendChild(node: DomNode): DomNode;
  removeChild(node: DomNode): DomNode;
}
interface DomDocument {
  createElement(name: string): DomNode;
  createTextNode(text: string): DomNode;
}

const TEXT = 3;
const ELEMENT = 1;

/** Elements that stand on their own (never inside a paragraph), as wpautop and turndown take them. */
const BLOCKS = new Set(
  ('ADDRESS ARTICLE ASIDE BLOCKQUOTE CAPTION CENTER COLGROUP DD DETAILS DIR DIV DL DT FIELDSET FIGCAPTION FIGURE ' +
    'FOOTER FORM H1 H2 H3 H4 H5 H6 HEADER HGROUP HR LEGEND LI MAIN MENU NAV OL P PRE SECTION SUMMARY TABLE TBODY TD ' +
    'TFOOT TH THEAD TR UL')
    .split(' '),
);
/** Blocks whose text may hold paragraphs. */
const FLOW = new Set(
  'ADDRESS ARTICLE ASIDE BLOCKQUOTE CAPTION CENTER DD DETAILS DIV FIELDSET FIGCAPTION FIGURE FOOTER FORM HEADER LI MAIN NAV SECTION TD TH'.split(' '),
);
/** Elements whose text is left exactly as it is. */
const VERBATIM = new Set('PRE CODE KBD SAMP SCRIPT STYLE TEXTAREA NOSCRIPT TEMPLATE IFRAME OBJECT EMBED'.split(' '));

/** A blank line, and the whitespace after it; whitespace is HTML's (a non-breaking space is text). */
const BLANK_LINE = /\n[ \t\r\f]*\n[ \t\n\r\f]*/;

/** Replaces each newline in the text nodes of `node` (outside verbatim elements) by a `<br>`. */
function breakLines(node: DomNode): void {
  for (const item of Array.from(node.childNodes)) {
    if (item.nodeType === ELEMENT && !VERBATIM.has(item.nodeName)) breakLines(item);
    else if (item.nodeType === TEXT && item.data.includes('\n')) {
      const parent = item.parentNode!;
      const document = item.ownerDocument;
      item.data.split(/\n+/).forEach((line, i) => {
        if (i > 0) parent.insertBefore(document.createElement('br'), item);
        if (line) parent.insertBefore(document.createTextNode(line), item);
      });
      parent.removeChild(item);
    }
  }
}

/**
 * wpautop on a parsed document: in `container`, each run of text and inline elements between
 * blocks is split into paragraphs at blank lines (wrapped in `<p>` at the top level, or when a
 * run holds more than one), and its other newlines become `<br>`; blocks are handled the same
 * way inside, paragraphs and headings get their `<br>`s, `<pre>` and code stay as they are.
 */
function paragraphs(container: DomNode, top: boolean): void {
  const document = container.ownerDocument;
  let run: DomNode[] = [];
  const endRun = (): void => {
    const nodes = run;
    run = [];
    if (!nodes.some((n) => n.nodeType === ELEMENT || (n.nodeType === TEXT && n.data.trim() !== ''))) return;
    // Split at blank lines in the run's own text.
    const groups: DomNode[][] = [[]];
    for (const node of nodes) {
      if (node.nodeType !== TEXT || !BLANK_LINE.test(node.data)) {
        groups.at(-1)!.push(node);
        continue;
      }
      const pieces = node.data.split(BLANK_LINE);
      pieces.forEach((piece, i) => {
        if (i > 0) groups.push([]);
        if (piece) {
          const text = document.createTextNode(piece);
          container.insertBefore(text, node);
          groups.at(-1)!.push(text);
        }
      });
      container.removeChild(node);
    }
    const wrap = top || groups.length > 1;
    for (const group of groups) {
      // Newlines next to the blocks around are no line breaks.
      const first = group[0];
      const last = group.at(-1);
      if (first?.nodeType === TEXT) first.data = first.data.replace(/^[ \t\n\r\f]+/, '');
      if (last?.nodeType === TEXT) last.data = last.data.replace(/[ \t\n\r\f]+$/, '');
      if (!group.some((n) => n.nodeType === ELEMENT || n.data !== '')) continue;
      let holder = container;
      if (wrap) {
        holder = document.createElement('p');
        container.insertBefore(holder, first!);
        for (const node of group) holder.appendChild(node);
        breakLines(holder);
      } else {
        for (const node of group) {
          if (node.nodeType === TEXT && node.data.includes('\n')) {
            const span = document.createElement('span');
            container.insertBefore(span, node);
            span.appendChild(node);
            breakLines(span);
          } else if (node.nodeType === ELEMENT && !VERBATIM.has(node.nodeName)) {
            breakLines(node);
          }
        }
      }
    }
  };
  for (const node of Array.from(container.childNodes)) {
    if (node.nodeType !== ELEMENT || !BLOCKS.has(node.nodeName)) {
      run.push(node);
      continue;
    }
    endRun();
    if (FLOW.has(node.nodeName)) paragraphs(node, false);
    else if (!VERBATIM.has(node.nodeName)) {
      // Lists, tables and definition lists hold blocks; paragraphs and headings hold lines.
      if (/^(?:OL|UL|DL|MENU|DIR|TABLE|THEAD|TBODY|TFOOT|TR|COLGROUP)$/.test(node.nodeName)) paragraphs(node, false);
      else {
        const first = node.firstChild;
        if (first?.nodeType === TEXT) first.data = first.data.replace(/^[ \t\n\r\f]+/, '');
        breakLines(node);
      }
    }
  }
  endRun();
}

/** The text of a code element as written: its text, with `<br>` as a newline. */
function codeText(node: DomNode): string {
  let text = '';
  for (const item of Array.from(node.childNodes)) {
    if (item.nodeType === TEXT) text += item.data;
    else if (item.nodeName === 'BR') text += '\n';
    else if (item.nodeType === ELEMENT) text += codeText(item);
  }
  return text;
}

/** A fence longer than any run of backticks in `code`. */
function fenceFor(code: string, min: number): string {
  let longest = 0;
  for (const run of code.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(min, longest + 1));
}

function codeBlock(code: string, language: string): string {
  const fence = fenceFor(code, 3);
  return `\n\n${fence}${language}\n${code.replace(/\n$/, '')}\n${fence}\n\n`;
}

/** A URL the renderer links to (http, https, mailto), ready for a Markdown link destination; null for any other. */
function destination(href: string | null): string | null {
  const url = (href ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!/^(?:https?:\/\/[^\s/?#]|mailto:\S)/i.test(url)) return null;
  // Parentheses stay as they are, escaped; what would end the destination is percent-encoded.
  return url.replace(/[\s\\<>]/g, (c) => encodeURIComponent(c)).replace(/[()]/g, '\\$&');
}

/**
 * A bare URL as the renderer finds it in text (it links them itself): after a boundary, up to
 * a character that ends it. Its characters are left unescaped, so that the link keeps them;
 * the punctuation the renderer leaves out of the link at its end is escaped as text.
 */
const BARE_URL = /(^|[\s*_~(["'])((?:https?:\/\/|www\.)[^\s<>"`[\]{}|\\^]*)/g;
const URL_TRAILING = /[?!.,:;*_~'")]+$/;

function createService(): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    fence: '```',
    emDelimiter: '*',
    strongDelimiter: '**',
    br: '',
    preformattedCode: true,
  });
  const escapeText = service.escape.bind(service);
  // turndown's escapes, plus what only our renderer reads: `~~` (strikethrough) and `1)` (a list).
  const escape = (text: string): string => escapeText(text).replace(/~~/g, '\\~\\~').replace(/^(\d+)\) /, '$1\\) ');
  service.escape = (text: string): string => {
    let out = '';
    let from = 0;
    for (const match of text.matchAll(BARE_URL)) {
      const url = match[2]!;
      const trailing = URL_TRAILING.exec(url)?.[0] ?? '';
      const start = match.index + match[1]!.length;
      out += escape(text.slice(from, start)) + url.slice(0, url.length - trailing.length);
      from = start + url.length - trailing.length;
    }
    return out + escape(text.slice(from));
  };
  const node = (n: unknown): DomNode => n as DomNode;

  service.remove(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'head', 'title', 'select', 'button']);
  service.addRule('heading', {
    filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
    replacement: (content) => (content.trim() ? `\n\n**${content.trim()}**\n\n` : ''),
  });
  service.addRule('rule', { filter: 'hr', replacement: () => '\n\n' });
  service.addRule('strikethrough', {
    filter: ['del', 's', 'strike'] as TurndownService.Filter,
    replacement: (content) => (content.trim() ? content.replace(/^(\s*)([\s\S]*?)(\s*)$/, '$1~~$2~~$3') : content),
  });
  service.addRule('list', {
    filter: ['ul', 'ol'],
    replacement: (content, list) => {
      const parent = node(list).parentNode;
      // A list ends its item's text on the next line, as turndown writes it, only if it can
      // interrupt a paragraph: an ordered list must then start at 1 (CommonMark's rule, and
      // the renderer's); otherwise a blank line comes first.
      const start = list.nodeName === 'OL' ? Number(node(list).getAttribute('start') ?? '1') : 1;
      return parent?.nodeName === 'LI' && node(parent).lastElementChild === node(list) && start === 1 ? `\n${content}` : `\n\n${content}\n\n`;
    },
  });
  service.addRule('preformatted', {
    filter: 'pre',
    replacement: (_content, pre) => {
      const first = node(pre).firstChild;
      const code = first?.nodeName === 'CODE' && !first.nextSibling ? first : node(pre);
      const language = /(?:^|\s)(?:language|lang)-([\w+-]{1,20})(?:\s|$)/.exec(code.getAttribute('class') ?? '')?.[1] ?? '';
      return codeBlock(codeText(node(pre)), language);
    },
  });
  service.addRule('code', {
    filter: (n) => n.nodeName === 'CODE' || n.nodeName === 'KBD' || n.nodeName === 'SAMP',
    replacement: (_content, element) => {
      const code = codeText(node(element));
      if (code === '') return '';
      if (code.includes('\n')) return codeBlock(code, '');
      const fence = fenceFor(code, 1);
      // The renderer strips one space from each end when both have one, and a backtick at
      // either end needs a space between it and the fence.
      const pad = /^`|`$/.test(code) || (/^ /.test(code) && / $/.test(code) && code.trim() !== '') ? ' ' : '';
      return `${fence}${pad}${code}${pad}${fence}`;
    },
  });
  service.addRule('link', {
    filter: 'a',
    replacement: (content, a) => {
      const href = destination(node(a).getAttribute('href'));
      return href && content.trim() ? `[${content}](${href})` : content;
    },
  });
  service.addRule('image', {
    filter: 'img',
    replacement: (_content, img) => {
      const alt = service.escape((node(img).getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim());
      const src = destination(node(img).getAttribute('src'));
      return src && /^https?:/i.test(src) ? `![${alt}](${src})` : alt;
    },
  });
  service.addRule('table', {
    filter: ['table', 'thead', 'tbody', 'tfoot'],
    replacement: (content) => `\n\n${content.replace(/^\n+|\n+$/g, '')}\n\n`,
  });
  service.addRule('tableRow', { filter: 'tr', replacement: (content) => `${content.trim()}\n` });
  service.addRule('tableCell', {
    filter: ['td', 'th'],
    replacement: (content, cell) => `${content.replace(/\s*\n+\s*/g, ' ').trim()}${node(cell).nextElementSibling ? ' | ' : ''}`,
  });
  service.addRule('caption', { filter: 'caption', replacement: (content) => `${content.trim()}\n` });
  return service;
}

let service: TurndownService | null = null;
let document: DomDocument | null = null;

export interface ConversionOptions {
  /** Add WordPress's paragraphs and line breaks first (its `wpautop`). */
  paragraphs?: boolean;
}

/** Whitespace as turndown collapses it (not the non-breaking space). */
const SPACES = /[ \t\n\r]+/g;
const EDGE_SPACES = /^ | $/g;

/**
 * Plain text (no tag, no character reference): what the parser, the paragraphs and turndown
 * would make of it, without building a document. Most comments are plain text, and this is
 * what keeps a large import fast; `test/import-markdown.test.mjs` holds it equal to the full
 * conversion.
 */
function plainTextToMarkdown(text: string, autop: boolean): string {
  const escape = (line: string): string => service!.escape(line);
  // turndown's last step: no line breaks first, no whitespace last.
  const finish = (markdown: string): string => markdown.replace(/^[\t\r\n]+/, '').replace(/[\t\r\n\s]+$/, '');
  if (!autop) return finish(escape(text.replace(SPACES, ' ').replace(EDGE_SPACES, '')));
  const out: string[] = [];
  for (const paragraph of text.split(BLANK_LINE)) {
    const lines = paragraph
      .split('\n')
      .map((line) => line.replace(SPACES, ' ').replace(EDGE_SPACES, ''))
      .filter((line) => line !== '');
    // turndown drops a paragraph that is all whitespace, the non-breaking kind included.
    if (lines.join('').trim() !== '') out.push(lines.map(escape).join('\n'));
  }
  return finish(out.join('\n\n'));
}

/** The Markdown for a comment's HTML. */
export function htmlToMarkdown(html: string, { paragraphs: autop = false }: ConversionOptions = {}): string {
  service ??= createService();
  if (!/[<&\0\f]/.test(html)) return plainTextToMarkdown(html.replace(/\r\n?/g, '\n'), autop);
  return convertDocument(html, autop);
}

/**
 * The full conversion: parse, add the paragraphs, convert. (Exported for the test that holds
 * the plain-text path equal to it.)
 */
export function convertDocument(html: string, autop: boolean): string {
  service ??= createService();
  // One document for every comment: each is parsed as a fragment into an element of its own.
  document ??= domino.createDocument('') as unknown as DomDocument;
  const root = document.createElement('div');
  root.innerHTML = html.replace(/\r\n?/g, '\n');
  if (autop) paragraphs(root, true);
  return service.turndown(root as unknown as TurndownService.Node);
}
