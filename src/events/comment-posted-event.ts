import type { Comment } from '../adapters/storage-adapter.js';

/**
 * A comment written in this widget was stored by the adapter. Fired once the post settles
 * (not for the optimistic "posting…" copy). Bubbles and crosses shadow roots.
 */
export class CommentPostedEvent extends Event {
  static readonly eventName = 'ct-comment-posted';
  readonly comment: Comment;

  constructor(comment: Comment) {
    super(CommentPostedEvent.eventName, { bubbles: true, composed: true });
    this.comment = comment;
  }
}

declare global {
  interface HTMLElementEventMap {
    'ct-comment-posted': CommentPostedEvent;
  }
}
