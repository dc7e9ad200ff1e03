/**
 * A Vite plugin that minifies the static text of Lit's tagged template literals in our own
 * source files before they are bundled: `css` templates lose comments and insignificant
 * whitespace, `html` and `svg` templates lose indentation. Everything else in the file is left
 * byte for byte as it was, and the plugin returns a source map for its edits.
 *
 * How it works
 * - A small JavaScript scanner walks the module. It knows strings, comments, regular expression
 *   literals and template literals, and follows `${ … }` interpolations (with their own braces,
 *   strings, comments and nested templates) back out to the template they belong to. A template
 *   is minified when its tag is the bare identifier `html`, `svg` or `css` (not `x.html`).
 *   Templates nested in interpolations are found and minified too. Like every scanner without a
 *   full parser, it tells a regular expression from a division by the token before the `/`:
 *   after an identifier, literal, `)`, `]` or `}` it is a division (so `if (x) /re/.test(s)` or a
 *   statement that starts with a regular expression after a block would be misread).
 * - Only the static parts (quasis) are edited, on their raw source text; interpolations are
 *   never touched. A template whose raw text holds an escape sequence other than `\\` (such as
 *   `\n`, `\"` or `\``, where raw and cooked text differ) is left as it is.
 * - If the scanner cannot make sense of a module (an unterminated string, template or
 *   interpolation, which would mean it misread something), the module is returned unchanged
 *   with a warning.
 *
 * Rules for `html` / `svg`
 * - Text between tags: a run of whitespace becomes one space. The run is removed entirely only
 *   when it contains a line break, lies between two tags (or between a tag and the start or end
 *   of the template), and one of those two tags is an element that is not laid out inline
 *   (`div`, `p`, `li`, `header`, SVG shapes …): whitespace next to a block box is not rendered.
 *   A run that is the only content of an element is kept (as one space) so `:empty` keeps
 *   its meaning. Whitespace next to an interpolation is never removed, only collapsed, so
 *   `${a} ${b}` keeps its space.
 * - Inside a tag, whitespace between attributes becomes one space. Quoted attribute values,
 *   comments and the content of `pre`, `textarea`, `script`, `style` and `title` are not touched.
 * - Assumption: text is laid out with `white-space: normal` or `nowrap`, where any run of
 *   whitespace renders like a single space. Do not use this on templates whose text relies on
 *   `white-space: pre*` from a style sheet.
 *
 * Rules for `css`
 * - Comments are removed (a comment that spans an interpolation is kept).
 * - Whitespace runs become one space, and are removed after `{ } ; , : > ~ (` and before
 *   `{ } ; , > ~ )`. Spaces before `:` (`a :hover`), around `+` and `-` (`calc(1px + 2px)`) and
 *   between other tokens (descendant combinators, value lists) stay as one space.
 * - A `;` right before `}` is removed.
 * - Strings and `url(…)` are copied as they are; whitespace next to an interpolation is kept as
 *   one space; whitespace at the very start and end of the template is removed.
 */
import type { Plugin } from 'vite';

/** Options for {@link minifyLitTemplates}. */
export interface MinifyLitTemplatesOptions {
  /** Module ids to process. Default: TypeScript files under a `src/` folder. */
  include?: RegExp;
  /** Module ids to skip even when they match `include`. Default: anything in node_modules. */
  exclude?: RegExp;
}

/** A replacement of `code.slice(start, end)` by `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** A tagged template the scanner found: its tag and the source ranges of its static parts. */
export interface TaggedTemplate {
  tag: 'html' | 'svg' | 'css';
  /** Ranges of the quasis, between the backticks and `${`/`}`, in source order. */
  quasis: Array<{ start: number; end: number }>;
}

/** A version 3 source map, as Vite's `transform` hook accepts it. */
interface SourceMapV3 {
  version: 3;
  file: string;
  sources: string[];
  sourcesContent: string[];
  names: string[];
  mappings: string;
}

/**
 * The plugin. Add it to `plugins` in vite.config.ts. It runs on `vite build` only, after Vite has
 * turned TypeScript into JavaScript (the scanner copes with TypeScript too).
 */
export function minifyLitTemplates(options: MinifyLitTemplatesOptions = {}): Plugin {
  const include = options.include ?? /\/src\/.*\.ts$/;
  const exclude = options.exclude ?? /[\\/]node_modules[\\/]/;
  return {
    name: 'minify-lit-templates',
    apply: 'build',
    transform: {
      filter: { id: { include, exclude } },
      handler(code, id) {
        const file = id.replace(/[?#].*$/, '');
        if (!include.test(file) || exclude.test(file)) return null;
        const edits = findTemplateEdits(code);
        if (edits === undefined) {
          this.warn(`could not scan ${file}; its templates are left as they are`);
          return null;
        }
        if (edits.length === 0) return null;
        return applyEdits(code, edits, file);
      },
    },
  };
}

/** Minifies the tagged templates in a module; returns the code unchanged when it cannot scan it. */
export function minifyTemplatesInSource(code: string): string {
  const edits = findTemplateEdits(code);
  return edits ? applyEdits(code, edits, 'input.js').code : code;
}

/**
 * The edits that minify every `html`, `svg` and `css` template in `code`, sorted by position, or
 * `undefined` when the scanner could not make sense of the module.
 */
export function findTemplateEdits(code: string): Edit[] | undefined {
  const templates = scanTemplates(code);
  if (!templates) return undefined;
  const edits: Edit[] = [];
  for (const template of templates) {
    if (!hasOnlyBackslashEscapes(code, template.quasis)) continue;
    if (template.tag === 'css') minifyCss(code, template.quasis, edits);
    else minifyMarkup(code, template.quasis, edits);
  }
  return edits.sort((a, b) => a.start - b.start);
}

/**
 * Whether the only escape sequence in the template's raw text is `\\` (a backslash). The
 * minifiers read raw text; other escapes (`\n`, `\"`, `\u0020`, `\``, a line continuation)
 * would make raw and cooked text differ, so such templates are left alone.
 */
function hasOnlyBackslashEscapes(code: string, quasis: TaggedTemplate['quasis']): boolean {
  for (const { start, end } of quasis) {
    for (let i = code.indexOf('\\', start); i !== -1 && i < end; i = code.indexOf('\\', i + 2)) {
      if (code[i + 1] !== '\\') return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Scanner: finds the tagged templates in JavaScript / TypeScript source.

const TAGS: ReadonlySet<string> = new Set(['html', 'svg', 'css']);

/** Keywords after which a `/` starts a regular expression rather than a division. */
const KEYWORDS_BEFORE_EXPRESSION: ReadonlySet<string> = new Set([
  'await', 'case', 'delete', 'do', 'else', 'in', 'instanceof', 'new', 'of', 'return', 'throw',
  'typeof', 'void', 'yield',
]);

/**
 * What the previous significant token was, which decides whether `/` starts a regular
 * expression: `value` (identifier, literal, `)`, `]`, `}`, postfix `!`) or `operator` (anything
 * else, including the start of the input and keywords that expect an expression).
 */
type Previous = 'value' | 'operator';

class ScanError extends Error {}

/**
 * Finds the `html`, `svg` and `css` tagged templates in JavaScript or TypeScript source, nested
 * ones included, or returns `undefined` if the source cannot be scanned.
 */
export function scanTemplates(code: string): TaggedTemplate[] | undefined {
  const found: TaggedTemplate[] = [];
  let i = 0;
  let previous: Previous = 'operator';
  /** The identifier just before the current position, if that was the previous token. */
  let lastIdentifier = '';
  /** Whether that identifier was a property access (`x.html`), which is not a tag we handle. */
  let lastIdentifierIsMember = false;
  let lastPunctuator = '';

  const isIdentifierChar = (c: string) => /[\w$]/.test(c) || c.charCodeAt(0) > 0x7f;

  const skipString = (quote: string) => {
    i++;
    while (i < code.length) {
      const c = code[i];
      if (c === '\\') i += 2;
      else if (c === quote) return void i++;
      else if (c === '\n') throw new ScanError('newline in string');
      else i++;
    }
    throw new ScanError('unterminated string');
  };

  const skipRegExp = () => {
    i++;
    let inClass = false;
    while (i < code.length) {
      const c = code[i];
      if (c === '\\') i += 2;
      else if (c === '\n') throw new ScanError('newline in regular expression');
      else if (c === '[') (inClass = true), i++;
      else if (c === ']') (inClass = false), i++;
      else if (c === '/' && !inClass) {
        i++;
        while (i < code.length && isIdentifierChar(code[i])) i++;
        return;
      } else i++;
    }
    throw new ScanError('unterminated regular expression');
  };

  /** Scans a template literal starting at the backtick; records it if `tag` is one of ours. */
  const scanTemplate = (tag: string | undefined) => {
    const quasis: TaggedTemplate['quasis'] = [];
    i++;
    let start = i;
    while (i < code.length) {
      const c = code[i];
      if (c === '\\') i += 2;
      else if (c === '`') {
        quasis.push({ start, end: i });
        i++;
        if (tag) found.push({ tag: tag as TaggedTemplate['tag'], quasis });
        return;
      } else if (c === '$' && code[i + 1] === '{') {
        quasis.push({ start, end: i });
        i += 2;
        scanCode(true);
        start = i;
      } else i++;
    }
    throw new ScanError('unterminated template literal');
  };

  /** Scans code up to the end of input, or (inside an interpolation) past its closing brace. */
  const scanCode = (insideInterpolation: boolean) => {
    let depth = 0;
    previous = 'operator';
    lastIdentifier = '';
    while (i < code.length) {
      const c = code[i];
      const next = code[i + 1];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
        i++;
        continue;
      }
      if (c === '/' && next === '/') {
        const end = code.indexOf('\n', i);
        i = end === -1 ? code.length : end;
        continue;
      }
      if (c === '/' && next === '*') {
        const end = code.indexOf('*/', i + 2);
        if (end === -1) throw new ScanError('unterminated comment');
        i = end + 2;
        continue;
      }
      const identifier = lastIdentifier;
      const isMember = lastIdentifierIsMember;
      lastIdentifier = '';
      if (c === '"' || c === "'") {
        skipString(c);
        previous = 'value';
      } else if (c === '`') {
        const tag = identifier && !isMember && TAGS.has(identifier) ? identifier : undefined;
        scanTemplate(tag);
        previous = 'value';
      } else if (c === '/') {
        if (previous === 'operator') {
          skipRegExp();
          previous = 'value';
        } else {
          i++;
          previous = 'operator';
        }
      } else if (isIdentifierChar(c)) {
        const start = i;
        while (i < code.length && isIdentifierChar(code[i])) i++;
        const word = code.slice(start, i);
        if (/^\d/.test(word)) {
          // A number; `1.5e+3` continues with `.`/`+` that the loop reads as punctuation, harmlessly.
          previous = 'value';
        } else {
          const isMember = lastPunctuator === '.' || lastPunctuator === '?.';
          previous = KEYWORDS_BEFORE_EXPRESSION.has(word) && !isMember ? 'operator' : 'value';
          lastIdentifier = word;
          lastIdentifierIsMember = isMember;
        }
        lastPunctuator = '';
        continue;
      } else if (c === '{') {
        depth++;
        i++;
        previous = 'operator';
      } else if (c === '}') {
        i++;
        if (depth === 0) {
          if (insideInterpolation) return;
          throw new ScanError('unbalanced }');
        }
        depth--;
        previous = 'value';
      } else if (c === ')' || c === ']') {
        i++;
        previous = 'value';
      } else if (c === '!' && previous === 'value' && next !== '=' && !isSpace(code[i - 1])) {
        // TypeScript's non-null assertion `x!`; a `/` after it is a division.
        i++;
      } else if ((c === '+' || c === '-') && next === c && previous === 'value') {
        // Postfix `x++` / `x--`: still a value.
        i += 2;
      } else {
        i++;
        previous = 'operator';
      }
      lastPunctuator = c === '.' ? (code[i - 2] === '?' ? '?.' : '.') : c;
    }
    if (insideInterpolation) throw new ScanError('unterminated interpolation');
  };

  try {
    scanCode(false);
  } catch (error) {
    if (error instanceof ScanError) return undefined;
    throw error;
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// html and svg templates.

const isSpace = (c: string | undefined) =>
  c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f';

/**
 * Elements that are not laid out inline by default (or not rendered at all), so whitespace next
 * to their tags is not rendered. SVG elements other than text content are included: whitespace
 * between them never renders. `svg` itself, `select`, `button`, `img`, `label`, custom elements
 * and the like are inline (or unknown) and are not in this list.
 */
const NOT_INLINE: ReadonlySet<string> = new Set([
  // HTML
  'address', 'article', 'aside', 'blockquote', 'body', 'br', 'caption', 'col', 'colgroup', 'dd',
  'details', 'dialog', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head', 'header', 'hgroup', 'hr', 'html', 'legend', 'li',
  'link', 'main', 'menu', 'meta', 'nav', 'ol', 'optgroup', 'option', 'p', 'pre', 'search', 'section',
  'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
  // SVG (not text content)
  'circle', 'clippath', 'defs', 'desc', 'ellipse', 'g', 'line', 'lineargradient', 'marker', 'mask',
  'metadata', 'path', 'pattern', 'polygon', 'polyline', 'radialgradient', 'rect', 'stop', 'symbol',
  'use',
]);

/** Elements whose content is copied as it is (raw text, or whitespace that is rendered). */
const VERBATIM: ReadonlySet<string> = new Set(['pre', 'textarea', 'script', 'style', 'title', 'xmp', 'listing', 'plaintext']);

/** A tag read at a `<`: its lower-cased name and whether it is an end tag. */
interface TagInfo {
  name: string;
  end: boolean;
}

/** Reads the tag starting at `code[at] === '<'`, or `undefined` if that `<` is just text. */
function readTag(code: string, at: number, limit: number): TagInfo | undefined {
  const match = /^<(\/?)([A-Za-z][^\s/>]*)/.exec(code.slice(at, Math.min(limit, at + 64)));
  return match ? { name: match[2].toLowerCase(), end: match[1] === '/' } : undefined;
}

function minifyMarkup(code: string, quasis: TaggedTemplate['quasis'], edits: Edit[]): void {
  type State = 'text' | 'tag' | 'double' | 'single' | 'comment' | 'verbatim';
  let state: State = 'text';
  /** The tag whose `<` opened the current `tag` state. */
  let currentTag: TagInfo | undefined;
  /** The tag that ended just before the current text position, if text has not started since. */
  let tagBefore: TagInfo | undefined;
  /** In `verbatim`: the element whose end tag ends it. */
  let verbatimName = '';

  quasis.forEach(({ start, end }, index) => {
    const isFirst = index === 0;
    const isLast = index === quasis.length - 1;
    let i = start;
    // After an interpolation, text does not directly follow a tag.
    if (!isFirst && state === 'text') tagBefore = undefined;
    while (i < end) {
      const c = code[i];
      if (c === '\\') {
        // `\\`, a backslash: copy it and let it count as text.
        i += 2;
        if (state === 'text') tagBefore = undefined;
        continue;
      }
      switch (state) {
        case 'text': {
          if (isSpace(c)) {
            let runEnd = i;
            while (runEnd < end && isSpace(code[runEnd])) runEnd++;
            const run = code.slice(i, runEnd);
            const atStart = i === start;
            const atEnd = runEnd === end;
            const tagAfter = !atEnd && code[runEnd] === '<' ? readTag(code, runEnd, end) : undefined;
            // Left and right neighbours: a tag, the template's own start/end, or something else.
            const leftIsTag = !atStart && tagBefore !== undefined;
            const leftIsBoundary = atStart && isFirst;
            const rightIsTag = tagAfter !== undefined;
            const rightIsBoundary = atEnd && isLast;
            const removable =
              run.includes('\n') &&
              (leftIsTag || leftIsBoundary) &&
              (rightIsTag || rightIsBoundary) &&
              (isNotInline(leftIsTag ? tagBefore : undefined) || isNotInline(tagAfter)) &&
              // Keep `<p>\n</p>` non-empty.
              !(leftIsTag && rightIsTag && !tagBefore!.end && tagAfter!.end);
            const replacement = removable ? '' : ' ';
            if (run !== replacement) edits.push({ start: i, end: runEnd, text: replacement });
            i = runEnd;
            continue;
          }
          if (c === '<') {
            if (code.startsWith('<!--', i)) {
              state = 'comment';
              i += 4;
              continue;
            }
            const tag = readTag(code, i, end);
            if (tag) {
              state = 'tag';
              currentTag = tag;
              i += 1 + (tag.end ? 1 : 0) + tag.name.length;
              continue;
            }
          }
          tagBefore = undefined;
          i++;
          continue;
        }
        case 'tag': {
          if (isSpace(c)) {
            let runEnd = i;
            while (runEnd < end && isSpace(code[runEnd])) runEnd++;
            if (runEnd - i > 1 || c !== ' ') edits.push({ start: i, end: runEnd, text: ' ' });
            i = runEnd;
            continue;
          }
          if (c === '"') state = 'double';
          else if (c === "'") state = 'single';
          else if (c === '>') {
            tagBefore = currentTag;
            if (currentTag && !currentTag.end && VERBATIM.has(currentTag.name)) {
              state = 'verbatim';
              verbatimName = currentTag.name;
            } else state = 'text';
          }
          i++;
          continue;
        }
        case 'double':
        case 'single': {
          if (c === (state === 'double' ? '"' : "'")) state = 'tag';
          i++;
          continue;
        }
        case 'comment': {
          if (code.startsWith('-->', i)) {
            state = 'text';
            tagBefore = undefined;
            i += 3;
          } else i++;
          continue;
        }
        case 'verbatim': {
          const tag = c === '<' ? readTag(code, i, end) : undefined;
          if (tag && tag.end && tag.name === verbatimName) {
            state = 'tag';
            currentTag = tag;
            i += 2 + tag.name.length;
          } else i++;
          continue;
        }
      }
    }
  });
}

function isNotInline(tag: TagInfo | undefined): boolean {
  return tag !== undefined && NOT_INLINE.has(tag.name);
}

// ---------------------------------------------------------------------------------------------
// css templates.

/** No space is needed after these characters… */
const CSS_NO_SPACE_AFTER = new Set(['{', '}', ';', ',', ':', '>', '~', '(']);
/** …nor before these. */
const CSS_NO_SPACE_BEFORE = new Set(['{', '}', ';', ',', '>', '~', ')']);

function minifyCss(code: string, quasis: TaggedTemplate['quasis'], edits: Edit[]): void {
  /** A string, url() or comment that continues into the next quasi (across an interpolation). */
  let open: { kind: 'string'; quote: string } | { kind: 'url' } | { kind: 'comment' } | undefined;

  quasis.forEach(({ start, end }, index) => {
    const isFirst = index === 0;
    const isLast = index === quasis.length - 1;
    let i = start;
    /** The last character kept in this quasi outside whitespace and comments. */
    let last = '';
    /** Position of a `;` that is removed if the next token is `}`. */
    let semicolon = -1;

    /**
     * Moves `i` past a CSS escape. The raw text spells CSS's backslash `\\` (a JavaScript escape),
     * and the CSS escape includes the character after it, which may be another `\\`.
     */
    const skipEscape = () => {
      i += 2;
      i += code[i] === '\\' ? 2 : 1;
      if (i > end) i = end;
    };

    /** Moves `i` past the end of a string, url() or comment; returns false if it runs past `end`. */
    const finishOpen = (): boolean => {
      let quote = '';
      while (i < end && open) {
        const c = code[i];
        if (c === '\\' && open.kind !== 'comment') skipEscape();
        else if (open.kind === 'comment') {
          if (code.startsWith('*/', i)) (open = undefined), (i += 2);
          else i++;
        } else if (open.kind === 'string') {
          if (c === open.quote) open = undefined;
          i++;
        } else {
          // url(…), possibly with a quoted string inside.
          if (quote) {
            if (c === quote) quote = '';
          } else if (c === '"' || c === "'") quote = c;
          else if (c === ')') open = undefined;
          i++;
        }
      }
      return open === undefined;
    };

    if (open && !finishOpen()) return;
    if (i > start) last = code[i - 1];

    while (i < end) {
      const c = code[i];
      // A gap: whitespace and complete comments.
      if (isSpace(c) || code.startsWith('/*', i)) {
        const gapStart = i;
        let hasSpace = false;
        let unclosedComment = false;
        while (i < end) {
          if (isSpace(code[i])) (hasSpace = true), i++;
          else if (code.startsWith('/*', i)) {
            const close = code.indexOf('*/', i + 2);
            if (close === -1 || close + 2 > end) {
              unclosedComment = true;
              break;
            }
            i = close + 2;
          } else break;
        }
        const next = i < end ? code[i] : '';
        const afterInterpolation = gapStart === start && !isFirst;
        const beforeInterpolation = i === end && !isLast;
        let replacement: string | undefined;
        if (!hasSpace) {
          // Only comments: CSS reads them as nothing, not as whitespace. Removing them is fine
          // unless that would join two tokens (`a/**/b`) or meets an interpolation.
          const joins = /[\w\\%.-]/.test(last) && /[\w\\%.-]/.test(next);
          replacement = gapStart === i || joins || afterInterpolation || beforeInterpolation || unclosedComment ? undefined : '';
        } else if (afterInterpolation || beforeInterpolation || unclosedComment) replacement = ' ';
        else if (gapStart === start || i === end) replacement = '';
        else if (CSS_NO_SPACE_AFTER.has(last) || CSS_NO_SPACE_BEFORE.has(next)) replacement = '';
        else replacement = ' ';
        if (replacement !== undefined && code.slice(gapStart, i) !== replacement) {
          edits.push({ start: gapStart, end: i, text: replacement });
        }
        if (unclosedComment) {
          // The comment spans an interpolation: keep it as it is.
          open = { kind: 'comment' };
          i += 2;
          finishOpen();
          return;
        }
        continue;
      }
      semicolon = c === '}' ? removeSemicolon(semicolon) : -1;
      if (c === '\\') {
        skipEscape();
        last = code[i - 1];
        continue;
      }
      if (c === '"' || c === "'") {
        open = { kind: 'string', quote: c };
        i++;
        if (!finishOpen()) return;
        last = c;
        continue;
      }
      if (/^url\(/i.test(code.slice(i, i + 4)) && !/[\w-]/.test(code[i - 1] ?? '')) {
        open = { kind: 'url' };
        i += 4;
        if (!finishOpen()) return;
        last = ')';
        continue;
      }
      if (c === ';') semicolon = i;
      last = c;
      i++;
    }

    /** Removes the `;` at `position` (the `}` that makes it redundant is next); returns -1. */
    function removeSemicolon(position: number): number {
      if (position !== -1) edits.push({ start: position, end: position + 1, text: '' });
      return -1;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Applying edits, with a source map.

/**
 * Applies sorted, non-overlapping edits and returns the new code with a source map that maps
 * each token of the result back to where it came from.
 */
export function applyEdits(code: string, edits: readonly Edit[], file: string): { code: string; map: SourceMapV3 } {
  const out: string[] = [];
  const lines: number[][][] = [[]];
  let generatedColumn = 0;
  let originalLine = 0;
  let originalColumn = 0;
  let pos = 0;

  const segment = () => lines[lines.length - 1].push([generatedColumn, 0, originalLine, originalColumn]);
  /** Emits original text from `pos` to `to` unchanged, with a mapping at each token. */
  const copy = (to: number) => {
    for (let k = pos; k < to; k++) {
      const c = code[k];
      const before = k === 0 ? '\n' : code[k - 1];
      if (!isSpace(c) && (k === pos || isSpace(before) || !/[\w$]/.test(c) || !/[\w$]/.test(before))) segment();
      advance(c, c);
    }
    out.push(code.slice(pos, to));
    pos = to;
  };
  /** Moves the generated and original positions over one character of each. */
  const advance = (generated: string | undefined, original: string | undefined) => {
    if (generated === '\n') {
      lines.push([]);
      generatedColumn = 0;
    } else if (generated !== undefined) generatedColumn++;
    if (original === '\n') {
      originalLine++;
      originalColumn = 0;
    } else if (original !== undefined) originalColumn++;
  };

  for (const edit of edits) {
    if (edit.start < pos) throw new Error('minify-templates: overlapping edits');
    copy(edit.start);
    if (edit.text) segment();
    for (const c of edit.text) advance(c, undefined);
    for (let k = edit.start; k < edit.end; k++) advance(undefined, code[k]);
    out.push(edit.text);
    pos = edit.end;
  }
  copy(code.length);

  return {
    code: out.join(''),
    map: {
      version: 3,
      file,
      sources: [file],
      sourcesContent: [code],
      names: [],
      mappings: encodeMappings(lines),
    },
  };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function encodeVlq(value: number): string {
  let vlq = value < 0 ? (-value << 1) | 1 : value << 1;
  let result = '';
  do {
    let digit = vlq & 31;
    vlq >>>= 5;
    if (vlq > 0) digit |= 32;
    result += BASE64[digit];
  } while (vlq > 0);
  return result;
}

/** Encodes segments `[generatedColumn, source, originalLine, originalColumn]` per line. */
function encodeMappings(lines: number[][][]): string {
  const previous = [0, 0, 0, 0];
  return lines
    .map((segments) => {
      previous[0] = 0;
      return segments
        .map((segment) => {
          const encoded = segment.map((value, k) => encodeVlq(value - previous[k])).join('');
          segment.forEach((value, k) => (previous[k] = value));
          return encoded;
        })
        .join(',');
    })
    .join(';');
}
