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
      (old.sort === source.sort || !source.adapter.capabilities.paging);
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
    this.error = null;
    this.warnings = [];
    this.status = 'loading';
    this.host.requestUpdate();
    void this.firstLoad(source, lifetime.signal);
  }

  private async firstLoad(source: ThreadSource, signal: AbortSignal): Promise<void> {
    try {
      await this.fetchPage(source, signal);
      this.status = 'ready';
    } catch (error) {
      if (signal.aborted || isAbortError(error)) return;
      this.status = 'error';
      this.error = this.report('load', error);
    }
    this.host.requestUpdate();
    if (source.adapter.subscribe && !signal.aborted) {
      try {
        source.adapter.subscribe(source.threadId, (change) => this.apply(change), { signal });
      } catch (error) {
        this.report('subscribe', error);
      }
    }
  }

  private async fetchPage(source: ThreadSource, signal: AbortSignal): Promise<void> {
    const result = await source.adapter.list(source.threadId, {
      signal,
      sort: source.sort,
      limit: source.pageSize,
      ...(this.cursor ? { cursor: this.cursor } : {}),
    });
    if (signal.aborted) return;
    this.change(() => {
      for (const comment of result.comments) this.comments.set(comment.id, comment);
    });
    this.cursor = result.nextCursor ?? null;
    this.hasMore = this.cursor !== null;
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
   * may have been missed. It reads from the start as many comments as are loaded, in whole pages
   * (to the end when all were loaded), and merges: new comments are added and announced, changed
   * ones replaced, and loaded ones the read did not return are dropped where the read covered
   * their place in the thread. Comments that changed here meanwhile (a post, an edit, a live
   * change) are left as they are. A failed read is reported as a `subscribe` error.
   */
  private async resync(): Promise<void> {
    const source = this.source;
    const signal = this.lifetime?.signal;
    if (!source || !signal || this.status !== 'ready') return;
    const before = new Map(this.comments);
    const hadMore = this.hasMore;
    const wanted = [...before.keys()].filter((id) => !this.isPending(id)).length;
    const fetched = new Map<string, Comment>();
    let cursor: string | null = null;
    try {
      do {
        const page = await source.adapter.list(source.threadId, { signal, sort: source.sort, limit: source.pageSize, ...(cursor ? { cursor } : {}) });
        if (signal.aborted) return;
        for (const comment of page.comments) fetched.set(comment.id, comment);
        cursor = page.nextCursor ?? null;
      } while (cursor !== null && (!hadMore || fetched.size < wanted));
    } catch (error) {
      if (!signal.aborted && !isAbortError(error)) this.report('subscribe', error);
      return;
    }
    const complete = cursor === null;
    // Where the read reached in the order of top-level comments; replies go with their thread.
    const known = new Map([...before, ...fetched]);
    const rootOf = (comment: Comment): Comment => {
      const seen = new Set<string>();
      let root = comment;
      while (root.parentId !== null && !seen.has(root.id)) {
        seen.add(root.id);
        const parent = known.get(root.parentId);
        if (!parent) break;
        root = parent;
      }
      return root;
    };
    const order = (a: Comment, b: Comment): number => {
      const oldestFirst = Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      return source.sort === 'newest' ? -oldestFirst : oldestFirst;
    };
    let reach: Comment | null = null;
    for (const comment of fetched.values()) {
      const root = rootOf(comment);
      if (!reach || order(root, reach) > 0) reach = root;
    }
    const covered = (comment: Comment): boolean => complete || (reach !== null && order(rootOf(comment), reach) <= 0);
    const same = (a: Comment, b: Comment): boolean =>
      a.body === b.body &&
      a.status === b.status &&
      a.updatedAt === b.updatedAt &&
      a.score === b.score &&
      a.parentId === b.parentId &&
      a.author.name === b.author.name &&
      a.author.website === b.author.website;

    const added: Comment[] = [];
    const replaced: Comment[] = [];
    for (const comment of fetched.values()) {
      const then = before.get(comment.id);
      const now = this.comments.get(comment.id);
      if (then === undefined && now === undefined) added.push(comment);
      else if (then !== undefined && now === then && !same(then, comment)) replaced.push(comment);
    }
    const gone = [...before].filter(([id, then]) => !fetched.has(id) && !this.isPending(id) && this.comments.get(id) === then && covered(then));
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
