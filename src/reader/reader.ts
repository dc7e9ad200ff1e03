/**
 * What a reader's own actions do, loaded on `pointerdown` or focus of their buttons, or with
 * the first `j`/`k`: folding sub-threads, revealing the rest of a long one, finishing a copied
 * link, moving between comments. Their buttons are in the read path (`actions/`); the element
 * merges each behaviour into its action when this loads (as it does the write path's). The
 * drop-in build puts it in `comment-thread.reader-HASH.js`.
 *
 * @module
 */
import type { CommentAction } from '../actions/types.js';
import { collapseBehaviour, moreRepliesBehaviour } from './collapse.js';

export { copied } from './copy-link.js';
export { step } from './keyboard.js';

export const readerBehaviours: Readonly<Record<string, Partial<CommentAction>>> = {
  collapse: collapseBehaviour,
  replies: moreRepliesBehaviour,
};
