/**
 * Registers `<comment-count>` on its own: the standalone `comment-count.js` (under 2 KB gzip,
 * without Lit) for index pages that show counts but no thread, and the package's entry
 * `comment-thread/comment-count.js`. Harmless next to the drop-in bundle, which registers the
 * element too: whichever comes first defines it.
 *
 * @module
 */
import { CommentCount } from './comment-count.js';

if (typeof customElements !== 'undefined' && !customElements.get('comment-count')) {
  customElements.define('comment-count', CommentCount);
}

export { CommentCount };
export type { CountErrorDetail } from './count-error.js';
