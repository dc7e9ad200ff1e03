/**
 * An adapter whose implementation loads on first use. The adapters the widget makes by itself
 * (`default-adapters.ts`) come this way, so a page downloads only what it uses: the drop-in
 * bundle puts each implementation in its own chunk, loaded from beside the bundle.
 *
 * @module
 */
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
  type RemovedData,
  type StorageAdapter,
  type ThreadChange,
  type VisitorData,
} from './storage-adapter.js';

/** What a lazy adapter can do while its implementation has not loaded yet. */
export type Reader = Pick<StorageAdapter, 'list'> & Partial<Pick<StorageAdapter, 'get' | 'subscribe' | 'editableUntil' | 'feed'>>;

/**
 * What the bundle reads by itself while an adapter's reading half loads: a thread's comments
 * (or `null`: "ask the reader", which also reports what went wrong), and edit windows.
 */
export interface QuickReader {
  list(threadId: string, options?: ListOptions): Promise<ListResult | null>;
  editableUntil?(threadId: string, id: string): Date | null;
  feed?(threadId: string): string | null;
}

/** An adapter that loads its implementation on first use; {@link warm} loads it ahead. */
export interface LazyAdapter extends StorageAdapter {
  /** Starts loading the implementation (a visitor is about to write). */
  warm(): void;
}

/**
 * Memoizes an async load: every call waits for the same one; a failed load rejects with an
 * `unavailable` error, and the next call tries again. `done` sees what loaded.
 */
function loader<T>(load: () => T | Promise<T>, done: (value: T) => void): (signal?: AbortSignal) => Promise<T> {
  let loading: Promise<T> | null = null;
  return async (signal) => {
    loading ??= Promise.resolve()
      .then(load)
      .then((value) => {
        done(value);
        return value;
      })
      .catch((error: unknown) => {
        loading = null;
        throw new AdapterError('unavailable', 'Part of the comment widget could not be loaded. Reload the page to try again.', { cause: error });
      });
    const value = await loading;
    throwIfAborted(signal);
    return value;
  };
}

/**
 * Wraps `load` as an adapter with the given capabilities (they must match what `load`
 * returns: the UI reads them before the implementation has loaded). Every call waits for the
 * load; a failed load rejects the call with an `unavailable` error, and the next call tries
 * again. With a `reader` (at hand, or loaded the same way), reading (`list`, `get`, `subscribe`,
 * `editableUntil`) goes through it until the implementation has loaded: a page reads as soon
 * as it can (a reader at hand in the same task) and loads the writing half only for a visitor
 * who writes. With a `quick` reader, reading does not even wait for the reader: until it has
 * loaded (meanwhile), `quick` answers what it can. Counting (`count`) loads the implementation,
 * which must count (the built-in adapters do; the element never asks, and `<comment-count>` has
 * its own).
 */
export function lazyAdapter(
  capabilities: AdapterCapabilities,
  load: () => Promise<StorageAdapter>,
  reader?: Reader | (() => Promise<Reader>),
  quick?: QuickReader,
): LazyAdapter {
  let loaded: StorageAdapter | null = null;
  // A reader at hand is used synchronously: the first request leaves in the same task.
  let read: Reader | null = typeof reader === 'object' ? reader : null;
  const adapter = loader(load, (instance) => (loaded = instance));
  const readerOf = typeof reader === 'function' ? loader(reader, (instance) => (read = instance)) : adapter;
  return {
    capabilities,
    warm: () => void adapter().catch(() => {}),
    // Synchronous: nothing is editable before the implementation (and its tokens) or the reader has loaded.
    editableUntil: (threadId: string, id: string): Date | null => (loaded ?? read ?? quick)?.editableUntil?.(threadId, id) ?? null,
    feed: (threadId: string): string | null => (loaded ?? read ?? quick)?.feed?.(threadId) ?? null,
    list: async (threadId: string, options?: ListOptions): Promise<ListResult> => {
      const now = loaded ?? read;
      if (now) return now.list(threadId, options);
      if (quick) {
        // The reader loads meanwhile: live changes, further pages and errors need it.
        if (typeof reader === 'function') readerOf().catch(() => {});
        const answer = await quick.list(threadId, options);
        if (answer) return answer;
      }
      return (await readerOf(options?.signal)).list(threadId, options);
    },
    get: async (threadId: string, idOrAlias: string, options?: CallOptions): Promise<CommentPath | null> =>
      (loaded ?? read ?? (await readerOf(options?.signal))).get?.(threadId, idOrAlias, options) ?? null,
    create: async (input: NewComment, options?: CallOptions): Promise<Comment> => (await adapter(options?.signal)).create(input, options),
    // Offered only where `capabilities` say the implementation edits and deletes.
    update: async (threadId: string, id: string, patch: CommentPatch, options?: CallOptions): Promise<Comment> =>
      (await adapter(options?.signal)).update!(threadId, id, patch, options),
    remove: async (threadId: string, id: string, options?: CallOptions): Promise<void> => (await adapter(options?.signal)).remove!(threadId, id, options),
    // Offered only where `capabilities` say the implementation votes.
    vote: async (threadId: string, id: string, value: 1 | 0 | -1, options?: CallOptions): Promise<Comment> =>
      (await adapter(options?.signal)).vote!(threadId, id, value, options),
    // Offered only by an implementation that has them (the element asks a server's).
    // (Written out alike: the three compress to less than one helper would.)
    exportMine: async (options?: CallOptions): Promise<VisitorData> => (await adapter(options?.signal)).exportMine!(options),
    removeMine: async (options?: CallOptions): Promise<RemovedData> => (await adapter(options?.signal)).removeMine!(options),
    offersMail: async (options?: CallOptions): Promise<boolean> => (await adapter(options?.signal)).offersMail!(options),
    count: async (threadIds: string[], options?: CallOptions): Promise<Record<string, number>> => (await adapter(options?.signal)).count!(threadIds, options),
    subscribe(threadId: string, listener: (change: ThreadChange) => void, options: CallOptions = {}): () => void {
      const now = loaded ?? read;
      if (now?.subscribe) return now.subscribe(threadId, listener, options);
      let stop: (() => void) | null = null;
      let stopped = false;
      readerOf(options.signal).then(
        (instance) => {
          if (!stopped) stop = instance.subscribe?.(threadId, listener, options) ?? null;
        },
        (error: unknown) => {
          if (!stopped && !options.signal?.aborted) listener({ type: 'error', error: AdapterError.from(error) });
        },
      );
      return () => {
        stopped = true;
        stop?.();
      };
    },
  };
}
