/**
 * Following a link whose `#comment-REF` is not the id of a comment read: `REF` may be an alias
 * (an imported blog's own id, `#comment-5`) of a comment read, or name a comment not read yet
 * (on a later page of a server's thread), which the adapter's `get` finds by id or alias, with
 * the comments above it, to join the thread in their places. Loaded only for such a link, which
 * most visits never have.
 *
 * @module
 */
import { readAnswer, readComment } from '../adapters/read-comment.js';
import type { Comment } from '../adapters/storage-adapter.js';
import type { ThreadController } from './thread-controller.js';

/** The id of the comment read whose id, or else one of whose aliases, is `ref`; or null. */
function findRead(thread: ThreadController, ref: string): string | null {
  if (thread.comments.has(ref)) return ref;
  for (const comment of thread.comments.values()) if (comment.aliases?.includes(ref)) return comment.id;
  return null;
}

/**
 * The id of the comment `ref` names: one read whose id or alias it is, or else one the thread's
 * adapter finds (its `get`), added with the comments above it that are not read yet. Null when
 * there is none or the adapter cannot tell (no `get`); a failure is reported as a `load` error.
 */
export async function findLinkedComment(thread: ThreadController, ref: string): Promise<string | null> {
  const known = findRead(thread, ref);
  if (known !== null) return known;
  // (A thread no longer on the page reports that itself, and there is nothing to follow.)
  let source: ReturnType<ThreadController['writable']>;
  try {
    source = thread.writable('load');
  } catch {
    return null;
  }
  const { adapter, threadId, signal } = source;
  if (!adapter.get) return null;
  try {
    const path = await adapter.get(threadId, ref, { signal });
    if (!path || signal.aborted) return null;
    // Checked as every comment from an adapter is: a comment that is none is `corrupt`, an
    // ancestor that is none is left out, and one the thread holds already stays as it is.
    const comment = readAnswer(path.comment, threadId);
    const read = [...(Array.isArray(path.ancestors) ? path.ancestors : []), comment]
      .map((entry) => readComment(entry, threadId))
      .filter((entry): entry is Comment => entry !== null && !thread.comments.has(entry.id));
    if (read.length > 0) thread.commit({ set: read });
    return findRead(thread, comment.id);
  } catch (error) {
    if (!signal.aborted) thread.report('load', error);
    return null;
  }
}
