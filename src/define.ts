/**
 * Registers `<comment-thread>`, and `<comment-count>` as a stand-in that loads its behaviour
 * when the first one connects (`count/lazy-count.ts`). The thread's form,
 * `<comment-thread-form>`, is registered by the write path when a visitor starts to write (see
 * `write/write-path.ts`). Besides that one, `count/define-count.ts` (the standalone
 * `<comment-count>`) and `ssr.ts` (this module as Node imports it), the only module with side
 * effects; importing it twice (or next to the drop-in bundle) is harmless.
 *
 * @module
 */
import { CommentThread } from './components/comment-thread/comment-thread.js';
import type { CommentForm } from './components/comment-form/comment-form.js';
import { defineLazyCount } from './count/lazy-count.js';

/**
 * Registers the elements, as importing this module does; the drop-in bundle calls it (a call
 * the build cannot drop). Only where there is a custom element registry, not in Node.
 */
export function defineElements(): void {
  if (typeof customElements === 'undefined') return;
  if (!customElements.get('comment-thread')) customElements.define('comment-thread', CommentThread);
  defineLazyCount();
}

defineElements();

declare global {
  interface HTMLElementTagNameMap {
    'comment-thread': CommentThread;
    'comment-thread-form': CommentForm;
  }
}

export { CommentThread };
