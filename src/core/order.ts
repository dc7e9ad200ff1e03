/**
 * The order of comments, written once: by creation time, then by id; `newest` is exactly the
 * reverse. The widget's tree (`tree.ts`), the adapters' listings (`adapters/comment-ops.ts`),
 * keyset paging (`paging.ts`) and the re-read after a lost live connection
 * (`controllers/resync.ts`) all sort with it, and so does the reference server
 * (`ORDER BY created_at, id`), so a thread reads the same in every one of them.
 *
 * Pure: no DOM, no storage.
 *
 * @module
 */
import type { SortOrder } from '../adapters/storage-adapter.js';

/** What the order reads of a comment. */
export interface Sortable {
  readonly createdAt: string;
  readonly id: string;
}

/** `createdAt` in milliseconds since 1970; 0 when it is not a date, so such comments sort first. */
export function timeOf(createdAt: string): number {
  const time = Date.parse(createdAt);
  return Number.isNaN(time) ? 0 : time;
}

/** Negative when (`timeA`, `idA`) sorts before (`timeB`, `idB`) oldest first, positive after, 0 when equal. */
export function compareTimeAndId(timeA: number, idA: string, timeB: number, idB: string): number {
  return timeA - timeB || (idA < idB ? -1 : idA > idB ? 1 : 0);
}

/** Negative when `a` sorts before `b` oldest first, positive after, 0 for the same time and id. */
export function compareOldest(a: Sortable, b: Sortable): number {
  return compareTimeAndId(timeOf(a.createdAt), a.id, timeOf(b.createdAt), b.id);
}

/** The comparison for `sort`: {@link compareOldest}, or its exact reverse for `newest`. */
export function comparator(sort: SortOrder | undefined): (a: Sortable, b: Sortable) => number {
  return sort === 'newest' ? (a, b) => compareOldest(b, a) : compareOldest;
}
