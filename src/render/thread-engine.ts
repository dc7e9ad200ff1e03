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
import { markdownRenderer } from '../core/markdown-loader.js';
import { renderBodyFragments } from '../core/sanitize.js';
import { fullDate, parseDate, shownDate } from '../core/time.js';
import type { Thread, ThreadNode } from '../core/tree.js';
import type { Comment } from '../adapters/storage-adapter.js';
import { buildComment, permalinkLabel, type ShownTime } from './comment-view.js';
import { el, sync } from './dom.js';
import { REPLIES_AT_ONCE, REPLIES_FIRST } from './long-threads.js';

/** Comments per group of top-level threads laid out together (see `core/groups.ts`). */
const GROUP_BUDGET = 32;

/** Bodies kept for cloning (see `ThreadEngine.#remember`). */
const RECENT = 8;

/** What the engine renders. */
export interface ThreadListView {
  /** The displayed tree (`core/tree.ts`); a new object whenever it changed. */
  thread: Thread;
  /** How many of its top-level threads to show now (the first ones, while a long thread renders in steps). */
  shown: number;
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
  /** Its accessible name (author and date), as last rendered. */
  label: string;
  /** Its "Show 6 more replies" item, while it has one. */
  more: HTMLLIElement | null;
}

/** A comment's rendered body, kept while what it was rendered from is the same. */
interface Body {
  /** The comment's `body` and `html` it was rendered from. */
  source: string;
  html: string | undefined;
  /** Rendered as plain text, before the Markdown renderer had loaded: rendered again once it has. */
  plain: boolean;
  element: HTMLElement;
}

/** Whether `body` shows what `comment` holds now, as it will stay. */
function isCurrent(body: Body | undefined, comment: Comment): body is Body {
  return body !== undefined && body.source === comment.body && body.html === comment.html && !(body.plain && markdownRenderer() !== null);
}

/** The key of a body among the recent ones. */
const recentKey = (comment: Comment): string => comment.html ?? comment.body;

export class ThreadEngine {
  readonly #list = el('ol', { part: 'list', class: 'list', role: 'list' });
  readonly #items = new Map<string, Item>();
  readonly #bodies = new Map<string, Body>();
  /** Copies of the last few bodies rendered, by their HTML or else source text (see {@link #remember}). */
  readonly #recent = new Map<string, Body>();
  /** The top-level threads rendered, by root id. */
  readonly #roots = new Map<string, Item>();
  /** Each group's element and the threads it last held. */
  readonly #groups = new Map<number, { element: HTMLElement; roots: readonly ThreadNode[] }>();
  readonly #grouping = newGrouping();
  #context: RenderContext | null = null;
  #thread: Thread | null = null;
  #shown = 0;
  #states: ReadonlyMap<string, CommentState> = new Map();
  #now = new Date();
  /** During a render: every article is rebuilt (the context changed). */
  #rebuildAll = false;
  /** During a render: ids rendered, and ids that may have left. */
  #visited = new Set<string>();
  #leaving = new Set<string>();

  constructor() {
    // A time's full date, as its tooltip, once the pointer comes over it.
    this.#list.addEventListener('pointerover', (event) => {
      const time = (event.target as Element).closest?.('time');
      if (!time || time.title || !this.#context) return;
      const date = parseDate(time.dateTime);
      if (date) time.title = fullDate(date, this.#context.locale);
    });
  }

  /**
   * Brings the DOM in line with `view` and returns the top-level list (always the same
   * element). The threads are walked only when the tree, the number shown or the context
   * changed; otherwise only the comments whose state changed are rebuilt.
   */
  render(view: ThreadListView): HTMLOListElement {
    this.#rebuildAll = view.context !== this.#context;
    this.#context = view.context;
    const before = this.#states;
    this.#states = view.states;
    this.#now = new Date();
    this.#visited = new Set();
    this.#leaving = new Set();
    if (this.#rebuildAll || view.thread !== this.#thread || view.shown !== this.#shown) {
      this.#thread = view.thread;
      this.#shown = view.shown;
      this.#renderThreads(view.thread.roots.slice(0, view.shown), view.thread.sizes);
    }
    // Comments whose state changed inside threads that did not (with their replies: a
    // sub-thread collapsed or revealed).
    for (const id of new Set([...before.keys(), ...view.states.keys()])) {
      const item = this.#items.get(id);
      if (item && !this.#visited.has(id) && item.state !== (view.states.get(id) ?? NO_STATE)) this.#item(item.node);
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
   * Brings the groups and the threads in them in line with `roots`. A group whose threads are
   * the same node objects as last time is left alone, so one new comment costs the walk of one
   * group, not of thousands of threads.
   */
  #renderThreads(roots: readonly ThreadNode[], sizes: readonly number[]): void {
    const groups = groupThreads(roots, sizes, (node) => node.comment.id, this.#grouping, GROUP_BUDGET);
    const changed = this.#rebuildAll ? groups : groups.filter(({ key, roots: inGroup }) => !same(this.#groups.get(key)?.roots, inGroup));
    this.#prepareBodies(changed.flatMap((group) => group.roots));
    const present = new Set<string>();
    const before = new Map(this.#groups);
    for (const { key, roots: inGroup, comments } of changed) {
      let group = this.#groups.get(key);
      if (!group) this.#groups.set(key, (group = { element: el('div', { part: 'list-group', class: 'group', role: 'none' }), roots: [] }));
      // Read by the stylesheet to guess the group's height until it has been laid out.
      if (group.element.dataset['comments'] !== String(comments)) group.element.dataset['comments'] = String(comments);
      sync(
        group.element,
        inGroup.map((root) => {
          present.add(root.comment.id);
          return this.#threadItem(root);
        }),
      );
      group.roots = inGroup;
    }
    sync(
      this.#list,
      groups.map(({ key }) => this.#groups.get(key)!.element),
    );
    // Threads that were in a changed or a vanished group and are in no changed group now have left.
    const kept = new Set(groups.map((group) => group.key));
    for (const [key, group] of before) {
      const gone = !kept.has(key);
      if (gone) this.#groups.delete(key);
      if (!gone && !changed.some((c) => c.key === key)) continue;
      for (const root of group.roots) {
        const id = root.comment.id;
        if (present.has(id)) continue;
        const item = this.#roots.get(id);
        if (!item) continue;
        this.#roots.delete(id);
        this.#grouping.groupOf.delete(id);
        this.#leave(item.node);
      }
    }
  }

  /**
   * The clock moved on: sets every shown date ("3 minutes ago") again, in place, and
   * rebuilds the visitor's own comments whose edit window has closed.
   */
  tick(now: Date): void {
    const context = this.#context;
    if (!context) return;
    this.#now = now;
    const { locale, dateFormat, strings } = context;
    for (const item of this.#items.values()) {
      // (A comment has a <time> only with a date that can be read.)
      const date = item.time && parseDate(item.comment.createdAt)!;
      const text = date && shownDate(date, now, locale, dateFormat);
      if (date && text && item.time!.textContent !== text) {
        item.time!.textContent = text;
        // The full date only for a text that changed: thousands of them every minute would cost.
        const label = permalinkLabel(strings, text, fullDate(date, locale));
        if (label) item.time!.parentElement!.setAttribute('aria-label', label);
        else item.time!.parentElement!.removeAttribute('aria-label');
      }
      if (item.own && !context.canModify(item.comment)) this.#rebuild(item, item.node);
    }
  }

  /** The `<li>` of a top-level thread: kept as it is while its tree node is the same. */
  #threadItem(root: ThreadNode): HTMLLIElement {
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
      item = { node, comment: node.comment, depth: 0, replyTo: undefined, state: NO_STATE, li, article: li, after: null, replies: null, time: null, own: false, label: '', more: null };
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
    // A collapsed sub-thread is not built at all; a long one shows its first few replies and a
    // button for the rest ("Show 7 more replies"), which reveals them in place.
    const { collapsed, allReplies } = item.state;
    const long = !allReplies && node.children.length > REPLIES_AT_ONCE;
    const shown = collapsed ? [] : long ? node.children.slice(0, REPLIES_FIRST) : node.children;
    if (shown.length > 0) {
      if (!item.replies) item.li.append((item.replies = el('ol', { part: 'replies', class: 'replies' })));
      const items: HTMLLIElement[] = shown.map((child) => this.#item(child).li);
      if (long) items.push(this.#moreReplies(item, node.children.length - REPLIES_FIRST));
      else item.more = null;
      sync(item.replies, items);
    } else if (item.replies) {
      item.replies.remove();
      item.replies = null;
    }
    return item;
  }

  /**
   * The item after the first replies of a long sub-thread: "Show 7 more replies" (`collapse.ts`'s
   * `replies` action), named after its comment. Kept while its words stay the same, so that a
   * change elsewhere in the thread does not take the focus from it.
   */
  #moreReplies(item: Item, count: number): HTMLLIElement {
    const { strings: t, locale } = this.#context!;
    const text = t.moreReplies(count, locale);
    const name = text + t.repliesTo(item.label);
    if (item.more?.textContent !== text || item.more.firstElementChild!.getAttribute('aria-label') !== name) {
      item.more = el(
        'li',
        { class: 'more-replies', 'data-for': item.comment.id },
        el('button', { type: 'button', part: 'more-replies-button', class: 'link', 'data-action': 'replies', 'aria-label': name }, text),
      );
    }
    return item.more;
  }

  /** Builds a comment's article (and what goes below it) again, in place in its `<li>`. */
  #rebuild(item: Item, node: ThreadNode): void {
    const context = this.#context!;
    const { comment } = node;
    const state = this.#states.get(comment.id) ?? NO_STATE;
    const pending = context.isPending(comment.id);
    const deleted = comment.status === 'deleted';
    const mine = !pending && !deleted && context.canModify(comment);
    const t = context.strings;
    // A deleted comment reads the same whether it was deleted here or arrived deleted: no name.
    const name = deleted ? t.deletedComment : comment.author?.name?.trim() || t.anonymous;
    const time = this.#time(comment);
    const label = time ? t.commentLabel(name, time.full) : name;
    const commentContext: CommentContext = { ...context, node, comment, state, pending, deleted, mine, name, label };
    const built = buildComment(commentContext, () => this.#body(comment), time);
    if (item.article === item.li) item.li.prepend(built.article);
    else item.li.replaceChild(built.article, item.article);
    if (item.after !== built.after) {
      item.after?.parentNode?.removeChild(item.after);
      if (built.after) built.article.after(built.after);
    }
    Object.assign(item, { comment, depth: node.depth, replyTo: node.replyTo, state, article: built.article, after: built.after, time: built.time, own: mine, label });
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
        if (comment.status !== 'deleted' && !isCurrent(this.#bodies.get(comment.id), comment)) missing.push(comment);
        for (const child of children) stack.push(child);
      }
    }
    const parse = missing.filter((comment) => !isCurrent(this.#recent.get(recentKey(comment)), comment));
    const fragments = parse.length > 0 ? renderBodyFragments(parse) : [];
    parse.forEach((comment, i) => this.#bodies.set(comment.id, this.#remember(comment, bodyElement(fragments[i]!), parse.length)));
    // The rest were rendered a moment ago: cloned.
    for (const comment of missing) this.#body(comment);
  }

  /** A comment's `part="body"` element: made once per comment and text, then moved, never re-parsed. */
  #body(comment: Comment): HTMLElement {
    let body = this.#bodies.get(comment.id);
    if (!isCurrent(body, comment)) {
      // A text rendered a moment ago (the optimistic copy of a post, then the stored one) is cloned, not parsed again.
      const recent = this.#recent.get(recentKey(comment));
      body = isCurrent(recent, comment)
        ? { ...recent, element: recent.element.cloneNode(true) as HTMLElement }
        : this.#remember(comment, bodyElement(renderBodyFragments([comment])[0]!), 1);
      this.#bodies.set(comment.id, body);
    }
    return body.element;
  }

  /**
   * Keeps a copy of a body rendered alone or with a few others (a new, edited or posted comment)
   * among the last few, for {@link #body} to clone.
   */
  #remember(comment: Comment, element: HTMLElement, batch: number): Body {
    const body: Body = { source: comment.body, html: comment.html, plain: comment.html === undefined && markdownRenderer() === null, element };
    if (batch <= RECENT) {
      const key = recentKey(comment);
      this.#recent.delete(key);
      this.#recent.set(key, { ...body, element: element.cloneNode(true) as HTMLElement });
      if (this.#recent.size > RECENT) this.#recent.delete(this.#recent.keys().next().value!);
    }
    return body;
  }

  /** A comment's date as shown, or null without a valid date. */
  #time(comment: Comment): ShownTime | null {
    const date = parseDate(comment.createdAt);
    if (!date) return null;
    const { locale, dateFormat } = this.#context!;
    return { iso: date.toISOString(), text: shownDate(date, this.#now, locale, dateFormat), full: fullDate(date, locale) };
  }
}

/** Whether two lists hold the same items in the same order. */
function same<T>(a: readonly T[] | undefined, b: readonly T[]): boolean {
  return a !== undefined && a.length === b.length && a.every((item, i) => item === b[i]);
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
  const body = el('div', { part: 'body', class: 'body', dir: 'auto' });
  if (single) body.append(...only.childNodes);
  else body.append(fragment);
  return body;
}
