/**
 * Which thread a `<comment-count>` counts: its `thread-id`; else, with an `href`, the thread of
 * the page it links to; else the page's own, by `<comment-thread>`'s default rule.
 *
 * @module
 */
import { defaultThreadId } from '../components/comment-thread/default-thread-id.js';

/**
 * The thread `el` counts. Without `thread-id`, the thread id comes from `defaultThreadId`, the
 * rule `<comment-thread>` follows: for an element with `href` it reads the `href` as that rule
 * reads a page's canonical link (the path of the address, resolved against this page's base:
 * `href="/2010/06/09/shared-leadership/#comments"` counts `/2010/06/09/shared-leadership/`),
 * since on an index page the count is for another page; without `href`, it is this page's
 * thread (its canonical link's path, else `location.pathname`).
 */
export function countedThread(el: Element): string {
  const href = el.getAttribute('href');
  return el.getAttribute('thread-id') || defaultThreadId(href === null ? document : linkedPage(href));
}

/**
 * A stand-in for the document of the page `href` points at, as far as `defaultThreadId` looks
 * at one: a canonical link to `href`, this page's base address, and no `location` (an `href`
 * that is no URL at all then counts the thread `/`).
 */
const linkedPage = (href: string): Document =>
  ({ baseURI: document.baseURI, querySelector: () => ({ getAttribute: () => href }) }) as unknown as Document;
