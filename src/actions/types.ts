/**
 * What a per-comment action is, and what it may use. An action (Reply, Edit, Delete; votes,
 * collapse, copy link and badges later) is one module exporting a {@link CommentAction}, plus
 * one line in `actions/index.ts`. The renderer asks every action for its part of each
 * comment's DOM; the element routes clicks on an action's buttons, and submissions and
 * cancellations of its forms, back to it. See docs/ARCHITECTURE.md, "Adding an action".
 *
 * A leaf module: types only.
 *
 * @module
 */
import type { Comment, NewComment } from '../adapters/storage-adapter.js';
import type { AnnouncerController } from '../controllers/announcer-controller.js';
import type { CommentState, CommentStateController } from '../controllers/comment-state-controller.js';
import type { FocusController } from '../controllers/focus-controller.js';
import type { ThreadController } from '../controllers/thread-controller.js';
import type { DateFormat } from '../core/time.js';
import type { ThreadNode } from '../core/tree.js';
import type { CommentSubmitEvent } from '../events/comment-submit-event.js';
import type { CommentThreadStrings, ReadStrings } from '../i18n/en.js';

/** Everything a comment's DOM is built from, besides its state: changes only with the strings, the locale or the host. */
export interface RenderContext {
  readonly host: ActionHost;
  /** Every action, in the order their parts appear. */
  readonly actions: readonly CommentAction[];
  readonly strings: ReadStrings;
  readonly locale: string;
  /** How dates are shown (the element's `date-format`). */
  readonly dateFormat: DateFormat;
  /** Whether a comment is shown optimistically while its post is under way. */
  isPending(id: string): boolean;
  /** Whether the visitor may still edit and delete a comment (the adapter decides). */
  canModify(comment: Comment): boolean;
  /** Which votes comments offer: none (an adapter that cannot vote, or `votes="off"`), up, or up and down. */
  readonly votes: 'off' | 'up' | 'up-down';
  /** The thread takes no new comments: no Reply buttons. */
  readonly closed: boolean;
}

/** One comment as an action sees it while its DOM is built. */
export interface CommentContext extends RenderContext {
  readonly node: ThreadNode;
  readonly comment: Comment;
  readonly state: CommentState;
  /** Shown optimistically while its post is under way: no actions yet. */
  readonly pending: boolean;
  /** A placeholder for a deleted comment that still has replies. */
  readonly deleted: boolean;
  /** The visitor may still edit and delete it. */
  readonly mine: boolean;
  /** Its author's name as shown ("Anonymous", "Deleted comment"). */
  readonly name: string;
  /**
   * Its accessible name, author and date ("Vincent, 9 June 2010 at 14:05"): the article's
   * name, and the end of its buttons' names ("Reply to Vincent, 9 June 2010 at 14:05").
   */
  readonly label: string;
}

/** What the reader's own actions do (`reader/reader.ts`), loaded on first use. */
export type ReaderModule = typeof import('../reader/reader.js');

/** A node an action adds, or nothing. */
export type ActionNode = Node | null | undefined | false;

/**
 * The lazily loaded write path (`write/write-path.ts`): the form element, posting, editing
 * and deleting through the thread's adapter, and the strings they show.
 */
export interface WritePath {
  /** Posts a comment: shown at once as pending, replaced by the stored one, removed on failure. */
  post(thread: ThreadController, input: NewComment): Promise<Comment>;
  /** Changes a comment's body. */
  edit(thread: ThreadController, id: string, body: string): Promise<Comment>;
  /** Deletes a comment (one with replies stays as a placeholder). */
  remove(thread: ThreadController, id: string): Promise<void>;
  /** Casts the visitor's vote (1, -1, or 0 to withdraw): shown at once, rolled back on failure. */
  vote(thread: ThreadController, id: string, value: 1 | 0 | -1): Promise<Comment>;
}

/** What the element lends its actions. */
export interface ActionHost {
  /** The `<comment-thread>` element. */
  readonly element: HTMLElement;
  readonly thread: ThreadController;
  readonly states: CommentStateController;
  readonly focus: FocusController;
  readonly announcer: AnnouncerController;
  /** The thread shown. */
  readonly threadId: string;
  /** The strings of the whole widget, write path included (call after {@link write}). */
  readonly strings: CommentThreadStrings;
  readonly locale: string;
  /** Loads the write path (once; later calls share the load). */
  write(): Promise<WritePath>;
  /** Whether this element's write path (its strings, its styles) has loaded. */
  readonly writeLoaded: boolean;
  /** Loads what the reader's own actions do (`reader/reader.ts`, once) and merges it into them. */
  reader(): Promise<ReaderModule>;
  /** Posts a comment through the write path and announces it when stored. */
  post(input: NewComment): Promise<Comment>;
  /**
   * Shows the comments from elsewhere held behind `gate` (a comment's id for its new replies,
   * `''` for the thread's new comments) and focuses the first of them.
   */
  reveal(gate: string): void;
  /** The DOM of comment `id` (its `<article>`), if it is rendered. */
  article(id: string): HTMLElement | null;
  /** The text of an error for a person: its message, else the localized text for its code. */
  errorText(error: unknown): string;
}

/** A per-comment action: its part of each comment's DOM, and what it does. */
export interface CommentAction {
  /** Unique; also the `data-action` of its buttons (`name` or `name:detail`) and forms. */
  readonly name: string;
  /** Nodes after the comment's author and time (markers, badges). */
  meta?(comment: CommentContext): ActionNode;
  /** Replaces the comment's body (the editor while editing). */
  body?(comment: CommentContext): ActionNode;
  /** Controls in the comment's row of actions. */
  actions?(comment: CommentContext): ActionNode;
  /** Below the comment, inside its list item (the open reply form). */
  after?(comment: CommentContext): ActionNode;
  /** One of its buttons was clicked; `detail` is what followed `name:` in its `data-action`. */
  run?(host: ActionHost, id: string, detail: string): void | Promise<void>;
  /**
   * Loads what {@link run} will need: called on `pointerdown` or focus of one of its buttons.
   * An action whose `run` comes with what this loads (the write path's, the reader's) returns
   * the load, which a click waits for.
   */
  preload?(host: ActionHost): unknown;
  /** One of its forms (`data-action="name"`, `data-id` its comment) asks to submit. */
  submit?(host: ActionHost, event: CommentSubmitEvent): void;
  /** One of its forms was cancelled (Cancel or Escape); `id` is the form's comment (its `data-id`). */
  cancel?(host: ActionHost, id: string): void;
}
