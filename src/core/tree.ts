import type { Comment, SortOrder } from '../adapters/storage-adapter.js';

/** A comment placed in the displayed thread. */
export interface ThreadNode {
  comment: Comment;
  /** 1 for top-level comments; never more than the `maxDepth` the tree was built with. */
  depth: number;
  /** Replies displayed nested under this comment. */
  children: ThreadNode[];
  /**
   * Set when the comment was lifted to a shallower level than its real one (the thread is
   * deeper than `maxDepth`): the comment it actually answers, for a "replying to" marker.
   */
  replyTo?: Comment;
}

export interface TreeOptions {
  /** Order of top-level comments; replies are always oldest first. Default `oldest`. */
  sort?: SortOrder;
  /** Deepest nesting level shown; deeper replies are listed at this level. Default 4. */
  maxDepth?: number;
}

export interface Thread {
  roots: ThreadNode[];
  /** Comments that count for a "12 comments" heading: all but `deleted` placeholders. */
  count: number;
  /** How many comments each top-level thread shows (itself and all its replies), by root. */
  sizes: number[];
}

/**
 * Parsed creation times by comment object. The tree is rebuilt whenever a comment arrives, and
 * parsing thousands of dates for every sort comparison cost more than the rest of the build;
 * comments are immutable values here (a change is a new object), so a time never goes stale.
 */
const times = new WeakMap<Comment, number>();

function time(comment: Comment): number {
  let t = times.get(comment);
  if (t === undefined) {
    t = Date.parse(comment.createdAt);
    if (Number.isNaN(t)) t = 0;
    times.set(comment, t);
  }
  return t;
}

function byOldest(a: Comment, b: Comment): number {
  return time(a) - time(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Turns a flat list of comments into the displayed tree. Tolerant of anything stored data can
 * hold: a comment whose parent is missing becomes top-level, a duplicate id keeps its last
 * occurrence, and a cycle of parents is broken at its oldest comment, so no input can hang
 * or crash it. Iterative, so a reply chain thousands deep cannot overflow the stack.
 * Runs in O(n log n).
 */
export function buildTree(comments: Iterable<Comment>, options: TreeOptions = {}): Thread {
  const maxDepth = Math.max(1, Math.floor(options.maxDepth ?? 4));
  const byId = new Map<string, Comment>();
  for (const comment of comments) byId.set(comment.id, comment);

  const childrenOf = new Map<string, Comment[]>();
  const tops: Comment[] = [];
  let count = 0;
  for (const comment of byId.values()) {
    if (comment.status !== 'deleted') count++;
    const parentId = comment.parentId;
    if (parentId === null || parentId === comment.id || !byId.has(parentId)) {
      tops.push(comment);
    } else {
      const siblings = childrenOf.get(parentId);
      if (siblings) siblings.push(comment);
      else childrenOf.set(parentId, [comment]);
    }
  }
  for (const siblings of childrenOf.values()) siblings.sort(byOldest);
  tops.sort(byOldest);

  const placed = new Set<string>();
  const roots: ThreadNode[] = [];
  const place = (top: Comment): void => {
    const root: ThreadNode = { comment: top, depth: 1, children: [] };
    placed.add(top.id);
    roots.push(root);
    // Depth-first with an explicit stack. At `maxDepth` a node's whole subtree is listed after
    // it, in conversation order, each lifted reply remembering whom it answers.
    const stack: ThreadNode[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.depth < maxDepth) {
        for (const reply of childrenOf.get(node.comment.id) ?? []) {
          if (placed.has(reply.id)) continue;
          placed.add(reply.id);
          const child: ThreadNode = { comment: reply, depth: node.depth + 1, children: [] };
          node.children.push(child);
          stack.push(child);
        }
      } else {
        node.children = liftSubtree(node.comment, childrenOf, placed, node.depth);
      }
    }
  };

  for (const top of tops) place(top);
  // Whatever is left sits on a cycle of parents: break each cycle at its oldest comment.
  if (placed.size < byId.size) {
    const rest = [...byId.values()].filter((c) => !placed.has(c.id)).sort(byOldest);
    for (const comment of rest) if (!placed.has(comment.id)) place(comment);
  }
  roots.sort((a, b) => byOldest(a.comment, b.comment));
  if (options.sort === 'newest') roots.reverse();

  // Lifted replies are shown as siblings following the comment they descend from.
  const splice = (list: ThreadNode[]): ThreadNode[] => {
    if (!list.some((n) => n.depth >= maxDepth && n.children.length > 0)) return list;
    const out: ThreadNode[] = [];
    for (const n of list) {
      out.push(n);
      if (n.depth >= maxDepth && n.children.length > 0) {
        out.push(...n.children);
        n.children = [];
      }
    }
    return out;
  };
  const lists: ThreadNode[][] = [roots];
  for (let i = 0; i < lists.length; i++) {
    for (const n of lists[i]!) {
      if (n.depth < maxDepth) {
        n.children = splice(n.children);
        lists.push(n.children);
      }
    }
  }
  if (maxDepth === 1) return withSizes(splice(roots), count);

  return withSizes(roots, count);
}

function withSizes(roots: ThreadNode[], count: number): Thread {
  const index = new Map<string, ThreadNode>();
  const sizes = roots.map((root) => {
    let size = 0;
    const stack = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      size++;
      index.set(node.comment.id, root);
      for (const child of node.children) stack.push(child);
    }
    return size;
  });
  const thread = { roots, count, sizes };
  indexes.set(thread, index);
  return thread;
}

/**
 * The replies below `comment`, in pre-order (each reply followed by its own replies, oldest
 * first), all at `depth`, each marked with the comment it answers.
 */
function liftSubtree(
  comment: Comment,
  childrenOf: ReadonlyMap<string, Comment[]>,
  placed: Set<string>,
  depth: number,
): ThreadNode[] {
  const out: ThreadNode[] = [];
  const stack: Array<{ reply: Comment; parent: Comment }> = [];
  const pushReplies = (parent: Comment): void => {
    const replies = childrenOf.get(parent.id) ?? [];
    for (let i = replies.length - 1; i >= 0; i--) stack.push({ reply: replies[i]!, parent });
  };
  pushReplies(comment);
  while (stack.length > 0) {
    const { reply, parent } = stack.pop()!;
    if (placed.has(reply.id)) continue;
    placed.add(reply.id);
    out.push({ comment: reply, depth, children: [], replyTo: parent });
    pushReplies(reply);
  }
  return out;
}

/** Whether two displayed subtrees show exactly the same comments in the same places. */
function sameSubtree(a: ThreadNode, b: ThreadNode): boolean {
  const stack: Array<[ThreadNode, ThreadNode]> = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x.comment !== y.comment || x.depth !== y.depth || x.replyTo !== y.replyTo || x.children.length !== y.children.length) {
      return false;
    }
    for (let i = 0; i < x.children.length; i++) stack.push([x.children[i]!, y.children[i]!]);
  }
  return true;
}

/**
 * `next` with every top-level thread that did not change since `previous` replaced by the
 * previous node object, so a renderer that compares nodes by identity skips it: after one new
 * comment, only its own thread is rendered again. Comments are compared by identity.
 */
export function reuseUnchanged(previous: Thread, next: Thread): Thread {
  const old = new Map(previous.roots.map((node) => [node.comment.id, node]));
  const roots = next.roots.map((node) => {
    const before = old.get(node.comment.id);
    return before && sameSubtree(before, node) ? before : node;
  });
  const thread = { ...next, roots };
  indexes.set(thread, rootIndex(thread));
  return thread;
}

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

/** Index of the top-level thread each comment is shown in, by comment id. */
function rootIndex(thread: Thread): Map<string, ThreadNode> {
  const index = new Map<string, ThreadNode>();
  for (const root of thread.roots) for (const comment of subtreeComments(root)) index.set(comment.id, root);
  return index;
}

/** Where a new top-level comment goes among `roots`, keeping their order. */
function insertionPoint(roots: readonly ThreadNode[], comment: Comment, sort: SortOrder): number {
  const sign = sort === 'newest' ? -1 : 1;
  let low = 0;
  let high = roots.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sign * byOldest(roots[mid]!.comment, comment) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Thread ids' indexes kept beside the trees they index (built on first use). */
const indexes = new WeakMap<Thread, Map<string, ThreadNode>>();

/**
 * `thread` with one new comment added, rebuilding only the top-level thread it joins instead of
 * the whole tree: what one comment arriving in a long thread costs. Every other root keeps its
 * node object, so a renderer that compares nodes by identity re-renders only the changed
 * thread. Returns `null` when the result could differ from a full {@link buildTree} (the id is
 * already shown, its parent is not, a shown orphan is its reply, or `maxDepth` is 1): the caller
 * then builds the tree anew.
 */
export function addToTree(thread: Thread, comment: Comment, options: TreeOptions = {}): Thread | null {
  const sort = options.sort === 'newest' ? 'newest' : 'oldest';
  // With maxDepth 1 replies are listed flat among the top-level comments: rebuild.
  if (Math.floor(options.maxDepth ?? 4) <= 1) return null;
  let index = indexes.get(thread);
  if (!index) index = rootIndex(thread);
  if (index.has(comment.id)) return null;
  // A reply that arrived before this comment sits at the top level, waiting for it.
  if (thread.roots.some((root) => root.comment.parentId === comment.id)) return null;
  const counted = comment.status !== 'deleted' ? 1 : 0;
  const roots = [...thread.roots];
  const sizes = [...thread.sizes];
  if (comment.parentId === null || comment.parentId === comment.id) {
    const [root] = buildTree([comment], options).roots;
    const at = insertionPoint(roots, comment, sort);
    roots.splice(at, 0, root!);
    sizes.splice(at, 0, 1);
    index.set(comment.id, root!);
  } else {
    const parentRoot = index.get(comment.parentId);
    if (!parentRoot) return null;
    const at = roots.indexOf(parentRoot);
    const rebuilt = buildTree([...subtreeComments(parentRoot), comment], options);
    if (at < 0 || rebuilt.roots.length !== 1 || rebuilt.roots[0]!.comment !== parentRoot.comment) return null;
    const root = rebuilt.roots[0]!;
    roots[at] = root;
    sizes[at] = rebuilt.sizes[0]!;
    for (const shown of subtreeComments(root)) index.set(shown.id, root);
  }
  const next: Thread = { roots, count: thread.count + counted, sizes };
  // The old tree is replaced, so its index moves on with the new one.
  indexes.delete(thread);
  indexes.set(next, index);
  return next;
}


/** The top-level node that a displayed comment is shown under (itself for a top-level one). */
export function rootOf(thread: Thread, id: string): ThreadNode | undefined {
  let index = indexes.get(thread);
  if (!index) indexes.set(thread, (index = rootIndex(thread)));
  return index.get(id);
}
