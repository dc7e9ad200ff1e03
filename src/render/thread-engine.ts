/**
 * The comments of a thread as plain DOM, built once and kept: the top-level `<ol>`, its groups
 * of threads (`core/groups.ts`), one `<li>` per comment holding its `<article>` and, for
 * replies, a nested `<ol>`.
 *
 * Why plain DOM: a long thread is thousands of comments, and a Lit template per comment holds
 * some twenty parts, each an object and a marker node; that made the element's JS heap twice a
 * naive list's. Here a comment costs its nodes and one record.
 *
 * What is rebuilt, and when, follows from identity alone:
 * - a comment's `<article>` when its comment object, its place (depth, "replying to"), its
 *   state object (`CommentStateController`) or the render context (strings, locale) changes;
 * - a top-level thread's structure when its tree node changes (`core/tree-update.ts` keeps the
 *   nodes of unchanged threads), reusing every `<li>` and `<article>` still valid and moving
 *   only what is out of place, so an open form keeps its text and focus;
 * - nothing else: the clock moving on sets the text of each `<time>` in place.
 * Records of comments that left the thread are dropped as they leave.
 *
 * Safety is the same as in a template: `comment-view.ts` makes names, ids, dates and messages
 * text nodes or attribute values; the only markup is the body `core/sanitize.ts` made. Buttons
 * carry `data-action` and are handled by one delegated listener on the element.
 *
 * @module
 */
import type { CommentContext, RenderContext } from '../actions/types.js';
import { NO_STATE, type CommentState } from '../controllers/comment-state-controller.js';
import { groupThreads, newGrouping } from '../core/groups.js';
import { renderBodyFragments } from '../core/sanitize.js';
import { fullDate, parseDate, relativeTime } from '../core/time.js';
import type { ThreadNode } from '../core/tree.js';
import type { Comment } from '../adapters/storage-adapter.js';
import { buildComment, type ShownTime } from './comment-view.js';
import { el, sync } from './dom.js';

/** Comments per group of top-level threads laid out together (see `core/groups.ts`). */
const GROUP_BUDGET = 32;

/** What the engine renders. */
export interface ThreadListView {
  /** The top-level threads to show now, in order (the first ones, while a long thread renders in steps). */
  roots: readonly ThreadNode[];
  /** Comments in each of `roots` (as `Thread.sizes`). */
  sizes: readonly number[];
  /** Every comment's UI state (a new map whenever one changes). */
  states: ReadonlyMap<string, CommentState>;
  /** Strings, locale, actions and host: a new object rebuilds every comment. */
  context: RenderContext;
}

/** What the engine keeps of a rendered comment. */
interface Item {
  /** The tree node last rendered (an unchanged top-level thread keeps its node object). */
  node: ThreadNode;
  comment: Comment;
  depth: number;
  replyTo: Comment | undefined;
  state: CommentState;
  li: HTMLLIElement;
  article: HTMLElement;
  after: Node | null;
  replies: HTMLOListElement | null;
  time: HTMLTimeElement | null;
  /** Rendered as the visitor's own (Edit and Delete), which ends when the edit window closes. */
  own: boolean;
}

/** A comment's rendered body, kept while its source text is the same. */
interface Body {
  source: string;
  element: HTMLElement;
}

export class ThreadEngine {
  readonly #list = el('ol', { part: 'list', class: 'list', role: 'list' });
  readonly #items = new Map<string, Item>();
  readonly #bodies = new Map<string, Body>();
  /** The top-level threads rendered, by root id. */
  readonly #roots = new Map<string, Item>();
  readonly #groups = new Map<number, HTMLElement>();
  readonly #grouping = newGrouping();
  /** Full-date tooltips by locale and ISO date: `Intl` formatting is costly across thousands. */
  readonly #fullDates = new Map<string, string>();
  #context: RenderContext | null = null;
  #states: ReadonlyMap<string, CommentState> = new Map();
  #now = new Date();
  /** During a render: every article is rebuilt (the context changed). */
  #rebuildAll = false;
  /** During a render: ids rendered, and ids that may have left. */
  #visited = new Set<string>();
  #leaving = new Set<string>();

  /** Brings the DOM in line with `view` and returns the top-level list (always the same element). */
  render(view: ThreadListView): HTMLOListElement {
    this.#rebuildAll = view.context !== this.#context;
    this.#context = view.context;
    const before = this.#states;
    this.#states = view.states;
    this.#now = new Date();
    this.#visited = new Set();
    this.#leaving = new Set();
    this.#prepareBodies(view.roots);

    const groups = groupThreads(view.roots, view.sizes, (node) => node.comment.id, this.#grouping, GROUP_BUDGET);
    const shown = new Set<string>();
    const groupElements = groups.map(({ key, roots, comments }) => {
      let group = this.#groups.get(key);
      if (!group) this.#groups.set(key, (group = el('div', { part: 'list-group', class: 'group', role: 'none' })));
      // Read by the stylesheet to guess the group's height until it has been laid out.
      if (group.dataset['comments'] !== String(comments)) group.dataset['comments'] = String(comments);
      sync(
        group,
        roots.map((root) => {
          shown.add(root.comment.id);
          return this.#thread(root);
        }),
      );
      return group;
    });
    sync(this.#list, groupElements);
    for (const [key, group] of this.#groups) if (!groupElements.includes(group)) this.#groups.delete(key);
    for (const [id, item] of this.#roots) {
      if (shown.has(id)) continue;
      this.#roots.delete(id);
      this.#grouping.groupOf.delete(id);
      this.#leave(item.node);
    }
    // Comments whose state changed inside threads that did not.
    for (const id of new Set([...before.keys(), ...view.states.keys()])) {
      const item = this.#items.get(id);
      if (item && !this.#visited.has(id) && item.state !== (view.states.get(id) ?? NO_STATE)) this.#rebuild(item, item.node);
    }
    for (const id of this.#leaving) {
      if (this.#visited.has(id)) continue;
      this.#items.delete(id);
      this.#bodies.delete(id);
    }
    this.#rebuildAll = false;
    return this.#list;
  }

  /**
   * The clock moved on: sets every relative time ("3 minutes ago") again, in place, and
   * rebuilds the visitor's own comments whose edit window has closed.
   */
  tick(now: Date): void {
    const context = this.#context;
    if (!context) return;
    this.#now = now;
    for (const item of this.#items.values()) {
      if (item.time) {
        const relative = this.#time(item.comment)?.relative ?? '';
        if (item.time.textContent !== relative) item.time.textContent = relative;
      }
      if (item.own && !context.canModify(item.comment)) this.#rebuild(item, item.node);
    }
  }

  /** The `<li>` of a top-level thread: kept as it is while its tree node is the same. */
  #thread(root: ThreadNode): HTMLLIElement {
    const id = root.comment.id;
    const kept = this.#roots.get(id);
    if (kept && kept.node === root && !this.#rebuildAll) return kept.li;
    if (kept) this.#leave(kept.node);
    const item = this.#item(root);
    this.#roots.set(id, item);
    return item.li;
  }

  /** Marks the comments of an old subtree as possibly gone (kept if rendered again in this pass). */
  #leave(node: ThreadNode): void {
    const stack = [node];
    while (stack.length > 0) {
      const next = stack.pop()!;
      this.#leaving.add(next.comment.id);
      for (const child of next.children) stack.push(child);
    }
  }

  /** A comment's record and `<li>` with its replies, reusing what is still valid. */
  #item(node: ThreadNode): Item {
    const id = node.comment.id;
    this.#visited.add(id);
    let item = this.#items.get(id);
    if (!item) {
      const li = el('li', { part: 'item', class: 'item' });
      item = { node, comment: node.comment, depth: 0, replyTo: undefined, state: NO_STATE, li, article: li, after: null, replies: null, time: null, own: false };
      this.#items.set(id, item);
      this.#rebuild(item, node);
    } else if (
      this.#rebuildAll ||
      item.comment !== node.comment ||
      item.depth !== node.depth ||
      item.replyTo !== node.replyTo ||
      item.state !== (this.#states.get(id) ?? NO_STATE)
    ) {
      this.#rebuild(item, node);
    }
    item.node = node;
    if (node.children.length > 0) {
      if (!item.replies) item.li.append((item.replies = el('ol', { part: 'replies', class: 'replies' })));
      sync(
        item.replies,
        node.children.map((child) => this.#item(child).li),
      );
    } else if (item.replies) {
      item.replies.remove();
      item.replies = null;
    }
    return item;
  }

  /** Builds a comment's article (and what goes below it) again, in place in its `<li>`. */
  #rebuild(item: Item, node: ThreadNode): void {
    const context = this.#context!;
    const { comment } = node;
    const state = this.#states.get(comment.id) ?? NO_STATE;
    const pending = context.isPending(comment.id);
    const deleted = comment.status === 'deleted';
    const mine = !pending && !deleted && context.canModify(comment);
    const commentContext: CommentContext = { ...context, node, comment, state, pending, deleted, mine };
    const built = buildComment(commentContext, () => this.#body(comment), this.#time(comment));
    if (item.article === item.li) item.li.prepend(built.article);
    else item.li.replaceChild(built.article, item.article);
    if (item.after !== built.after) {
      item.after?.parentNode?.removeChild(item.after);
      if (built.after) built.article.after(built.after);
    }
    Object.assign(item, { comment, depth: node.depth, replyTo: node.replyTo, state, article: built.article, after: built.after, time: built.time, own: mine });
  }

  /**
   * Renders, in one batch, the bodies of the comments in threads about to be (re)built that
   * have none for their current text: one sanitizer call for many bodies costs far less than
   * one each.
   */
  #prepareBodies(roots: readonly ThreadNode[]): void {
    const missing: Comment[] = [];
    for (const root of roots) {
      const kept = this.#roots.get(root.comment.id);
      if (kept && kept.node === root && !this.#rebuildAll) continue;
      const stack = [root];
      while (stack.length > 0) {
        const { comment, children } = stack.pop()!;
        if (comment.status !== 'deleted' && this.#bodies.get(comment.id)?.source !== comment.body) missing.push(comment);
        for (const child of children) stack.push(child);
      }
    }
    if (missing.length === 0) return;
    const fragments = renderBodyFragments(missing.map((c) => c.body));
    missing.forEach((comment, i) => this.#bodies.set(comment.id, { source: comment.body, element: bodyElement(fragments[i]!) }));
  }

  /** A comment's `part="body"` element: made once per comment and text, then moved, never re-parsed. */
  #body(comment: Comment): HTMLElement {
    let body = this.#bodies.get(comment.id);
    if (body?.source !== comment.body) {
      body = { source: comment.body, element: bodyElement(renderBodyFragments([comment.body])[0]!) };
      this.#bodies.set(comment.id, body);
    }
    return body.element;
  }

  /** A comment's date as shown, or null without a valid date. */
  #time(comment: Comment): ShownTime | null {
    const date = parseDate(comment.createdAt);
    if (!date) return null;
    const { locale } = this.#context!;
    const iso = date.toISOString();
    const key = `${locale}|${iso}`;
    let full = this.#fullDates.get(key);
    if (full === undefined) this.#fullDates.set(key, (full = fullDate(date, locale)));
    return { iso, full, relative: relativeTime(date, this.#now, locale) };
  }
}

/**
 * The `part="body"` element around a rendered body. A body of a single paragraph needs no
 * `<p>` inside it: its text goes in directly, one element less per comment in a long thread.
 */
function bodyElement(fragment: DocumentFragment): HTMLElement {
  const only = fragment.firstElementChild;
  const single =
    only?.localName === 'p' &&
    fragment.childElementCount === 1 &&
    Array.prototype.every.call(fragment.childNodes, (node: Node) => node === only || !node.textContent?.trim());
  const body = el('div', { part: 'body', class: 'body' });
  if (single) body.append(...only.childNodes);
  else body.append(fragment);
  return body;
}
