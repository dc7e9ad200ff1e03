/**
 * The built-in adapters as the drop-in bundle exports them: the same names and options, with
 * the implementation loaded from beside the bundle on first use (the chunks the element loads
 * for the adapters it makes itself), so that the bundle stays the size of what a page needs
 * before its first paint. Each instance is a {@link LazyAdapter}, made as the element makes
 * its own (`adapters/default-adapters.ts`) without their first read by the bundle, and
 * `instanceof` holds. What the npm entry's classes have beyond the {@link StorageAdapter}
 * methods (`MemoryAdapter.pin`, `LocalStorageAdapter.prefix`, `HttpAdapter.baseUrl`) is not
 * here: a page that needs them imports the package.
 *
 * @module
 */
import { MEMORY_CAPABILITIES, serverBaseUrl } from '../adapters/capabilities.js';
import { httpAdapter, localAdapter } from '../adapters/default-adapters.js';
import type { HttpAdapterOptions } from '../adapters/http-client.js';
import { lazyAdapter, type LazyAdapter } from '../adapters/lazy-adapter.js';
import type { LocalStorageAdapterOptions } from '../adapters/local-storage-reader.js';
import type { MemoryAdapterOptions } from '../adapters/memory-adapter.js';
import type { CallOptions } from '../adapters/storage-adapter.js';

/** A lazy adapter that counts, as every built-in adapter does. */
export interface LazyBuiltInAdapter extends LazyAdapter {
  count(threadIds: string[], options?: CallOptions): Promise<Record<string, number>>;
}

/** `adapter`, made an instance of `type` (a class whose constructor returns it). */
const instanceOf = (type: abstract new (...args: never[]) => object, adapter: LazyAdapter): LazyBuiltInAdapter =>
  Object.setPrototypeOf(adapter, type.prototype) as LazyBuiltInAdapter;

/** Comments in memory, for tests, demos and prototypes (`MemoryAdapter` of the npm entry). */
export interface MemoryAdapter extends LazyBuiltInAdapter {}
export class MemoryAdapter {
  /** @param options As the npm entry's `MemoryAdapter`: `comments` to start with, `latency`. */
  constructor(options: MemoryAdapterOptions = {}) {
    return instanceOf(MemoryAdapter, lazyAdapter(MEMORY_CAPABILITIES, async () => new (await import('../adapters/memory-adapter.js')).MemoryAdapter(options)));
  }
}

/** Comments in this browser's `localStorage` (`LocalStorageAdapter` of the npm entry). */
export interface LocalStorageAdapter extends LazyBuiltInAdapter {}
export class LocalStorageAdapter {
  /** @param options As the npm entry's `LocalStorageAdapter`: `storage`, `prefix`. */
  constructor(options: LocalStorageAdapterOptions = {}) {
    return instanceOf(LocalStorageAdapter, localAdapter(options));
  }
}

/** Comments on a comment server (`HttpAdapter` of the npm entry). */
export interface HttpAdapter extends LazyBuiltInAdapter {}
export class HttpAdapter {
  /**
   * @param baseUrl The comment server's address, resolved against the page.
   * @param options As the npm entry's `HttpAdapter`: timeouts, retries, `storage`.
   * @throws {TypeError} When `baseUrl` is not an http(s) address (at once, not on load).
   */
  constructor(baseUrl: string, options: HttpAdapterOptions = {}) {
    return instanceOf(HttpAdapter, httpAdapter(serverBaseUrl(baseUrl), options));
  }
}
