/**
 * The re-read after live updates may have been missed (an adapter's event stream
 * reconnected): the thread is read again, compared with what is shown, and what changed is
 * merged into it. Kept apart from `ThreadController` and loaded only when a resync happens,
 * which most pages never see.
 *
 * @module
 */
import { readList } from '../adapters/read-comment.js';
import type { Comment } from '../adapters/storage-adapter.js';
import { comparator } from '../core/order.js';
import type { ThreadSource } from './thread-source.js';

/** What {@link resync} uses of the `ThreadController` whose thread it reads again. */
export interface ResyncTarget {
  /** The comments shown; they may change while the read is under way (posts, edits, live changes). */
  readonly comments: ReadonlyMap<string, Comment>;
  readonly loadingMore: boolean;
  isPending(id: string): boolean;
  commit(change: { set?: readonly Comment[]; remove?: readonly string[] }): void;
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
 * Reads `thread` again from the start, quietly (no loading state): as many comments as it
 * showed when the resync started (`before`), in whole pages (to the end when all were loaded:
 * `hadMore` false), each page checked as every read is (`readList`; a cursor that does not
 * move on ends the read). Then merges: new comments go to `added` (the thread holds them until
 * the reader asks), changed ones
 * replaced, and shown ones the read did not return dropped where the read covered their place
 * in the thread (one that still has replies stays as a placeholder, as on a live removal).
 * Comments that changed here meanwhile are left as they are. When the read reached the end of
 * a thread that had pages left, `ended` is called. Rejects with the adapter's error, or as
 * `corrupt` when an answer is no list; changes nothing once `signal` has aborted.
 */
export async function resync(
  thread: ResyncTarget,
  source: ThreadSource,
  signal: AbortSignal,
  before: ReadonlyMap<string, Comment>,
  hadMore: boolean,
  added: (comment: Comment) => void,
  ended: () => void,
): Promise<void> {
  const current = thread.comments;
  const isPending = (id: string): boolean => thread.isPending(id);
  const wanted = [...before.keys()].filter((id) => !isPending(id)).length;
  const fetched = new Map<string, Comment>();
  let cursor: string | null = null;
  do {
    const page = readList(await source.adapter.list(source.threadId, { signal, sort: source.sort, limit: source.pageSize, ...(cursor ? { cursor } : {}) }), source.threadId);
    for (const comment of page.comments) fetched.set(comment.id, comment);
    cursor = (page.nextCursor !== cursor && page.nextCursor) || null;
  } while (cursor !== null && !signal.aborted && (!hadMore || fetched.size < wanted));
  if (signal.aborted) return;
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

  const news: Comment[] = [];
  const replaced: Comment[] = [];
  for (const comment of fetched.values()) {
    const then = before.get(comment.id);
    const now = current.get(comment.id);
    if (then === undefined && now === undefined) news.push(comment);
    else if (then !== undefined && now === then && !sameContent(then, comment)) replaced.push(comment);
  }
  const gone = [...before].filter(([id, then]) => !fetched.has(id) && !isPending(id) && current.get(id) === then && covered(then));
  const goneIds = new Set(gone.map(([id]) => id));
  const parents = new Set<string | null>();
  for (const [id, comment] of current) if (!goneIds.has(id)) parents.add(comment.parentId);
  for (const comment of [...news, ...replaced]) parents.add(comment.parentId);
  const placeholders = gone.filter(([id]) => parents.has(id)).map(([, then]): Comment => ({ ...then, body: '', status: 'deleted' }));
  const remove = gone.filter(([id]) => !parents.has(id)).map(([id]) => id);
  if (replaced.length + placeholders.length + remove.length > 0) thread.commit({ set: [...replaced, ...placeholders], remove });
  // New to the reader: held like any comment from elsewhere.
  for (const comment of news) added(comment);
  if (complete && hadMore && !thread.loadingMore) ended();
}
