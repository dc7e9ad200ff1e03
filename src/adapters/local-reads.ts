/**
 * The reading rules of the adapters that keep comments on this side of the network
 * ({@link MemoryAdapter}, {@link LocalStorageAdapter}) beyond listing (`comment-reads.ts`),
 * written once: copying, counting, finding one comment with the comments above it, and
 * delivering changes to subscribers. Apart from `comment-reads.ts` because the bundle's first
 * read needs none of them: they load with the adapters' reading halves.
 *
 * Internal: not exported from the package entry point.
 *
 * @internal
 * @module
 */
import { countsAsComment } from './comment-reads.js';
import type { CallOptions, Comment, CommentPath, ThreadChange } from './storage-adapter.js';

/**
 * A copy of a comment that shares its strings (they are immutable) but no object with the
 * original: changing the copy cannot change the stored comment. Far cheaper than a deep clone
 * when a thread of thousands is handed out.
 */
export function copyComment(comment: Comment): Comment {
  return { ...comment, author: { ...comment.author } };
}

/**
 * A copy of a comment (as {@link copyComment}) without the visitor's own vote: what a live
 * change carries, since it is the same for everyone who hears it (see `Comment.myVote`).
 */
export function sharedCopy(comment: Comment): Comment {
  const { myVote: _mine, ...shared } = copyComment(comment);
  return shared;
}

/** The answer to `count`: for each thread, its published comments (no mentions, no placeholders). */
export function countResult(threadIds: string[], read: (threadId: string) => readonly Comment[]): Record<string, number> {
  return Object.fromEntries(threadIds.map((id) => [id, read(id).filter(countsAsComment).length]));
}

/**
 * The answer to `get` from a whole thread: the comment whose id, or else one of whose aliases,
 * is `idOrAlias`, with the comments above it (top-level first; a cycle ends the walk), copied;
 * `null` when there is none.
 */
export function pathTo(thread: readonly Comment[], idOrAlias: string): CommentPath | null {
  const byId = new Map(thread.map((c) => [c.id, c]));
  const found = byId.get(idOrAlias) ?? thread.find((c) => c.aliases?.includes(idOrAlias));
  if (!found) return null;
  const ancestors: Comment[] = [];
  const seen = new Set([found.id]);
  for (let parent = byId.get(found.parentId ?? ''); parent && !seen.has(parent.id); parent = byId.get(parent.parentId ?? '')) {
    seen.add(parent.id);
    ancestors.unshift(copyComment(parent));
  }
  return { comment: copyComment(found), ancestors };
}

/**
 * The part of `subscribe` every adapter shares. Unless `options.signal` has already aborted,
 * calls `start` with a `deliver` function and the signal that aborts when the subscription
 * ends (`options.signal` aborts or the returned function is called); `start` hooks the source
 * of changes up to `deliver` and unhooks it when that signal aborts. `deliver` drops changes
 * once the subscription has ended, and reports an error the listener throws (through
 * `reportError`) without breaking the adapter call that caused the change.
 */
export function subscription(
  listener: (change: ThreadChange) => void,
  options: CallOptions,
  start: (deliver: (change: ThreadChange) => void, ended: AbortSignal) => void,
): () => void {
  const stop = new AbortController();
  const unsubscribe = (): void => stop.abort();
  if (!options.signal?.aborted) {
    options.signal?.addEventListener('abort', unsubscribe, { signal: stop.signal });
    start((change) => {
      try {
        if (!stop.signal.aborted) listener(change);
      } catch (error) {
        (globalThis.reportError ?? console.error)(error);
      }
    }, stop.signal);
  }
  return unsubscribe;
}
