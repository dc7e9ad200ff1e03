/**
 * The sanitizer engine for browsers without the HTML Sanitizer API: DOMPurify, with our
 * explicit allowlist. This is the only module that imports DOMPurify; `sanitize.ts` loads it
 * on demand, so browsers that have the platform sanitizer never download it.
 *
 * A dedicated DOMPurify instance is created, so a page's own global DOMPurify is not touched.
 *
 * Under Trusted Types (`require-trusted-types-for 'script'`), DOMPurify parses through our own
 * policy, `comment-thread`, which a page lists in its `trusted-types` directive, rather than
 * through DOMPurify's default `dompurify` policy, which a page that uses DOMPurify itself has
 * created already. The policy passes the HTML on unchanged: DOMPurify only hands it to an inert
 * `DOMParser` document, where nothing runs or loads, and takes nodes out of it; the policy object
 * never leaves this module. It is created when this chunk loads, so that a page that does not
 * allow it gets no sanitizer at all: `sanitize.ts` then shows bodies as plain text, and the
 * console says why.
 *
 * @module
 */
import DOMPurify, { type Config } from 'dompurify';

/** The part of the Trusted Types API used here (not in TypeScript's DOM types). */
interface TrustedTypes {
  createPolicy(name: string, rules: { createHTML(html: string): string }): Config['TRUSTED_TYPES_POLICY'];
}

/**
 * The `comment-thread` policy where the browser has Trusted Types. It has no `createScriptURL`
 * rule, so it throws if DOMPurify ever asks for one (only for a script's URL, which the
 * allowlist never keeps).
 */
const policy = (window as { trustedTypes?: TrustedTypes }).trustedTypes?.createPolicy('comment-thread', { createHTML: (html) => html });

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
    // Nodes come out (below), never markup for an HTML sink: nothing to return as TrustedHTML.
    RETURN_TRUSTED_TYPE: false,
    // Where the browser has Trusted Types; else `undefined`, and DOMPurify parses a plain string.
    TRUSTED_TYPES_POLICY: policy,
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
