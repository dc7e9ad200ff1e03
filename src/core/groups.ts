/**
 * Groups of top-level threads that the browser lays out, or skips, together.
 *
 * A long thread is a few thousand top-level threads. Marking each of them
 * `content-visibility: auto` makes the browser check every one of them on every scrolled frame,
 * and re-lay out a list of thousands whenever one of them comes into view: at 10,000 comments
 * nearly every frame of a scroll was a long task. Runs of threads with about `budget` comments
 * each are few enough that those per-frame costs stay small, and small enough that laying one
 * out as it scrolls into view is cheap.
 *
 * The grouping is **stable**: a thread keeps its group across re-renders, a new thread joins
 * the group of its neighbour, and the groups never shift along the list. One new comment then
 * changes one group; a grouping by position would move a thread across every group boundary
 * after a comment added at the top (newest first), and re-render one thread per group.
 *
 * @module
 */

/** Where each thread went last time, by root id; kept by the caller between renders. */
export interface Grouping {
  /** Group key of each top-level thread placed so far. */
  readonly groupOf: Map<string, number>;
  /** The next unused group key. */
  next: number;
}

/** A run of consecutive top-level threads. */
export interface ThreadGroup<T> {
  /** Stable key, for keyed rendering. */
  key: number;
  roots: T[];
  /** Comments in the group's threads (each thread counts itself and its replies). */
  comments: number;
}

/** An empty grouping, for a new thread or a new sort order. */
export function newGrouping(): Grouping {
  return { groupOf: new Map(), next: 0 };
}

/**
 * Splits `roots` (in display order) into runs of consecutive threads of about `budget`
 * comments, reusing the groups of `grouping` and recording new placements in it.
 *
 * - A thread placed before keeps its group, however the group has grown.
 * - A new thread joins the group before it while that group is under `budget`, or the group
 *   right after it when it comes first (a new comment at the top); otherwise it starts a
 *   group.
 * - If the recorded groups are no longer consecutive (the order changed), the grouping
 *   starts over from scratch.
 *
 * @param roots Top-level threads in display order.
 * @param sizes Comments in each thread, by index (as `Thread.sizes`).
 * @param idOf The stable id of a thread.
 * @param grouping Placements from earlier calls; updated in place.
 * @param budget Comments a group takes before new threads start another one.
 */
export function groupThreads<T>(
  roots: readonly T[],
  sizes: readonly number[],
  idOf: (root: T) => string,
  grouping: Grouping,
  budget: number,
): ThreadGroup<T>[] {
  const groups: ThreadGroup<T>[] = [];
  const closed = new Set<number>();
  let current: ThreadGroup<T> | undefined;
  for (let i = 0; i < roots.length; i++) {
    const root = roots[i]!;
    const size = sizes[i] ?? 1;
    let key = grouping.groupOf.get(idOf(root));
    if (key === undefined) {
      const nextKey = i + 1 < roots.length ? grouping.groupOf.get(idOf(roots[i + 1]!)) : undefined;
      if (current && current.comments < budget) key = current.key;
      else if (!current && nextKey !== undefined) key = nextKey;
      else key = grouping.next++;
      grouping.groupOf.set(idOf(root), key);
    }
    if (current?.key !== key) {
      if (closed.has(key)) {
        // A group would be split in two: the order changed. Start over.
        grouping.groupOf.clear();
        grouping.next = 0;
        return groupThreads(roots, sizes, idOf, grouping, budget);
      }
      if (current) closed.add(current.key);
      current = { key, roots: [], comments: 0 };
      groups.push(current);
    }
    current.roots.push(root);
    current.comments += size;
  }
  return groups;
}
