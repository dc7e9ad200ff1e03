/**
 * Edit: on the visitor's own comments, while the adapter allows it, a button that replaces the
 * body with an editor. The read path holds only the button; what it does
 * (`write/actions/edit.ts`) comes with the write path.
 *
 * @module
 */
import { el } from '../render/dom.js';
import type { CommentAction } from './types.js';

export const edit: CommentAction = {
  name: 'edit',

  actions({ mine, state, strings: t, label }) {
    if (!mine || state.editing || state.confirmingRemove) return null;
    return el('button', { type: 'button', part: 'edit-button', class: 'link', 'data-action': 'edit', 'aria-label': t.editFor(label) }, t.edit);
  },

  preload: (host) => host.write(),
};
