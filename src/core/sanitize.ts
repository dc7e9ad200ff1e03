/**
 * HTML sanitizing for comment bodies: the only way markup reaches the DOM.
 *
 * {@link renderBodyFragment} (or {@link sanitizeToFragment}) gives the parsed, cleaned nodes
 * the thread inserts, so a body is parsed once; {@link sanitizeHtml} gives the same as a
 * string. Everything else (names, URLs, ids, dates) renders as Lit text or as validated
 * attributes. The output of `core/markdown.ts` is already safe by construction; this is the
 * second, independent line of defence, with an explicit allowlist (`sanitize-policy.ts`):
 *
 * - elements: `p br em strong del code pre blockquote ul ol li a`;
 * - attributes: `href` and `title` on `a`, `start` (digits) on `ol`, `class` only as
 *   `language-…` on `code` and `md-image` on `a`;
 * - URLs: absolute `http:`, `https:` and `mailto:` only;
 * - every `<a>` gets `rel="nofollow ugc noopener noreferrer"` and loses any `target`.
 *
 * Two engines apply it. Where the browser has the HTML Sanitizer API (`Element.setHTML`:
 * Chrome and Edge 146+, Firefox 148+) the platform parses and sanitizes; elsewhere DOMPurify
 * does, loaded on demand by {@link prepareSanitizer}, so that most visitors never download its
 * 12 KB. Either way, {@link enforcePolicy} then checks every node again with our own rules.
 * Until an engine is ready, and where none can load, this fails closed: bodies come out as
 * plain text.
 *
 * @module
 */
import { markdownRenderer } from './markdown-loader.js';
import { ALLOWED_IN_ENGINE, SAFE_URL, enforcePolicy } from './sanitize-policy.js';
import { createPlatformEngine, hasPlatformSanitizer } from './sanitize-platform.js';

export { LINK_REL } from './sanitize-policy.js';

/** Which engine sanitizes: the browser's Sanitizer API, DOMPurify, or none (text only). */
export type SanitizerEngine = 'platform' | 'dompurify' | 'text';

type Engine = (html: string) => DocumentFragment;

let engine: Engine | null = null;
let engineName: SanitizerEngine = 'text';
let loading: Promise<SanitizerEngine> | undefined;
/** Whether loading DOMPurify has finished, loaded or not. */
let settled = false;

/** Picks the platform engine synchronously when the browser has one. */
function currentEngine(): Engine | null {
  if (!engine && !loading && hasPlatformSanitizer()) {
    engine = createPlatformEngine();
    engineName = 'platform';
  }
  return engine;
}

/**
 * Makes sure an engine is ready: at once where the browser has the Sanitizer API, else after
 * loading DOMPurify. Never rejects: if DOMPurify cannot load (say the bundle was copied
 * without its `comment-thread.dompurify-HASH.js` chunk), it logs why and bodies stay plain text.
 *
 * @param prefer `'dompurify'` to use DOMPurify even where the platform engine exists (tests
 *   run every vector through both).
 * @returns The engine in use.
 */
export function prepareSanitizer(prefer: 'auto' | 'dompurify' = 'auto'): Promise<SanitizerEngine> {
  if (prefer === 'auto' && currentEngine()) return Promise.resolve(engineName);
  if (prefer === 'dompurify' && engineName === 'dompurify') return Promise.resolve(engineName);
  if (prefer === 'dompurify' && engine) {
    engine = null;
    loading = undefined;
    settled = false;
  }
  return (loading ??= import('./sanitize-dompurify.js').then(
    ({ createDomPurifyEngine }) => {
      engine = createDomPurifyEngine(ALLOWED_IN_ENGINE, SAFE_URL);
      settled = true;
      return (engineName = 'dompurify');
    },
    (error: unknown) => {
      console.error('comment-thread: could not load the HTML sanitizer; comments are shown as plain text.', error);
      settled = true;
      return (engineName = 'text');
    },
  ));
}

/** Whether bodies can be rendered as rich text now, without waiting for {@link prepareSanitizer}. */
export function sanitizerReady(): boolean {
  return currentEngine() !== null || settled;
}

/** Text-only output: every tag removed, the rest as a text node. */
function textOnly(html: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  fragment.append(html.replace(/<[^>]*>?/g, ''));
  return fragment;
}

/** A Markdown source shown as it was typed, one paragraph per block, when no engine is ready. */
function plainParagraphs(source: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const block of source.split(/\n\s*\n/)) {
    if (!block.trim()) continue;
    const p = document.createElement('p');
    p.textContent = block.trim();
    fragment.append(p);
  }
  return fragment;
}

/**
 * Cleans an HTML fragment down to the comment allowlist and returns the resulting nodes, owned
 * by the current document and ready to insert. Needs a DOM (the widget only runs in one).
 *
 * @param html Untrusted HTML, usually the output of `renderMarkdown`.
 */
export function sanitizeToFragment(html: string): DocumentFragment {
  if (typeof document === 'undefined') throw new Error('sanitizeToFragment needs a browser DOM');
  if (typeof html !== 'string' || html === '') return document.createDocumentFragment();
  const active = currentEngine();
  return active ? enforcePolicy(active(html)) : textOnly(html);
}

/**
 * Cleans an HTML fragment down to the comment allowlist.
 *
 * Where no DOM is available (server-side rendering, a worker), this fails closed: tags are
 * stripped and the remaining text is escaped, so nothing but text can come out.
 *
 * @param html Untrusted HTML, usually the output of `renderMarkdown`.
 * @returns Safe HTML, as a string.
 */
export function sanitizeHtml(html: string): string {
  if (typeof html !== 'string' || html === '') return '';
  if (typeof document === 'undefined') {
    return html.replace(/<[^>]*>?/g, '').replace(/[<>"'&]/g, (c) => `&#${c.charCodeAt(0)};`);
  }
  const holder = document.createElement('div');
  holder.append(sanitizeToFragment(html));
  return holder.innerHTML;
}

/**
 * A body to render: its Markdown source and, when whoever stored it rendered it (the comment
 * server, the sample adapter), its HTML. A `Comment` is one.
 */
export interface BodySource {
  body: string;
  html?: string | undefined;
}

/** The tag that wraps each body of a batch. */
const WRAPPER = /<\/?div/i;

/** A body's untrusted HTML: its own `html`, else its Markdown rendered, else `null` (no renderer loaded yet). */
function markupOf(source: BodySource): string | null {
  if (typeof source.html === 'string') return source.html;
  const render = markdownRenderer();
  return render ? render(source.body) : null;
}

/**
 * A comment body as safe nodes: its `html`, or its Markdown rendered (see `markdown-loader.ts`),
 * through {@link sanitizeToFragment}. Plain paragraphs of the source while no sanitizer or no
 * renderer is ready.
 */
export function renderBodyFragment(source: BodySource): DocumentFragment {
  const markup = currentEngine() ? markupOf(source) : null;
  return markup === null ? plainParagraphs(source.body) : sanitizeToFragment(markup);
}

/**
 * Many comment bodies as safe nodes, one fragment each, in the order given: the same result as
 * {@link renderBodyFragment} for each, but parsed and sanitized in one call, which costs far
 * less than one call per comment when a long thread renders.
 *
 * Each body is wrapped in a `<div>` for the one parse. The Markdown renderer escapes every `<`
 * of the source, so its output cannot open or close a wrapper; HTML from a store that holds a
 * `div` tag, or a parse that does not give back exactly one wrapper per body, has each body
 * rendered alone instead.
 */
export function renderBodyFragments(sources: readonly BodySource[]): DocumentFragment[] {
  const active = currentEngine();
  const markups = active && sources.length > 1 ? sources.map(markupOf) : [];
  // HTML from a store that holds a wrapper's tag could move text between comments: alone.
  if (markups.length === 0 || markups.includes(null) || sources.some((s) => s.html !== undefined && WRAPPER.test(s.html))) {
    return sources.map(renderBodyFragment);
  }
  const batch = active!(markups.map((markup) => `<div>${markup}</div>`).join(''));
  const wrappers = batch.childNodes;
  const intact =
    wrappers.length === sources.length &&
    Array.prototype.every.call(wrappers, (node: Node) => node.nodeName === 'DIV' && node.parentNode === batch);
  if (!intact) return sources.map(renderBodyFragment);
  return Array.from(wrappers, (wrapper) => {
    const fragment = document.createDocumentFragment();
    fragment.append(...wrapper.childNodes);
    return enforcePolicy(fragment);
  });
}
