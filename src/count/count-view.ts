/**
 * What a `<comment-count>` shows, in its shadow root: the count (`part="count"`) or, until it
 * arrives and when it cannot, the element's own content through a `<slot>` (its default, when
 * the page put none, is a localized "Comments"); all inside a link (`part="link"`) when the
 * element has an http(s) `href`. Every text is a text node. The link's colour is set through
 * the CSSOM (`style.color`), which a Content-Security-Policy without `'unsafe-inline'` in
 * `style-src` allows, unlike a `<style>` element; a page's `::part(link)` rules still win over
 * it, as over any style of the shadow tree.
 *
 * @module
 */
import { httpAddress } from './http-address.js';

const make = (tag: string, part: string | null, text: string): HTMLElement => {
  const node = document.createElement(tag);
  if (part) node.setAttribute('part', part);
  node.textContent = text;
  return node;
};

/** Shows `count` (a text) in `el`, or its fallback (`fallback` when the page gave none) when `count` is `null`. */
export function renderCount(el: HTMLElement, count: string | null, fallback: string): void {
  const root = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
  let content: HTMLElement = count === null ? make('slot', null, fallback) : make('span', 'count', count);
  const href = el.getAttribute('href');
  const address = href === null ? null : httpAddress(href);
  if (address) {
    const link = make('a', 'link', '');
    link.setAttribute('href', address);
    link.style.color = 'var(--ct-count-link-color,inherit)';
    link.append(content);
    content = link;
  }
  root.replaceChildren(content);
}
