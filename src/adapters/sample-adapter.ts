/**
 * The widget's default adapter when it is given neither `adapter` nor `src`: the sample
 * `LocalStorageAdapter`, loaded on first use (see `lazy-adapter.ts`).
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

/** A `LocalStorageAdapter` with default options, loaded when first called. */
export function sampleAdapter(): StorageAdapter {
  return lazyAdapter(LOCAL_STORAGE_CAPABILITIES, async () => new (await import('./local-storage-adapter.js')).LocalStorageAdapter());
}
