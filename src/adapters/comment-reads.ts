/**
 * The reading rule shared by the adapters that keep comments on this side of the network
 * ({@link MemoryAdapter}, {@link LocalStorageAdapter}) and the bundle's own first read of
 * this browser's storage: listing a whole thread in order, with its counts. The other reading
 * rules, which the first read does not need, are `local-reads.ts`; the writing rules are
 * `comment-ops.ts`.
 *
 * Internal: not exported from the package entry point.
 *
 * @internal
 * @module
 */
import { isMention } from '../core/mentions.js';
import { compareTimeAndId, timeOf } from '../core/order.js';
import type { AdapterError, Comment, ListResult, SortOrder } from './storage-adapter.js';

/** Whether an entry counts as a published comment ("11 comments"). */
export function countsAsComment(comment: Comment): boolean {
  return !isMention(comment) && (comment.status ?? 'published') === 'published';
}

/**
 * The answer to `list` for a whole thread: `comments` (not copied) in the order of
 * `core/order.ts` (creation time, then id; `newest` is the exact reverse); `total` counts the
 * published comments (not the mentions); `warnings` only when there are some.
 */
export function listResult(comments: readonly Comment[], sort?: SortOrder, warnings: AdapterError[] = []): ListResult {
  const sign = sort === 'newest' ? -1 : 1;
  // Each date parsed once, not once per comparison.
  const keyed = comments.map((comment) => ({ comment, time: timeOf(comment.createdAt) }));
  keyed.sort((a, b) => sign * compareTimeAndId(a.time, a.comment.id, b.time, b.comment.id));
  const result: ListResult = {
    comments: keyed.map((k) => k.comment),
    nextCursor: null,
    total: comments.filter(countsAsComment).length,
  };
  if (warnings[0]) result.warnings = warnings;
  return result;
}

