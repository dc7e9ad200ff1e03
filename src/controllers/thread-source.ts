/**
 * Where a thread's comments come from. A leaf module (a type only), so that the controllers
 * that read a thread and the re-read after a lost connection (`resync.ts`) share it without
 * importing each other.
 *
 * @module
 */
import type { SortOrder, StorageAdapter } from '../adapters/storage-adapter.js';

export interface ThreadSource {
  adapter: StorageAdapter;
  threadId: string;
  sort: SortOrder;
  /** Page size asked of adapters that page. */
  pageSize: number;
}
