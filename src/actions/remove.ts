/**
 * Delete: on the visitor's own comments, while the adapter allows it, a button that asks
 * "Delete this comment?". The read path holds only the button; the question and the deletion
 * (`write/actions/remove.ts`) come with the write path.
 *
 * @module
 */
import { el } from '../render/dom.js';
import type { CommentAction } from './types.js';

export const remove: CommentAction = {
  name: 'remove',

  actions({ mine, state, strings: t, label }) {
    if (!mine || state.editing) return null;
    return el('button', { type: 'button', part: 'remove-button', class: 'link', 'data-action': 'remove', 'aria-label': t.removeFor(label) }, t.remove);
  },

  preload: (host) => host.write(),
};
