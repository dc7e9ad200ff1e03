/**
 * How the drop-in bundle registers `<comment-count>` without carrying it: a stand-in class of a
 * few dozen bytes whose `connectedCallback` loads the behaviour (`bundled-count.ts`, the chunk
 * `comment-thread.count-HASH.js`) once, when the first element connects, and hands it every element
 * that connects. The custom element registry tells us when one appears, at any time, with no
 * `MutationObserver` on the page; attribute changes are watched by the chunk.
 *
 * One promise for all elements: the elements connected in one task get their counts in one
 * turn of microtasks after it resolves, so they share one request (`server-counts.ts`).
 *
 * @module
 */

let counting: Promise<typeof import('./bundled-count.js')> | undefined;

/**
 * Defines `<comment-count>` as the lazy stand-in, unless something defined it already. Not in
 * Node, where Lit's shim may provide a `customElements` but there is no `HTMLElement`.
 */
export function defineLazyCount(): void {
  if (typeof HTMLElement === 'undefined' || customElements.get('comment-count')) return;
  // Left out of the custom-elements manifest (scripts/build.mjs): `CommentCount` documents the element.
  class LazyCommentCount extends HTMLElement {
    connectedCallback(): void {
      (counting ??= import('./bundled-count.js')).then((module) => module.updateCount(this), console.error);
    }
  }
  customElements.define('comment-count', LazyCommentCount);
}
