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
import { isHttpUrl, validateNewComment } from '../core/validate.js';
import {
  buildComment,
  commentNotFoundError,
  invalidInputError,
  parentNotFoundError,
  planRemoval,
  reportListenerError,
  sortByDate,
  toPlaceholder,
  validateBody,
} from './comment-ops.js';
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
  /** The parsed array as stored (valid and unreadable entries alike), or `null` when unreadable or absent. */
  entries: unknown[] | null;
  /** The raw value, when it could not be read as an array (it must be moved aside before a write). */
  unreadable: string | null;
  /** The valid comments, normalized (fresh objects). */
  comments: Comment[];
  /** Index in `entries` of each valid comment, by id. */
  indexOf: Map<string, number>;
  /** Entries that are not valid comments of this thread (kept in storage, not shown). */
  skipped: number;
  /** Why `unreadable` could not be read. */
  reason?: 'json' | 'shape';
}

/**
 * The subscriptions of this document, by storage area and key, told about writes made here
 * (which fire no `storage` event here) so that they know what a later `clear()` removes.
 */
const localWatchers = new WeakMap<Storage, Map<string, Set<(comments: Comment[]) => void>>>();

function watchersOf(storage: Storage, key: string): Set<(comments: Comment[]) => void> {
  let byKey = localWatchers.get(storage);
  if (!byKey) localWatchers.set(storage, (byKey = new Map()));
  let watchers = byKey.get(key);
  if (!watchers) byKey.set(key, (watchers = new Set()));
  return watchers;
}

const STATUSES: readonly CommentStatus[] = ['published', 'pending', 'deleted'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

const UNAVAILABLE_MESSAGE =
  'Comments cannot be loaded or saved because this browser does not let this site store data ' +
  '(for example when cookies or site data are blocked).';
const QUOTA_MESSAGE =
  "This browser's storage for this site is full, so the comment could not be saved. " +
  "Deleting some comments or clearing this site's stored data makes room.";

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
  readonly capabilities: AdapterCapabilities = Object.freeze({
    persistence: 'browser',
    edit: true,
    remove: true,
    vote: false,
    live: true,
    paging: false,
  });

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
    const stored = this.#read(this.#resolveStorage(), threadId);
    const result: ListResult = {
      comments: sortByDate(stored.comments, options.sort ?? 'oldest'),
      nextCursor: null,
      total: stored.comments.length,
    };
    const warnings = threadWarnings(stored);
    if (warnings.length > 0) result.warnings = warnings;
    return result;
  }

  /**
   * Validates and stores a new comment. Rejects with `invalid` for bad input, `not-found` when
   * the parent is not in the thread, `unavailable` when storage is blocked or full.
   */
  async create(input: NewComment, options: CallOptions = {}): Promise<Comment> {
    throwIfAborted(options.signal);
    const issues = validateNewComment(input);
    if (issues.length > 0) throw invalidInputError(issues);
    const storage = this.#resolveStorage();
    const stored = this.#read(storage, input.threadId);
    if (input.parentId !== null && !stored.indexOf.has(input.parentId)) throw parentNotFoundError();
    const comment = buildComment(input, new Set(stored.indexOf.keys()));
    this.#write(storage, input.threadId, stored, [...(stored.entries ?? []), comment]);
    return comment;
  }

  /** Replaces a comment's body and sets `updatedAt`. A deleted placeholder cannot be edited. */
  async update(threadId: string, id: string, patch: CommentPatch, options: CallOptions = {}): Promise<Comment> {
    throwIfAborted(options.signal);
    const storage = this.#resolveStorage();
    const stored = this.#read(storage, threadId);
    const index = stored.indexOf.get(id);
    if (index === undefined || stored.entries === null) throw commentNotFoundError();
    const current = stored.comments.find((c) => c.id === id)!;
    if (current.status === 'deleted') throw commentNotFoundError();
    const issues = validateBody(threadId, patch.body);
    if (issues.length > 0) throw invalidInputError(issues);
    const updatedAt = new Date().toISOString();
    const entries = [...stored.entries];
    // Keep fields this version does not know about: another version of the widget may need them.
    entries[index] = { ...(entries[index] as object), body: patch.body, updatedAt };
    this.#write(storage, threadId, stored, entries);
    return { ...current, body: patch.body, updatedAt };
  }

  /**
   * Deletes a comment. One with replies becomes a `deleted` placeholder (empty body, no author);
   * a leaf disappears, and so does a placeholder parent left without replies.
   */
  async remove(threadId: string, id: string, options: CallOptions = {}): Promise<void> {
    throwIfAborted(options.signal);
    const storage = this.#resolveStorage();
    const stored = this.#read(storage, threadId);
    const plan = planRemoval(stored.comments, id);
    if (!plan || stored.entries === null) throw commentNotFoundError();
    const entries: unknown[] = [...stored.entries];
    if (plan.placeholder !== null) {
      const index = stored.indexOf.get(plan.placeholder)!;
      entries[index] = toPlaceholder(stored.comments.find((c) => c.id === plan.placeholder)!);
    }
    const gone = new Set(plan.removed.map((removedId) => stored.indexOf.get(removedId)!));
    this.#write(storage, threadId, stored, entries.filter((_, index) => !gone.has(index)));
  }

  /** Counts the readable comments of each thread, not counting deleted placeholders. */
  async count(threadIds: string[], options: CallOptions = {}): Promise<Record<string, number>> {
    throwIfAborted(options.signal);
    const storage = this.#resolveStorage();
    const counts: Record<string, number> = {};
    for (const threadId of threadIds) {
      counts[threadId] = this.#read(storage, threadId).comments.filter((c) => c.status !== 'deleted').length;
    }
    return counts;
  }

  /**
   * Calls `listener` for every change another document of this origin (another tab, a frame)
   * makes to the thread, until `options.signal` aborts or the returned function is called.
   * When the other document clears all storage, every known comment arrives as `removed`.
   */
  subscribe(threadId: string, listener: (change: ThreadChange) => void, options: CallOptions = {}): () => void {
    const stop = new AbortController();
    const unsubscribe = (): void => stop.abort();
    if (options.signal?.aborted) return unsubscribe;
    options.signal?.addEventListener('abort', unsubscribe, { once: true, signal: stop.signal });
    const deliver = (changes: ThreadChange[]): void => {
      for (const change of changes) {
        if (stop.signal.aborted) return;
        try {
          listener(change);
        } catch (error) {
          reportListenerError(error);
        }
      }
    };
    let storage: Storage;
    try {
      storage = this.#resolveStorage();
    } catch (error) {
      queueMicrotask(() => deliver([{ type: 'error', error: AdapterError.from(error) }]));
      return unsubscribe;
    }
    if (typeof globalThis.addEventListener !== 'function') return unsubscribe;
    const key = threadStorageKey(threadId, this.prefix);
    // What the thread holds, kept current from events and from writes made in this document:
    // a `clear()` elsewhere reports no old value to diff against.
    let known = this.#readQuietly(storage, threadId);
    const onStorage = (event: StorageEvent): void => {
      if (event.storageArea !== storage || (event.key !== null && event.key !== key)) return;
      if (event.key === null) {
        deliver(diffThreads(known, []));
        known = [];
        return;
      }
      const before = parseThread(event.oldValue, threadId).comments;
      const after = parseThread(event.newValue, threadId);
      const changes = diffThreads(before, after.comments);
      if (after.unreadable !== null) changes.push(...threadWarnings(after).map((error) => ({ type: 'error' as const, error })));
      known = after.comments;
      deliver(changes);
    };
    globalThis.addEventListener('storage', onStorage, { signal: stop.signal });
    const watchers = watchersOf(storage, key);
    const watch = (comments: Comment[]): void => {
      known = comments;
    };
    watchers.add(watch);
    stop.signal.addEventListener(
      'abort',
      () => {
        watchers.delete(watch);
        if (watchers.size === 0) localWatchers.get(storage)?.delete(key);
      },
      { once: true },
    );
    return unsubscribe;
  }

  #resolveStorage(): Storage {
    if (this.#storage) return this.#storage;
    let storage: Storage | undefined;
    try {
      storage = globalThis.localStorage;
    } catch (error) {
      // A SecurityError: storage is disabled for this site (blocked cookies, some sandboxes).
      throw new AdapterError('unavailable', UNAVAILABLE_MESSAGE, { retryable: false, cause: error });
    }
    if (!storage) throw new AdapterError('unavailable', UNAVAILABLE_MESSAGE, { retryable: false });
    this.#storage = storage;
    return storage;
  }

  #read(storage: Storage, threadId: string): StoredThread {
    let raw: string | null;
    try {
      raw = storage.getItem(threadStorageKey(threadId, this.prefix));
    } catch (error) {
      throw new AdapterError('unavailable', UNAVAILABLE_MESSAGE, { retryable: false, cause: error });
    }
    return parseThread(raw, threadId);
  }

  #readQuietly(storage: Storage, threadId: string): Comment[] {
    try {
      return this.#read(storage, threadId).comments;
    } catch {
      return [];
    }
  }

  /**
   * Writes a thread's new entries, first moving an unreadable old value aside. All or nothing:
   * when the second write fails, the first is undone.
   */
  #write(storage: Storage, threadId: string, stored: StoredThread, entries: unknown[]): void {
    const key = threadStorageKey(threadId, this.prefix);
    let quarantined: string | null = null;
    try {
      if (stored.unreadable !== null) {
        let time = Date.now();
        while (storage.getItem(quarantineStorageKey(threadId, time, this.prefix)) !== null) time += 1;
        quarantined = quarantineStorageKey(threadId, time, this.prefix);
        storage.setItem(quarantined, stored.unreadable);
      }
      if (entries.length === 0) storage.removeItem(key);
      else storage.setItem(key, JSON.stringify(entries));
    } catch (error) {
      if (quarantined !== null) {
        try {
          storage.removeItem(quarantined);
        } catch {
          // The thread key still holds the unreadable value: nothing is lost.
        }
      }
      throw storageWriteError(error);
    }
    const watchers = localWatchers.get(storage)?.get(key);
    if (watchers?.size) {
      const comments = parseThread(JSON.stringify(entries), threadId).comments;
      for (const watch of watchers) watch(comments);
    }
  }
}

/** Parses a stored thread value; never throws. */
function parseThread(raw: string | null, threadId: string): StoredThread {
  const stored: StoredThread = { entries: null, unreadable: null, comments: [], indexOf: new Map(), skipped: 0 };
  if (raw === null) return stored;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ...stored, unreadable: raw, reason: 'json' };
  }
  if (!Array.isArray(parsed)) return { ...stored, unreadable: raw, reason: 'shape' };
  stored.entries = parsed;
  parsed.forEach((entry, index) => {
    const comment = readComment(entry, threadId);
    if (comment === null || stored.indexOf.has(comment.id)) {
      stored.skipped += 1;
      return;
    }
    stored.indexOf.set(comment.id, index);
    stored.comments.push(comment);
  });
  return stored;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
  if (typeof id !== 'string' || id === '' || entry['threadId'] !== threadId) return null;
  if (parentId !== null && (typeof parentId !== 'string' || parentId === '')) return null;
  if (typeof body !== 'string' || !isIsoDate(createdAt) || !isRecord(author)) return null;
  if (author['name'] !== undefined && typeof author['name'] !== 'string') return null;
  if (status !== undefined && !STATUSES.includes(status as CommentStatus)) return null;
  const comment: Comment = { id, threadId, parentId, author: { name: (author['name'] as string | undefined) ?? '' }, body, createdAt };
  const website = author['website'];
  if (isHttpUrl(website) && website.length <= LIMITS.websiteMax) comment.author.website = website;
  if (isIsoDate(updatedAt)) comment.updatedAt = updatedAt;
  if (status !== undefined) comment.status = status as CommentStatus;
  if (typeof score === 'number' && Number.isFinite(score)) comment.score = score;
  return comment;
}

/** The `corrupt` warnings a read produced: at most one for the value, one for skipped entries. */
function threadWarnings(stored: StoredThread): AdapterError[] {
  const warnings: AdapterError[] = [];
  if (stored.unreadable !== null) {
    const why = stored.reason === 'json' ? 'it is not valid JSON' : 'it is not a list of comments';
    warnings.push(
      new AdapterError(
        'corrupt',
        `The comments saved in this browser for this page could not be read (${why}), so none are shown. ` +
          'The saved data is kept, and set aside before a new comment is saved.',
        { retryable: false },
      ),
    );
  }
  if (stored.skipped > 0) {
    const n = stored.skipped;
    warnings.push(
      new AdapterError(
        'corrupt',
        `${n} saved comment${n === 1 ? '' : 's'} on this page could not be read and ${n === 1 ? 'is' : 'are'} not shown. ` +
          "The data is kept unchanged in this browser's storage.",
        { retryable: false },
      ),
    );
  }
  return warnings;
}

/** The changes that turn `before` into `after`: created and updated in stored order, then removed. */
function diffThreads(before: readonly Comment[], after: readonly Comment[]): ThreadChange[] {
  const old = new Map(before.map((c) => [c.id, c]));
  const now = new Set(after.map((c) => c.id));
  const changes: ThreadChange[] = [];
  for (const comment of after) {
    const previous = old.get(comment.id);
    if (!previous) changes.push({ type: 'created', comment });
    else if (JSON.stringify(previous) !== JSON.stringify(comment)) changes.push({ type: 'updated', comment });
  }
  for (const comment of before) {
    if (!now.has(comment.id)) changes.push({ type: 'removed', id: comment.id });
  }
  return changes;
}

function isQuotaError(error: unknown): boolean {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22 || code === 1014;
}

function storageWriteError(error: unknown): AdapterError {
  if (isQuotaError(error)) return new AdapterError('unavailable', QUOTA_MESSAGE, { retryable: false, cause: error });
  return new AdapterError('unavailable', UNAVAILABLE_MESSAGE, { retryable: false, cause: error });
}
