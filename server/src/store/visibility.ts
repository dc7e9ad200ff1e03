/**
 * What a visitor sees of a thread. One rule, shared by both stores and the routes:
 *
 * - A comment is **visible** to a visitor when it is `published`, or `pending` and theirs
 *   (same author key). Visible comments are listed as themselves.
 * - Any other comment (`deleted`, `spam`, `rejected`, someone else's `pending`) is **hidden**.
 *   A hidden comment that has a visible comment somewhere below it is listed as a
 *   **placeholder**: status `deleted`, no body, no author (see `placeholder` in `app.ts`), so
 *   that every visible reply's `parentId` names a comment in the list and the thread keeps
 *   its shape. A hidden comment with nothing visible below it is not listed at all.
 *
 * So a placeholder never says why a comment is gone (deleted by its author, rejected, spam, or
 * still waiting for moderation), and marking a parent as spam no longer hides its published
 * replies. Counts (`total`, `/api/counts`) are the number of `published` comments of kind
 * `comment`: exactly the comments every visitor sees as comments, placeholders, pending ones and
 * mentions (pingbacks, trackbacks, webmentions, counted apart as `mentions`) not included.
 *
 * @module
 */
import type { StoredComment } from './comment-store.js';

/** Whether the visitor with this author-key hash (or none) sees the comment as itself. */
export function isVisible(comment: Pick<StoredComment, 'status' | 'authorHash'>, authorHash: string | null): boolean {
  return comment.status === 'published' || (comment.status === 'pending' && comment.authorHash !== null && comment.authorHash === authorHash);
}

/**
 * Of the replies below some top-level comments (complete subtrees, any status), the ones to
 * list: the visible ones and their hidden ancestors, in the order given.
 */
export function listedReplies<T extends StoredComment>(replies: readonly T[], authorHash: string | null): T[] {
  const byId = new Map(replies.map((reply) => [reply.id, reply]));
  const listed = new Set<string>();
  for (const reply of replies) {
    if (!isVisible(reply, authorHash)) continue;
    // Walk up until an ancestor already listed (or the top-level comment, not in the map).
    for (let current: T | undefined = reply; current && !listed.has(current.id); current = current.parentId ? byId.get(current.parentId) : undefined) {
      listed.add(current.id);
    }
  }
  return replies.filter((reply) => listed.has(reply.id));
}
