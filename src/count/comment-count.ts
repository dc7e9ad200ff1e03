/**
 * `<comment-count>`: how many comments a page has, for index pages ("11 comments" beside each
 * post's date). A plain `HTMLElement`, no Lit, so that on its own it stays under 2 KB gzip.
 *
 * @module
 */
import { countUpdater } from './update-count.js';

export type { CountErrorDetail } from './count-error.js';

/** `HTMLElement`, or where there is none (Node, importing the package's main entry) a plain base class. */
const ElementBase: typeof HTMLElement = typeof HTMLElement === 'undefined' ? (Object as unknown as typeof HTMLElement) : HTMLElement;

/**
 * Local counts (elements without `src`) load on demand: most index pages count from a server,
 * and the sample adapter's parser is half the size of the rest (`comment-count.local.js`,
 * beside the standalone `comment-count.js`).
 */
const updateCount = countUpdater(() => import('./local-count.js'));

/**
 * The number of comments on a page: "No comments", "1 comment", "11 comments", in the language
 * of the element (its own or nearest ancestor's `lang`, else the document's; English and
 * German built in), with plural rules and numbers from `Intl`. All the elements on a page that
 * count from the same server share one request (`POST {src}/api/counts`); without `src` the
 * count comes from the comments the sample adapter keeps in this browser.
 *
 * Whatever the page puts inside the element shows until the count arrives, and stays if it
 * cannot: `<comment-count href="/posts/hello/#comments">Comments</comment-count>`.
 *
 * The drop-in bundle (`comment-thread.js`) registers the element too, as a stand-in that loads
 * this behaviour (`comment-thread.count-HASH.js`) when the first one connects; `comment-count.js`
 * registers it alone. Either way its API is its attributes: the element has no properties of
 * its own.
 *
 * @summary The comment count of a page, for index pages.
 * @tag comment-count
 *
 * @attr {string} src - Address of the comment server to ask (`https://comments.example.com`). Without it, the count of the comments kept in this browser by the sample adapter, updated live when they change (in another tab, or by a `<comment-thread>` on this page).
 * @attr {string} thread-id - The thread to count. Without it: the path of `href` (as `<comment-thread>` takes the path of a canonical link: `href="/posts/hello/#comments"` counts `/posts/hello/`); without `href`, this page's own thread, by `<comment-thread>`'s rule (its canonical URL's path, else `location.pathname`).
 * @attr {string} href - Makes the element a link (`part="link"`) to this address, whose name is the count. Only http(s) addresses (after resolving against the page) become links.
 * @attr {string} label-zero - Said for no comments at all, instead of "No comments" (`#` is the number: `label-zero="# comments"`).
 * @attr {string} label-one - Said for a count in the plural category `one`, instead of "# comment" (`#` is the number). `label-other` (and `label-two`, `label-few`, `label-many`) likewise, by the language's plural rules.
 * @attr {string} state - Set by the element: `loading`, `loaded` or `error` (the count could not be had; the fallback stays). For styles: `comment-count[state=error]`.
 * @attr {string} count - Set by the element once counted: the number. For styles: `comment-count[count="0"]`.
 *
 * @fires {CustomEvent<CountErrorDetail>} ct-count-error - The count could not be had (the server is unreachable, answered with an error or did not count the thread; storage cannot be read); bubbles; `event.detail.threadId`, `event.detail.error`. The element keeps its fallback and gets `state="error"`.
 *
 * @slot - The fallback: shown until the count arrives, and when it cannot. Without any, a localized "Comments".
 *
 * @csspart link - The `<a>`, when the element has an `href`.
 * @csspart count - The count's text, once it has arrived.
 *
 * @cssprop --ct-count-link-color - Colour of the link. Default: the surrounding text's (`inherit`); set it once for every count on the page, or style `::part(link)`.
 */
export class CommentCount extends ElementBase {
  connectedCallback(): void {
    updateCount(this);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'comment-count': CommentCount;
  }
}
