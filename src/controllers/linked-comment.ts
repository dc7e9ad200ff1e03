/**
 * Reading a linked comment that is not among those read yet (`#comment-5` to a comment on a
 * later page of a server's thread): the adapter's `get` finds it by id or alias, with the
 * comments above it, and they join the thread in their places. Loaded only when a link names
 * a comment the thread has not read, which most visits never do.
 *
 * @module
 */
import { readComment } from '../adapters/read-comment.js';
import type { Comment } from '../adapters/storage-adapter.js';
import type { ThreadController } from './thread-controller.js';

/**
 * Asks the thread's adapter for the comment `ref` names and the comments above it, and adds
 * those not read yet. Returns the comment's id, or null when the adapter cannot tell (no `get`)
 * or has no such comment; a failure is reported as a `load` error.
 */
export async function readLinkedComment(thread: ThreadController, ref: string): Promise<string | null> {
  const { adapter, threadId, signal } = thread.writable('load');
  if (!adapter.get) return null;
  try {
    const path = await adapter.get(threadId, ref, { signal });
    if (!path || signal.aborted) return null;
    // Checked as every comment from an adapter is; one the thread holds already stays as it is.
    const read = [...path.ancestors, path.comment]
      .map((entry) => readComment(entry, threadId))
      .filter((comment): comment is Comment => comment !== null && !thread.comments.has(comment.id));
    if (read.length > 0) thread.commit({ set: read });
    return thread.find(path.comment.id);
  } catch (error) {
    if (!signal.aborted) thread.report('load', error);
    return null;
  }
}
