/**
 * The reading half of the sample adapter (`LocalStorageAdapter`): a thread read from this
 * browser's `localStorage`, tolerantly, and the changes other tabs make, live. The widget's
 * sample adapter reads through it; the writing half loads when a visitor writes. The storage
 * format and its reading are `local-storage-format.ts`.
 *
 * @module
 */
import { LOCAL_STORAGE_CAPABILITIES } from './capabilities.js';
import { listResult } from './comment-reads.js';
import { countResult, pathTo, sharedCopy, subscription } from './local-reads.js';
import { DEFAULT_STORAGE_PREFIX, parseThread, threadStorageKey, type StoredThread } from './local-storage-format.js';
import {
  AdapterError,
  throwIfAborted,
  type AdapterCapabilities,
  type CallOptions,
  type Comment,
  type CommentPath,
  type ListOptions,
  type ListResult,
  type ThreadChange,
} from './storage-adapter.js';

export { DEFAULT_STORAGE_PREFIX, parseThread, quarantineStorageKey, threadStorageKey, type StoredThread } from './local-storage-format.js';

/** Options of {@link LocalStorageAdapter} (and of its reading half). */
export interface LocalStorageAdapterOptions {
  /**
   * Where to keep comments. Defaults to `globalThis.localStorage`, looked up at the first call
   * (never at import), so a page where storage is blocked gets an `unavailable` error instead
   * of a crash.
   */
  storage?: Storage;
  /** The first segment of every key; defaults to {@link DEFAULT_STORAGE_PREFIX}. */
  prefix?: string;
}

/**
 * Writes made in this document, which fire no `storage` event here. Subscriptions follow them
 * (storage area, key, new value) to know what a later `clear()` in another document removes.
 */
export const localWrites = new Set<(storage: Storage, key: string, value: string | null) => void>();

/**
 * Reads comments kept in `localStorage` by {@link LocalStorageAdapter}: `list`, `count` and
 * `subscribe`. Internal: use `LocalStorageAdapter`.
 *
 * @internal
 */
export class LocalStorageReader {
  /** Kept in this browser; editing, removing, votes and live updates from other tabs; no paging. */
  readonly capabilities: AdapterCapabilities = LOCAL_STORAGE_CAPABILITIES;

  /** The first segment of every key this adapter reads and writes. */
  readonly prefix: string;
  #storage: Storage | undefined;

  constructor(options: LocalStorageAdapterOptions = {}) {
    this.#storage = options.storage;
    this.prefix = options.prefix ?? DEFAULT_STORAGE_PREFIX;
  }

  /**
   * Returns the whole thread (no paging) in `sort` order (`core/order.ts`), each comment with
   * this browser's vote on it (`myVote`). Unreadable stored data is skipped and reported in
   * `warnings` as `corrupt` errors.
   */
  async list(threadId: string, options: ListOptions = {}): Promise<ListResult> {
    throwIfAborted(options.signal);
    const { comments, warnings } = this.read(threadId);
    return listResult(comments, options.sort, warnings);
  }

  /** The comment whose id or alias is `idOrAlias`, with the comments above it, or `null`. */
  async get(threadId: string, idOrAlias: string, options: CallOptions = {}): Promise<CommentPath | null> {
    throwIfAborted(options.signal);
    return pathTo(this.read(threadId).comments, idOrAlias);
  }

  /** Counts the published comments of each thread (no mentions, no placeholders, nothing pending). */
  async count(threadIds: string[], options: CallOptions = {}): Promise<Record<string, number>> {
    throwIfAborted(options.signal);
    this.area();
    return countResult(threadIds, (threadId) => this.read(threadId).comments);
  }

  /**
   * Calls `listener` for every change another document of this origin (another tab, a frame)
   * makes to the thread, until `options.signal` aborts or the returned function is called.
   * When the other document clears all storage, every known comment arrives as `removed`.
   */
  subscribe(threadId: string, listener: (change: ThreadChange) => void, options: CallOptions = {}): () => void {
    return subscription(listener, options, (deliver, ended) => {
      let storage: Storage;
      try {
        storage = this.area();
      } catch (error) {
        queueMicrotask(() => deliver({ type: 'error', error: AdapterError.from(error) }));
        return;
      }
      const key = threadStorageKey(threadId, this.prefix);
      // The thread's value, kept current from events and from writes made in this document:
      // a `clear()` elsewhere reports no old value to diff against.
      let known: string | null = null;
      try {
        known = storage.getItem(key);
      } catch {
        // Nothing known yet.
      }
      const follow = (area: Storage, changed: string, value: string | null): void => {
        if (area === storage && changed === key) known = value;
      };
      localWrites.add(follow);
      ended.addEventListener('abort', () => localWrites.delete(follow));
      globalThis.addEventListener?.(
        'storage',
        (event) => {
          if (event.storageArea !== storage || (event.key !== null && event.key !== key)) return;
          const before = parseThread(event.key === null ? known : event.oldValue, threadId).comments;
          const after = parseThread(event.newValue, threadId);
          known = event.newValue;
          diffThreads(before, after.comments).forEach(deliver);
          // An unreadable new value also arrives as an error (skipped entries are only listed).
          if (after.unreadable !== null) for (const error of after.warnings) deliver({ type: 'error', error });
        },
        { signal: ended },
      );
    });
  }

  /** The storage area, looked up on first use; throws `unavailable` when there is none. */
  protected area(): Storage {
    try {
      const storage = (this.#storage ??= globalThis.localStorage);
      if (storage) return storage;
    } catch (error) {
      // A SecurityError: storage is disabled for this site (blocked cookies, some sandboxes).
      throw storageError(error);
    }
    throw storageError();
  }

  protected read(threadId: string): StoredThread {
    const storage = this.area();
    let raw: string | null;
    try {
      raw = storage.getItem(threadStorageKey(threadId, this.prefix));
    } catch (error) {
      throw storageError(error);
    }
    return parseThread(raw, threadId);
  }
}

/**
 * The `unavailable` error for a read of a storage that threw `cause`, or for a missing
 * storage: this site may not store data at all. (A full storage is a write's error, in
 * `local-storage-adapter.ts`.)
 */
export function storageError(cause?: unknown): AdapterError {
  return new AdapterError(
    'unavailable',
    'Comments cannot be loaded or saved because this browser does not let this site store data (are cookies blocked?).',
    { retryable: false, cause },
  );
}

/**
 * The changes that turn `before` into `after`: created and updated in stored order, then
 * removed. Like every adapter's live changes, they carry no `myVote`: a subscriber keeps the one
 * it knows.
 */
function diffThreads(before: readonly Comment[], after: readonly Comment[]): ThreadChange[] {
  const old = new Map(before.map((c) => [c.id, JSON.stringify(c)]));
  const now = new Set(after.map((c) => c.id));
  return [
    ...after
      .filter((c) => old.get(c.id) !== JSON.stringify(c))
      .map((comment): ThreadChange => ({ type: old.has(comment.id) ? 'updated' : 'created', comment: sharedCopy(comment) })),
    ...before.filter((c) => !now.has(c.id)).map(({ id }): ThreadChange => ({ type: 'removed', id })),
  ];
}
