/**
 * Registers `<comment-thread>`. Its form, `<comment-thread-form>`, is registered by the write
 * path when a visitor starts to write (see `write/write-path.ts`). The only module with side
 * effects besides that one; importing it twice (or next to the drop-in bundle) is harmless.
 *
 * @module
 */
import { CommentThread } from './components/comment-thread/comment-thread.js';
import type { CommentForm } from './components/comment-form/comment-form.js';

if (typeof customElements !== 'undefined' && !customElements.get('comment-thread')) {
  customElements.define('comment-thread', CommentThread);
}

declare global {
  interface HTMLElementTagNameMap {
    'comment-thread': CommentThread;
    'comment-thread-form': CommentForm;
  }
}

export { CommentThread };
