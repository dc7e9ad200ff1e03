/**
 * What the built-in adapters can do, declared once: each adapter declares the same object, and
 * the widget reads it before a lazily loaded adapter has arrived. A leaf module (no imports but
 * types), so adapters and the widget share it without importing each other.
 *
 * @module
 */
import type { AdapterCapabilities } from './storage-adapter.js';

/** What `LocalStorageAdapter` can do. */
export const LOCAL_STORAGE_CAPABILITIES: AdapterCapabilities = Object.freeze({
  persistence: 'browser',
  edit: true,
  remove: true,
  vote: true,
  live: true,
  paging: false,
});

/** What `MemoryAdapter` can do: everything, in memory only. */
export const MEMORY_CAPABILITIES: AdapterCapabilities = Object.freeze({
  persistence: 'memory',
  edit: true,
  remove: true,
  vote: true,
  live: true,
  paging: true,
});

/** What `HttpAdapter` can do in this environment (live updates need `EventSource`). */
export function httpCapabilities(): AdapterCapabilities {
  return Object.freeze({
    persistence: 'server',
    edit: true,
    remove: true,
    vote: true,
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
