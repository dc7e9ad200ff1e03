/**
 * What to change after live updates may have been missed (an adapter's event stream
 * reconnected): the thread is read again and compared with what is shown. Kept apart from
 * `ThreadController` and loaded only when a resync happens, which most pages never see.
 *
 * @module
 */
import type { Comment } from '../adapters/storage-adapter.js';
import { comparator } from '../core/order.js';
import type { ThreadSource } from './thread-source.js';

export interface ResyncInput {
  source: ThreadSource;
  signal: AbortSignal;
  /** The comments shown when the resync started. */
  before: ReadonlyMap<string, Comment>;
  /** The comments shown now (changed meanwhile by posts, edits, live changes). */
  current: ReadonlyMap<string, Comment>;
  /** Whether pages were left unread when the resync started. */
  hadMore: boolean;
  isPending(id: string): boolean;
}

export interface ResyncPlan {
  /**
   * What to change: comments the read found that are not shown (added), shown ones it found
   * changed (replaced), and shown ones it did not return where it covered their place (removed;
   * one that still has replies stays as a placeholder, as on a live removal).
   */
  change: { set: Comment[]; remove: string[] };
  /** The comments added, to announce. */
  added: Comment[];
  /** The read reached the end of the thread. */
  complete: boolean;
}

function sameContent(a: Comment, b: Comment): boolean {
  return (
    a.body === b.body &&
    a.status === b.status &&
    a.updatedAt === b.updatedAt &&
    a.score === b.score &&
    a.parentId === b.parentId &&
    a.author.name === b.author.name &&
    a.author.website === b.author.website
  );
}

/**
 * Reads from the start as many comments as were shown, in whole pages (to the end when all
 * were loaded), and plans the merge: new comments added, changed ones replaced, and shown ones
 * the read did not return dropped where the read covered their place in the thread. Comments
 * that changed here meanwhile are left as they are. Rejects with the adapter's error.
 */
export async function planResync({ source, signal, before, current, hadMore, isPending }: ResyncInput): Promise<ResyncPlan> {
  const wanted = [...before.keys()].filter((id) => !isPending(id)).length;
  const fetched = new Map<string, Comment>();
  let cursor: string | null = null;
  do {
    const page = await source.adapter.list(source.threadId, { signal, sort: source.sort, limit: source.pageSize, ...(cursor ? { cursor } : {}) });
    for (const comment of page.comments) fetched.set(comment.id, comment);
    cursor = page.nextCursor ?? null;
  } while (cursor !== null && !signal.aborted && (!hadMore || fetched.size < wanted));
  const complete = cursor === null;

  // Where the read reached in the order of top-level comments; replies go with their thread.
  const known = new Map([...before, ...fetched]);
  const rootOf = (comment: Comment): Comment => {
    const seen = new Set<string>();
    let root = comment;
    while (root.parentId !== null && !seen.has(root.id)) {
      seen.add(root.id);
      const parent = known.get(root.parentId);
      if (!parent) break;
      root = parent;
    }
    return root;
  };
  const order = comparator(source.sort);
  let reach: Comment | null = null;
  for (const comment of fetched.values()) {
    const root = rootOf(comment);
    if (!reach || order(root, reach) > 0) reach = root;
  }
  const covered = (comment: Comment): boolean => complete || (reach !== null && order(rootOf(comment), reach) <= 0);

  const added: Comment[] = [];
  const replaced: Comment[] = [];
  for (const comment of fetched.values()) {
    const then = before.get(comment.id);
    const now = current.get(comment.id);
    if (then === undefined && now === undefined) added.push(comment);
    else if (then !== undefined && now === then && !sameContent(then, comment)) replaced.push(comment);
  }
  const gone = [...before].filter(([id, then]) => !fetched.has(id) && !isPending(id) && current.get(id) === then && covered(then));
  const goneIds = new Set(gone.map(([id]) => id));
  const parents = new Set<string | null>();
  for (const [id, comment] of current) if (!goneIds.has(id)) parents.add(comment.parentId);
  for (const comment of [...added, ...replaced]) parents.add(comment.parentId);
  const placeholders = gone.filter(([id]) => parents.has(id)).map(([, then]): Comment => ({ ...then, body: '', status: 'deleted' }));
  return {
    change: { set: [...added, ...replaced, ...placeholders], remove: gone.filter(([id]) => !parents.has(id)).map(([id]) => id) },
    added,
    complete,
  };
}
