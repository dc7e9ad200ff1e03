import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AdapterError, isAbortError, type Comment, type StorageAdapter, type ThreadChange } from '../adapters/storage-adapter.js';
import { readList } from '../adapters/read-comment.js';
import type { TreeSource } from '../core/tree-cache.js';
import { ThreadLoadedEvent } from '../events/thread-loaded-event.js';
import { ThreadErrorEvent, type ThreadOperation } from '../events/thread-error-event.js';
import type { ThreadSource } from './thread-source.js';

export type { ThreadSource } from './thread-source.js';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface ThreadControllerOptions {
  /** What the live changes show of the comments they hold (`live-changes.ts`). */
  arrivals: import('./live-changes.js').ArrivalsView;
  /** The live changes' module loaded (with the first change heard). */
  onLive?: (module: LiveModule) => void;
}

/** The module that applies live changes (`live-changes.ts`), loaded with the first one. */
export type LiveModule = typeof import('./live-changes.js');

/** The id prefix of comments shown optimistically while their post is under way. */
export const PENDING_PREFIX = 'pending:';

/** Changes remembered for {@link ThreadController.changedSince}. */
const LOG_SIZE = 32;

/**
 * Top-level comments in the first read of a thread kept on this side of the network: most
 * threads arrive whole and render in the first frame; a longer one shows its first screenful
 * while the rest is read.
 */
const FIRST_LOCAL_PAGE = 200;

/** A change to the comments: comments stored or replaced, and ids removed. */
export interface CommentChange {
  set?: readonly Comment[];
  remove?: readonly string[];
}

/**
 * Owns a thread's data and the async work of reading it: loading and paging through the
 * adapter, live changes through `subscribe`, the quiet re-read after a lost connection.
 * Everything is cancelled when the host disconnects or the source changes. The host renders
 * `comments`, `status`, `error` and `warnings`, and re-derives what it memoizes when
 * `revision` changes ({@link changedSince} says which comments changed).
 *
 * Writing (optimistic posts, edits, deletions) lives in the write path (`write/thread-writes.ts`),
 * loaded when a visitor starts to write; it works through {@link writable}, {@link commit} and
 * {@link report}.
 */
export class ThreadController implements ReactiveController, TreeSource {
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
  /** Mentions in the whole thread, as the adapter last said (a server sends at most 200), or 0. */
  mentions = 0;
  /** The thread takes no new comments, as the adapter said with its first page. */
  closed = false;
  /** Increases with every change to `comments`. */
  revision = 0;
  /** The thread's comments by id, including optimistic ones still being posted. */
  readonly comments = new Map<string, Comment>();
  /**
   * What applies live changes and holds the comments that arrived from elsewhere until the
   * reader asks (`live-changes.ts`): loaded with the first change heard, most page views
   * hearing none.
   */
  live: InstanceType<LiveModule['LiveChanges']> | null = null;
  /** Ids of the comments shown while their post is under way. */
  readonly pending = new Set<string>();
  /** Changes heard while the live module loads, each with whether it was heard after the thread was shown. */
  #heard: Array<[ThreadChange, boolean, AbortSignal | undefined]> | null = null;
  /** The ids each recent change touched, for {@link changedSince}. */
  #log: Array<{ revision: number; ids: readonly string[] }> = [];
  /** Since this revision the log is complete. */
  #logFrom = 0;

  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: ThreadControllerOptions;
  #source: ThreadSource | null = null;
  #cursor: string | null = null;
  #lifetime: AbortController | null = null;
  #connected = false;
  /** The thread has been shown: new comments from elsewhere are held in {@link arrivals}. */
  #holding = false;

  constructor(host: ReactiveControllerHost & HTMLElement, options: ThreadControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    this.#connected = true;
    // Unless setSource started it already, as the host connected.
    if (this.#source && !this.#lifetime) this.#start();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#lifetime?.abort();
    this.#lifetime = null;
  }

  /** Points the controller at a thread; reloads only when something that matters changed. */
  setSource(source: ThreadSource): void {
    const old = this.#source;
    this.#source = source;
    const same =
      old &&
      old.adapter === source.adapter &&
      old.threadId === source.threadId &&
      // Another order needs the adapter only while it has pages not read yet.
      (old.sort === source.sort || !source.adapter.capabilities.paging || !this.hasMore);
    // A host in the document starts reading at once, even before its controllers are told it
    // connected: the first request need not wait for its shadow root and styles.
    if (!same && (this.#connected || this.#host.isConnected)) this.#start();
  }

  /** Asks the host to render (something it shows changed). */
  changed(): void {
    this.#host.requestUpdate();
  }

  /** The thread read. */
  get threadId(): string {
    return this.#source?.threadId ?? '';
  }

  /** True for a comment shown optimistically while its post is under way. */
  isPending(id: string): boolean {
    return id.startsWith(PENDING_PREFIX);
  }

  /** Loads the thread again from the start (the "Try again" of a failed load). */
  reload(): void {
    if (this.#connected && this.#source) this.#start();
  }

  /** Loads the adapter's next page. */
  async loadMore(): Promise<void> {
    const source = this.#source;
    const signal = this.#lifetime?.signal;
    if (!source || !signal || !this.hasMore || this.loadingMore) return;
    this.loadingMore = true;
    this.error = null;
    this.#host.requestUpdate();
    try {
      await this.#fetchPage(source, signal);
    } catch (error) {
      if (signal.aborted || isAbortError(error)) return;
      this.error = this.report('load', error);
    } finally {
      if (!signal.aborted) {
        this.loadingMore = false;
        this.#host.requestUpdate();
      }
    }
  }

  /**
   * The adapter, thread and signal for a write, or (reported as a `ct-error` of `operation`)
   * the error that there is none: the element is not connected.
   */
  writable(operation: ThreadOperation): { adapter: StorageAdapter; threadId: string; signal: AbortSignal } {
    const source = this.#source;
    const signal = this.#lifetime?.signal;
    if (!source || !signal) throw this.report(operation, new AdapterError('unavailable', 'The comment thread is not connected to a page.'));
    return { adapter: source.adapter, threadId: source.threadId, signal };
  }

  /** Applies a change made here (an optimistic post, its outcome, an edit, a deletion). */
  commit(change: CommentChange): void {
    this.#change(() => {
      for (const id of change.remove ?? []) {
        this.comments.delete(id);
        this.pending.delete(id);
      }
      for (const comment of change.set ?? []) {
        // Shown now (the reader's own post, whose live echo came first): no longer held.
        this.live?.drop(comment.id);
        this.comments.set(comment.id, comment);
        if (this.isPending(comment.id)) this.pending.add(comment.id);
      }
    }, [...(change.remove ?? []), ...(change.set ?? []).map((c) => c.id)]);
  }

  /** The ids changed after `revision`, or `null` when that is no longer known. */
  changedSince(revision: number): ReadonlySet<string> | null {
    if (revision < this.#logFrom || revision > this.revision) return null;
    const ids = new Set<string>();
    for (const entry of this.#log) if (entry.revision > revision) for (const id of entry.ids) ids.add(id);
    return ids;
  }

  /**
   * Reports a failure of `operation` as a `ct-error` (unless it is an abort) and returns it as
   * an AdapterError.
   */
  report(operation: ThreadOperation, error: unknown): AdapterError {
    const adapterError = AdapterError.from(error);
    if (!isAbortError(error)) this.#host.dispatchEvent(new ThreadErrorEvent(operation, adapterError));
    return adapterError;
  }

  /** Fires `event` on the host element. */
  emit(event: Event): void {
    this.#host.dispatchEvent(event);
  }

  #start(): void {
    const source = this.#source!;
    this.#lifetime?.abort();
    const lifetime = new AbortController();
    this.#lifetime = lifetime;
    this.comments.clear();
    this.live?.clear();
    this.#holding = false;
    this.pending.clear();
    this.revision++;
    this.#log = [];
    this.#logFrom = this.revision;
    this.#cursor = null;
    this.hasMore = false;
    this.loadingMore = false;
    this.loadingRest = false;
    this.total = null;
    this.mentions = 0;
    this.closed = false;
    this.error = null;
    this.warnings = [];
    this.status = 'loading';
    this.#host.requestUpdate();
    void this.#firstLoad(source, lifetime.signal);
  }

  /**
   * Subscribes to live changes first, then reads the first page: a change made while the page
   * is read is not missed. Changes that arrive before the page are held and applied after it,
   * so that an older copy in the page cannot undo them.
   */
  async #firstLoad(source: ThreadSource, signal: AbortSignal): Promise<void> {
    let early: ThreadChange[] | null = [];
    if (source.adapter.subscribe) {
      try {
        source.adapter.subscribe(source.threadId, (change) => (early ? early.push(change) : this.apply(change)), { signal });
      } catch (error) {
        this.report('subscribe', error);
      }
    }
    try {
      await this.#fetchPage(source, signal, source.adapter.capabilities.persistence === 'server' ? 'page' : 'first');
      this.status = 'ready';
    } catch (error) {
      if (signal.aborted || isAbortError(error)) return;
      this.status = 'error';
      this.error = this.report('load', error);
    }
    const held = early;
    early = null;
    for (const change of held) this.apply(change);
    // From now on, comments from elsewhere wait behind "N new comments".
    this.#holding = this.status === 'ready';
    this.#host.requestUpdate();
    if (this.status === 'ready') void this.#loadRest(source, signal);
  }

  /**
   * Reads the rest of a thread the adapter keeps locally (in memory, in this browser), once its
   * first page has been painted: the first screenful does not wait for a thread of thousands,
   * and then the whole thread is in the document (find-in-page, links), with nothing to click.
   * A comment server's further pages stay behind "show more": each is a request.
   */
  async #loadRest(source: ThreadSource, signal: AbortSignal): Promise<void> {
    if (!this.hasMore || source.adapter.capabilities.persistence === 'server') return;
    this.loadingRest = true;
    let done: () => void = () => {};
    this.restLoaded = new Promise((resolve) => (done = resolve));
    try {
      // The first page renders in a microtask; after the next frame it has been painted.
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
      // An adapter may still answer in pages: read until none is left.
      while (this.hasMore && !signal.aborted) await this.#fetchPage(source, signal, 'rest');
    } catch (error) {
      if (!signal.aborted && !isAbortError(error)) this.error = this.report('load', error);
    } finally {
      if (!signal.aborted) {
        this.loadingRest = false;
        this.#host.requestUpdate();
      }
      done();
    }
  }

  /**
   * Reads the next page, the first page of a local thread (`'first'`, larger), or with
   * `'rest'` everything after the cursor the adapter will give at once. Whatever adapter
   * answered, the answer is checked here (`readList`): a comment that is not one is skipped
   * and reported, an answer that is no list rejects as `corrupt`, and a cursor that does not
   * move on ends the thread.
   */
  async #fetchPage(source: ThreadSource, signal: AbortSignal, size: 'page' | 'first' | 'rest' = 'page'): Promise<void> {
    const answer = await source.adapter.list(source.threadId, {
      signal,
      sort: source.sort,
      ...(size === 'rest' ? {} : { limit: size === 'first' ? Math.max(source.pageSize, FIRST_LOCAL_PAGE) : source.pageSize }),
      ...(this.#cursor ? { cursor: this.#cursor } : {}),
    });
    if (signal.aborted) return;
    const result = readList(answer, source.threadId);
    this.#change(
      () => {
        for (const comment of result.comments) this.comments.set(comment.id, comment);
      },
      result.comments.map((c) => c.id),
    );
    // Read now (a further page): no longer held as news, and held replies wait on them now.
    this.live?.read(result.comments);
    this.#cursor = (result.nextCursor !== this.#cursor && result.nextCursor) || null;
    this.hasMore = this.#cursor !== null;
    if (result.total !== undefined) this.total = result.total;
    if (result.mentions !== undefined) this.mentions = result.mentions;
    if (result.closed) this.closed = true;
    for (const warning of result.warnings ?? []) {
      this.warnings = [...this.warnings, warning];
      this.report('load', warning);
    }
    this.#host.dispatchEvent(new ThreadLoadedEvent(source.threadId, result.comments, this.hasMore));
  }

  /**
   * Applies a change as the adapter would push it (`live-changes.ts`, loaded with the first:
   * changes heard meanwhile wait, in order).
   */
  apply(change: ThreadChange): void {
    if (this.live) return this.live.apply(change, this.#holding);
    const heard: [ThreadChange, boolean, AbortSignal | undefined] = [change, this.#holding, this.#lifetime?.signal];
    if (this.#heard) return void this.#heard.push(heard);
    this.#heard = [heard];
    import('./live-changes.js').then(
      (module) => {
        this.live = new module.LiveChanges(this, this.#options.arrivals);
        this.#options.onLive?.(module);
        // Not what was heard for a thread no longer shown.
        for (const [change, holding, signal] of this.#heard!) if (signal && !signal.aborted) this.live.apply(change, holding);
        this.#heard = null;
      },
      (error: unknown) => {
        this.#heard = null;
        this.report('subscribe', error);
      },
    );
  }

  /**
   * Removes comment `id`; one that still has replies (shown, or `held` from elsewhere) stays as
   * a placeholder, as the adapters keep it.
   */
  drop(id: string, held = false): void {
    const existing = this.comments.get(id);
    if (!existing) return;
    const hasReplies = held || [...this.comments.values()].some((c) => c.parentId === id);
    // As the adapters keep a placeholder: no author, no body.
    const { html: _gone, ...kept } = existing;
    this.commit(hasReplies ? { set: [{ ...kept, author: { name: '' }, body: '', status: 'deleted' }] } : { remove: [id] });
  }

  /**
   * Reads the thread again, quietly (no loading state), after the adapter said that live changes
   * may have been missed (`live-changes.ts` asks), and merges what changed (`resync.ts`, loaded only when needed: most
   * pages never reconnect). A failed read is reported as a `subscribe` error.
   */
  async resync(): Promise<void> {
    const source = this.#source;
    const signal = this.#lifetime?.signal;
    if (!source || !signal || this.status !== 'ready') return;
    // What is shown now, before the module loads: the read covers as much again.
    const before = new Map(this.comments);
    const hadMore = this.hasMore;
    try {
      await (await import('./resync.js')).resync(
        this,
        source,
        signal,
        before,
        hadMore,
        (comment) => this.live?.hold(comment),
        () => {
          this.#cursor = null;
          this.hasMore = false;
          this.#host.requestUpdate();
        },
      );
    } catch (error) {
      if (!signal.aborted && !isAbortError(error)) this.report('subscribe', error);
    }
  }

  /** Applies a change to the comments, which touched the comments `ids`. */
  #change(mutate: () => void, ids: readonly string[]): void {
    mutate();
    this.revision++;
    this.#log.push({ revision: this.revision, ids });
    if (this.#log.length > LOG_SIZE) this.#logFrom = this.#log.shift()!.revision;
    this.#host.requestUpdate();
  }
}
