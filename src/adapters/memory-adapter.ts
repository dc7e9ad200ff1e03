/**
 * An adapter that keeps comments in memory: for tests, demos and documentation. Everything is
 * gone when the page reloads, and {@link AdapterCapabilities.persistence} says so honestly.
 *
 * @module
 */
import { validateNewComment } from '../core/validate.js';
import {
  abortableDelay,
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

interface Subscription {
  threadId: string;
  listener: (change: ThreadChange) => void;
  /** Aborts when the subscription ends. */
  signal: AbortSignal;
}

/**
 * A complete {@link StorageAdapter} over a `Map` in memory. Changes made through one instance
 * are pushed to the subscribers of that same instance, so two widgets sharing an instance stay
 * in sync. Every comment handed out is a copy: callers cannot change the store by mutating it.
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

  readonly #threads = new Map<string, Comment[]>();
  readonly #subscriptions = new Set<Subscription>();
  /** Comment id per `NewComment.idempotencyKey`, so a retried post is stored once. */
  readonly #idempotency = new Map<string, { threadId: string; id: string }>();
  readonly #latency: number;

  constructor(options: MemoryAdapterOptions = {}) {
    this.#latency = Math.max(0, options.latency ?? 0);
    for (const comment of options.comments ?? []) {
      this.#threads.set(comment.threadId, [...this.#thread(comment.threadId), copy(comment)]);
    }
  }

  /** Returns the whole thread (no paging), oldest or newest first by `createdAt`. */
  async list(threadId: string, options: ListOptions = {}): Promise<ListResult> {
    await this.#wait(options.signal);
    const comments = sortByDate(this.#thread(threadId), options.sort ?? 'oldest').map(copy);
    return { comments, nextCursor: null, total: comments.length };
  }

  /**
   * Validates and stores a new comment. Rejects with `invalid` (and the offending `field`) for
   * bad input and `not-found` when the parent comment is not in the thread.
   */
  async create(input: NewComment, options: CallOptions = {}): Promise<Comment> {
    await this.#wait(options.signal);
    const issues = validateNewComment(input);
    if (issues.length > 0) throw invalidInputError(issues);
    const known = input.idempotencyKey ? this.#idempotency.get(input.idempotencyKey) : undefined;
    if (known) {
      const existing = this.#find(known.threadId, known.id);
      if (existing) return copy(existing);
    }
    const thread = this.#thread(input.threadId);
    if (input.parentId !== null && !thread.some((c) => c.id === input.parentId)) throw parentNotFoundError();
    const comment = buildComment(input, new Set(thread.map((c) => c.id)));
    this.#threads.set(input.threadId, [...thread, comment]);
    if (input.idempotencyKey) this.#idempotency.set(input.idempotencyKey, { threadId: input.threadId, id: comment.id });
    this.#emit(input.threadId, { type: 'created', comment });
    return copy(comment);
  }

  /** Replaces a comment's body and sets `updatedAt`. A deleted placeholder cannot be edited. */
  async update(threadId: string, id: string, patch: CommentPatch, options: CallOptions = {}): Promise<Comment> {
    await this.#wait(options.signal);
    const comment = this.#find(threadId, id);
    if (!comment || comment.status === 'deleted') throw commentNotFoundError();
    const issues = validateBody(threadId, patch.body);
    if (issues.length > 0) throw invalidInputError(issues);
    comment.body = patch.body;
    comment.updatedAt = new Date().toISOString();
    this.#emit(threadId, { type: 'updated', comment });
    return copy(comment);
  }

  /**
   * Deletes a comment. One with replies becomes a `deleted` placeholder (empty body, no author);
   * a leaf disappears, and so does a placeholder parent left without replies.
   */
  async remove(threadId: string, id: string, options: CallOptions = {}): Promise<void> {
    await this.#wait(options.signal);
    const thread = this.#thread(threadId);
    const plan = planRemoval(thread, id);
    if (!plan) throw commentNotFoundError();
    if (plan.placeholder !== null) {
      const comment = thread.find((c) => c.id === plan.placeholder)!;
      Object.assign(comment, toPlaceholder(comment));
      this.#emit(threadId, { type: 'updated', comment });
    }
    for (const removedId of plan.removed) {
      thread.splice(thread.findIndex((c) => c.id === removedId), 1);
      this.#emit(threadId, { type: 'removed', id: removedId });
    }
  }

  /** Counts the comments of each thread, not counting deleted placeholders. */
  async count(threadIds: string[], options: CallOptions = {}): Promise<Record<string, number>> {
    await this.#wait(options.signal);
    const counts: Record<string, number> = {};
    for (const threadId of threadIds) {
      counts[threadId] = this.#thread(threadId).filter((c) => c.status !== 'deleted').length;
    }
    return counts;
  }

  /**
   * Calls `listener` (in a microtask) for every change made through this instance to the
   * thread, until `options.signal` aborts or the returned function is called.
   */
  subscribe(threadId: string, listener: (change: ThreadChange) => void, options: CallOptions = {}): () => void {
    const stop = new AbortController();
    const subscription: Subscription = { threadId, listener, signal: stop.signal };
    const unsubscribe = (): void => {
      stop.abort();
      this.#subscriptions.delete(subscription);
    };
    if (options.signal?.aborted) return unsubscribe;
    this.#subscriptions.add(subscription);
    options.signal?.addEventListener('abort', unsubscribe, { once: true, signal: stop.signal });
    return unsubscribe;
  }

  #thread(threadId: string): Comment[] {
    return this.#threads.get(threadId) ?? [];
  }

  #find(threadId: string, id: string): Comment | undefined {
    return this.#thread(threadId).find((c) => c.id === id);
  }

  #emit(threadId: string, change: ThreadChange): void {
    // Copy now: the store may change again before the microtask runs.
    const snapshot: ThreadChange = 'comment' in change ? { ...change, comment: copy(change.comment) } : change;
    for (const subscription of this.#subscriptions) {
      if (subscription.threadId !== threadId) continue;
      queueMicrotask(() => {
        if (subscription.signal.aborted) return;
        try {
          subscription.listener('comment' in snapshot ? { ...snapshot, comment: copy(snapshot.comment) } : snapshot);
        } catch (error) {
          reportListenerError(error);
        }
      });
    }
  }

  async #wait(signal: AbortSignal | undefined): Promise<void> {
    throwIfAborted(signal);
    if (this.#latency > 0) await abortableDelay(this.#latency, signal);
  }
}

function copy(comment: Comment): Comment {
  return structuredClone(comment);
}
