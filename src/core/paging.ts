/**
 * Keyset paging over top-level comments, for adapters that page a thread they hold in full
 * (see `MemoryAdapter`): the sort key of a comment, binary search over sorted keys, and the
 * opaque cursor that names the last top-level comment of a page. A cursor names a place in the
 * order, not a position, so comments added or removed between two reads shift nothing.
 *
 * The order is the one of `order.ts` (the reference server's): pinned comments first, then by
 * creation time and id (`oldest`), the reverse (`newest`), or by score (`top`). An adapter may
 * keep its keys in time order ({@link compareKeys}, as `MemoryAdapter` does) and sort on
 * demand only where pins or scores count ({@link compareKeysIn}). Pure: no DOM, no storage.
 *
 * @module
 */
import type { SortOrder } from '../adapters/storage-adapter.js';
import { compareTimeAndId, compareTops, timeOf } from './order.js';

/** Where a top-level comment sorts: by creation time, then by id; pinned first; by score for `top`. */
export interface PageKey {
  /** `createdAt` in milliseconds since 1970 (`timeOf` of `order.ts`). */
  readonly time: number;
  readonly id: string;
  /** Whether the comment is pinned; absent: not. */
  readonly pinned?: boolean;
  /** Its score (`top`); absent: 0. */
  readonly score?: number;
}

/** The largest time a `Date` can hold, either side of 1970. */
const MAX_TIME = 8.64e15;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The sort key of a comment by time and id (its pin and score are the caller's to add where they count). */
export function keyOf(comment: { readonly createdAt: string; readonly id: string }): PageKey {
  return { time: timeOf(comment.createdAt), id: comment.id };
}

/** Negative when `a` sorts before `b` oldest first, positive after, 0 for the same key. */
export function compareKeys(a: PageKey, b: PageKey): number {
  return compareTimeAndId(a.time, a.id, b.time, b.id);
}

/** Negative when `a` sorts before `b` in `sort` order (`order.ts`: pins and scores count), positive after, 0 for the same key. */
export function compareKeysIn(sort: SortOrder, a: PageKey, b: PageKey): number {
  return compareTops(sort, a, a.time, b, b.time);
}

/**
 * The index of the first key of `keys` (ascending by `compare`, {@link compareKeys} by default)
 * that sorts after `key`, or `keys.length` when none does. With `inclusive`, the first that
 * does not sort before it (so the index of `key` itself when it is there).
 */
export function searchKeys(keys: readonly PageKey[], key: PageKey, inclusive = false, compare: (a: PageKey, b: PageKey) => number = compareKeys): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compare(keys[middle]!, key);
    if (order < 0 || (order === 0 && !inclusive)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The cursor that continues a listing in `sort` order after the top-level comment at `key`:
 * `[sort, time, id]`, and its pin (0 or 1) and score when the key has either.
 */
export function encodeCursor(sort: SortOrder, key: PageKey): string {
  const parts: unknown[] = [sort, key.time, key.id];
  if (key.pinned !== undefined || key.score !== undefined) parts.push(key.pinned ? 1 : 0, key.score ?? 0);
  let binary = '';
  for (const byte of new TextEncoder().encode(JSON.stringify(parts))) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The key a cursor of {@link encodeCursor} names, or `null` for anything that function cannot
 * have produced for this `sort` order (a cursor is input from the caller: never trusted).
 */
export function decodeCursor(sort: SortOrder, cursor: string): PageKey | null {
  if (!BASE64URL.test(cursor)) return null;
  let parts: unknown;
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    parts = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || (parts.length !== 3 && parts.length !== 5)) return null;
  const [cursorSort, time, id, pinned = 0, score = 0] = parts as unknown[];
  if (cursorSort !== sort || typeof id !== 'string') return null;
  if (typeof time !== 'number' || !Number.isSafeInteger(time) || Math.abs(time) > MAX_TIME) return null;
  if ((pinned !== 0 && pinned !== 1) || typeof score !== 'number' || !Number.isSafeInteger(score)) return null;
  return parts.length === 3 ? { time, id } : { time, id, pinned: pinned === 1, score };
}
