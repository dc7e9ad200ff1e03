import type { Comment, NewComment } from '../adapters/storage-adapter.js';

/**
 * Internal: a `<comment-thread-form>` asks its thread to post `input`. The thread answers by
 * calling `respondWith()` with the post's promise; the form keeps the text until it settles
 * and shows the error (with a retry) when it rejects. Does not leave the thread's shadow root.
 */
export class CommentSubmitEvent extends Event {
  static readonly eventName = 'ct-submit';
  readonly input: NewComment;
  /** The pending post, once a listener responded. */
  result: Promise<Comment> | null = null;

  constructor(input: NewComment) {
    super(CommentSubmitEvent.eventName, { bubbles: true, composed: false });
    this.input = input;
  }

  /** Hands the form the promise of the post it asked for. */
  respondWith(result: Promise<Comment>): void {
    this.result = result;
  }
}

/** Internal: the visitor closed an inline reply form (Cancel or Escape). */
export class FormCancelEvent extends Event {
  static readonly eventName = 'ct-cancel';

  constructor() {
    super(FormCancelEvent.eventName, { bubbles: true, composed: false });
  }
}
