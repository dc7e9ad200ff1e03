/**
 * The order of comments, written once: by creation time, then by id (`oldest`), exactly the
 * reverse (`newest`), or by score, highest first, then oldest first (`top`). Pinned top-level
 * comments come before the others in every order, in that same order among themselves. The
 * widget's tree (`tree.ts`, `tree-update.ts`), the adapters' listings
 * (`adapters/comment-reads.ts`), keyset paging (`paging.ts`) and the re-read after a lost live
 * connection (`controllers/resync.ts`) all sort with it, and so does the reference server
 * (`ORDER BY pinned DESC, [score DESC,] created_at, id`), so a thread reads the same in every
 * one of them. Replies are always oldest first ({@link compareOldest}).
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
  /** Net votes: read by `top` only; absent counts as 0. */
  readonly score?: number | undefined;
  /** A pinned top-level comment comes first in every order. */
  readonly pinned?: boolean | undefined;
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

/**
 * The order of top-level comments in `sort` (default `oldest`), for `a` created at `timeA` and
 * `b` at `timeB` (their {@link timeOf}, which the caller may have parsed once): pinned first,
 * then for `top` the higher score, then by time and id, oldest first (`newest`: newest first).
 * Negative when `a` comes first, positive after, 0 for the same comment.
 */
export function compareTops(sort: SortOrder | undefined, a: Omit<Sortable, 'createdAt'>, timeA: number, b: Omit<Sortable, 'createdAt'>, timeB: number): number {
  return (
    +!!b.pinned - +!!a.pinned ||
    (sort === 'top' ? (b.score ?? 0) - (a.score ?? 0) : 0) ||
    (sort === 'newest' ? -1 : 1) * compareTimeAndId(timeA, a.id, timeB, b.id)
  );
}

/** The comparison of top-level comments for `sort`: {@link compareTops}, parsing each date. */
export function comparator(sort: SortOrder | undefined): (a: Sortable, b: Sortable) => number {
  return (a, b) => compareTops(sort, a, timeOf(a.createdAt), b, timeOf(b.createdAt));
}
