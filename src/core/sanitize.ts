/**
 * HTML sanitizing for comment bodies.
 *
 * This is the **only** module that imports DOMPurify, and its output is the only markup that
 * reaches the DOM: {@link sanitizeToFragment} (or {@link renderBodyFragment}) gives the parsed,
 * cleaned nodes the thread inserts, so a body is parsed once; {@link sanitizeHtml} gives the
 * same as a string. Everything else (names, URLs, ids, dates) renders as Lit text or as
 * validated attributes.
 *
 * The output of `core/markdown.ts` is already safe by construction; this is the second,
 * independent line of defence, with an explicit allowlist:
 *
 * - elements: `p br em strong del code pre blockquote ul ol li a`;
 * - attributes: `href` and `title` on `a`, `start` (digits) on `ol`, `class` only as
 *   `language-…` on `code` and `md-image` on `a`;
 * - URLs: absolute `http:`, `https:` and `mailto:` only;
 * - every `<a>` gets `rel="nofollow ugc noopener noreferrer"` and loses any `target`.
 *
 * A dedicated DOMPurify instance is created on first use, so importing this module has no side
 * effects and our hooks never touch a page's own global DOMPurify.
 *
 * @module
 */
import DOMPurify from 'dompurify';
import type { Config, DOMPurify as Purifier } from 'dompurify';
import { renderMarkdown } from './markdown.js';

/** The `rel` every link gets: user content, no referrer, no opener, no ranking credit. */
export const LINK_REL = 'nofollow ugc noopener noreferrer';

const CONFIG: Config = {
  ALLOWED_TAGS: ['p', 'br', 'em', 'strong', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a'],
  ALLOWED_ATTR: ['href', 'title', 'start', 'class'],
  // DOMPurify tests every attribute that is not "URI safe" against the URI pattern; `start`
  // is a number, so it is declared safe here and validated by our hook instead.
  ADD_URI_SAFE_ATTR: ['start'],
  ALLOWED_URI_REGEXP: /^(?:https?:\/\/|mailto:)/i,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  ALLOW_SELF_CLOSE_IN_ATTR: false,
  RETURN_TRUSTED_TYPE: false,
  // One parse: the caller inserts these nodes instead of parsing a string again.
  RETURN_DOM_FRAGMENT: true,
};

/** Which tag may carry which attribute. */
const ATTRIBUTES_BY_TAG: Record<string, readonly string[]> = {
  a: ['href', 'title', 'class'],
  ol: ['start'],
  code: ['class'],
};
const CODE_CLASS = /^language-[a-z0-9_+-]{1,20}$/i;

let purifier: Purifier | null | undefined;

/** The dedicated instance, configured and hooked once; `null` where there is no usable DOM. */
function getPurifier(): Purifier | null {
  if (purifier !== undefined) return purifier;
  const instance = typeof window === 'undefined' ? null : DOMPurify(window);
  if (!instance?.isSupported) return (purifier = null);

  instance.setConfig(CONFIG);
  instance.addHook('uponSanitizeAttribute', (node, event) => {
    const tag = node.nodeName.toLowerCase();
    const name = event.attrName;
    if (!ATTRIBUTES_BY_TAG[tag]?.includes(name)) {
      event.keepAttr = false;
    } else if (name === 'start') {
      event.keepAttr = /^\d{1,9}$/.test(event.attrValue);
    } else if (name === 'class') {
      // Keep only the class names we emit ourselves.
      const kept = event.attrValue
        .split(/\s+/)
        .filter((c) => (tag === 'a' ? c === 'md-image' : CODE_CLASS.test(c)));
      event.attrValue = kept.join(' ');
      event.keepAttr = kept.length > 0;
    }
  });
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      node.removeAttribute('target');
      node.setAttribute('rel', LINK_REL);
    }
  });
  return (purifier = instance);
}

/**
 * Cleans an HTML fragment down to the comment allowlist (see the module description).
 *
 * Where no DOM is available (server-side rendering, a worker), this fails closed: tags are
 * stripped and the remaining text is escaped, so nothing but text can come out.
 *
 * @param html Untrusted HTML, usually the output of `renderMarkdown`.
 * @returns Safe HTML, as a string.
 */
export function sanitizeHtml(html: string): string {
  if (typeof html !== 'string' || html === '') return '';
  const instance = getPurifier();
  if (!instance) {
    return html.replace(/<[^>]*>?/g, '').replace(/[<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  }
  const holder = document.createElement('div');
  holder.append(instance.sanitize(html) as unknown as DocumentFragment);
  return holder.innerHTML;
}

/**
 * Cleans an HTML fragment down to the comment allowlist and returns the resulting nodes, owned
 * by the current document and ready to insert. Needs a DOM (the widget only runs in one).
 *
 * @param html Untrusted HTML, usually the output of `renderMarkdown`.
 */
export function sanitizeToFragment(html: string): DocumentFragment {
  const instance = getPurifier();
  if (!instance) throw new Error('sanitizeToFragment needs a browser DOM');
  if (typeof html !== 'string' || html === '') return document.createDocumentFragment();
  return instance.sanitize(html) as unknown as DocumentFragment;
}

/** A comment's Markdown source as safe nodes: `sanitizeToFragment(renderMarkdown(source))`. */
export function renderBodyFragment(source: string): DocumentFragment {
  return sanitizeToFragment(renderMarkdown(source));
}

/**
 * Renders a comment's Markdown source to safe HTML: `sanitizeHtml(renderMarkdown(source))`.
 *
 * @param source The comment body as Markdown.
 */
export function renderBody(source: string): string {
  return sanitizeHtml(renderMarkdown(source));
}
