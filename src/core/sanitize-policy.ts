/**
 * The allowlist for comment bodies, as data, and the final pass that enforces it.
 *
 * Both sanitizer engines (`sanitize-platform.ts`, `sanitize-dompurify.ts`) are configured from
 * these lists, and whatever an engine returns then goes through {@link enforcePolicy}, which
 * checks every element and attribute again with our own rules (URL schemes, `rel`, class
 * names, numbers). An engine bug or a difference between engines cannot widen what reaches
 * the page.
 *
 * @module
 */

/** The `rel` every link gets: user content, no referrer, no opener, no ranking credit. */
export const LINK_REL = 'nofollow ugc noopener noreferrer';

/** Elements a body may contain, with the attributes each may carry. */
export const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  p: [],
  br: [],
  em: [],
  strong: [],
  del: [],
  code: ['class'],
  pre: [],
  blockquote: [],
  ul: [],
  ol: ['start'],
  li: [],
  a: ['href', 'title', 'class'],
};

/**
 * What the engines let through: the allowlist plus `div`, which wraps each body when many are
 * sanitized in one call and which {@link enforcePolicy} then removes like any other element
 * outside the allowlist.
 */
export const ALLOWED_IN_ENGINE: Readonly<Record<string, readonly string[]>> = { ...ALLOWED, div: [] };

/** Link targets a body may use: absolute http(s) and mailto. */
export const SAFE_URL = /^(?:https?:\/\/|mailto:)/i;
const CODE_CLASS = /^language-[a-z0-9_+-]{1,20}$/i;
const NUMBER = /^\d{1,9}$/;

/** The value an attribute may keep, or `null` to remove it. */
function allowedValue(tag: string, name: string, value: string): string | null {
  if (!ALLOWED[tag]?.includes(name)) return null;
  switch (name) {
    case 'href':
      return SAFE_URL.test(value) ? value : null;
    case 'start':
      return NUMBER.test(value) ? value : null;
    case 'class': {
      // Only the class names we emit ourselves.
      const kept = value.split(/\s+/).filter((c) => (tag === 'a' ? c === 'md-image' : CODE_CLASS.test(c)));
      return kept.length > 0 ? kept.join(' ') : null;
    }
    default:
      return value;
  }
}

/**
 * Enforces the allowlist on sanitized nodes, in place: unwraps elements outside it (keeping
 * their text), removes comments and attributes outside it, and gives every link our `rel`.
 *
 * @returns The same fragment.
 */
export function enforcePolicy(fragment: DocumentFragment): DocumentFragment {
  const walker = fragment.ownerDocument.createTreeWalker(fragment, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_COMMENT);
  const unwrap: Node[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType !== Node.ELEMENT_NODE) {
      unwrap.push(node);
      continue;
    }
    const element = node as Element;
    const tag = element.localName;
    if (element.namespaceURI !== 'http://www.w3.org/1999/xhtml' || !(tag in ALLOWED)) {
      unwrap.push(element);
      continue;
    }
    for (const name of element.getAttributeNames()) {
      const value = allowedValue(tag, name, element.getAttribute(name) ?? '');
      if (value === null) element.removeAttribute(name);
      else if (value !== element.getAttribute(name)) element.setAttribute(name, value);
    }
    if (tag === 'a') element.setAttribute('rel', LINK_REL);
  }
  // Children first, so an unwrapped parent takes its already-cleaned children along.
  for (const node of unwrap.reverse()) {
    if (node.nodeType === Node.ELEMENT_NODE) (node as Element).replaceWith(...node.childNodes);
    else (node as ChildNode).remove();
  }
  return fragment;
}
