/**
 * The reader's choice of order, remembered for the whole site: a reader who picks "Newest
 * first" on one page finds it on the next. Kept in `localStorage` (one origin is one site);
 * where storage is unavailable or holds something else, there is no choice and the element's
 * `sort` attribute decides.
 *
 * @module
 */
import type { SortOrder } from '../../adapters/storage-adapter.js';

const KEY = 'comment-thread:v1:sort';

/** Whether `value` names an order. */
export const isSortOrder = (value: unknown): value is SortOrder => value === 'oldest' || value === 'newest' || value === 'top';

/** The order the reader chose on this site, or `null`. */
export function chosenSort(): SortOrder | null {
  try {
    const value = localStorage.getItem(KEY);
    return isSortOrder(value) ? value : null;
  } catch {
    return null;
  }
}

/** Remembers the reader's choice (quietly not, where storage is unavailable). */
export function chooseSort(order: SortOrder): void {
  try {
    localStorage.setItem(KEY, order);
  } catch {
    // Private modes and full storage: the choice lasts for this page only.
  }
}
