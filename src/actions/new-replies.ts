/**
 * New replies: replies from elsewhere to a comment the reader sees wait behind a button on it
 * ("Show 2 new replies"), held by `ThreadController.arrivals`, so that nothing moves under the
 * reader. Pressing it shows them and focuses the first.
 *
 * @module
 */
import { el } from '../render/dom.js';
import type { CommentAction } from './types.js';

declare module '../controllers/comment-state-controller.js' {
  interface CommentState {
    /** How many replies from elsewhere wait to be shown under it. */
    readonly newReplies?: number;
  }
}

export const newReplies: CommentAction = {
  name: 'new-replies',

  actions({ state, strings: t, locale, label }) {
    const count = state.newReplies;
    return (
      !!count &&
      el(
        'button',
        { type: 'button', part: 'new-replies-button', class: 'link new', 'data-action': 'new-replies', 'aria-label': t.showNewReplies(count, locale) + t.repliesTo(label) },
        t.showNewReplies(count, locale),
      )
    );
  },

  run(host, id) {
    host.reveal(id);
  },
};
