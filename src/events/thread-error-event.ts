import type { AdapterError } from '../adapters/storage-adapter.js';

/** What the widget was doing when an error happened. */
export type ThreadOperation = 'load' | 'post' | 'edit' | 'delete' | 'vote' | 'subscribe';

/**
 * Something failed: loading, posting, editing, deleting or a live update; or stored data was corrupt and skipped
 * (operation `load`, error code `corrupt`). The widget shows its own message too; listen to
 * log or report. Bubbles and crosses shadow roots.
 */
export class ThreadErrorEvent extends Event {
  static readonly eventName = 'ct-error';
  readonly operation: ThreadOperation;
  readonly error: AdapterError;

  constructor(operation: ThreadOperation, error: AdapterError) {
    super(ThreadErrorEvent.eventName, { bubbles: true, composed: true });
    this.operation = operation;
    this.error = error;
  }
}

declare global {
  interface HTMLElementEventMap {
    'ct-error': ThreadErrorEvent;
  }
}
