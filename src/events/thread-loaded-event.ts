import type { Comment } from '../adapters/storage-adapter.js';

/** A thread (or a further page of it) finished loading. Bubbles and crosses shadow roots. */
export class ThreadLoadedEvent extends Event {
  static readonly eventName = 'ct-loaded';
  readonly threadId: string;
  /** The comments this load added. */
  readonly comments: readonly Comment[];
  /** Whether the adapter has more pages to load. */
  readonly hasMore: boolean;

  constructor(threadId: string, comments: readonly Comment[], hasMore: boolean) {
    super(ThreadLoadedEvent.eventName, { bubbles: true, composed: true });
    this.threadId = threadId;
    this.comments = comments;
    this.hasMore = hasMore;
  }
}

declare global {
  interface HTMLElementEventMap {
    'ct-loaded': ThreadLoadedEvent;
  }
}
