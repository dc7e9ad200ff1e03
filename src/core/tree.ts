import type { Comment, SortOrder } from '../adapters/storage-adapter.js';
import { isMention } from './mentions.js';
import { compareTimeAndId, compareTops, timeOf } from './order.js';

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
  /**
   * Order of top-level comments (`order.ts`: pinned first, then by time or score); replies are
   * always oldest first. Default `oldest`.
   */
  sort?: SortOrder;
  /** Deepest nesting level shown; deeper replies are listed at this level. Default 4. */
  maxDepth?: number;
}

export interface Thread {
  roots: ThreadNode[];
  /** Comments that count for a "12 comments" heading: all but `deleted` placeholders. */
  count: number;
  /**
   * The mentions (pingbacks, trackbacks, webmentions: `kind` other than `comment`), oldest
   * first. They are shown apart and are not part of `roots`; a reply to one is top-level.
   */
  mentions: Comment[];
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
  if (t === undefined) times.set(comment, (t = timeOf(comment.createdAt)));
  return t;
}

/** The order of `order.ts` for replies (oldest first), with each comment's time parsed once. */
export function byOldest(a: Comment, b: Comment): number {
  return compareTimeAndId(time(a), a.id, time(b), b.id);
}

/** The order of `order.ts` for top-level comments in `sort`, with each comment's time parsed once. */
export function compareRoots(sort: SortOrder | undefined, a: Comment, b: Comment): number {
  return compareTops(sort, a, time(a), b, time(b));
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
  const mentionsById = new Map<string, Comment>();
  for (const comment of comments) (isMention(comment) ? mentionsById : byId).set(comment.id, comment);
  const mentions = [...mentionsById.values()].sort(byOldest);

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
  roots.sort((a, b) => compareRoots(options.sort, a.comment, b.comment));

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
  if (maxDepth === 1) return withSizes(splice(roots), count, mentions);

  return withSizes(roots, count, mentions);
}

function withSizes(roots: ThreadNode[], count: number, mentions: Comment[]): Thread {
  return { roots, count, mentions, sizes: roots.map(subtreeSize) };
}

/** Comments shown in a displayed subtree, itself included. */
export function subtreeSize(root: ThreadNode): number {
  let size = 0;
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    size++;
    for (const child of node.children) stack.push(child);
  }
  return size;
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
