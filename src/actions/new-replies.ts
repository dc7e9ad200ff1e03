/**
 * New replies: replies from elsewhere to a comment the reader sees wait behind a button on it
 * ("Show 2 new replies"), held by the thread's live changes (`controllers/live-changes.ts`),
 * so that nothing moves under the reader. Pressing it shows them and focuses the first. The
 * button itself comes with the live changes, merged in when they load: until then no comment
 * has any.
 *
 * @module
 */
import type { CommentAction } from './types.js';

declare module '../controllers/comment-state-controller.js' {
  interface CommentState {
    /** How many replies from elsewhere wait to be shown under it. */
    readonly newReplies?: number;
  }
}

export const newReplies: CommentAction = {
  name: 'new-replies',

  run(host, id) {
    host.reveal(id);
  },
};
