/**
 * The displayed tree of a thread whose comments change: built once, then kept current. A
 * small change is traced by `updateTree` (`tree-update.ts`), which loads after the first
 * render; a large one, or one before it has loaded, is a full rebuild that reuses the node
 * objects of every unchanged top-level thread, so a renderer comparing nodes by identity
 * leaves those alone either way.
 *
 * @module
 */
import type { Comment } from '../adapters/storage-adapter.js';
import { buildTree, type Thread, type ThreadNode, type TreeOptions } from './tree.js';

/** The parts of `tree-update.ts` used here (the module loads after the first render). */
interface Updater {
  updateTree(thread: Thread, comments: ReadonlyMap<string, Comment>, changed: Iterable<string>, options?: TreeOptions): Thread | null;
  indexOf(thread: Thread): unknown;
}

let updater: Updater | null = null;
let loading: Promise<Updater | null> | null = null;

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
 * previous node object (comments compared by identity), for after a full rebuild.
 */
export function reuseUnchanged(previous: Thread, next: Thread): Thread {
  const old = new Map(previous.roots.map((node) => [node.comment.id, node]));
  const roots = next.roots.map((node) => {
    const before = old.get(node.comment.id);
    return before && sameSubtree(before, node) ? before : node;
  });
  return { ...next, roots };
}

/** What {@link TreeCache} reads of a thread's comments (`ThreadController` is one). */
export interface TreeSource {
  /** Increases with every change to `comments`. */
  readonly revision: number;
  readonly comments: ReadonlyMap<string, Comment>;
  /** The ids changed after `revision`, or `null` when that is no longer known (a reload, or long ago). */
  changedSince(revision: number): ReadonlySet<string> | null;
}

/** The displayed tree of a changing set of comments (see the module). */
export class TreeCache {
  #prepared = false;
  #memo: { revision: number; key: string; thread: Thread } | null = null;

  /**
   * Loads the tracing of small changes (`tree-update.ts`), then, while the browser is idle,
   * indexes the current tree for it. Called once a thread has rendered; the load starts after
   * the next paint, so that evaluating the chunk cannot hold up the first comments' frame.
   */
  async prepare(): Promise<void> {
    if (this.#prepared) return;
    this.#prepared = true;
    await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted)));
    const loaded = await (loading ??= import('./tree-update.js').then(
      (module) => (updater = module),
      () => (loading = null),
    ));
    if (!loaded) this.#prepared = false;
    const idle = typeof requestIdleCallback === 'function' ? requestIdleCallback : setTimeout;
    if (loaded) idle(() => this.#memo && loaded.indexOf(this.#memo.thread));
  }

  /** The tree of `source` now, for these display options. */
  get(source: TreeSource, options: TreeOptions): Thread {
    const key = `${options.sort}|${options.maxDepth}`;
    const memo = this.#memo;
    if (memo?.key === key && memo.revision === source.revision) return memo.thread;
    const changed = memo?.key === key ? source.changedSince(memo.revision) : null;
    let thread = changed && memo && updater ? updater.updateTree(memo.thread, source.comments, changed, options) : null;
    if (!thread) {
      const built = buildTree(source.comments.values(), options);
      thread = memo ? reuseUnchanged(memo.thread, built) : built;
    }
    this.#memo = { revision: source.revision, key, thread };
    return thread;
  }
}
