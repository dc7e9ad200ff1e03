/**
 * Keeping the displayed tree (`tree.ts`) current without rebuilding it: after a change to a few
 * comments only the top-level threads they touch are built again, and every other thread keeps
 * its node objects, so a renderer that compares nodes by identity leaves them alone. What one
 * new, edited or removed comment costs in a thread of thousands is then the size of its own
 * thread, not of the whole.
 *
 * A changed top-level comment keeps its place, even where its new score (`top`) or pin would
 * sort it elsewhere: a vote or a moderator's pin must not move what a reader is looking at.
 * Until the next full build (another order, a reload), such a thread stays where it was; a new
 * top-level comment is inserted by the order of `order.ts` among the others.
 *
 * Loaded after the first render (see `tree-cache.ts`): the first paint builds the tree whole.
 *
 * @module
 */
import { isMention } from './mentions.js';
import type { Comment, SortOrder } from '../adapters/storage-adapter.js';
import { buildTree, compareRoots, subtreeSize, type Thread, type ThreadNode, type TreeOptions } from './tree.js';

/** Changes above this count are applied by a full rebuild, which is then no dearer. */
const MAX_TRACED = 64;

/** Each tree's index: the top-level node every displayed comment is under, by comment id. */
const indexes = new WeakMap<Thread, Map<string, ThreadNode>>();

/** The comments shown in a displayed subtree, in no particular order. */
function subtreeComments(root: ThreadNode): Comment[] {
  const out: Comment[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    out.push(node.comment);
    for (const child of node.children) stack.push(child);
  }
  return out;
}

/**
 * The index of `thread` (made on first use): which top-level node each displayed comment is
 * under. Made ahead, while the browser is idle, it keeps the first change's update short.
 */
export function indexOf(thread: Thread): Map<string, ThreadNode> {
  let index = indexes.get(thread);
  if (!index) {
    index = new Map();
    for (const root of thread.roots) for (const comment of subtreeComments(root)) index.set(comment.id, root);
    indexes.set(thread, index);
  }
  return index;
}

/** The top-level node that a displayed comment is shown under (itself for a top-level one). */
export function rootOf(thread: Thread, id: string): ThreadNode | undefined {
  return indexOf(thread).get(id);
}

/** Comments in a subtree that count for the heading (not deleted placeholders). */
function counted(comments: readonly Comment[]): number {
  return comments.reduce((n, c) => n + (c.status === 'deleted' ? 0 : 1), 0);
}

/**
 * Where a new top-level comment goes among `roots`, keeping their order (a binary search: among
 * roots that kept their place after a change of score, it lands next to ones it sorts with).
 */
function insertionPoint(roots: readonly ThreadNode[], comment: Comment, sort: SortOrder | undefined): number {
  let low = 0;
  let high = roots.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareRoots(sort, roots[mid]!.comment, comment) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * `thread` brought in line with `comments` after the comments named in `changed` were added,
 * replaced or removed (a removed one is absent from `comments`), rebuilding only the top-level
 * threads they touch. The result equals `buildTree(comments.values(), options)` node for node,
 * but for the order of top-level comments whose score or pin changed: they keep their place.
 *
 * Returns `null` where that equality is not traced here, and the caller builds anew: a reply
 * shown at the top level waiting for the comment that arrives, a removed comment whose replies
 * would move to the top level, a comment whose parent or date changed, a cycle of parents, a
 * flat list (`maxDepth` 1), or more than a few dozen changes at once.
 */
export function updateTree(
  thread: Thread,
  comments: ReadonlyMap<string, Comment>,
  changed: Iterable<string>,
  options: TreeOptions = {},
): Thread | null {
  const { sort } = options;
  if (Math.floor(options.maxDepth ?? 4) <= 1) return null;
  const ids = new Set(changed);
  if (ids.size > MAX_TRACED) return null;
  // A mention that came, changed or went: the mentions are listed apart, by a full build.
  for (const id of ids) {
    const comment = comments.get(id);
    if ((comment && isMention(comment)) || thread.mentions.some((mention) => mention.id === id)) return null;
  }
  const index = indexOf(thread);

  /** The shown comments of the top-level thread of each affected root, by comment id. */
  const before = new Map<string, Map<string, Comment>>();
  const shownUnder = (root: ThreadNode): Map<string, Comment> => {
    let shown = before.get(root.comment.id);
    if (!shown) before.set(root.comment.id, (shown = new Map(subtreeComments(root).map((c) => [c.id, c]))));
    return shown;
  };
  /** The id of the top-level comment `comment` is under now, or null on a cycle. */
  const rootNow = (comment: Comment): string | null => {
    const seen = new Set<string>();
    for (let current = comment; ; ) {
      const parentId = current.parentId;
      if (parentId === null || parentId === current.id) return current.id;
      const parent = comments.get(parentId);
      if (!parent || isMention(parent)) return current.id; // an orphan (or a reply to a mention) is top-level
      const shown = index.get(parentId);
      if (shown && !ids.has(parentId)) return shown.comment.id;
      if (seen.has(parentId)) return null;
      seen.add(current.id);
      current = parent;
    }
  };

  /** Affected top-level threads (existing or new), by root id, with the changed comments now under each. */
  const affected = new Map<string, string[]>();
  const touch = (rootId: string): string[] => {
    let list = affected.get(rootId);
    if (!list) affected.set(rootId, (list = []));
    return list;
  };
  for (const id of ids) {
    const shownRoot = index.get(id);
    const old = shownRoot ? shownUnder(shownRoot).get(id) : undefined;
    const now = comments.get(id);
    if (shownRoot) touch(shownRoot.comment.id);
    // Replies of a removed comment would become top-level; a moved comment changes more than its thread.
    if (old && (!now || now.parentId !== old.parentId || now.createdAt !== old.createdAt)) {
      for (const shown of shownUnder(shownRoot!).values()) if (shown.parentId === id && !ids.has(shown.id)) return null;
      if (now && (now.parentId !== old.parentId || now.createdAt !== old.createdAt)) return null;
    }
    if (!now) continue;
    // A reply that arrived before this comment sits at the top level, waiting for it.
    if (!old && thread.roots.some((root) => root.comment.parentId === id)) return null;
    const rootId = rootNow(now);
    if (rootId === null) return null;
    touch(rootId).push(id);
  }

  // Build each affected thread again from its shown comments and the changes now under it.
  const rebuilt: Array<{ rootId: string; node: ThreadNode | null; size: number; counted: number }> = [];
  for (const [rootId, added] of affected) {
    const oldRoot = index.get(rootId);
    const wasRoot = oldRoot?.comment.id === rootId;
    const members = new Set(wasRoot ? shownUnder(oldRoot).keys() : []);
    for (const id of added) members.add(id);
    const list: Comment[] = [];
    for (const id of members) {
      const comment = comments.get(id);
      if (comment) list.push(comment);
    }
    if (list.length === 0) {
      rebuilt.push({ rootId, node: null, size: 0, counted: 0 });
      continue;
    }
    const built = buildTree(list, options);
    if (built.roots.length !== 1 || built.roots[0]!.comment !== comments.get(rootId) || built.sizes[0] !== list.length) return null;
    rebuilt.push({ rootId, node: built.roots[0]!, size: list.length, counted: counted(list) });
  }

  // Put them in place: replaced where they were, removed, or inserted in order.
  const roots = [...thread.roots];
  const sizes = [...thread.sizes];
  let count = thread.count;
  const removed = new Set<number>();
  const inserted: ThreadNode[] = [];
  for (const { rootId, node, size, counted: now } of rebuilt) {
    const old = index.get(rootId);
    const at = old?.comment.id === rootId ? roots.indexOf(old) : -1;
    if (at >= 0) {
      count += now - counted(subtreeComments(roots[at]!));
      if (node) {
        roots[at] = node;
        sizes[at] = size;
      } else removed.add(at);
    } else if (node) {
      count += now;
      inserted.push(node);
    }
  }
  const kept = removed.size === 0 ? roots : roots.filter((_, i) => !removed.has(i));
  const keptSizes = removed.size === 0 ? sizes : sizes.filter((_, i) => !removed.has(i));
  for (const node of inserted) {
    const at = insertionPoint(kept, node.comment, sort);
    kept.splice(at, 0, node);
    keptSizes.splice(at, 0, subtreeSize(node));
  }
  const next: Thread = { roots: kept, count, mentions: thread.mentions, sizes: keptSizes };

  // The index moves on with the new tree (the old one is replaced).
  for (const [rootId] of affected) {
    const shown = before.get(rootId);
    if (shown) for (const id of shown.keys()) index.delete(id);
  }
  for (const { node } of rebuilt) if (node) for (const comment of subtreeComments(node)) index.set(comment.id, node);
  for (const id of ids) if (!comments.has(id)) index.delete(id);
  indexes.delete(thread);
  indexes.set(next, index);
  return next;
}
