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
import { compareTops, timeOf } from '../core/order.js';
import type { AdapterError, Comment, ListResult, SortOrder } from './storage-adapter.js';

/** Whether an entry counts as a published comment ("11 comments"). */
export function countsAsComment(comment: Comment): boolean {
  return !isMention(comment) && (comment.status ?? 'published') === 'published';
}

/**
 * The answer to `list` for a whole thread: `comments` (not copied) in the order of the top-level
 * comments of `core/order.ts` (pinned first; creation time, then id; `newest` the reverse; `top`
 * by score), replies included (the widget nests them in their own order); `total` counts the
 * published comments (not the mentions); `warnings` only when there are some.
 */
export function listResult(comments: readonly Comment[], sort?: SortOrder, warnings: AdapterError[] = []): ListResult {
  // Each date parsed once, not once per comparison.
  const keyed = comments.map((comment) => ({ comment, time: timeOf(comment.createdAt) }));
  keyed.sort((a, b) => compareTops(sort, a.comment, a.time, b.comment, b.time));
  const result: ListResult = {
    comments: keyed.map((k) => k.comment),
    nextCursor: null,
    total: comments.filter(countsAsComment).length,
  };
  if (warnings[0]) result.warnings = warnings;
  return result;
}

