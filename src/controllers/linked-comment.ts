/**
 * Following a link to a comment, `#comment-REF` in the page address (`deep-link-controller.ts`
 * loads this for an address that names one, which most visits never have): `REF` is a
 * comment's id, or an alias of one read (an imported blog's own id, `#comment-5`), or names a
 * comment not read yet (on a later page of a server's thread), which the adapter's `get` finds
 * by id or alias, with the comments above it, to join the thread in their places. The comment
 * is highlighted, whatever hides it is opened (a collapsed sub-thread, the rest of a long one),
 * and it is scrolled to and focused.
 *
 * @module
 */
import type { ReactiveControllerHost } from 'lit';
import { readAnswer, readComment } from '../adapters/read-comment.js';
import type { Comment } from '../adapters/storage-adapter.js';
import { COMMENT_ID_PREFIX } from '../render/comment-anchor.js';
import type { CommentStateController } from './comment-state-controller.js';
import type { ThreadController } from './thread-controller.js';

/** What following a link needs of the element. */
export interface LinkTarget {
  /** The thread has loaded (a link is followed once it has). */
  ready(): boolean;
  readonly thread: ThreadController;
  readonly states: CommentStateController;
  /** The `<article>` of comment `id`, if it is rendered. */
  article(id: string): HTMLElement | null;
}

/** The comment id (or an alias: an imported blog's own id) in an address's `#comment-ID`, or `null`. */
export function commentIdOf(hash: string): string | null {
  try {
    return decodeURIComponent(hash.slice(1 + COMMENT_ID_PREFIX.length));
  } catch {
    return null;
  }
}

/** Follows `hash` (`#comment-REF`): highlights, opens, scrolls to and focuses the comment it names. */
export async function follow(host: ReactiveControllerHost & HTMLElement, target: LinkTarget, hash: string): Promise<void> {
  const ref = commentIdOf(hash);
  const { thread, states } = target;
  const id = ref === null ? null : await findLinkedComment(thread, ref);
  if (id === null) return;
  states.only('highlighted', id);
  // Whatever hides it opens: a collapsed sub-thread above it, the rest of a long one.
  for (let parent = thread.comments.get(id)?.parentId; parent; parent = thread.comments.get(parent)?.parentId) {
    states.set(parent, { collapsed: undefined, allReplies: true });
  }
  await host.updateComplete;
  const article = target.article(id);
  if (article) reveal(article);
}

/**
 * Scrolls `article` to the middle of the view and focuses it. A comment in a group of threads
 * the browser skipped (`content-visibility: auto`) sits in a box of guessed size until laid
 * out, so its group is laid out first: scrolling to a guess lands elsewhere.
 */
export function reveal(article: HTMLElement): void {
  // Every skipped ancestor is laid out for real first (an inline style, set through the
  // CSSOM: allowed by a Content Security Policy); once laid out, each remembers its size
  // (contain-intrinsic-size: auto) and may be skipped again.
  const skipped: HTMLElement[] = [];
  for (let node = article.parentElement; node; node = node.parentElement) {
    if (getComputedStyle(node).contentVisibility === 'auto') skipped.push(node);
  }
  for (const node of skipped) node.style.contentVisibility = 'visible';
  // A page's smooth scrolling, unless the reader asked for less motion.
  article.scrollIntoView({ block: 'center', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'instant' : 'auto' });
  article.focus({ preventScroll: true });
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      for (const node of skipped) {
        node.style.removeProperty('content-visibility');
        if (node.style.length === 0) node.removeAttribute('style');
      }
    }),
  );
}

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
