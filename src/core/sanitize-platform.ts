/**
 * The sanitizer engine built into the browser: the HTML Sanitizer API's `setHTML()`, which
 * parses inertly and always removes script-capable markup, here with our explicit allowlist.
 * Chrome and Edge have it from 146, Firefox from 148; elsewhere `sanitize.ts` uses DOMPurify.
 *
 * @module
 */
import { ALLOWED_IN_ENGINE } from './sanitize-policy.js';

/** The parts of the Sanitizer API used here (not yet in TypeScript's DOM types). */
interface SanitizerConfig {
  elements: Array<string | { name: string; attributes: string[] }>;
  attributes: string[];
  comments: boolean;
  dataAttributes: boolean;
}
type SetHTML = (this: Element, html: string, options: { sanitizer: unknown }) => void;
declare const Sanitizer: new (config: SanitizerConfig) => unknown;

/** Whether this browser has the Sanitizer API's `Element.setHTML()`. */
export function hasPlatformSanitizer(): boolean {
  return typeof Element !== 'undefined' && 'setHTML' in Element.prototype && typeof Sanitizer === 'function';
}

/** Creates the engine: untrusted HTML in, sanitized nodes of this document out. */
export function createPlatformEngine(): (html: string) => DocumentFragment {
  const sanitizer = new Sanitizer({
    elements: Object.entries(ALLOWED_IN_ENGINE).map(([name, attributes]) => ({ name, attributes: [...attributes] })),
    attributes: [],
    comments: false,
    dataAttributes: false,
  });
  const setHTML = (Element.prototype as unknown as { setHTML: SetHTML }).setHTML;
  return (html) => {
    // setHTML parses into an inert document and inserts only what survives sanitizing, so
    // the holder (and the fragment the nodes move to) only ever holds clean nodes.
    const holder = document.createElement('div');
    setHTML.call(holder, html, { sanitizer });
    const fragment = document.createDocumentFragment();
    fragment.append(...holder.childNodes);
    return fragment;
  };
}
