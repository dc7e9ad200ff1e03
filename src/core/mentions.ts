/** What tells a mention from a comment, written once for the adapters and the tree. */
import type { Comment } from '../adapters/storage-adapter.js';

/** Whether an entry is a mention (a pingback, trackback or webmention) rather than a comment. */
export function isMention(comment: Comment): boolean {
  return comment.kind !== undefined && comment.kind !== 'comment';
}
