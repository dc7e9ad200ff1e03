/**
 * An adapter that keeps comments in memory: for tests, demos and documentation. Everything is
 * gone when the page reloads, and {@link AdapterCapabilities.persistence} says so honestly.
 *
 * @module
 */
import { compareKeys, compareKeysIn, decodeCursor, encodeCursor, keyOf, searchKeys, type PageKey } from '../core/paging.js';
import { MEMORY_CAPABILITIES } from './capabilities.js';
import { checkInput, editComment, newComment, planRemoval, voteOn } from './comment-ops.js';
import { isMention } from '../core/mentions.js';
import { listResult } from './comment-reads.js';
import { copyComment, countResult, pathTo, sharedCopy, subscription } from './local-reads.js';
import {
  AdapterError,
  throwIfAborted,
  type AdapterCapabilities,
  type CallOptions,
  type Comment,
  type CommentPatch,
  type CommentPath,
  type ListOptions,
  type ListResult,
  type NewComment,
  type SortOrder,
  type StorageAdapter,
  type ThreadChange,
} from './storage-adapter.js';

/** Options of {@link MemoryAdapter}. */
export interface MemoryAdapterOptions {
  /**
   * Comments to start with (copied; each goes to the thread its `threadId` names), with their
   * `score`, `pinned` and the visitor's own vote (`myVote`) as given.
   */
  comments?: Comment[];
  /**
   * Milliseconds every call waits before doing its work, to show loading states and to test
   * aborts. The wait ends early, with an `AbortError`, when the call's signal aborts.
   */
  latency?: number;
}

/**
 * A thread as the adapter keeps it: its comments, and the index `list` pages them with, kept up
 * to date by every change so that no read sorts or copies the whole thread.
 */
interface StoredThread {
  /**
   * Every comment by id, in the order stored (seeded, then created): what `list` without
   * paging sorts. Stored comments are never mutated (a change stores a new object), so a change
   * can be handed to subscribers later without copying it first.
   */
  readonly byId: Map<string, Comment>;
  /** For each id, the ids of the comments whose `parentId` names it, whether it is in the thread or not. */
  readonly replies: Map<string, string[]>;
  /**
   * The keys of the top-level comments, ascending: those without a parent, answering
   * themselves, or answering a comment that is not in the thread (as `core/tree.ts` places them).
   */
  readonly tops: PageKey[];
  /** Ids of the mentions (pingbacks, trackbacks, webmentions): not paged, all on the first page. */
  readonly mentions: Set<string>;
  /** Ids of the comments stored with `pinned: true`; while there is none, paging needs no sort. */
  readonly pinned: Set<string>;
  /**
   * Ids of the comments no top-level comment leads to (they sit on, or below, a cycle of
   * parents in seeded data), or `null` when a change made them unknown: worked out again when a
   * last page needs them.
   */
  stranded: Set<string> | null;
}

/** Whether `comment` is a top-level comment in `thread` (see {@link StoredThread.tops}); mentions are not. */
function isTop(thread: StoredThread, comment: Comment): boolean {
  const { parentId } = comment;
  return !isMention(comment) && (parentId === null || parentId === comment.id || !thread.byId.has(parentId));
}

/** Inserts a top-level comment's key in its place. */
function addTop(thread: StoredThread, comment: Comment): void {
  const key = keyOf(comment);
  thread.tops.splice(searchKeys(thread.tops, key), 0, key);
}

/** Takes a top-level comment's key out (its `createdAt` and id are what they were when it was added). */
function removeTop(thread: StoredThread, comment: Comment): void {
  const key = keyOf(comment);
  const index = searchKeys(thread.tops, key, true);
  if (thread.tops[index]?.id === key.id) thread.tops.splice(index, 1);
}

/** The replies of comment `id`, leaving out a comment that answers itself. */
function repliesOf(thread: StoredThread, id: string): string[] {
  return (thread.replies.get(id) ?? []).filter((reply) => reply !== id);
}

/** Notes whether `comment` (stored in `thread`) is pinned. */
function notePin(thread: StoredThread, comment: Comment): void {
  if (comment.pinned) thread.pinned.add(comment.id);
  else thread.pinned.delete(comment.id);
}

/** Indexes comments (by id, in stored order) as a thread. */
function indexThread(byId: Map<string, Comment>): StoredThread {
  const thread: StoredThread = { byId, replies: new Map(), tops: [], mentions: new Set(), pinned: new Set(), stranded: null };
  for (const comment of byId.values()) {
    if (isMention(comment)) thread.mentions.add(comment.id);
    notePin(thread, comment);
    if (comment.parentId !== null) {
      const siblings = thread.replies.get(comment.parentId);
      if (siblings) siblings.push(comment.id);
      else thread.replies.set(comment.parentId, [comment.id]);
    }
    if (isTop(thread, comment)) thread.tops.push(keyOf(comment));
  }
  thread.tops.sort(compareKeys);
  return thread;
}

/**
 * A complete {@link StorageAdapter} over a `Map` in memory. Changes made through one instance
 * are pushed to the subscribers of that same instance, so two widgets sharing an instance stay
 * in sync. Every comment handed out is a copy (its strings shared, being immutable): callers
 * cannot change the store by mutating it.
 *
 * `list` pages like the reference server: a page is the next `limit` top-level comments, each
 * with all of its replies (the first page also brings every mention), and its cursor names the last of them, so comments added between two
 * reads neither repeat nor push others out. Each thread keeps its top-level comments sorted by
 * time and its replies by parent, so a page costs what it returns, however long the thread;
 * only the `top` order, or a thread with a pinned comment, sorts its top-level comments for
 * each page.
 *
 * The instance has one visitor: its votes (`vote`) are theirs, and every comment it hands out
 * carries their vote as `myVote` (but live changes, which are everyone's, do not).
 *
 * @example
 * ```ts
 * const thread = document.querySelector('comment-thread')!;
 * thread.adapter = new MemoryAdapter({ latency: 300 });
 * ```
 */
export class MemoryAdapter implements StorageAdapter {
  /** In memory only; editing, removing, votes, live updates and paging are supported. */
  readonly capabilities: AdapterCapabilities = MEMORY_CAPABILITIES;

  /** Each thread with its index. */
  readonly #threads = new Map<string, StoredThread>();
  /** One function per subscription, told about every change. */
  readonly #watchers = new Set<(threadId: string, change: ThreadChange) => void>();
  /** Thread and id of the comment stored per `NewComment.idempotencyKey`, so a retried post is stored once. */
  readonly #idempotency = new Map<string, [threadId: string, id: string]>();
  readonly #latency: number;

  /**
   * Seeds the threads from `options.comments` (copied). Within a thread a duplicate id keeps
   * its last occurrence, as the widget's tree does.
   */
  constructor(options: MemoryAdapterOptions = {}) {
    this.#latency = Math.max(0, options.latency ?? 0);
    const seeded = new Map<string, Map<string, Comment>>();
    for (const comment of options.comments ?? []) {
      const thread = seeded.get(comment.threadId);
      if (thread) thread.set(comment.id, copyComment(comment));
      else seeded.set(comment.threadId, new Map([[comment.id, copyComment(comment)]]));
    }
    for (const [threadId, byId] of seeded) this.#threads.set(threadId, indexThread(byId));
  }

  /**
   * Reads a thread, whole or by pages of top-level comments.
   *
   * - Without `limit` and `cursor`: the whole thread in `sort` order (`core/order.ts`: pinned
   *   first, then by `createdAt` and id, oldest or newest first, or by score for `top`), and
   *   `nextCursor: null`.
   * - With `limit`: the next `limit` top-level comments after `cursor` (from the start without
   *   one) in `sort` order, each with all of its replies at any
   *   depth, in no particular order, and on the first page every mention (pingbacks,
   *   trackbacks, webmentions), which are not paged. `nextCursor` continues after the last of them, or is
   *   `null` when no top-level comment follows; the last page also brings the comments no
   *   top-level comment leads to (a cycle of parents), so that following the cursors returns
   *   every comment exactly once.
   * - With `cursor` and no `limit`: everything after the cursor, as one last page.
   *
   * A fractional `limit` is rounded down to at least 1; `0` or `NaN` count as no limit.
   *
   * A top-level comment has no parent, answers itself, or answers a comment not in the thread.
   * `total` is the number of comments in the thread, placeholders included, and `mentions`
   * the number of mentions. A cursor is only
   * good for the `sort` it was given for; anything else rejects with `invalid`.
   */
  async list(threadId: string, options: ListOptions = {}): Promise<ListResult> {
    await this.#wait(options.signal);
    const thread = this.#thread(threadId);
    if (!options.limit && !options.cursor) return listResult([...thread.byId.values()].map(copyComment), options.sort);
    const sort: SortOrder = options.sort === 'newest' || options.sort === 'top' ? options.sort : 'oldest';
    let after: PageKey | null = null;
    if (options.cursor) {
      after = decodeCursor(sort, options.cursor);
      if (!after) {
        throw new AdapterError('invalid', `The list cursor is not one this adapter gave out for the ${sort} order.`, { field: 'cursor', retryable: false });
      }
    }
    return this.#page(thread, sort, after, options.limit ? Math.max(1, Math.floor(options.limit)) : Infinity);
  }

  /** The comment whose id or alias is `idOrAlias`, with the comments above it, or `null`. */
  async get(threadId: string, idOrAlias: string, options: CallOptions = {}): Promise<CommentPath | null> {
    await this.#wait(options.signal);
    return pathTo([...this.#thread(threadId).byId.values()], idOrAlias);
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
    const existing = known && this.#threads.get(known[0])?.byId.get(known[1]);
    if (existing) return copyComment(existing);
    const thread = this.#thread(threadId);
    const comment = newComment(thread.byId, input);
    this.#threads.set(threadId, thread);
    this.#add(thread, comment);
    if (idempotencyKey) this.#idempotency.set(idempotencyKey, [threadId, comment.id]);
    this.#emit(threadId, { type: 'created', comment });
    return copyComment(comment);
  }

  /** Replaces a comment's body and sets `updatedAt`. A deleted placeholder cannot be edited. */
  async update(threadId: string, id: string, patch: CommentPatch, options: CallOptions = {}): Promise<Comment> {
    await this.#wait(options.signal);
    const comment = editComment(this.#thread(threadId).byId, id, patch.body);
    this.#replace(threadId, new Map([[id, comment]]));
    return copyComment(comment);
  }

  /**
   * Casts the visitor's vote on a comment: 1 up, -1 down, 0 to withdraw it; voting the same
   * again changes nothing. The score moves by the difference from the visitor's previous vote
   * (`myVote`); subscribers hear the new score. Rejects with `invalid` for another value,
   * `not-found` for a missing comment, `conflict` for a deleted placeholder, a pending comment
   * or a mention.
   */
  async vote(threadId: string, id: string, value: 1 | 0 | -1, options: CallOptions = {}): Promise<Comment> {
    await this.#wait(options.signal);
    const thread = this.#thread(threadId);
    const comment = voteOn(thread.byId, id, value);
    // The same vote again: nothing changes, and nobody is told.
    if (thread.byId.get(id)!.myVote === comment.myVote) return copyComment(thread.byId.get(id)!);
    this.#replace(threadId, new Map([[id, comment]]));
    return copyComment(comment);
  }

  /**
   * Pins a top-level comment, or unpins it (`pinned` false), as a site's moderator would: pinned
   * comments come before the others in every order. Not part of {@link StorageAdapter}: for
   * tests and demos (the reference server pins through its admin API). Subscribers hear the
   * change. Rejects with `not-found` for a missing comment and `conflict` for one that cannot be
   * pinned: a reply, a mention, a comment that is not published.
   */
  async pin(threadId: string, id: string, pinned = true, options: CallOptions = {}): Promise<Comment> {
    await this.#wait(options.signal);
    const thread = this.#thread(threadId);
    const comment = thread.byId.get(id);
    if (!comment) throw new AdapterError('not-found', 'There is no such comment.');
    if (pinned && (!isTop(thread, comment) || (comment.status ?? 'published') !== 'published')) {
      throw new AdapterError('conflict', 'Only a published top-level comment can be pinned.');
    }
    const { pinned: _was, ...rest } = comment;
    const changed: Comment = pinned ? { ...rest, pinned } : rest;
    this.#replace(threadId, new Map([[id, changed]]));
    return copyComment(changed);
  }

  /**
   * Deletes a comment. One with replies becomes a `deleted` placeholder (empty body, no author);
   * a leaf disappears, and so does a placeholder parent left without replies.
   */
  async remove(threadId: string, id: string, options: CallOptions = {}): Promise<void> {
    await this.#wait(options.signal);
    this.#replace(threadId, planRemoval([...this.#thread(threadId).byId.values()], id));
  }

  /** Counts the published comments of each thread (no mentions, no placeholders, nothing pending). */
  async count(threadIds: string[], options: CallOptions = {}): Promise<Record<string, number>> {
    await this.#wait(options.signal);
    return countResult(threadIds, (threadId) => [...this.#thread(threadId).byId.values()]);
  }

  /**
   * Calls `listener` (in a microtask) for every change made through this instance to the
   * thread, until `options.signal` aborts or the returned function is called. A change carries
   * no `myVote`, as a server's does not: the listener keeps the one it knows.
   */
  subscribe(threadId: string, listener: (change: ThreadChange) => void, options: CallOptions = {}): () => void {
    return subscription(listener, options, (deliver, ended) => {
      const watch = (changed: string, change: ThreadChange): void => {
        // Each subscriber gets its own copy.
        if (changed === threadId) queueMicrotask(() => deliver('comment' in change ? { ...change, comment: sharedCopy(change.comment) } : { ...change }));
      };
      this.#watchers.add(watch);
      ended.addEventListener('abort', () => this.#watchers.delete(watch));
    });
  }

  /** The stored thread, or a new empty one (not stored until something is added to it). */
  #thread(threadId: string): StoredThread {
    return this.#threads.get(threadId) ?? indexThread(new Map());
  }

  /**
   * One page: up to `limit` top-level comments after `after` in `sort` order with all their
   * replies (copied), and the stranded comments when it is the last page.
   */
  #page(thread: StoredThread, sort: SortOrder, after: PageKey | null, limit: number): ListResult {
    const { tops, byId } = thread;
    let page: PageKey[] = [];
    let more: boolean;
    if (sort === 'top' || thread.pinned.size > 0 || after?.pinned) {
      // Scores and pins change while a comment's time does not: the keys in this order are
      // made for the page, each with its comment's pin and score (which its cursor then names).
      const compare = (a: PageKey, b: PageKey): number => compareKeysIn(sort, a, b);
      const keys = tops
        .map((key): PageKey => {
          const { pinned, score } = byId.get(key.id)!;
          return { ...key, pinned: pinned === true, score: score ?? 0 };
        })
        .sort(compare);
      const from = after ? searchKeys(keys, after, false, compare) : 0;
      page = keys.slice(from, from + limit);
      more = from + limit < keys.length;
    } else if (sort === 'newest') {
      // Descending: the tops before `after`, from the one just before it down.
      const from = (after ? searchKeys(tops, after, true) : tops.length) - 1;
      const to = Math.max(-1, from - limit);
      for (let i = from; i > to; i--) page.push(tops[i]!);
      more = to >= 0;
    } else {
      const from = after ? searchKeys(tops, after) : 0;
      const to = Math.min(tops.length, from + limit);
      for (let i = from; i < to; i++) page.push(tops[i]!);
      more = to < tops.length;
    }
    // Each top-level comment and everything below it, depth first without recursion. Below a
    // top-level comment the replies form a tree (every comment has one parent), so no comment
    // is reached twice.
    const ids: string[] = after ? [] : [...thread.mentions];
    for (const top of page) {
      ids.push(top.id);
      const stack = [top.id];
      while (stack.length > 0) {
        for (const reply of repliesOf(thread, stack.pop()!)) {
          ids.push(reply);
          stack.push(reply);
        }
      }
    }
    if (!more) ids.push(...this.#stranded(thread));
    const comments = ids.map((id) => copyComment(byId.get(id)!));
    return { comments, nextCursor: more ? encodeCursor(sort, page.at(-1)!) : null, total: byId.size - thread.mentions.size, mentions: thread.mentions.size };
  }

  /** {@link StoredThread.stranded}, worked out when unknown: all comments minus those reached from the top-level ones. */
  #stranded(thread: StoredThread): Set<string> {
    if (thread.stranded) return thread.stranded;
    const reached = new Set<string>();
    const stack = thread.tops.map((key) => key.id);
    for (const id of stack) reached.add(id);
    while (stack.length > 0) {
      for (const reply of repliesOf(thread, stack.pop()!)) {
        reached.add(reply);
        stack.push(reply);
      }
    }
    const stranded = new Set<string>();
    if (reached.size + thread.mentions.size < thread.byId.size) for (const id of thread.byId.keys()) if (!reached.has(id) && !thread.mentions.has(id)) stranded.add(id);
    return (thread.stranded = stranded);
  }

  /** Adds a comment (with an id new to the thread) and updates the index. */
  #add(thread: StoredThread, comment: Comment): void {
    const { id, parentId } = comment;
    thread.byId.set(id, comment);
    notePin(thread, comment);
    if (isMention(comment)) thread.mentions.add(id);
    if (parentId !== null) {
      const siblings = thread.replies.get(parentId);
      if (siblings) siblings.push(id);
      else thread.replies.set(parentId, [id]);
    }
    const top = isTop(thread, comment);
    if (top) addTop(thread, comment);
    // Comments that answered this id while it was not in the thread were top-level; now they are its replies.
    const adopted = repliesOf(thread, id);
    for (const reply of adopted) removeTop(thread, thread.byId.get(reply)!);
    if (adopted.length > 0) thread.stranded = null;
    else if (!top && thread.stranded?.has(parentId!)) thread.stranded.add(id);
  }

  /** Deletes comment `id` and updates the index: its replies, if any, become top-level. */
  #delete(thread: StoredThread, id: string): void {
    const comment = thread.byId.get(id);
    if (!comment) return;
    if (isTop(thread, comment)) removeTop(thread, comment);
    thread.byId.delete(id);
    thread.mentions.delete(id);
    thread.pinned.delete(id);
    const { parentId } = comment;
    if (parentId !== null) {
      const siblings = thread.replies.get(parentId) ?? [];
      siblings.splice(siblings.indexOf(id), 1);
      if (siblings.length === 0) thread.replies.delete(parentId);
    }
    const orphaned = repliesOf(thread, id);
    for (const reply of orphaned) addTop(thread, thread.byId.get(reply)!);
    if (orphaned.length > 0) thread.stranded = null;
    else thread.stranded?.delete(id);
  }

  /** Replaces comments of a thread by id (removes those mapped to `null`) and tells subscribers. */
  #replace(threadId: string, changes: Map<string, Comment | null>): void {
    const thread = this.#thread(threadId);
    for (const [id, comment] of changes) {
      const old = thread.byId.get(id);
      if (!comment) this.#delete(thread, id);
      else if (old && old.parentId === comment.parentId && old.createdAt === comment.createdAt) {
        thread.byId.set(id, comment);
        notePin(thread, comment);
      } else {
        // Never done by the operations of comment-ops.ts, which keep a comment's place.
        this.#delete(thread, id);
        this.#add(thread, comment);
      }
    }
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
