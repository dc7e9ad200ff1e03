/**
 * The adapters `<comment-thread>` makes by itself: an `HttpAdapter` for `src`, else the sample
 * `LocalStorageAdapter`. Both are loaded on first use (see `lazy-adapter.ts`), so the drop-in
 * bundle carries neither: a page downloads only the one it uses.
 *
 * @module
 */
import { lazyAdapter } from './lazy-adapter.js';
import type { AdapterCapabilities, StorageAdapter } from './storage-adapter.js';

/** What `LocalStorageAdapter` can do; it declares the same object. */
export const LOCAL_STORAGE_CAPABILITIES: AdapterCapabilities = Object.freeze({
  persistence: 'browser',
  edit: true,
  remove: true,
  vote: false,
  live: true,
  paging: false,
});

/** What `HttpAdapter` can do in this environment; it declares the same. */
export function httpCapabilities(): AdapterCapabilities {
  return Object.freeze({
    persistence: 'server',
    edit: true,
    remove: true,
    vote: false,
    live: typeof EventSource !== 'undefined',
    paging: true,
  });
}

/**
 * The address of a comment server as `HttpAdapter` uses it: absolute (resolved against the
 * page), http(s), without a trailing slash.
 *
 * @throws {TypeError} When `input` cannot be such an address.
 */
export function serverBaseUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input, typeof location === 'undefined' ? undefined : location.href);
  } catch {
    throw new TypeError(`The comment server's address must be like https://comments.example.com; got "${input}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`The comment server's address must be an http(s) address; got "${input}"`);
  }
  return url.href.replace(/\/+$/, '');
}

/** A `LocalStorageAdapter` with default options, loaded when first called. */
export function sampleAdapter(): StorageAdapter {
  return lazyAdapter(LOCAL_STORAGE_CAPABILITIES, async () => new (await import('./local-storage-adapter.js')).LocalStorageAdapter());
}

/**
 * An `HttpAdapter` for the server at `src`, loaded when first called.
 *
 * @throws {TypeError} When `src` is not an http(s) address (checked at once, not on load).
 */
export function serverAdapter(src: string): StorageAdapter {
  const baseUrl = serverBaseUrl(src);
  return lazyAdapter(httpCapabilities(), async () => new (await import('./http-adapter.js')).HttpAdapter(baseUrl));
}
