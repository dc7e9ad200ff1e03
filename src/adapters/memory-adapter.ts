/**
 * An adapter that keeps comments in memory: for tests, demos and documentation. Everything is
 * gone when the page reloads, and {@link AdapterCapabilities.persistence} says so honestly.
 *
 * @module
 */
import { checkInput, copyComment, countResult, editComment, listResult, newComment, planRemoval, subscription } from './comment-ops.js';
import {
  throwIfAborted,
  type AdapterCapabilities,
  type CallOptions,
  type Comment,
  type CommentPatch,
  type ListOptions,
  type ListResult,
  type NewComment,
  type StorageAdapter,
  type ThreadChange,
} from './storage-adapter.js';

/** Options of {@link MemoryAdapter}. */
export interface MemoryAdapterOptions {
  /** Comments to start with (copied; each goes to the thread its `threadId` names). */
  comments?: Comment[];
  /**
   * Milliseconds every call waits before doing its work, to show loading states and to test
   * aborts. The wait ends early, with an `AbortError`, when the call's signal aborts.
   */
  latency?: number;
}

/**
 * A complete {@link StorageAdapter} over a `Map` in memory. Changes made through one instance
 * are pushed to the subscribers of that same instance, so two widgets sharing an instance stay
 * in sync. Every comment handed out is a copy (its strings shared, being immutable): callers
 * cannot change the store by mutating it.
 *
 * @example
 * ```ts
 * const thread = document.querySelector('comment-thread')!;
 * thread.adapter = new MemoryAdapter({ latency: 300 });
 * ```
 */
export class MemoryAdapter implements StorageAdapter {
  /** In memory only; editing, removing and live updates are supported; no votes, no paging. */
  readonly capabilities: AdapterCapabilities = Object.freeze({
    persistence: 'memory',
    edit: true,
    remove: true,
    vote: false,
    live: true,
    paging: false,
  });

  /**
   * The comments of each thread. Stored comments are never mutated (a change stores a new
   * object), so a change can be handed to subscribers later without copying it first.
   */
  readonly #threads = new Map<string, Comment[]>();
  /** One function per subscription, told about every change. */
  readonly #watchers = new Set<(threadId: string, change: ThreadChange) => void>();
  /** Thread and id of the comment stored per `NewComment.idempotencyKey`, so a retried post is stored once. */
  readonly #idempotency = new Map<string, [threadId: string, id: string]>();
  readonly #latency: number;

  constructor(options: MemoryAdapterOptions = {}) {
    this.#latency = Math.max(0, options.latency ?? 0);
    for (const comment of options.comments ?? []) {
      const thread = this.#threads.get(comment.threadId);
      if (thread) thread.push(copyComment(comment));
      else this.#threads.set(comment.threadId, [copyComment(comment)]);
    }
  }

  /** Returns the whole thread (no paging), oldest or newest first by `createdAt`. */
  async list(threadId: string, options: ListOptions = {}): Promise<ListResult> {
    await this.#wait(options.signal);
    return listResult(this.#thread(threadId).map(copyComment), options.sort);
  }

  /**
   * Validates and stores a new comment. Rejects with `invalid` (and the offending `field`) for
   * bad input and `not-found` when the parent comment is not in the thread.
   */
  async create(input: NewComment, options: CallOptions = {}): Promise<Comment> {
    await this.#wait(options.signal);
    checkInput(input);
    const { threadId, idempotencyKey } = input;
    const known = idempotencyKey ? this.#idempotency.get(idempotencyKey) : undefined;
    const existing = known && this.#thread(known[0]).find((c) => c.id === known[1]);
    if (existing) return copyComment(existing);
    const thread = this.#thread(threadId);
    const comment = newComment(thread, input);
    this.#threads.set(threadId, [...thread, comment]);
    if (idempotencyKey) this.#idempotency.set(idempotencyKey, [threadId, comment.id]);
    this.#emit(threadId, { type: 'created', comment });
    return copyComment(comment);
  }

  /** Replaces a comment's body and sets `updatedAt`. A deleted placeholder cannot be edited. */
  async update(threadId: string, id: string, patch: CommentPatch, options: CallOptions = {}): Promise<Comment> {
    await this.#wait(options.signal);
    const comment = editComment(this.#thread(threadId), id, patch.body);
    this.#replace(threadId, new Map([[id, comment]]));
    return copyComment(comment);
  }

  /**
   * Deletes a comment. One with replies becomes a `deleted` placeholder (empty body, no author);
   * a leaf disappears, and so does a placeholder parent left without replies.
   */
  async remove(threadId: string, id: string, options: CallOptions = {}): Promise<void> {
    await this.#wait(options.signal);
    this.#replace(threadId, planRemoval(this.#thread(threadId), id));
  }

  /** Counts the comments of each thread, not counting deleted placeholders. */
  async count(threadIds: string[], options: CallOptions = {}): Promise<Record<string, number>> {
    await this.#wait(options.signal);
    return countResult(threadIds, (threadId) => this.#thread(threadId));
  }

  /**
   * Calls `listener` (in a microtask) for every change made through this instance to the
   * thread, until `options.signal` aborts or the returned function is called.
   */
  subscribe(threadId: string, listener: (change: ThreadChange) => void, options: CallOptions = {}): () => void {
    return subscription(listener, options, (deliver, ended) => {
      const watch = (changed: string, change: ThreadChange): void => {
        // Each subscriber gets its own copy.
        if (changed === threadId) queueMicrotask(() => deliver('comment' in change ? { ...change, comment: copyComment(change.comment) } : { ...change }));
      };
      this.#watchers.add(watch);
      ended.addEventListener('abort', () => this.#watchers.delete(watch));
    });
  }

  #thread(threadId: string): Comment[] {
    return this.#threads.get(threadId) ?? [];
  }

  /** Replaces comments of a thread by id (removes those mapped to `null`) and tells subscribers. */
  #replace(threadId: string, changes: Map<string, Comment | null>): void {
    this.#threads.set(
      threadId,
      this.#thread(threadId).flatMap((c) => (changes.has(c.id) ? (changes.get(c.id) ?? []) : c)),
    );
    for (const [id, comment] of changes) this.#emit(threadId, comment ? { type: 'updated', comment } : { type: 'removed', id });
  }

  #emit(threadId: string, change: ThreadChange): void {
    for (const watch of this.#watchers) watch(threadId, change);
  }

  async #wait(signal: AbortSignal | undefined): Promise<void> {
    throwIfAborted(signal);
    if (this.#latency > 0) {
      // Ends early, with the signal's AbortError, when the call is aborted.
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          clearTimeout(timer);
          try {
            throwIfAborted(signal);
          } catch (error) {
            reject(error);
          }
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, this.#latency);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
  }
}
