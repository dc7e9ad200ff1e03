/**
 * The sample adapter: comments kept in this browser's `localStorage`, without any server.
 * Only the visitor who wrote them sees them, on this device, and
 * {@link AdapterCapabilities.persistence} (`browser`) lets the widget say so.
 *
 * Key scheme (the version segment lets a future format live next to this one):
 * - `${prefix}:v1:thread:${threadId}`: a JSON array of that thread's comments;
 * - `${prefix}:v1:quarantine:${threadId}:${epochMs}`: an unreadable thread value, moved aside
 *   before a new comment replaced it, so that nothing is ever silently lost.
 *
 * @module
 */
import { LIMITS } from '../core/limits.js';
import { isHttpUrl } from '../core/validate.js';
import { checkInput, countResult, editComment, listResult, newComment, planRemoval, subscription } from './comment-ops.js';
import { LOCAL_STORAGE_CAPABILITIES } from './capabilities.js';
import {
  AdapterError,
  throwIfAborted,
  type AdapterCapabilities,
  type CallOptions,
  type Comment,
  type CommentPatch,
  type CommentStatus,
  type ListOptions,
  type ListResult,
  type NewComment,
  type StorageAdapter,
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

/** Options of {@link LocalStorageAdapter}. */
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
interface StoredThread {
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
const localWrites = new Set<(storage: Storage, key: string, value: string | null) => void>();

const STATUSES: readonly unknown[] = ['published', 'pending', 'deleted'] satisfies CommentStatus[];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * A {@link StorageAdapter} over `localStorage`: no server, this browser only. Each thread is
 * stored apart under {@link threadStorageKey}. Reading is tolerant: an unreadable value or
 * invalid entries are reported as `corrupt` warnings and kept in storage untouched (an
 * unreadable value is moved to a {@link quarantineStorageKey} before a new comment replaces
 * it). Writes are all-or-nothing: a full storage rejects with `unavailable` and changes nothing.
 *
 * `subscribe` listens to the `storage` event, which the browser fires in the *other* documents
 * of this origin: changes made in another tab arrive, changes made in this one are not
 * delivered again.
 *
 * @example
 * ```ts
 * thread.adapter = new LocalStorageAdapter();
 * ```
 */
export class LocalStorageAdapter implements StorageAdapter {
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
    const { comments, warnings } = this.#read(threadId);
    return listResult(comments, options.sort, warnings);
  }

  /**
   * Validates and stores a new comment. Rejects with `invalid` for bad input, `not-found` when
   * the parent is not in the thread, `unavailable` when storage is blocked or full.
   */
  async create(input: NewComment, options: CallOptions = {}): Promise<Comment> {
    throwIfAborted(options.signal);
    checkInput(input);
    const stored = this.#read(input.threadId);
    const comment = newComment(stored.comments, input);
    this.#write(input.threadId, stored, [...stored.entries, comment]);
    return comment;
  }

  /** Replaces a comment's body and sets `updatedAt`. A deleted placeholder cannot be edited. */
  async update(threadId: string, id: string, patch: CommentPatch, options: CallOptions = {}): Promise<Comment> {
    throwIfAborted(options.signal);
    const stored = this.#read(threadId);
    const comment = editComment(stored.comments, id, patch.body);
    const { body, updatedAt } = comment;
    const at = stored.indexOf.get(id);
    // Keep fields this version does not know about: another version of the widget may need them.
    this.#write(
      threadId,
      stored,
      stored.entries.map((entry, index) => (index === at ? { ...(entry as object), body, updatedAt } : entry)),
    );
    return comment;
  }

  /**
   * Deletes a comment. One with replies becomes a `deleted` placeholder (empty body, no author);
   * a leaf disappears, and so does a placeholder parent left without replies.
   */
  async remove(threadId: string, id: string, options: CallOptions = {}): Promise<void> {
    throwIfAborted(options.signal);
    const stored = this.#read(threadId);
    const plan = new Map([...planRemoval(stored.comments, id)].map(([removedId, to]) => [stored.indexOf.get(removedId), to]));
    this.#write(
      threadId,
      stored,
      stored.entries.flatMap((entry, index) => (plan.has(index) ? (plan.get(index) ?? []) : [entry])),
    );
  }

  /** Counts the readable comments of each thread, not counting deleted placeholders. */
  async count(threadIds: string[], options: CallOptions = {}): Promise<Record<string, number>> {
    throwIfAborted(options.signal);
    this.#area();
    return countResult(threadIds, (threadId) => this.#read(threadId).comments);
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
        storage = this.#area();
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
  #area(): Storage {
    try {
      const storage = (this.#storage ??= globalThis.localStorage);
      if (storage) return storage;
    } catch (error) {
      // A SecurityError: storage is disabled for this site (blocked cookies, some sandboxes).
      throw storageError(error);
    }
    throw storageError();
  }

  #read(threadId: string): StoredThread {
    const storage = this.#area();
    let raw: string | null;
    try {
      raw = storage.getItem(threadStorageKey(threadId, this.prefix));
    } catch (error) {
      throw storageError(error);
    }
    return parseThread(raw, threadId);
  }

  /**
   * Writes a thread's new entries, first moving an unreadable old value aside. All or nothing:
   * when the second write fails, the first is undone.
   */
  #write(threadId: string, stored: StoredThread, entries: unknown[]): void {
    const storage = this.#area();
    const key = threadStorageKey(threadId, this.prefix);
    const value = entries.length ? JSON.stringify(entries) : null;
    let aside: string | undefined;
    try {
      if (stored.unreadable !== null) {
        let time = Date.now();
        while (storage.getItem((aside = quarantineStorageKey(threadId, time++, this.prefix))) !== null);
        storage.setItem(aside, stored.unreadable);
      }
      if (value === null) storage.removeItem(key);
      else storage.setItem(key, value);
    } catch (error) {
      try {
        if (aside) storage.removeItem(aside);
      } catch {
        // The thread key still holds the unreadable value: nothing is lost.
      }
      throw storageError(error);
    }
    for (const follow of localWrites) follow(storage, key, value);
  }
}

/**
 * The `unavailable` error for a storage call that threw `cause`, or for a missing storage:
 * the storage is full, or this site may not store data at all.
 */
function storageError(cause?: unknown): AdapterError {
  const { name, code } = (cause ?? {}) as { name?: unknown; code?: unknown };
  const full = name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22 || code === 1014;
  return new AdapterError(
    'unavailable',
    full
      ? "This browser's storage for this site is full, so the comment could not be saved. Deleting some comments makes room."
      : 'Comments cannot be loaded or saved because this browser does not let this site store data (are cookies blocked?).',
    { retryable: false, cause },
  );
}

const corrupt = (message: string): AdapterError => new AdapterError('corrupt', message, { retryable: false });

/** Parses a stored thread value; never throws. */
function parseThread(raw: string | null, threadId: string): StoredThread {
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * Reads one stored entry as a comment of `threadId`, or returns `null` when it is not one.
 * Returns a fresh object with known fields only; drops a website that is not http(s).
 */
function readComment(entry: unknown, threadId: string): Comment | null {
  if (!isRecord(entry)) return null;
  const { id, parentId = null, author = {}, body, createdAt, updatedAt, status, score } = entry;
  if (
    !isId(id) ||
    entry['threadId'] !== threadId ||
    (parentId !== null && !isId(parentId)) ||
    typeof body !== 'string' ||
    !isIsoDate(createdAt) ||
    !isRecord(author) ||
    (status !== undefined && !STATUSES.includes(status))
  ) {
    return null;
  }
  const { name = '', website } = author;
  if (typeof name !== 'string') return null;
  const comment: Comment = {
    id,
    threadId,
    parentId,
    author: isHttpUrl(website) && website.length <= LIMITS.websiteMax ? { name, website } : { name },
    body,
    createdAt,
  };
  if (isIsoDate(updatedAt)) comment.updatedAt = updatedAt;
  if (status !== undefined) comment.status = status as CommentStatus;
  if (Number.isFinite(score)) comment.score = score as number;
  return comment;
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
