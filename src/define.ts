/**
 * Registers the elements: `<comment-thread>` and its form, `<comment-thread-form>`. The only
 * module with side effects; importing it twice (or next to the drop-in bundle) is harmless.
 *
 * @module
 */
import { CommentForm } from './components/comment-form/comment-form.js';
import { CommentThread } from './components/comment-thread/comment-thread.js';

const elements: Array<[string, CustomElementConstructor]> = [
  ['comment-thread-form', CommentForm],
  ['comment-thread', CommentThread],
];

if (typeof customElements !== 'undefined') {
  for (const [tag, element] of elements) {
    if (!customElements.get(tag)) customElements.define(tag, element);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'comment-thread': CommentThread;
    'comment-thread-form': CommentForm;
  }
}

export { CommentForm, CommentThread };
