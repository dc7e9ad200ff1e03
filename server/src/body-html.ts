/**
 * Comment bodies rendered to HTML for the API's `html` field, with the widget's own Markdown
 * renderer (`markdown.js`, bundled from the widget's source at build time): a reader's browser
 * then paints comments without downloading the renderer. The widget sanitizes this HTML
 * exactly as it would its own rendering; nothing here is trusted more for coming from the server.
 *
 * @module
 */
import { renderMarkdown } from './markdown.js';

/** Bodies whose rendering is kept: the comments of a few busy threads. */
const CACHE_SIZE = 2000;
const cache = new Map<string, string>();

/** `body` rendered to HTML; the most recently used renderings are kept. */
export function bodyHtml(body: string): string {
  let html = cache.get(body);
  if (html === undefined) {
    html = renderMarkdown(body);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  } else {
    cache.delete(body);
  }
  cache.set(body, html);
  return html;
}
