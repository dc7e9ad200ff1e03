import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  AdapterError,
  isAbortError,
  type Comment,
  type NewComment,
  type SortOrder,
  type StorageAdapter,
  type ThreadChange,
} from '../adapters/storage-adapter.js';
import { randomId } from '../core/id.js';
import { CommentPostedEvent } from '../events/comment-posted-event.js';
import { ThreadLoadedEvent } from '../events/thread-loaded-event.js';
import { ThreadErrorEvent, type ThreadOperation } from '../events/thread-error-event.js';
import type { ResyncPlan } from './resync.js';

/** Where a thread's comments come from. */
export interface ThreadSource {
  adapter: StorageAdapter;
  threadId: string;
  sort: SortOrder;
  /** Page size asked of adapters that page. */
  pageSize: number;
}

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface ThreadControllerOptions {
  /** Called for each comment that arrived through `subscribe` (made elsewhere). */
  onRemoteComment?: (comment: Comment) => void;
}

const PENDING_PREFIX = 'pending:';

/**
 * Owns a thread's data and all async work on it: loading and paging through the adapter,
 * optimistic posting with rollback, live changes through `subscribe`. Everything is cancelled
 * when the host disconnects or the source changes. The host renders `comments`, `status`,
 * `error` and `warnings`, and re-derives anything it memoizes when `revision` changes.
 */
export class ThreadController implements ReactiveController {
  status: LoadStatus = 'idle';
  /** Why the last load failed (status `error`), or why loading more failed. */
  error: AdapterError | null = null;
  /** Non-fatal problems of the last load, such as corrupt stored entries that were skipped. */
  warnings: AdapterError[] = [];
  /** The adapter has further pages. */
  hasMore = false;
  loadingMore = false;
  /**
   * The rest of a local thread is being read, after its first page was painted (see
   * {@link loadRest}): there is no "show more" to offer meanwhile.
   */
  loadingRest = false;
  /** Settles when the rest of a local thread has been read (at once when there is none to read). */
  restLoaded: Promise<void> = Promise.resolve();
  /** Comments in the whole thread, as the adapter last said (it may not know), or null. */
  total: number | null = null;
  /** Increases with every change to `comments`. */
  revision = 0;
  /**
   * The comment the last change added, when that change added just one new comment (at
   * `revision`): lets the thread's tree grow by one instead of being rebuilt.
   */
  lastAdded: { revision: number; comment: Comment } | null = null;
  /** The thread's comments by id, including optimistic ones still being posted. */
  readonly comments = new Map<string, Comment>();

  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly options: ThreadControllerOptions;
  private source: ThreadSource | null = null;
  private cursor: string | null = null;
  private lifetime: AbortController | null = null;
  private connected = false;

  constructor(host: ReactiveControllerHost & HTMLElement, options: ThreadControllerOptions = {}) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    if (this.source) this.start();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.lifetime?.abort();
    this.lifetime = null;
  }

  /** Points the controller at a thread; reloads only when something that matters changed. */
  setSource(source: ThreadSource): void {
    const old = this.source;
    this.source = source;
    const same =
      old &&
      old.adapter === source.adapter &&
      old.threadId === source.threadId &&
      // Another order needs the adapter only while it has pages not read yet.
      (old.sort === source.sort || !source.adapter.capabilities.paging || !this.hasMore);
    if (!same && this.connected) this.start();
  }

  /** True for a comment shown optimistically while its post is under way. */
  isPending(id: string): boolean {
    return id.startsWith(PENDING_PREFIX);
  }

  /** Loads the thread again from the start (the "Try again" of a failed load). */
  reload(): void {
    if (this.connected && this.source) this.start();
  }

  /** Loads the adapter's next page. */
  async loadMore(): Promise<void> {
    const source = this.source;
    const signal = this.lifetime?.signal;
    if (!source || !signal || !this.hasMore || this.loadingMore) return;
    this.loadingMore = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      await this.fetchPage(source, signal);
    } catch (error) {
      if (signal.aborted || isAbortError(error)) return;
      this.error = this.report('load', error);
    } finally {
      if (!signal.aborted) {
        this.loadingMore = false;
        this.host.requestUpdate();
      }
    }
  }

  /**
   * Posts a comment: it shows at once as pending, is replaced by the stored comment when the
   * adapter answers, and is removed again when it fails. Rejects with an AdapterError.
   */
  async post(input: NewComment): Promise<Comment> {
    const source = this.source;
    const signal = this.lifetime?.signal;
    if (!source || !signal) throw new AdapterError('unavailable', 'The comment thread is not connected to a page.');
    const tempId = `${PENDING_PREFIX}${randomId()}`;
    const temp: Comment = {
      id: tempId,
      threadId: input.threadId,
      parentId: input.parentId,
      author: { ...input.author },
      body: input.body,
      createdAt: new Date().toISOString(),
    };
    this.change(() => this.comments.set(tempId, temp), temp);
    try {
      const saved = await source.adapter.create(input, { signal });
      this.change(() => {
        this.comments.delete(tempId);
        this.comments.set(saved.id, saved);
      });
      this.host.dispatchEvent(new CommentPostedEvent(saved));
      return saved;
    } catch (error) {
      this.change(() => this.comments.delete(tempId));
      throw this.failed('post', error);
    }
  }

  /** Changes a comment's body through the adapter. Rejects with an AdapterError. */
  async edit(id: string, body: string): Promise<Comment> {
    const { adapter, threadId, signal } = this.writable('edit');
    if (!adapter.update) throw this.report('edit', new AdapterError('forbidden', 'Comments cannot be edited here.'));
    try {
      const saved = await adapter.update(threadId, id, { body }, { signal });
      this.change(() => this.comments.set(saved.id, saved));
      return saved;
    } catch (error) {
      throw this.failed('edit', error);
    }
  }

  /** Deletes a comment through the adapter; one with replies stays as a placeholder. */
  async remove(id: string): Promise<void> {
    const { adapter, threadId, signal } = this.writable('delete');
    if (!adapter.remove) throw this.report('delete', new AdapterError('forbidden', 'Comments cannot be deleted here.'));
    try {
      await adapter.remove(threadId, id, { signal });
      this.apply({ type: 'removed', id });
    } catch (error) {
      throw this.failed('delete', error);
    }
  }

  /** The adapter, thread and signal for a write, or the error that there is none. */
  private writable(operation: ThreadOperation): { adapter: StorageAdapter; threadId: string; signal: AbortSignal } {
    const source = this.source;
    const signal = this.lifetime?.signal;
    if (!source || !signal) throw this.report(operation, new AdapterError('unavailable', 'The comment thread is not connected to a page.'));
    return { adapter: source.adapter, threadId: source.threadId, signal };
  }

  /** Reports a failed write (not an abort) and returns it as an AdapterError. */
  private failed(operation: ThreadOperation, error: unknown): AdapterError {
    const adapterError = AdapterError.from(error);
    if (!isAbortError(error)) this.host.dispatchEvent(new ThreadErrorEvent(operation, adapterError));
    return adapterError;
  }

  private start(): void {
    const source = this.source!;
    this.lifetime?.abort();
    const lifetime = new AbortController();
    this.lifetime = lifetime;
    this.comments.clear();
    this.revision++;
    this.cursor = null;
    this.hasMore = false;
    this.loadingMore = false;
    this.loadingRest = false;
    this.total = null;
    this.error = null;
    this.warnings = [];
    this.status = 'loading';
    this.host.requestUpdate();
    void this.firstLoad(source, lifetime.signal);
  }

  /**
   * Subscribes to live changes first, then reads the first page: a change made while the page
   * is read is not missed. Changes that arrive before the page are held and applied after it,
   * so that an older copy in the page cannot undo them.
   */
  private async firstLoad(source: ThreadSource, signal: AbortSignal): Promise<void> {
    let early: ThreadChange[] | null = [];
    if (source.adapter.subscribe) {
      try {
        source.adapter.subscribe(source.threadId, (change) => (early ? early.push(change) : this.apply(change)), { signal });
      } catch (error) {
        this.report('subscribe', error);
      }
    }
    try {
      await this.fetchPage(source, signal);
      this.status = 'ready';
    } catch (error) {
      if (signal.aborted || isAbortError(error)) return;
      this.status = 'error';
      this.error = this.report('load', error);
    }
    const held = early;
    early = null;
    for (const change of held) this.apply(change);
    this.host.requestUpdate();
    if (this.status === 'ready') void this.loadRest(source, signal);
  }

  /**
   * Reads the rest of a thread the adapter keeps locally (in memory, in this browser), once its
   * first page has been painted: the first screenful does not wait for a thread of thousands,
   * and then the whole thread is in the document (find-in-page, links), with nothing to click.
   * A comment server's further pages stay behind "show more": each is a request.
   */
  private async loadRest(source: ThreadSource, signal: AbortSignal): Promise<void> {
    if (!this.hasMore || source.adapter.capabilities.persistence === 'server') return;
    this.loadingRest = true;
    let done: () => void = () => {};
    this.restLoaded = new Promise((resolve) => (done = resolve));
    try {
      // The first page renders in a microtask; after the next frame it has been painted.
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
      // An adapter may still answer in pages: read until none is left.
      while (this.hasMore && !signal.aborted) await this.fetchPage(source, signal, 'rest');
    } catch (error) {
      if (!signal.aborted && !isAbortError(error)) this.error = this.report('load', error);
    } finally {
      if (!signal.aborted) {
        this.loadingRest = false;
        this.host.requestUpdate();
      }
      done();
    }
  }

  /** Reads the next page, or with `'rest'` everything after the cursor the adapter will give at once. */
  private async fetchPage(source: ThreadSource, signal: AbortSignal, size: 'page' | 'rest' = 'page'): Promise<void> {
    const result = await source.adapter.list(source.threadId, {
      signal,
      sort: source.sort,
      ...(size === 'page' ? { limit: source.pageSize } : {}),
      ...(this.cursor ? { cursor: this.cursor } : {}),
    });
    if (signal.aborted) return;
    this.change(() => {
      for (const comment of result.comments) this.comments.set(comment.id, comment);
    });
    this.cursor = result.nextCursor ?? null;
    this.hasMore = this.cursor !== null;
    if (typeof result.total === 'number') this.total = result.total;
    for (const warning of result.warnings ?? []) {
      this.warnings = [...this.warnings, warning];
      this.report('load', warning);
    }
    this.host.dispatchEvent(new ThreadLoadedEvent(source.threadId, result.comments, this.hasMore));
  }

  /** Applies a change pushed by the adapter. */
  private apply(change: ThreadChange): void {
    switch (change.type) {
      case 'created':
      case 'updated': {
        const isNew = !this.comments.has(change.comment.id);
        this.change(() => this.comments.set(change.comment.id, change.comment), isNew ? change.comment : undefined);
        if (isNew && change.type === 'created') this.options.onRemoteComment?.(change.comment);
        break;
      }
      case 'removed': {
        const existing = this.comments.get(change.id);
        if (!existing) return;
        const hasReplies = [...this.comments.values()].some((c) => c.parentId === change.id);
        this.change(() => {
          if (hasReplies) this.comments.set(change.id, { ...existing, body: '', status: 'deleted' });
          else this.comments.delete(change.id);
        });
        break;
      }
      case 'error':
        this.report('subscribe', change.error);
        break;
      case 'resync':
        void this.resync();
        break;
    }
  }

  /**
   * Reads the thread again, quietly (no loading state), after the adapter said that live changes
   * may have been missed, and merges what changed (see `resync.ts`, loaded only when needed:
   * most pages never reconnect). A failed read is reported as a `subscribe` error.
   */
  private async resync(): Promise<void> {
    const source = this.source;
    const signal = this.lifetime?.signal;
    if (!source || !signal || this.status !== 'ready') return;
    const before = new Map(this.comments);
    const hadMore = this.hasMore;
    let plan: ResyncPlan;
    try {
      const { planResync } = await import('./resync.js');
      plan = await planResync({
        source,
        signal,
        before,
        current: this.comments,
        hadMore,
        isPending: (id) => this.isPending(id),
      });
    } catch (error) {
      if (!signal.aborted && !isAbortError(error)) this.report('subscribe', error);
      return;
    }
    if (signal.aborted) return;
    const { added, replaced, gone, complete } = plan;
    if (added.length + replaced.length + gone.length > 0) {
      this.change(
        () => {
          for (const comment of [...added, ...replaced]) this.comments.set(comment.id, comment);
          for (const [id] of gone) this.comments.delete(id);
          // One that still has replies here stays as a placeholder, as on a live removal.
          const parents = new Set([...this.comments.values()].map((c) => c.parentId));
          for (const [id, then] of gone) if (parents.has(id)) this.comments.set(id, { ...then, body: '', status: 'deleted' });
        },
        added.length === 1 && replaced.length === 0 && gone.length === 0 ? added[0] : undefined,
      );
      for (const comment of added) this.options.onRemoteComment?.(comment);
    }
    if (complete && hadMore && !this.loadingMore) {
      this.cursor = null;
      this.hasMore = false;
      this.host.requestUpdate();
    }
  }

  /** Applies a change to the comments; `added` names the one new comment it added, if that is all it did. */
  private change(mutate: () => void, added?: Comment): void {
    mutate();
    this.revision++;
    this.lastAdded = added ? { revision: this.revision, comment: added } : null;
    this.host.requestUpdate();
  }

  private report(operation: ThreadOperation, error: unknown): AdapterError {
    const adapterError = AdapterError.from(error);
    this.host.dispatchEvent(new ThreadErrorEvent(operation, adapterError));
    return adapterError;
  }
}
