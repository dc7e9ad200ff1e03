/**
 * The write path: what a visitor needs to write and nothing a reader needs. Loaded on demand
 * by `controllers/write-path-controller.ts` (the drop-in bundle puts it in
 * `comment-thread.write-HASH.js`). Importing it registers `<comment-thread-form>`.
 *
 * @module
 */
import type { WritePath } from '../actions/types.js';
import { CommentForm } from '../components/comment-form/comment-form.js';
import { renderMarkdown } from '../core/markdown.js';
import { provideMarkdown } from '../core/markdown-loader.js';
import { enWrite } from '../i18n/en-write.js';
import { edit, post, remove, vote } from './thread-writes.js';

// A visitor's own post is shown before any store has rendered it: the renderer comes along.
provideMarkdown(renderMarkdown);

if (typeof customElements !== 'undefined' && !customElements.get('comment-thread-form')) {
  customElements.define('comment-thread-form', CommentForm);
}

export const writePath: WritePath = { post, edit, remove, vote };

/** What Reply, Edit and Delete do, merged into the read path's actions when this loads. */
export { actionBehaviours } from './actions/index.js';

/** The English strings of writing, merged under a page's overrides. */
export const writeStrings = enWrite;

/** The thread's styles for what writing shows, adopted when this loads. */
export { writeStyles } from './write.styles.js';
