/**
 * The adapters `<comment-thread>` makes by itself: an `HttpAdapter` for `src`, else the sample
 * `LocalStorageAdapter`, each loaded in halves (see `lazy-adapter.ts`). The bundle reads a
 * thread's comments by itself, so that the first paint waits for nothing else: the first page
 * from the server (`http-request.ts`), or the stored thread (`local-storage-format.ts`), with
 * the same code the adapters use. The reading half of the page's adapter loads meanwhile (live
 * changes, further pages, retries and the error of a failed read); the writing half when a
 * visitor writes.
 *
 * @module
 */
import { LOCAL_STORAGE_CAPABILITIES, httpCapabilities, serverBaseUrl } from './capabilities.js';
import { listResult } from './comment-reads.js';
import { AUTHOR_KEY, DEFAULT_TIMEOUT_MS, feedUrl, grantUntil, grantsKey, listPath, noteListed, openRequest, parseGrants } from './http-request.js';
import { lazyAdapter, type LazyAdapter, type QuickReader } from './lazy-adapter.js';
import { parseThread, threadStorageKey } from './local-storage-format.js';
import { readList } from './read-comment.js';
import { AdapterError, failingAdapter, throwIfAborted, type StorageAdapter } from './storage-adapter.js';
import type { HttpAdapterOptions } from './http-client.js';
import type { LocalStorageAdapterOptions } from './local-storage-reader.js';

/** `localStorage`'s value for `name`; `undefined` where storage is blocked. */
function stored(name: string): string | null | undefined {
  try {
    return localStorage.getItem(name);
  } catch {
    return undefined;
  }
}

/**
 * A `LocalStorageAdapter` loaded in halves (its reading half, then its writing half when a
 * visitor writes), with `quick` answering first where given. Also the drop-in bundle's
 * `LocalStorageAdapter` (`drop-in/lazy-adapters.ts`).
 */
export function localAdapter(options: LocalStorageAdapterOptions = {}, quick?: QuickReader): LazyAdapter {
  return lazyAdapter(
    LOCAL_STORAGE_CAPABILITIES,
    async () => new (await import('./local-storage-adapter.js')).LocalStorageAdapter(options),
    async () => new (await import('./local-storage-reader.js')).LocalStorageReader(options),
    quick,
  );
}

/**
 * A `LocalStorageAdapter` with default options: the bundle reads the stored thread, its reading
 * half loads meanwhile, its writing half when a visitor writes.
 */
export function sampleAdapter(): LazyAdapter {
  return localAdapter(
    {},
    {
      // Where storage is blocked, the reader says so.
      list: async (threadId, options = {}) => {
        const raw = stored(threadStorageKey(threadId));
        if (raw === undefined) return null;
        const { comments, warnings } = parseThread(raw, threadId);
        return listResult(comments, options.sort, warnings);
      },
    },
  );
}

/** The first read of a thread from the server at `baseUrl`, by the bundle. */
function quickServerReader(baseUrl: string): QuickReader {
  return {
    async list(threadId, options = {}) {
      // A reader is known by the key of an earlier post, if any; reading never makes one.
      const { response } = openRequest(`${baseUrl}${listPath(threadId, options)}`, 'GET', stored(AUTHOR_KEY), { signal: options.signal, timeoutMs: DEFAULT_TIMEOUT_MS });
      try {
        const answer = await response;
        const json: unknown = answer.ok ? await answer.json() : null;
        noteListed(baseUrl, threadId, json, options);
        const page = answer.ok ? readList(json, threadId) : null;
        // Anything amiss (an error, a comment it cannot read): the client reads again and reports it.
        return page?.warnings ? null : page;
      } catch {
        throwIfAborted(options.signal);
        return null;
      }
    },
    editableUntil: (_threadId, id) => grantUntil(parseGrants(stored(grantsKey(baseUrl)) ?? null)[id]),
    feed: (threadId) => feedUrl(baseUrl, threadId),
  };
}

/**
 * An `HttpAdapter` for the server at `baseUrl` (as `serverBaseUrl` gives it) loaded in halves
 * (the client, then the writing half when a visitor writes), with `quick` answering first where
 * given. Also the drop-in bundle's `HttpAdapter` (`drop-in/lazy-adapters.ts`).
 */
export function httpAdapter(baseUrl: string, options: HttpAdapterOptions = {}, quick?: QuickReader): LazyAdapter {
  return lazyAdapter(
    httpCapabilities(),
    async () => new (await import('./http-adapter.js')).HttpAdapter(baseUrl, options),
    async () => new (await import('./http-client.js')).HttpClient(baseUrl, options),
    quick,
  );
}

/**
 * An `HttpAdapter` for the server at `src` with default options: the bundle reads the first
 * page at once, the client (its reading half) loads meanwhile, the writing half when a visitor
 * writes.
 *
 * @throws {TypeError} When `src` is not an http(s) address (checked at once, not on load).
 */
export function serverAdapter(src: string): LazyAdapter {
  const baseUrl = serverBaseUrl(src);
  return httpAdapter(baseUrl, {}, quickServerReader(baseUrl));
}

/**
 * The adapter an element uses: the one it was given, else one for its `src` (made once per
 * address; an address that is no http(s) URL gives an adapter that fails every call with the
 * reason, so the visitor sees it), else the sample adapter (made once).
 */
export class DefaultAdapters {
  #sample?: StorageAdapter;
  #server?: { src: string; adapter: StorageAdapter };

  /** The adapter for these settings. */
  for(adapter: StorageAdapter | undefined, src: string): StorageAdapter {
    if (adapter) return adapter;
    const address = src.trim();
    if (!address) return (this.#sample ??= sampleAdapter());
    if (this.#server?.src !== address) {
      let made: StorageAdapter;
      try {
        made = serverAdapter(address);
      } catch (error) {
        made = failingAdapter(new AdapterError('invalid', (error as Error).message, { retryable: false }));
      }
      this.#server = { src: address, adapter: made };
    }
    return this.#server.adapter;
  }
}
