/**
 * Reply: a button under each comment that opens an inline `<comment-thread-form>` below it.
 * The read path holds only the button; what it does (`write/actions/reply.ts`) comes with the
 * write path, which a `pointerdown` or focus on the button starts to load.
 *
 * @module
 */
import { el } from '../render/dom.js';
import type { CommentAction } from './types.js';

export const reply: CommentAction = {
  name: 'reply',

  actions({ comment, state, strings: t, pending, deleted, label, closed }) {
    // Not while the comment is being edited: the editor's Save and Cancel are its actions then;
    // nor under a comment still awaiting moderation, which others may never see; nor in a
    // closed thread.
    if (closed || pending || deleted || state.editing || comment.status === 'pending') return null;
    return el(
      'button',
      {
        type: 'button',
        part: 'reply-button',
        class: 'link',
        'data-action': 'reply',
        'aria-label': t.replyTo(label),
        'aria-expanded': state.replying ? 'true' : 'false',
      },
      t.reply,
    );
  },

  preload: (host) => host.write(),
};
