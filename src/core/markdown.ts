/**
 * A small, safe Markdown-subset renderer for comment bodies.
 *
 * We do not use marked or markdown-it: the drop-in bundle has to stay small, and comments need
 * only a subset. This renderer follows CommonMark (0.31.2) for what it supports, and
 * `test/node/commonmark-spec.test.mjs` holds it to the spec's examples; it is deliberately
 * different where comments want it:
 *
 * - every single newline inside a paragraph is a hard line break (`<br>`), as on GitHub;
 * - headings (`#`), thematic breaks (`---`, `* * *`), tables, indented code, reference links
 *   (`[text][ref]` and `[ref]: url`) and raw HTML are not recognised: they stay ordinary text,
 *   and raw HTML is shown escaped, never interpreted;
 * - bare `https://…`, `http://…` and `www.…` URLs are links (GitHub's extended autolinks);
 * - images are never loaded (privacy): `![alt](url)` becomes `<a class="md-image" href>`;
 * - only absolute `http:`, `https:` and `mailto:` links survive; any other link renders its
 *   text only;
 * - character references (`&copy;`, see `core/entities.ts`) are decoded inside link
 *   destinations, titles and code block info strings only; elsewhere the text is shown exactly
 *   as typed;
 * - a code block gets a language class only for a plain word (letters, digits, `_`, `+`, `-`).
 *
 * Layout: every block is on a line of its own and every `<br>` is followed by a newline, as in
 * the reference renderer's output, so the text of the DOM (`textContent`, what search and
 * text extraction read) keeps words of different blocks and lines apart.
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
import { CHARACTER_REFERENCE, decodeReference } from './entities.js';

/** Deepest nesting of blockquotes and lists; deeper markers are shown as text. */
const MAX_DEPTH = 8;
/** Deepest parenthesis nesting inside a link destination (as in cmark). */
const MAX_PARENS = 32;
/**
 * Longest link destination or title we scan for (bounds re-scans). The `<autolink>` pattern
 * below has the same bound written into it: at most 2047 characters between `<` and `>`.
 */
const MAX_SCAN = 2048;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes the five HTML-significant characters, for text and attribute values alike. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

// ---------------------------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------------------------

/**
 * An opening fence: indent, a run of three or more backticks or tildes, the info string. A
 * backtick fence's info string may not contain backticks (that is inline code).
 */
const FENCE = /^( {0,3})(`{3,}(?!.*`)|~{3,})(.*)$/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const QUOTE = /^ {0,3}> ?/;
/** Indent, marker (a bullet, or a number and its delimiter), spaces after it, content. */
const LIST_ITEM = /^( {0,3})([-+*]|(\d{1,9})[.)])(?:([ \t]+)(.*))?$/;
/**
 * A thematic break made of `-` or `*` (`- - -`, `***`): not a rule here, and not a list item
 * either (it would be nested empty lists), so it stays text.
 */
const RULE = /^ {0,3}([-*])(?:[ \t]*\1){2,}[ \t]*$/;
/** A code block's language: the info string's first word, when it is a plain one. */
const LANGUAGE = /^[\w+-]{1,20}(?![^ \t])/;

/** A parsed list marker line. */
interface ListMarker {
  /** The bullet (`-`, `+`, `*`) or the number's delimiter (`.`, `)`): items of one list share it. */
  kind: string;
  /** Start number of an ordered list, `-1` for a bullet list. */
  start: number;
  /** Column where the item's content begins; continuation lines are indented this far. */
  indent: number;
  /** The rest of the marker line. */
  content: string;
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/**
 * Removes `width` columns of leading whitespace (splitting a tab if needed), tabs stopping at
 * multiples of 4. Returns `null` when the line is indented less than that.
 */
function dedent(line: string, width: number): string | null {
  let col = 0;
  let i = 0;
  for (; col < width; i++) {
    if (line[i] === ' ') col++;
    else if (line[i] !== '\t') return null;
    else if ((col += 4 - (col % 4)) > width) return ' '.repeat(col - width) + line.slice(i + 1);
  }
  return line.slice(i);
}

function parseListMarker(line: string): ListMarker | null {
  const m = LIST_ITEM.exec(line);
  if (!m || RULE.test(line)) return null;
  const [, indent, marker, number, spaces = '', rest = ''] = m;
  // One to four spaces after the marker set the content column; more belong to the content.
  const wide = spaces.length > 4;
  return {
    kind: marker.slice(-1),
    start: number ? Number(number) : -1,
    indent: indent.length + marker.length + (rest === '' || wide ? 1 : spaces.length),
    content: wide ? spaces.slice(1) + rest : rest,
  };
}

/**
 * True when `line` starts a block other than a paragraph (it ends a lazy continuation). With
 * `paragraph`, only a block that may interrupt a paragraph counts: as in CommonMark, an empty
 * list item, or a list starting at another number than 1, does not ("in\n1984. we" stays text).
 */
function startsBlock(line: string, depth: number, paragraph?: boolean): boolean {
  const item = parseListMarker(line);
  return (
    FENCE.test(line) ||
    (depth < MAX_DEPTH && (QUOTE.test(line) || (!!item && (!paragraph || (!isBlank(item.content) && item.start <= 1)))))
  );
}

/** A block's HTML, or a paragraph's inline HTML in an array: its `<p>` depends on the list. */
type Block = string | [string];

/**
 * Tracks fenced code through lines: the fence open after `line` given the state before it,
 * `'\n'` when `line` closed one, `''` for none. Only a paragraph takes lazy lines, so they stop
 * at any of these but `''`.
 */
function fenceAfter(open: string, line: string): string {
  return open > '\n' ? (FENCE_CLOSE.exec(line)?.[1].startsWith(open) ? '\n' : open) : (FENCE.exec(line)?.[2] ?? '');
}

/**
 * Lays out blocks after `out`, each on a line of its own as the CommonMark reference renderer
 * does, so that the text of the DOM keeps blocks apart. `tight` drops the `<p>` around
 * paragraphs (the items of a tight list).
 */
function joinBlocks(blocks: Block[], tight: boolean, out: string): string {
  // Whether a newline must come first. (Not read from `out` as it grows: reading a character
  // of a string built by `+=` flattens it, which would make this quadratic.)
  let cr = !!out && out.at(-1) !== '\n';
  for (const b of blocks) {
    if (tight && typeof b !== 'string') out += b[0];
    else out += (cr ? '\n' : '') + (typeof b === 'string' ? b : `<p>${b[0]}</p>`) + '\n';
    cr = tight && typeof b !== 'string'; // a tight paragraph never ends with a newline
  }
  return out;
}

/**
 * Parses a sequence of lines into blocks; `loose` when a blank line separates two of them
 * (which makes the list item they are in loose).
 */
function parseBlocks(lines: string[], depth: number): { blocks: Block[]; loose: boolean } {
  const blocks: Block[] = [];
  let loose = false;
  let gap = false;
  const add = (block: Block): void => {
    loose ||= gap && blocks.length > 0;
    gap = false;
    blocks.push(block);
  };
  let i = 0;
  const n = lines.length;
  while (i < n) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    const first = depth < MAX_DEPTH ? parseListMarker(line) : null;

    if (isBlank(line)) {
      gap = true;
      i++;
    } else if (fence) {
      // Fenced code: verbatim until a closing fence of the same kind, or the end of the block.
      const [, indent, marker, info] = fence;
      const lang = LANGUAGE.exec(unescapeText(info.trim()));
      let code = '';
      while (++i < n) {
        const l = lines[i]!;
        if (fenceAfter(marker, l) === '\n') {
          i++;
          break;
        }
        code += (dedent(l, indent.length) ?? l.replace(/^[ \t]*/, '')) + '\n';
      }
      add(`<pre><code${lang ? ` class="language-${escapeHtml(lang[0])}"` : ''}>${escapeHtml(code)}</code></pre>`);
    } else if (depth < MAX_DEPTH && QUOTE.test(line)) {
      // Blockquote: `>` lines, plus lazy paragraph continuation lines without `>`.
      const inner: string[] = [];
      let open = '';
      for (; i < n; i++) {
        const l = lines[i]!;
        if (QUOTE.test(l)) inner.push(l.replace(QUOTE, ''));
        else if (!open && !isBlank(l) && !isBlank(inner.at(-1)!) && !startsBlock(l, depth)) inner.push(l);
        else break;
        open = fenceAfter(open, inner.at(-1)!);
      }
      add(joinBlocks(parseBlocks(inner, depth + 1).blocks, false, '<blockquote>\n') + '</blockquote>');
    } else if (first) {
      // List: consecutive items with the same marker kind. It is loose when a blank line
      // separates two items, or two blocks directly inside an item.
      let tight = true;
      const items: Block[][] = [];
      for (let marker: ListMarker | null = first; marker?.kind === first.kind; ) {
        const item = [marker.content];
        let open = fenceAfter('', marker.content);
        for (i++; i < n; i++) {
          const l = lines[i]!;
          const inside = dedent(l, marker.indent);
          if (isBlank(l)) item.push(''); // every later blank line of `item` is ''
          else if (item[1] === '' && isBlank(item[0]!)) break; // at most one blank line first
          else if (inside !== null) item.push(inside);
          else if (!open && !isBlank(item.at(-1)!) && !startsBlock(l, depth)) item.push(l); // lazy line
          else break;
          open = fenceAfter(open, item.at(-1)!);
        }
        let end = item.length;
        while (end > 1 && item[end - 1] === '') end--;
        marker = i < n ? parseListMarker(lines[i]!) : null;
        // Blank lines after the last item are not in the list.
        if (marker?.kind !== first.kind) i -= item.length - end;
        else if (end < item.length) tight = false;
        item.length = end;
        const parsed = parseBlocks(item, depth + 1);
        if (parsed.loose) tight = false;
        items.push(parsed.blocks);
      }
      const html = items.map((blocks) => joinBlocks(blocks, tight, '<li>') + '</li>\n').join('');
      const tag = first.start < 0 ? 'ul' : 'ol';
      const start = first.start >= 0 && first.start !== 1 ? ` start="${first.start}"` : '';
      add(`<${tag}${start}>\n${html}</${tag}>`);
    } else {
      // Paragraph: until a blank line or a block that may interrupt it.
      const para = [line.trimStart()];
      while (++i < n && !isBlank(lines[i]!) && !startsBlock(lines[i]!, depth, true)) para.push(lines[i]!.trimStart());
      add([renderInline(para.join('\n').trimEnd())]);
    }
  }
  return { blocks, loose };
}

// ---------------------------------------------------------------------------------------------
// Inlines
// ---------------------------------------------------------------------------------------------

/** A run of `*`, `_` or `~~` that may open or close emphasis. */
interface Delim {
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
  image: boolean;
  /** Where the bracket starts in the source. */
  pos: number;
  /** Its index in the node list (where the `<a>` goes). */
  index: number;
  /** The last delimiter before it: emphasis inside the link text stops there. */
  bottom: Delim | null;
}

const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
/** Unicode punctuation and symbols; includes all of {@link ASCII_PUNCT}. */
const PUNCT = /[\p{P}\p{S}]/u;
const WHITESPACE = /\s/;
/** `<autolink>`: up to 2047 characters, none of them a space, a control character, `<` or `>`. */
const AUTOLINK = /<([^\0- <>]{0,2047})>/y;
const EMAIL = /^[\w.!#$%&'*+/=?^`{|}~-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i;
/** Characters after which a bare URL may start. */
const URL_BOUNDARY = /[\s*_~(["']/;
const URL_START = /https?:\/\/|www\./iy;
/**
 * What a bare URL's host is made of: the run of characters a host could hold, Unicode and
 * percent-encoding included, up to its last one that is not a period or `_` (sentence
 * punctuation, emphasis). It must then be a {@link DOMAIN} as a whole.
 */
const HOST = /^[\p{L}\p{N}\p{M}\p{Cf}%@._-]*[\p{L}\p{N}\p{M}\p{Cf}%@-]/u;
/**
 * GFM's "valid domain": segments of ASCII letters, digits, `_` and `-` separated by periods,
 * at least one period (for `www.`, that one), no `_` in the last two segments. Stricter, so
 * that every browser reads the host exactly as written: ASCII only (no browser maps it),
 * segments of at most 63 characters, and a last segment that starts with a letter (`1.2.3.4`
 * and `a.b.0x1` are IPv4 addresses to browsers, or refused).
 */
const DOMAIN = /^(?:[\w-]{1,63}\.)*[a-z\d-]{1,63}\.[a-z][a-z\d-]{0,62}$/i;
/** A punycode segment (`xn--…`), which browsers validate differently: not linked either. */
const PUNYCODE = /(?:^|\.)xn--/i;
/** A port after the domain. */
const PORT = /^:\d+/;
/** A bare URL's path, query and fragment: up to a character that ends it. */
const URL_REST = /[^\s\0-\x1f\x7f<>"`[\]{}|\\^]*/y;
/** Characters dropped from the end of a bare URL (sentence punctuation, emphasis markers). */
const URL_TRAILING = /[?!.,:;*_~'"]/;
const ESCAPE_OR_REFERENCE = new RegExp('\\\\([!-/:-@[-`{-~])|' + CHARACTER_REFERENCE, 'g');

/** Resolves backslash escapes and character references, as in link destinations and titles. */
function unescapeText(text: string): string {
  return text.replace(ESCAPE_OR_REFERENCE, (all, escaped?: string, hex?: string, dec?: string, name?: string) =>
    escaped ?? decodeReference(all, hex, dec, name),
  );
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

function isPunctuation(ch: string): boolean {
  return PUNCT.test(ch);
}

/**
 * CommonMark's flanking rule, seen from one side of a delimiter run: true when the character
 * on that side (`inside`) is not whitespace, and is not punctuation unless the character on the
 * other side (`outside`) is whitespace or punctuation. Left-flanking: `flanks(after, before)`.
 */
function flanks(inside: string, outside: string): boolean {
  return !WHITESPACE.test(inside) && (!isPunctuation(inside) || WHITESPACE.test(outside) || isPunctuation(outside));
}

/**
 * Reads the link destination and title after `](`: the `href` ({@link safeUrl}, `null` for a
 * refused URL), the ` title="…"` attribute (or `''`) and where the link ends; `null` when the
 * syntax is not complete.
 */
function parseLinkTail(src: string, from: number): { href: string | null; title: string; end: number } | null {
  const len = src.length;
  const limit = Math.min(len, from + MAX_SCAN);
  let i = from;
  const skipSpace = (): void => {
    while (i < limit && ' \t\n'.includes(src[i]!)) i++;
  };
  /**
   * Scans from `i` to the first character of `stops`, skipping backslash escapes. When that is
   * `closer`, moves past it and returns the text before it; otherwise returns null.
   */
  const scanTo = (stops: string, closer: string): string | null => {
    const start = i;
    while (i < limit && !stops.includes(src[i]!)) i += src[i] === '\\' ? 2 : 1;
    return src[i] === closer ? src.slice(start, i++) : null;
  };
  skipSpace();
  let dest: string | null;
  if (src[i] === '<') {
    i++;
    dest = scanTo('<>\n', '>');
    if (dest === null) return null;
  } else {
    const start = i;
    let depth = 0;
    for (; i < limit; i++) {
      const ch = src[i]!;
      if (ch === '\\' && i + 1 < len && ASCII_PUNCT.test(src[i + 1]!)) i++;
      else if (ch === '(') {
        if (++depth > MAX_PARENS) return null;
      } else if (ch === ')') {
        if (depth === 0) break;
        depth--;
      } else if (ch <= ' ') break;
    }
    if (depth !== 0 || i >= limit) return null;
    dest = src.slice(start, i);
  }
  const beforeTitle = i;
  skipSpace();
  let title: string | null = null;
  const q = src[i]!;
  if (i > beforeTitle && `"'(`.includes(q)) {
    const closer = q === '(' ? ')' : q;
    i++;
    title = scanTo(closer, closer);
    if (title === null) return null;
    skipSpace();
  }
  if (src[i] !== ')') return null;
  return {
    href: safeUrl(unescapeText(dest)),
    title: title === null ? '' : ` title="${escapeHtml(unescapeText(title))}"`,
    end: i + 1,
  };
}

/**
 * Where the bare URL starting at `i` ends, `i` when there is none. GitHub's extended autolinks,
 * on a stricter rule, so that every browser parses the href alike and to the host shown:
 * `http://`, `https://` or `www.`; a host ({@link HOST}) that is a domain ({@link DOMAIN}, not
 * {@link PUNYCODE}, at most 253 characters); an optional port; then a path, query or fragment
 * (from `/`, `?` or `#`) without its trailing punctuation, unbalanced `)` or character
 * reference. Anything else after the host ends the URL there: `www.x.yword**1` links
 * `www.x.yword`.
 */
function bareUrlEnd(src: string, i: number): number {
  URL_START.lastIndex = i;
  const prefix = URL_START.exec(src)?.[0];
  if (!prefix) return i;
  const host = /^w/i.test(prefix) ? i : i + prefix.length;
  // (Scans at most 256 characters: a longer host has more than 253 of them.)
  const domain = HOST.exec(src.slice(host, host + 256))?.[0] ?? '';
  if (!DOMAIN.test(domain) || domain.length > 253 || PUNYCODE.test(domain)) return i;
  let end = host + domain.length;
  const port = PORT.exec(src.slice(end, end + 8))?.[0];
  if (port && +port.slice(1) > 65535) return i;
  end += port?.length ?? 0;
  if (!'/?#'.includes(src[end] || ' ')) return end;
  URL_REST.lastIndex = end;
  URL_REST.exec(src);
  let url = src.slice(i, URL_REST.lastIndex);
  let unbalanced = url.split(')').length - url.split('(').length;
  while (url.length > end - i) {
    const reference = url.at(-1) === ';' && /&[a-z\d]+;$/i.exec(url.slice(-34));
    if (reference) url = url.slice(0, -reference[0].length);
    else if (URL_TRAILING.test(url.at(-1)!) || (url.at(-1) === ')' && unbalanced-- > 0)) url = url.slice(0, -1);
    else break;
  }
  return i + url.length;
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
    const next: Delim | null = closer.next;
    if (!closer.canClose) {
      closer = next;
      continue;
    }
    const key = closer.ch + (closer.canOpen ? 3 : 0) + (closer.orig % 3);
    const floor = openersBottom[key] ?? bottom; // (a stored `null` also ends the walk at `bottom`)
    let opener: Delim | null = null;
    for (let d = closer.prev; d && d !== bottom && d !== floor; d = d.prev) {
      // The "rule of 3": `*foo**bar*` must not pair `*` with `**` when both can open and close
      // (never true for `~~`, always 2 long).
      const odd = (closer.canOpen || d.canClose) && (d.orig + closer.orig) % 3 === 0 && (d.orig % 3 !== 0 || closer.orig % 3 !== 0);
      if (d.ch === closer.ch && d.canOpen && !odd) {
        opener = d;
        break;
      }
    }
    if (opener) {
      const use = opener.n > 1 && closer.n > 1 ? 2 : 1;
      const tag = closer.ch === '~' ? 'del' : use > 1 ? 'strong' : 'em';
      opener.n -= use;
      closer.n -= use;
      opener.open = `<${tag}>` + opener.open;
      closer.close += `</${tag}>`;
      opener.next = closer; // delimiters in between can no longer match
      closer.prev = opener;
      if (!opener.n) remove(opener);
      if (!closer.n) {
        remove(closer);
        closer = next;
      }
    } else {
      openersBottom[key] = closer.prev;
      if (!closer.canOpen) remove(closer);
      closer = next;
    }
  }
}

/** Renders the inline content of one paragraph (lines joined by `\n`). */
function renderInline(src: string): string {
  const len = src.length;
  /** The output: HTML strings, and delimiter runs whose tags are known only at the end. */
  const nodes: Array<string | Delim> = [];
  const brackets: Bracket[] = [];
  /** Indices in `nodes` of the `<a>` and `</a>` of each link made so far. */
  const links: number[] = [];
  /**
   * `[` brackets below this index were opened before a link was completed: links do not nest
   * (`![` stays active, as in CommonMark; the link it makes takes over the inner ones).
   */
  let activeFrom = 0;
  let tail: Delim | null = null;
  let start = 0; // start of the pending plain-text run
  let i = 0;

  // Every backtick run by length, positions last first, so unmatched openers never rescan.
  const backtickRuns = new Map<number, number[]>();
  for (const m of [...src.matchAll(/`+/g)].reverse()) {
    const list = backtickRuns.get(m[0].length) ?? [];
    backtickRuns.set(m[0].length, list);
    list.push(m.index);
  }

  /** Ends the pending text run at `i`, adds `node` for the source up to `end`; returns its index. */
  const emit = (node: string | Delim, end: number): number => {
    if (i > start) nodes.push(escapeHtml(src.slice(start, i)));
    start = i = end;
    return nodes.push(node) - 1;
  };

  const autolink = (href: string, text: string, end: number): void => {
    const open = emit(`<a href="${escapeHtml(href)}">`, end);
    links.push(open, nodes.push(escapeHtml(text), '</a>') - 1);
  };

  while (i < len) {
    const ch = src[i]!;
    const next = src[i + 1];

    if (ch === '\\' && next === '\n') {
      emit('<br>\n', i + 2);
    } else if (ch === '\\' && next && ASCII_PUNCT.test(next)) {
      emit(escapeHtml(next), i + 2); // the escaped character, as text
    } else if (ch === '\n') {
      const end = i + 1;
      while (i > start && ' \t'.includes(src[i - 1]!)) i--; // spaces before a line break go
      emit('<br>\n', end);
    } else if (ch === '`') {
      let end = i;
      while (src[end] === '`') end++;
      // (No runs of this length when the run starts after an escaped backtick.)
      const closers = backtickRuns.get(end - i) ?? [];
      while (closers.at(-1)! < end) closers.pop();
      const closeAt = closers.at(-1);
      if (closeAt === undefined) {
        i = end; // the whole run is literal text
        continue;
      }
      let code = src.slice(end, closeAt).replace(/\n/g, ' ');
      if (code[0] === ' ' && code.at(-1) === ' ' && code.trim()) code = code.slice(1, -1);
      emit(`<code>${escapeHtml(code)}</code>`, closeAt + end - i);
    } else if (ch === '*' || ch === '_' || ch === '~') {
      let end = i;
      while (src[end] === ch) end++;
      const count = end - i;
      const before = src[i - 1] ?? ' ';
      const after = src[end] ?? ' ';
      const left = flanks(after, before);
      const right = flanks(before, after);
      const canOpen = left && (ch !== '_' || !right || isPunctuation(before));
      const canClose = right && (ch !== '_' || !left || isPunctuation(after));
      if ((ch === '~' && count !== 2) || (!canOpen && !canClose)) {
        i = end; // plain text
        continue;
      }
      const d: Delim = { ch, n: count, orig: count, canOpen, canClose, open: '', close: '', prev: tail, next: null };
      if (tail) tail.next = d;
      emit((tail = d), end);
    } else if (ch === '[' || (ch === '!' && next === '[')) {
      const image = ch === '!';
      const pos = i;
      brackets.push({ image, pos, bottom: tail, index: emit(image ? '![' : '[', i + (image ? 2 : 1)) });
    } else if (ch === ']') {
      const b = brackets.pop();
      const active = b?.image || brackets.length >= activeFrom;
      activeFrom = Math.min(activeFrom, brackets.length);
      const linkTail = b && active && next === '(' ? parseLinkTail(src, i + 2) : null;
      if (!b || !linkTail) {
        i++; // plain text
        continue;
      }
      // Emphasis inside the link text is resolved on its own, then those delimiters are done.
      processEmphasis(tail, b.bottom);
      tail = b.bottom;
      if (tail) tail.next = null;
      const { href } = linkTail;
      nodes[b.index] = ''; // a refused URL: the link text only
      // An image without alt text shows its URL, so the link is never empty.
      emit(href && b.image && !src.slice(b.pos + 2, i).trim() ? escapeHtml(href) : '', linkTail.end);
      if (href) {
        nodes[b.index] = `<a${b.image ? ' class="md-image"' : ''} href="${escapeHtml(href)}"${linkTail.title}>`;
        // Links never nest: links, images and autolinks inside the link text become its text.
        while (links.at(-1)! > b.index) nodes[links.pop()!] = '';
        links.push(b.index, nodes.push('</a>') - 1);
      }
      if (!b.image) activeFrom = brackets.length;
    } else if (ch === '<') {
      AUTOLINK.lastIndex = i;
      const inner = AUTOLINK.exec(src)?.[1];
      const href =
        inner === undefined ? null : /^(?:https?|mailto):/i.test(inner) ? safeUrl(inner) : EMAIL.test(inner) ? `mailto:${inner}` : null;
      if (href) autolink(href, inner!, AUTOLINK.lastIndex);
      else i++;
    } else if (/[hw]/i.test(ch) && (i === 0 || URL_BOUNDARY.test(src[i - 1]!))) {
      const url = src.slice(i, bareUrlEnd(src, i));
      const href = url && safeUrl(/^w/i.test(url) ? `https://${url}` : url);
      if (href) autolink(href, url, i + url.length);
      else i++;
    } else {
      i++;
    }
  }
  emit('', len); // the last text run
  processEmphasis(tail, null);
  return nodes.map((node) => (typeof node === 'string' ? node : node.close + node.ch.repeat(node.n) + node.open)).join('');
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
  if (typeof source !== 'string') return '';
  const lines = source.replace(/\r\n?/g, '\n').replace(/\0/g, '\ufffd').split('\n');
  if (lines.at(-1) === '') lines.pop(); // the last line's end
  return joinBlocks(parseBlocks(lines, 0).blocks, false, '');
}
