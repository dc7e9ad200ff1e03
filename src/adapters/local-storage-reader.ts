/**
 * The reading half of the sample adapter (`LocalStorageAdapter`): a thread read from this
 * browser's `localStorage`, tolerantly, and the changes other tabs make, live. The widget's
 * sample adapter reads through it; the writing half loads when a visitor writes.
 *
 * Key scheme (the version segment lets a future format live next to this one):
 * - `${prefix}:v1:thread:${threadId}`: a JSON array of that thread's comments;
 * - `${prefix}:v1:quarantine:${threadId}:${epochMs}`: an unreadable thread value, moved aside
 *   before a new comment replaced it, so that nothing is ever silently lost.
 *
 * @module
 */
import { LOCAL_STORAGE_CAPABILITIES } from './capabilities.js';
import { countResult, listResult, subscription } from './comment-reads.js';
import { readComment } from './read-comment.js';
import {
  AdapterError,
  throwIfAborted,
  type AdapterCapabilities,
  type CallOptions,
  type Comment,
  type ListOptions,
  type ListResult,
  type ThreadChange,
} from './storage-adapter.js';

/** The key prefix used when none is given. */
export const DEFAULT_STORAGE_PREFIX = 'comment-thread';

/** The storage key holding the comments of `threadId`: `${prefix}:v1:thread:${threadId}`. */
export function threadStorageKey(threadId: string, prefix: string = DEFAULT_STORAGE_PREFIX): string {
  return `${prefix}:v1:thread:${threadId}`;
}

/**
 * The storage key an unreadable value of `threadId` is moved to before it is overwritten:
 * `${prefix}:v1:quarantine:${threadId}:${time}` (`time` in milliseconds since the epoch).
 */
export function quarantineStorageKey(threadId: string, time: number, prefix: string = DEFAULT_STORAGE_PREFIX): string {
  return `${prefix}:v1:quarantine:${threadId}:${time}`;
}

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

/** A thread's stored value, parsed tolerantly. */
export interface StoredThread {
  /** The stored array as it is (valid and invalid entries alike); empty when unreadable or absent. */
  entries: unknown[];
  /** The raw value, when it could not be read as an array (it must be moved aside before a write). */
  unreadable: string | null;
  /** The valid comments, normalized (fresh objects). */
  comments: Comment[];
  /** Index in `entries` of each valid comment, by id. */
  indexOf: Map<string, number>;
  /** `corrupt` errors: at most one for an unreadable value, one for entries that were skipped. */
  warnings: AdapterError[];
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
  /** Kept in this browser; editing, removing and live updates from other tabs; no votes, no paging. */
  readonly capabilities: AdapterCapabilities = LOCAL_STORAGE_CAPABILITIES;

  /** The first segment of every key this adapter reads and writes. */
  readonly prefix: string;
  #storage: Storage | undefined;

  constructor(options: LocalStorageAdapterOptions = {}) {
    this.#storage = options.storage;
    this.prefix = options.prefix ?? DEFAULT_STORAGE_PREFIX;
  }

  /**
   * Returns the whole thread (no paging), oldest or newest first. Unreadable stored data is
   * skipped and reported in `warnings` as `corrupt` errors.
   */
  async list(threadId: string, options: ListOptions = {}): Promise<ListResult> {
    throwIfAborted(options.signal);
    const { comments, warnings } = this.read(threadId);
    return listResult(comments, options.sort, warnings);
  }

  /** Counts the readable comments of each thread, not counting deleted placeholders. */
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

const corrupt = (message: string): AdapterError => new AdapterError('corrupt', message, { retryable: false });

/** Parses a stored thread value; never throws. */
export function parseThread(raw: string | null, threadId: string): StoredThread {
  const stored: StoredThread = { entries: [], unreadable: null, comments: [], indexOf: new Map(), warnings: [] };
  if (raw === null) return stored;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // Not JSON: unreadable, below.
  }
  if (!Array.isArray(parsed)) {
    stored.unreadable = raw;
    stored.warnings.push(
      corrupt(
        'The comments saved in this browser for this page could not be read. They are kept, and set aside when a new comment is saved.',
      ),
    );
    return stored;
  }
  stored.entries = parsed;
  parsed.forEach((entry, index) => {
    const comment = readComment(entry, threadId);
    if (comment && !stored.indexOf.has(comment.id)) {
      stored.indexOf.set(comment.id, index);
      stored.comments.push(comment);
    }
  });
  const skipped = parsed.length - stored.comments.length;
  if (skipped > 0) {
    stored.warnings.push(
      corrupt(
        `${skipped} saved comment${skipped === 1 ? '' : 's'} on this page could not be read. ` +
          `${skipped === 1 ? 'It is' : 'They are'} kept, but not shown.`,
      ),
    );
  }
  return stored;
}

/** The changes that turn `before` into `after`: created and updated in stored order, then removed. */
function diffThreads(before: readonly Comment[], after: readonly Comment[]): ThreadChange[] {
  const old = new Map(before.map((c) => [c.id, JSON.stringify(c)]));
  const now = new Set(after.map((c) => c.id));
  return [
    ...after
      .filter((c) => old.get(c.id) !== JSON.stringify(c))
      .map((comment): ThreadChange => ({ type: old.has(comment.id) ? 'updated' : 'created', comment })),
    ...before.filter((c) => !now.has(c.id)).map(({ id }): ThreadChange => ({ type: 'removed', id })),
  ];
}
