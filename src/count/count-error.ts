/**
 * The event a `<comment-count>` fires when its count cannot be had.
 *
 * @module
 */

/** `event.detail` of `ct-count-error`. */
export interface CountErrorDetail {
  /** The thread that could not be counted. */
  threadId: string;
  /** Why: the network's `TypeError`, a `TimeoutError`, the server's answer, storage that cannot be read. */
  error: unknown;
}

/** Its name. */
export const COUNT_ERROR = 'ct-count-error';

declare global {
  interface HTMLElementEventMap {
    'ct-count-error': CustomEvent<CountErrorDetail>;
  }
}
