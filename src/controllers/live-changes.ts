/**
 * Live changes, applied: what a thread hears through `subscribe` from other visitors and other
 * tabs. Loaded with the first change heard (`ThreadController.apply`): most page views hear
 * none, and the bundle does not carry this for them. The drop-in build puts it, with the
 * held comments' button and the scroll anchoring it needs, in `comment-thread.live-HASH.js`.
 *
 * @module
 */
import type { CommentAction } from '../actions/types.js';
import { readComment, corrupt } from '../adapters/read-comment.js';
import type { Comment, ThreadChange } from '../adapters/storage-adapter.js';
import { el } from '../render/dom.js';
import { Arrivals } from './arrivals.js';
import type { AnnouncerController } from './announcer-controller.js';
import type { CommentStateController } from './comment-state-controller.js';
import type { FocusController } from './focus-controller.js';
import type { ThreadController } from './thread-controller.js';

export { holdPlace } from '../render/scroll-anchor.js';

/** As a store keeps a body: without surrounding space, with plain newlines. */
const stored = (body: string): string => body.replace(/\r\n?/g, '\n').trim();

/** What the live changes tell the element about the comments they hold. */
export interface ArrivalsView {
  readonly states: CommentStateController;
  readonly announcer: AnnouncerController;
  /** "3 new comments." */
  say(count: number): string;
  readonly focus: FocusController;
  /** The `<article>` of comment `id`, if it is rendered. */
  article(id: string): HTMLElement | null;
}

export class LiveChanges {
  /**
   * Comments that arrived from elsewhere once the thread was shown, held until the reader asks
   * for them ({@link reveal}): the thread never moves by itself.
   */
  readonly arrivals = new Arrivals();
  /** How many wait behind each gate, as the buttons last showed it. */
  gates = new Map<string, number>();
  readonly #thread: ThreadController;
  readonly #view: ArrivalsView;
  #waiting = 0;

  constructor(thread: ThreadController, view: ArrivalsView) {
    this.#thread = thread;
    this.#view = view;
  }

  /**
   * Brings the buttons in line with what is held: each comment's "Show 2 new replies" (its
   * state `newReplies`), the thread's count; and announces new arrivals once a burst is over,
   * if they still wait.
   */
  #changed(): void {
    const { states, announcer, say } = this.#view;
    const arrivals = this.arrivals;
    const counts = arrivals.counts(this.#thread.comments);
    for (const gate of this.gates.keys()) if (!counts.has(gate)) states.set(gate, { newReplies: undefined });
    for (const [gate, count] of counts) if (gate) states.set(gate, { newReplies: count });
    this.gates = counts;
    if (arrivals.size > this.#waiting) announcer.arrived(() => (arrivals.size ? say(arrivals.size) : ''));
    this.#waiting = arrivals.size;
    this.#thread.changed();
  }

  /** Forgets what was held: the thread read again from the start. */
  clear(): void {
    for (const gate of this.gates.keys()) if (gate) this.#view.states.set(gate, { newReplies: undefined });
    this.arrivals.clear();
    this.gates = new Map();
    this.#waiting = 0;
  }

  /** Comments read by a further page: no longer news, and what was held behind the thread's button for them now waits on them. */
  read(comments: readonly Comment[]): void {
    let dropped = false;
    for (const comment of comments) dropped = this.arrivals.drop(comment.id) || dropped;
    if (dropped || this.arrivals.size) this.#changed();
  }

  /**
   * Applies `change`, heard when the thread was shown (`holding`: a new comment is held) or
   * before (it is part of what the reader first sees). Pushed by any adapter: checked as the
   * built-in readers check what they read; a change that cannot be read (no object, a comment
   * that is not one, a getter that throws) is reported and left out, never allowed to break
   * the thread.
   */
  apply(change: ThreadChange, holding: boolean): void {
    const thread = this.#thread;
    try {
      switch (change.type) {
        case 'created':
        case 'updated': {
          const comment = readComment(change.comment, thread.threadId);
          // Not a comment: reported below, as every change that cannot be read.
          if (!comment) throw 0;
          const kept = thread.comments.get(comment.id);
          // The echo of the reader's own post under way: its answer brings the same comment.
          if (change.type === 'created' && !kept && this.#isEcho(comment)) break;
          if (!kept) {
            // New to this reader once the thread is shown ("created": posted, or approved by a
            // moderator): held behind a button, as are later changes to it. An "updated" of a
            // comment neither shown nor held is on a page not read yet: nothing to show.
            if (this.arrivals.has(comment.id) || (holding && change.type === 'created')) this.hold(comment);
            else if (change.type === 'created' || !holding) thread.commit({ set: [comment] });
            break;
          }
          // A change heard from elsewhere is the same for every visitor: it never says how this
          // one voted, so their vote stays as it was.
          thread.commit({ set: [comment.myVote === undefined && kept?.myVote ? { ...comment, myVote: kept.myVote } : comment] });
          break;
        }
        case 'removed':
          this.drop(change.id);
          // Replies held for it keep it as a placeholder; they wait on the thread's button now.
          thread.drop(change.id, this.arrivals.hasReplyTo(change.id));
          if (this.gates.has(change.id)) this.#changed();
          break;
        case 'error':
          thread.report('subscribe', change.error);
          break;
        case 'resync':
          void thread.resync();
          break;
      }
    } catch {
      thread.report('subscribe', corrupt('A live update could not be read and is not shown.'));
    }
  }

  /** Shows the comments held behind `gate` (see {@link Arrivals}) and focuses the first of them. */
  reveal(gate: string): void {
    // Shown in full: not behind the comment's own "Show 4 replies" or "Show 6 more replies".
    if (gate) this.#view.states.set(gate, { collapsed: undefined, allReplies: true });
    const shown = this.arrivals.take(gate, this.#thread.comments);
    this.#thread.commit({ set: shown });
    this.#changed();
    const { focus, article } = this.#view;
    // The first of them in the order shown.
    void focus.after(() =>
      shown
        .map((comment) => article(comment.id))
        .reduce<HTMLElement | null>((first, next) => (next && (!first || first.compareDocumentPosition(next) & Node.DOCUMENT_POSITION_PRECEDING) ? next : first), null),
    );
  }

  /** Holds `comment`, found new to the reader (by a re-read after a lost connection). */
  hold(comment: Comment): void {
    this.arrivals.hold(comment);
    this.#changed();
  }

  /** Forgets a held comment now shown another way (the answer to the reader's own post). */
  drop(id: string): void {
    if (this.arrivals.drop(id)) this.#changed();
  }

  /**
   * Whether a comment that arrived live is the echo of a post of this page still under way
   * (the adapter pushed it before `create` answered): same parent, author and body.
   */
  #isEcho(comment: Comment): boolean {
    for (const id of this.#thread.pending) {
      const shown = this.#thread.comments.get(id);
      if (shown?.parentId === comment.parentId && shown.author.name === comment.author?.name && stored(shown.body) === stored(comment.body)) return true;
    }
    return false;
  }
}

/**
 * The button of replies held for a comment ("Show 2 new replies", its state `newReplies`),
 * merged into the read path's `new-replies` action (`actions/new-replies.ts`) when this loads:
 * before, no comment has any.
 */
export const newRepliesButton: Pick<CommentAction, 'actions'> = {
  actions({ state, strings: t, locale, label }) {
    const count = state.newReplies;
    return (
      !!count &&
      el(
        'button',
        { type: 'button', part: 'new-replies-button', class: 'link new', 'data-action': 'new-replies', 'aria-label': t.showNewReplies(count, locale) + t.repliesTo(label) },
        t.showNewReplies(count, locale),
      )
    );
  },
};
