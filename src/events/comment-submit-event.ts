import type { NewComment } from '../adapters/storage-adapter.js';

/**
 * Internal: a `<comment-thread-form>` asks its thread to post a comment (`input`), or, in edit
 * mode, to save the new `body` of its comment. The thread answers by calling `respondWith()`
 * with the promise of the write; the form keeps the text until it settles and shows the error
 * (with a retry) when it rejects. Does not leave the thread's shadow root.
 */
export class CommentSubmitEvent extends Event {
  static readonly eventName = 'ct-submit';
  /** The comment to post; `null` from a form in edit mode. */
  readonly input: NewComment | null;
  /** The text of the comment (the new body, in edit mode). */
  readonly body: string;
  /** The pending write, once a listener responded. */
  result: Promise<unknown> | null = null;

  constructor(body: string, input: NewComment | null) {
    super(CommentSubmitEvent.eventName, { bubbles: true, composed: false });
    this.body = body;
    this.input = input;
  }

  /** Hands the form the promise of the write it asked for. */
  respondWith(result: Promise<unknown>): void {
    this.result = result;
  }
}

/** Internal: the visitor closed an inline form (Cancel or Escape). */
export class FormCancelEvent extends Event {
  static readonly eventName = 'ct-cancel';

  constructor() {
    super(FormCancelEvent.eventName, { bubbles: true, composed: false });
  }
}
