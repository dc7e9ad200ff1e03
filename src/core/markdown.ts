/**
 * A small, safe Markdown-subset renderer for comment bodies.
 *
 * We do not use marked or markdown-it: the drop-in bundle has to stay small, and comments need
 * only a subset. This renderer is CommonMark-flavoured where it matters (emphasis rules, code
 * spans, link syntax, lists) and deliberately different where comments want it:
 *
 * - every single newline inside a paragraph is a hard line break (`<br>`), as on GitHub;
 * - headings (`#`), horizontal rules, tables, indented code and raw HTML are not recognised:
 *   they stay ordinary text, and raw HTML is shown escaped, never interpreted;
 * - images are never loaded (privacy): `![alt](url)` becomes `<a class="md-image" href>`;
 * - only absolute `http:`, `https:` and `mailto:` links survive; any other link renders its
 *   text only;
 * - character references (`&copy;`) are decoded inside link destinations and titles only;
 *   elsewhere the text is shown exactly as typed.
 *
 * Safety: every piece of source text is HTML-escaped before it reaches the output, and the only
 * markup emitted is `p br em strong del code pre blockquote ul ol li a` with the attributes
 * `href title start class`. The output still goes through `core/sanitize.ts` (defence in depth).
 *
 * Speed: blocks are parsed line by line, inlines in one left-to-right pass with a delimiter
 * stack (as in the CommonMark reference algorithm); scans that could be repeated are capped or
 * indexed, so hostile input (50,000 `*`, `[` or backticks, deep `>` nesting) stays linear-ish.
 *
 * @module
 */

/** Deepest nesting of blockquotes and lists; deeper markers are shown as text. */
const MAX_DEPTH = 8;
/** Deepest parenthesis nesting inside a link destination (as in cmark). */
const MAX_PARENS = 32;
/** Longest link destination, title or `<autolink>` we scan for (bounds re-scans). */
const MAX_SCAN = 2048;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes the five HTML-significant characters, for text and attribute values alike. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

// ---------------------------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------------------------

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const QUOTE = /^ {0,3}>/;
const QUOTE_PREFIX = /^ {0,3}> ?/;
const LIST_ITEM = /^( {0,3})(?:([-+*])|(\d{1,9})([.)]))(?:([ \t]+)(.*))?$/;
const LANGUAGE = /^[a-z0-9_+-]{1,20}$/i;

/** A parsed list marker line. */
interface ListMarker {
  /** `-`, `+`, `*`, `.` or `)`: items of one list share it. */
  kind: string;
  /** Start number of an ordered list, `-1` for a bullet list. */
  start: number;
  /** Column where the item's content begins; continuation lines are indented this far. */
  contentIndent: number;
  /** The rest of the marker line. */
  content: string;
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Width of a line's leading whitespace, tabs stopping at multiples of 4. */
function indentOf(line: string): number {
  let col = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === ' ') col++;
    else if (ch === '\t') col += 4 - (col % 4);
    else break;
  }
  return col;
}

/** Removes up to `width` columns of leading whitespace (splitting a tab if needed). */
function dedent(line: string, width: number): string {
  let col = 0;
  let i = 0;
  while (i < line.length && col < width) {
    const ch = line[i];
    if (ch === ' ') col++;
    else if (ch === '\t') {
      const next = col + 4 - (col % 4);
      if (next > width) return ' '.repeat(next - width) + line.slice(i + 1);
      col = next;
    } else break;
    i++;
  }
  return line.slice(i);
}

function parseListMarker(line: string): ListMarker | null {
  const m = LIST_ITEM.exec(line);
  if (!m) return null;
  const indent = m[1]!.length;
  const marker = m[2] ?? m[3]! + m[4]!;
  const spaces = m[5] ?? '';
  const rest = m[6] ?? '';
  // One to four spaces after the marker set the content column; more belong to the content.
  const gap = rest === '' || spaces.length > 4 ? 1 : spaces.length;
  return {
    kind: m[2] ?? m[4]!,
    start: m[3] === undefined ? -1 : Number(m[3]),
    contentIndent: indent + marker.length + gap,
    content: spaces.length > 4 ? spaces.slice(1) + rest : rest,
  };
}

function isFenceOpen(line: string): RegExpExecArray | null {
  const m = FENCE_OPEN.exec(line);
  // A backtick fence's info string may not contain backticks (that is inline code).
  return m && !(m[2]![0] === '`' && m[3]!.includes('`')) ? m : null;
}

/** True when `line` ends a paragraph without a blank line in between. */
function interruptsParagraph(line: string, depth: number): boolean {
  if (isFenceOpen(line)) return true;
  if (depth >= MAX_DEPTH) return false;
  if (QUOTE.test(line)) return true;
  const item = parseListMarker(line);
  // As in CommonMark: an empty item, or a list starting at another number than 1, does not
  // interrupt a paragraph ("in\n1984. we" stays text).
  return item !== null && !isBlank(item.content) && item.start <= 1;
}

/** True when `line` starts a block other than a paragraph (used for lazy continuation). */
function startsBlock(line: string, depth: number): boolean {
  return isFenceOpen(line) !== null || (depth < MAX_DEPTH && (QUOTE.test(line) || parseListMarker(line) !== null));
}

/**
 * Renders a sequence of lines as blocks. `tight` drops the `<p>` around paragraphs (the items
 * of a tight list).
 */
function renderBlocks(lines: string[], depth: number, tight: boolean): string {
  let out = '';
  let i = 0;
  const n = lines.length;
  while (i < n) {
    const line = lines[i]!;
    if (isBlank(line)) {
      i++;
      continue;
    }

    // Fenced code: verbatim until a closing fence of the same kind, or the end of the block.
    const fence = isFenceOpen(line);
    if (fence) {
      const indent = fence[1]!.length;
      const marker = fence[2]!;
      const lang = fence[3]!.trim().split(/[ \t]/, 1)[0]!;
      const code: string[] = [];
      i++;
      while (i < n) {
        const close = FENCE_CLOSE.exec(lines[i]!);
        if (close && close[1]![0] === marker[0] && close[1]!.length >= marker.length) {
          i++;
          break;
        }
        code.push(dedent(lines[i]!, indent));
        i++;
      }
      const cls = LANGUAGE.test(lang) ? ` class="language-${escapeHtml(lang)}"` : '';
      const body = code.length ? escapeHtml(code.join('\n')) + '\n' : '';
      out += `<pre><code${cls}>${body}</code></pre>`;
      continue;
    }

    // Blockquote: `>` lines, plus lazy paragraph continuation lines without `>`.
    if (depth < MAX_DEPTH && QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < n) {
        const l = lines[i]!;
        if (QUOTE.test(l)) inner.push(l.replace(QUOTE_PREFIX, ''));
        else if (!isBlank(l) && !isBlank(inner[inner.length - 1]!) && !startsBlock(l, depth)) inner.push(l);
        else break;
        i++;
      }
      out += `<blockquote>${renderBlocks(inner, depth + 1, false)}</blockquote>`;
      continue;
    }

    // List: consecutive items with the same marker kind.
    const first = depth < MAX_DEPTH ? parseListMarker(line) : null;
    if (first) {
      const items: string[][] = [];
      let loose = false;
      let marker: ListMarker | null = first;
      while (marker && marker.kind === first.kind) {
        const item = [marker.content];
        const width = marker.contentIndent;
        i++;
        while (i < n) {
          const l = lines[i]!;
          const previousBlank = isBlank(item[item.length - 1]!);
          if (isBlank(l)) item.push('');
          else if (indentOf(l) >= width) item.push(dedent(l, width));
          else if (!previousBlank && !startsBlock(l, depth)) item.push(l.trimStart()); // lazy line
          else break;
          i++;
        }
        // Blank lines at the end of an item separate it from the next one: that makes the list
        // loose if another item follows. A blank line inside an item makes it loose too.
        let end = item.length;
        while (end > 1 && isBlank(item[end - 1]!)) end--;
        const trailingBlank = end < item.length;
        item.length = end;
        if (item.slice(1).some(isBlank)) loose = true;
        items.push(item);
        marker = i < n ? parseListMarker(lines[i]!) : null;
        if (trailingBlank && marker && marker.kind === first.kind) loose = true;
      }
      const tag = first.start < 0 ? 'ul' : 'ol';
      const start = first.start >= 0 && first.start !== 1 ? ` start="${first.start}"` : '';
      out += `<${tag}${start}>`;
      for (const item of items) out += `<li>${renderBlocks(item, depth + 1, !loose)}</li>`;
      out += `</${tag}>`;
      continue;
    }

    // Paragraph: until a blank line or a block that may interrupt it.
    const para = [line.trim()];
    i++;
    while (i < n && !isBlank(lines[i]!) && !interruptsParagraph(lines[i]!, depth)) {
      para.push(lines[i]!.trim());
      i++;
    }
    const html = renderInline(para.join('\n'));
    out += tight ? html : `<p>${html}</p>`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Inlines
// ---------------------------------------------------------------------------------------------

/** A run of `*`, `_` or `~~` that may open or close emphasis. */
interface Delim {
  t: 'delim';
  ch: string;
  /** Characters of the run not (yet) used by a match. */
  n: number;
  /** Length of the run as written (for the "rule of 3"). */
  orig: number;
  canOpen: boolean;
  canClose: boolean;
  /** Tags this run opens (emitted after its remaining characters). */
  open: string;
  /** Tags this run closes (emitted before its remaining characters). */
  close: string;
  prev: Delim | null;
  next: Delim | null;
}

/** A `[` or `![` that may start a link. */
interface Bracket {
  t: 'bracket';
  html: string;
  image: boolean;
  /** Where the bracket starts in the source. */
  pos: number;
  /** Its index in the node list. */
  index: number;
  /** The last delimiter before it: emphasis inside the link text stops there. */
  bottom: Delim | null;
}

/** An autolink (`<https://…>`, bare URL); shown as text when it ends up inside a link. */
interface AutoLink {
  t: 'auto';
  href: string;
  text: string;
  plain: boolean;
}

type InlineNode = string | Delim | Bracket | AutoLink;

const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const UNICODE_PUNCT = /[\p{P}\p{S}]/u;
const WHITESPACE = /\s/;
const URL_START = /https?:\/\/|www\./iy;
const EMAIL = /^[\w.!#$%&'*+/=?^`{|}~-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i;
/** Characters after which a bare URL may start. */
const URL_BOUNDARY = /[\s*_~(["']/;
/** Characters that end a bare URL. */
const URL_STOP = /[\s<>"`[\]{}|\\^]/;
/** Characters dropped from the end of a bare URL (sentence punctuation, emphasis markers). */
const URL_TRAILING = /[?!.,:;*_~'"]/;
const ENTITY_OR_ESCAPE = /\\([!-/:-@[-`{-~])|&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([a-zA-Z][a-zA-Z0-9]{1,31}));/g;
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', colon: ':', Tab: '\t',
  NewLine: '\n', sol: '/', lpar: '(', rpar: ')', period: '.', num: '#', quest: '?', equals: '=',
  percnt: '%', commat: '@',
};

/** Resolves backslash escapes and character references, as in link destinations and titles. */
function unescapeText(text: string): string {
  return text.replace(ENTITY_OR_ESCAPE, (all, escaped?: string, hex?: string, dec?: string, name?: string) => {
    if (escaped !== undefined) return escaped;
    if (name !== undefined) return NAMED_ENTITIES[name] ?? all;
    const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
  });
}

/**
 * Returns the URL to put in `href`, or `null` when it is not an absolute http(s) or mailto URL.
 * Control characters are removed and spaces encoded first, as a browser would strip or keep
 * them, so what is checked is exactly what the browser will parse: `java\tscript:`,
 * `JaVaScRiPt:` and (after {@link unescapeText}) `&#106;avascript:` are all refused, and so are
 * relative URLs and `#anchors`.
 */
function safeUrl(url: string): string | null {
  // eslint-disable-next-line no-control-regex
  const clean = url.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim().replace(/ /g, '%20');
  return /^(?:https?:\/\/[^\s/?#]|mailto:\S)/i.test(clean) ? clean : null;
}

function isWhitespace(ch: string): boolean {
  return WHITESPACE.test(ch);
}

function isPunctuation(ch: string): boolean {
  return ASCII_PUNCT.test(ch) || UNICODE_PUNCT.test(ch);
}

/** Link destination and title after `](`, or null when the syntax is not complete. */
function parseLinkTail(src: string, from: number): { dest: string; title: string | null; end: number } | null {
  const len = src.length;
  const limit = Math.min(len, from + MAX_SCAN);
  let i = from;
  while (i < limit && (src[i] === ' ' || src[i] === '\t' || src[i] === '\n')) i++;
  let dest: string;
  if (src[i] === '<') {
    const start = ++i;
    while (i < limit && src[i] !== '>' && src[i] !== '<' && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
    if (src[i] !== '>') return null;
    dest = src.slice(start, i++);
  } else {
    const start = i;
    let depth = 0;
    while (i < limit) {
      const ch = src[i]!;
      if (ch === '\\' && i + 1 < len && ASCII_PUNCT.test(src[i + 1]!)) i++;
      else if (ch === '(') {
        if (++depth > MAX_PARENS) return null;
      } else if (ch === ')') {
        if (depth === 0) break;
        depth--;
      } else if (ch <= ' ') break;
      i++;
    }
    if (depth !== 0 || i >= limit) return null;
    dest = src.slice(start, i);
  }
  const beforeTitle = i;
  while (i < limit && (src[i] === ' ' || src[i] === '\t' || src[i] === '\n')) i++;
  let title: string | null = null;
  const q = src[i];
  if (i > beforeTitle && (q === '"' || q === "'" || q === '(')) {
    const closer = q === '(' ? ')' : q;
    const start = ++i;
    while (i < limit && src[i] !== closer) i += src[i] === '\\' ? 2 : 1;
    if (src[i] !== closer) return null;
    title = src.slice(start, i++);
    while (i < limit && (src[i] === ' ' || src[i] === '\t' || src[i] === '\n')) i++;
  }
  if (src[i] !== ')') return null;
  return { dest: unescapeText(dest), title: title === null ? null : unescapeText(title), end: i + 1 };
}

/**
 * CommonMark's "process emphasis": matches the delimiter runs above `bottom`, innermost first,
 * turning matched pairs into `em`/`strong`/`del` tags. Linear thanks to `openersBottom`.
 */
function processEmphasis(tail: Delim | null, bottom: Delim | null): void {
  let closer: Delim | null = null;
  for (let d = tail; d && d !== bottom; d = d.prev) closer = d;
  const openersBottom: Record<string, Delim | null> = {};
  const remove = (d: Delim): void => {
    if (d.prev) d.prev.next = d.next;
    if (d.next) d.next.prev = d.prev;
  };
  while (closer) {
    if (!closer.canClose) {
      closer = closer.next;
      continue;
    }
    const key = closer.ch + (closer.canOpen ? 3 : 0) + (closer.orig % 3);
    const floor = key in openersBottom ? openersBottom[key] : bottom;
    let opener = closer.prev;
    while (opener && opener !== bottom && opener !== floor) {
      if (opener.ch === closer.ch && opener.canOpen) {
        // The "rule of 3": `*foo**bar*` must not pair `*` with `**` when both can open and close.
        const odd =
          (closer.canOpen || opener.canClose) && (opener.orig + closer.orig) % 3 === 0 && !(opener.orig % 3 === 0 && closer.orig % 3 === 0);
        if (closer.ch === '~' || !odd) break;
      }
      opener = opener.prev;
    }
    if (opener && opener !== bottom && opener !== floor) {
      const use = closer.ch === '~' ? 2 : opener.n >= 2 && closer.n >= 2 ? 2 : 1;
      const tag = closer.ch === '~' ? 'del' : use === 2 ? 'strong' : 'em';
      opener.n -= use;
      closer.n -= use;
      opener.open = `<${tag}>` + opener.open;
      closer.close += `</${tag}>`;
      opener.next = closer; // delimiters in between can no longer match
      closer.prev = opener;
      if (opener.n === 0) remove(opener);
      if (closer.n === 0) {
        const next: Delim | null = closer.next;
        remove(closer);
        closer = next;
      }
    } else {
      openersBottom[key] = closer.prev;
      const next: Delim | null = closer.next;
      if (!closer.canOpen) remove(closer);
      closer = next;
    }
  }
}

/** Renders the inline content of one paragraph (lines joined by `\n`). */
function renderInline(src: string): string {
  const len = src.length;
  const nodes: InlineNode[] = [];
  const brackets: Bracket[] = [];
  /** Brackets below this index were opened before a link was completed: links do not nest. */
  let activeFrom = 0;
  let tail: Delim | null = null;
  let start = 0; // start of the pending plain-text run
  let i = 0;
  let backtickRuns: Map<number, number[]> | null = null;
  const backtickCursor = new Map<number, number>();

  const flush = (end: number): void => {
    if (end > start) nodes.push(escapeHtml(src.slice(start, end)));
  };

  /** Position of the next backtick run of exactly `length` at or after `from`, or -1. */
  const findBacktickRun = (length: number, from: number): number => {
    if (!backtickRuns) {
      // Index every run once, so unmatched openers never rescan the text.
      backtickRuns = new Map();
      for (const m of src.matchAll(/`+/g)) {
        const list = backtickRuns.get(m[0].length);
        if (list) list.push(m.index);
        else backtickRuns.set(m[0].length, [m.index]);
      }
    }
    const list = backtickRuns.get(length);
    if (!list) return -1;
    let k = backtickCursor.get(length) ?? 0;
    while (k < list.length && list[k]! < from) k++;
    backtickCursor.set(length, k);
    return k < list.length ? list[k]! : -1;
  };

  while (i < len) {
    const ch = src[i]!;

    if (ch === '\\') {
      const next = src[i + 1];
      if (next === '\n') {
        flush(i);
        nodes.push('<br>');
        i += 2;
        start = i;
        continue;
      }
      if (next !== undefined && ASCII_PUNCT.test(next)) {
        flush(i);
        start = i + 1; // the escaped character starts the next text run
        i += 2;
        continue;
      }
      i++;
      continue;
    }

    if (ch === '\n') {
      flush(i);
      nodes.push('<br>');
      start = ++i;
      continue;
    }

    if (ch === '`') {
      let end = i;
      while (src[end] === '`') end++;
      const closeAt = findBacktickRun(end - i, end);
      if (closeAt < 0) {
        i = end; // the whole run is literal text
        continue;
      }
      let code = src.slice(end, closeAt).replace(/\n/g, ' ');
      if (code.length > 2 && code[0] === ' ' && code[code.length - 1] === ' ' && code.trim() !== '') code = code.slice(1, -1);
      flush(i);
      nodes.push(`<code>${escapeHtml(code)}</code>`);
      i = closeAt + (end - i);
      start = i;
      continue;
    }

    if (ch === '*' || ch === '_' || ch === '~') {
      let end = i;
      while (src[end] === ch) end++;
      const count = end - i;
      const before = i > 0 ? src[i - 1]! : ' ';
      const after = end < len ? src[end]! : ' ';
      const left = !isWhitespace(after) && (!isPunctuation(after) || isWhitespace(before) || isPunctuation(before));
      const right = !isWhitespace(before) && (!isPunctuation(before) || isWhitespace(after) || isPunctuation(after));
      const canOpen = ch === '_' ? left && (!right || isPunctuation(before)) : left;
      const canClose = ch === '_' ? right && (!left || isPunctuation(after)) : right;
      if ((ch === '~' && count !== 2) || (!canOpen && !canClose)) {
        i = end; // plain text
        continue;
      }
      flush(i);
      const d: Delim = { t: 'delim', ch, n: count, orig: count, canOpen, canClose, open: '', close: '', prev: tail, next: null };
      if (tail) tail.next = d;
      tail = d;
      nodes.push(d);
      start = i = end;
      continue;
    }

    if (ch === '[' || (ch === '!' && src[i + 1] === '[')) {
      flush(i);
      const image = ch === '!';
      const b: Bracket = { t: 'bracket', html: image ? '![' : '[', image, pos: i, index: nodes.length, bottom: tail };
      brackets.push(b);
      nodes.push(b);
      start = i += image ? 2 : 1;
      continue;
    }

    if (ch === ']') {
      flush(i);
      const b = brackets.pop();
      const active = brackets.length >= activeFrom;
      activeFrom = Math.min(activeFrom, brackets.length);
      const linkTail = b && active && src[i + 1] === '(' ? parseLinkTail(src, i + 2) : null;
      if (!b || !linkTail) {
        nodes.push(']');
        start = ++i;
        continue;
      }
      // Emphasis inside the link text is resolved on its own, then those delimiters are done.
      processEmphasis(tail, b.bottom);
      tail = b.bottom;
      if (tail) tail.next = null;
      const href = safeUrl(linkTail.dest);
      if (href) {
        const title = linkTail.title === null ? '' : ` title="${escapeHtml(linkTail.title)}"`;
        b.html = `<a${b.image ? ' class="md-image"' : ''} href="${escapeHtml(href)}"${title}>`;
        for (let k = b.index + 1; k < nodes.length; k++) {
          const node = nodes[k]!;
          if (typeof node === 'object' && node.t === 'auto') node.plain = true;
        }
        // An image without alt text shows its URL, so the link is never empty.
        if (b.image && src.slice(b.pos + 2, i).trim() === '') nodes.push(escapeHtml(href));
        nodes.push('</a>');
      } else {
        b.html = ''; // refused URL: the link text only
      }
      activeFrom = brackets.length;
      start = i = linkTail.end;
      continue;
    }

    if (ch === '<') {
      const limit = Math.min(len, i + MAX_SCAN);
      let end = i + 1;
      while (end < limit && src[end]! > ' ' && src[end] !== '>' && src[end] !== '<') end++;
      if (src[end] === '>') {
        const inner = src.slice(i + 1, end);
        const href = /^(?:https?|mailto):/i.test(inner) ? safeUrl(inner) : EMAIL.test(inner) ? `mailto:${inner}` : null;
        if (href) {
          flush(i);
          nodes.push({ t: 'auto', href, text: inner, plain: false });
          start = i = end + 1;
          continue;
        }
      }
      i++;
      continue;
    }

    if ((ch === 'h' || ch === 'H' || ch === 'w' || ch === 'W') && (i === 0 || URL_BOUNDARY.test(src[i - 1]!))) {
      URL_START.lastIndex = i;
      const m = URL_START.exec(src);
      // The host must start right after the prefix, with a letter or digit.
      const hostStart = m ? i + m[0].length : -1;
      if (m && hostStart < len && /[\p{L}\p{N}]/u.test(src[hostStart]!)) {
        let end = hostStart;
        while (end < len && !URL_STOP.test(src[end]!)) end++;
        let url = src.slice(i, end);
        let unbalanced = 0;
        for (const c of url) unbalanced += c === ')' ? 1 : c === '(' ? -1 : 0;
        for (;;) {
          const last = url[url.length - 1]!;
          if (URL_TRAILING.test(last)) url = url.slice(0, -1);
          else if (last === ')' && unbalanced > 0) {
            url = url.slice(0, -1);
            unbalanced--;
          } else break;
        }
        const href = safeUrl(m[0][0] === 'w' || m[0][0] === 'W' ? `https://${url}` : url);
        if (href) {
          flush(i);
          nodes.push({ t: 'auto', href, text: url, plain: false });
          start = i += url.length;
          continue;
        }
      }
      i++;
      continue;
    }

    i++;
  }
  flush(len);
  processEmphasis(tail, null);

  let out = '';
  for (const node of nodes) {
    if (typeof node === 'string') out += node;
    else if (node.t === 'delim') out += node.close + node.ch.repeat(node.n) + node.open;
    else if (node.t === 'bracket') out += node.html;
    else out += node.plain ? escapeHtml(node.text) : `<a href="${escapeHtml(node.href)}">${escapeHtml(node.text)}</a>`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

/**
 * Renders a comment's Markdown source to an HTML string.
 *
 * Supported: paragraphs (a single newline is a line break), `*em*` `_em_`, `**strong**`
 * `__strong__`, `~~del~~`, `` `code` ``, fenced code blocks (```` ``` ```` or `~~~`, with an
 * optional language giving `class="language-…"`), blockquotes (nested up to 8 levels), bullet
 * (`-` `*` `+`) and ordered (`1.` `1)`, with `start`) lists, nested by indentation,
 * `[text](url "title")`, `<https://…>` / `<me@example.com>` autolinks, bare `https://…`,
 * `http://…` and `www.…` URLs, images as links (`class="md-image"`), and backslash escapes.
 *
 * All source text is HTML-escaped; only http(s) and mailto links are emitted. Feed the result
 * to `sanitizeHtml` (or use `renderBody`) before it reaches the DOM.
 *
 * @param source Markdown source; `\r\n` and `\r` line endings are accepted.
 * @returns An HTML fragment, `''` for empty or blank input.
 */
export function renderMarkdown(source: string): string {
  if (typeof source !== 'string' || source === '') return '';
  const text = source.replace(/\r\n?/g, '\n').replace(/\0/g, '\ufffd');
  return renderBlocks(text.split('\n'), 0, false);
}
