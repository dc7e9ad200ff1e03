/**
 * The sanitizer engine for browsers without the HTML Sanitizer API: DOMPurify, with our
 * explicit allowlist. This is the only module that imports DOMPurify; `sanitize.ts` loads it
 * on demand, so browsers that have the platform sanitizer never download it.
 *
 * A dedicated DOMPurify instance is created, so a page's own global DOMPurify is not touched.
 *
 * @module
 */
import DOMPurify from 'dompurify';

/**
 * Creates the engine: untrusted HTML in, sanitized nodes of this document out.
 *
 * @param allowed Elements and the attributes each may carry (`ALLOWED_IN_ENGINE` of `sanitize-policy.ts`,
 *   passed in so that this lazily loaded chunk holds DOMPurify and nothing else).
 * @param safeUrl The URLs a link may point at.
 */
export function createDomPurifyEngine(
  allowed: Readonly<Record<string, readonly string[]>>,
  safeUrl: RegExp,
): (html: string) => DocumentFragment {
  const purifier = DOMPurify(window);
  if (!purifier.isSupported) throw new Error('DOMPurify is not supported in this browser');
  purifier.setConfig({
    ALLOWED_TAGS: Object.keys(allowed),
    ALLOWED_ATTR: [...new Set(Object.values(allowed).flat())],
    // DOMPurify tests every attribute that is not "URI safe" against the URI pattern; `start`
    // is a number, validated with the rest of the policy in `enforcePolicy`.
    ADD_URI_SAFE_ATTR: ['start'],
    ALLOWED_URI_REGEXP: safeUrl,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    ALLOW_SELF_CLOSE_IN_ATTR: false,
    RETURN_TRUSTED_TYPE: false,
    // One parse: the caller inserts these nodes instead of parsing a string again.
    RETURN_DOM_FRAGMENT: true,
  });
  // Adopted, so callers get nodes of this document like the platform engine gives. HTML that
  // parses to a document without a body (`<frameset>`: never from our Markdown renderer, but
  // possible in a store's `html`) gives null: nothing of it is shown.
  return (html) => {
    const nodes = purifier.sanitize(html) as unknown as DocumentFragment | null;
    return nodes instanceof Node ? document.adoptNode(nodes) : document.createDocumentFragment();
  };
}
