/**
 * The adapters `<comment-thread>` makes by itself: an `HttpAdapter` for `src`, else the sample
 * `LocalStorageAdapter`. Their writing halves load when a visitor writes (see
 * `lazy-adapter.ts`): a page with a server reads at once through `HttpClient`, which is in the
 * bundle; a page without one loads the sample adapter's reading half first.
 *
 * @module
 */
import { LOCAL_STORAGE_CAPABILITIES, httpCapabilities, serverBaseUrl } from './capabilities.js';
import { HttpClient } from './http-client.js';
import { lazyAdapter, type LazyAdapter } from './lazy-adapter.js';
import { AdapterError, failingAdapter, type StorageAdapter } from './storage-adapter.js';

/**
 * A `LocalStorageAdapter` with default options: its reading half loaded when first called,
 * its writing half when a visitor writes.
 */
export function sampleAdapter(): LazyAdapter {
  return lazyAdapter(
    LOCAL_STORAGE_CAPABILITIES,
    async () => new (await import('./local-storage-adapter.js')).LocalStorageAdapter(),
    async () => new (await import('./local-storage-reader.js')).LocalStorageReader(),
  );
}

/**
 * An `HttpAdapter` for the server at `src`: reads at once through an `HttpClient`, writes once
 * the adapter has loaded.
 *
 * @throws {TypeError} When `src` is not an http(s) address (checked at once, not on load).
 */
export function serverAdapter(src: string): LazyAdapter {
  const baseUrl = serverBaseUrl(src);
  return lazyAdapter(httpCapabilities(), async () => new (await import('./http-adapter.js')).HttpAdapter(baseUrl), new HttpClient(baseUrl));
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
