/**
 * The comments of a thread as plain DOM, built once and kept: the top-level `<ol>`, its groups
 * (see `core/groups.ts`), one `<li>` per top-level thread with its `<article>`s and nested
 * `<ol>`s of replies.
 *
 * Lit renders everything around the comments (header, groups, form). The comments themselves
 * are built here because there are thousands of them: a Lit template per comment holds about
 * twenty parts, each an object and a marker node, which made the element's JS heap twice that
 * of a naive list. Here a comment costs its nodes and one cache entry.
 *
 * Safety is the same as in a template: every name, id, date and message becomes a text node
 * or an attribute value; the only markup is the body element that `core/sanitize.ts` made.
 * Buttons carry their comment's id in `data-` attributes and are handled by one delegated
 * listener on the host (see `CommentThread`), so no node here holds a listener but the
 * editor's form and the inline reply form.
 *
 * @module
 */
import type { Comment } from '../../adapters/storage-adapter.js';
import type { ThreadGroup } from '../../core/groups.js';
import { identicon } from '../../core/identicon.js';
import { LIMITS } from '../../core/limits.js';
import { renderBodyFragments } from '../../core/sanitize.js';
import { fullDate, parseDate, relativeTime } from '../../core/time.js';
import { isHttpUrl } from '../../core/validate.js';
import type { ThreadNode } from '../../core/tree.js';
import type { CommentThreadStrings } from '../../i18n/en.js';

export const COMMENT_ID_PREFIX = 'comment-';

/** Everything a comment's rendering depends on besides the comment itself. */
export interface ThreadView {
  strings: CommentThreadStrings;
  locale: string;
  /** The comment whose inline reply form is open. */
  replyTo: string | null;
  /** The comment the page address points at. */
  highlighted: string | null;
  /** The comment whose body is open for editing. */
  editing: string | null;
  /** The comment whose deletion waits for confirmation. */
  confirmingRemove: string | null;
  /** The comment being saved or deleted. */
  busy: string | null;
  actionError: { id: string; message: string } | null;
  /** The id of the top-level thread a displayed comment is in. */
  rootOf(id: string): string | undefined;
  isPending(id: string): boolean;
  /** Whether the visitor may still edit and delete this comment. */
  canModify(comment: Comment): boolean;
  /** Attaches the editor's submit and key handling to its form. */
  wireEditor(form: HTMLFormElement, id: string): void;
  /** The inline reply form under a comment (the host keeps it while it stays open). */
  replyForm(node: ThreadNode): HTMLElement;
}

interface ArticleEntry {
  deps: unknown[];
  element: HTMLElement;
  time: HTMLTimeElement | null;
  reply: HTMLButtonElement;
  comment: Comment;
}

interface ThreadEntry {
  deps: unknown[];
  element: HTMLLIElement;
  /** Whether the thread holds a comment of the visitor's own (its Edit buttons expire). */
  own: boolean;
}

type Child = Node | string | null | false | undefined;

/** An SVG element with attributes. */
function svg(tag: string, attributes: Record<string, string>): SVGElement {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const name in attributes) element.setAttribute(name, attributes[name]!);
  return element;
}

/** An element with attributes (`false`/`null` leave one out, `true` sets it empty) and children. */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | null>,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const name in attributes) {
    const value = attributes[name];
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

/** Makes `children` the element children of `parent`, in order, moving only what is out of place. */
function sync(parent: Element, children: readonly Element[]): void {
  children.forEach((child, i) => {
    const at = parent.children[i];
    if (at !== child) parent.insertBefore(child, at ?? null);
  });
  while (parent.children.length > children.length) parent.lastElementChild!.remove();
}

function same(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

/**
 * Builds and caches the DOM of comments and threads. {@link thread} returns the same `<li>`
 * while nothing it shows changed; a changed thread gets a new `<li>` around the articles of
 * its unchanged comments, and only changed comments get a new `<article>`.
 */
export class ThreadDom {
  private readonly articles = new Map<string, ArticleEntry>();
  private readonly threads = new Map<string, ThreadEntry>();
  private readonly groups = new Map<number, HTMLElement>();
  private readonly list = el('ol', { part: 'list', class: 'list', role: 'list' });
  /** Rendered bodies by comment id: parsed and sanitized once, re-rendered never. */
  private readonly bodies = new Map<string, { source: string; element: HTMLElement }>();
  /** One drawn identicon per author name, cloned for each comment. */
  private readonly avatars = new Map<string, SVGElement>();
  /** Full-date tooltips by locale and ISO date: `Intl` formatting is costly across thousands. */
  private readonly fullDates = new Map<string, string>();
  /** The open editor, kept across rebuilds of its article so that the text typed stays. */
  private openEditor: { id: string; form: HTMLFormElement } | null = null;

  /** Forgets everything: another thread (or adapter) is shown. */
  clear(): void {
    this.bodies.clear();
    this.articles.clear();
    this.forgetThreads();
    this.openEditor = null;
  }

  /** Forgets the threads' `<li>`s but keeps the articles (the threads move to new groups). */
  forgetThreads(): void {
    this.threads.clear();
    this.groups.clear();
    this.list.replaceChildren();
  }

  /**
   * The top-level `<ol>` holding these groups of threads: always the same element, its
   * children brought in line with `groups`. The groups have no role, so the threads stay the
   * list's items for assistive technology.
   */
  threadList(groups: readonly ThreadGroup<ThreadNode>[], view: ThreadView, now: Date): HTMLOListElement {
    const shown = groups.map(({ key, roots, comments }) => {
      let group = this.groups.get(key);
      if (!group) this.groups.set(key, (group = el('div', { part: 'list-group', class: 'group', role: 'none' })));
      // Read by the stylesheet to guess the group's height until it has been laid out.
      if (group.dataset['comments'] !== String(comments)) group.dataset['comments'] = String(comments);
      sync(
        group,
        roots.map((root) => this.thread(root, view, now)),
      );
      return group;
    });
    sync(this.list, shown);
    if (this.groups.size > shown.length) for (const [key, group] of this.groups) if (!shown.includes(group)) this.groups.delete(key);
    return this.list;
  }

  /** Forgets comments and threads that are no longer displayed. */
  prune(displayed: (id: string) => boolean): void {
    for (const id of this.articles.keys()) if (!displayed(id)) this.articles.delete(id);
    for (const id of this.bodies.keys()) if (!displayed(id)) this.bodies.delete(id);
    for (const id of this.threads.keys()) if (!displayed(id)) this.threads.delete(id);
  }

  /**
   * Sets every shown relative time ("3 minutes ago") again, in place: the clock moving on
   * changes no other node.
   */
  refreshTimes(view: ThreadView, now: Date): void {
    for (const entry of this.articles.values()) {
      if (!entry.time) continue;
      const relative = this.time(entry.comment, view, now)?.relative ?? '';
      if (entry.time.textContent !== relative) entry.time.textContent = relative;
    }
  }

  /**
   * Renders and caches the bodies of these comments that are not cached yet, in one batch (one
   * sanitizer call for many bodies costs far less than one each).
   */
  prepareBodies(comments: readonly Comment[]): void {
    const missing = comments.filter((c) => c.status !== 'deleted' && this.bodies.get(c.id)?.source !== c.body);
    if (missing.length === 0) return;
    const fragments = renderBodyFragments(missing.map((c) => c.body));
    missing.forEach((comment, i) => {
      this.bodies.set(comment.id, { source: comment.body, element: el('div', { part: 'body', class: 'body' }, fragments[i]) });
    });
  }

  /** A comment's `part="body"` element: made once per comment and text, then moved, never re-parsed. */
  private body(comment: Comment): HTMLElement {
    this.prepareBodies([comment]);
    return this.bodies.get(comment.id)!.element;
  }

  /**
   * The identicon of a name as a new `part="avatar"` SVG, cloned from one drawn per name: in a
   * long thread most names repeat.
   */
  private avatar(name: string): Node {
    let drawn = this.avatars.get(name);
    if (!drawn) {
      const { hue, path } = identicon(name);
      // The pattern in the name's colour (the SVG `color` attribute); the stylesheet tints the
      // background from it. One child, not a background rect too: clones of SVG cost.
      drawn = svg('svg', { part: 'avatar', class: 'avatar', viewBox: '-0.5 -0.5 6 6', color: `hsl(${hue} 55% 42%)`, 'aria-hidden': 'true', focusable: 'false' });
      drawn.append(svg('path', { d: path, fill: 'currentColor' }));
      this.avatars.set(name, drawn);
    }
    return drawn.cloneNode(true);
  }

  /** A comment's date: ISO, full date for the tooltip, relative text; null without a valid date. */
  private time(comment: Comment, view: ThreadView, now: Date): { iso: string; full: string; relative: string } | null {
    const date = parseDate(comment.createdAt);
    if (!date) return null;
    const iso = date.toISOString();
    const key = `${view.locale}|${iso}`;
    let full = this.fullDates.get(key);
    if (full === undefined) this.fullDates.set(key, (full = fullDate(date, view.locale)));
    return { iso, full, relative: relativeTime(date, now, view.locale) };
  }

  /** The `<li>` of a top-level thread, with all its replies. */
  thread(root: ThreadNode, view: ThreadView, now: Date): HTMLLIElement {
    const id = root.comment.id;
    const cached = this.threads.get(id);
    const mine = (other: string | null): string | null => (other !== null && view.rootOf(other) === id ? other : null);
    const deps = [
      root,
      view.strings,
      view.locale,
      mine(view.replyTo),
      mine(view.highlighted),
      mine(view.editing),
      mine(view.confirmingRemove),
      mine(view.busy),
      view.actionError && mine(view.actionError.id) ? view.actionError : null,
      // Own comments lose their Edit and Delete buttons when the edit window closes.
      cached?.own ? now : null,
    ];
    if (cached && same(cached.deps, deps)) return cached.element;
    const state = { own: false };
    const element = this.item(root, view, now, state);
    this.threads.set(id, { deps, element, own: state.own });
    return element;
  }

  private item(node: ThreadNode, view: ThreadView, now: Date, state: { own: boolean }): HTMLLIElement {
    const id = node.comment.id;
    const li = el('li', { part: 'item', class: 'item' }, this.article(node, view, now, state));
    if (view.replyTo === id) li.append(el('div', { part: 'inline-form', class: 'inline-form' }, view.replyForm(node)));
    if (node.children.length > 0) {
      const list = el('ol', { part: 'replies', class: 'replies' });
      for (const child of node.children) list.append(this.item(child, view, now, state));
      li.append(list);
    }
    return li;
  }

  private article(node: ThreadNode, view: ThreadView, now: Date, state: { own: boolean }): HTMLElement {
    const { comment } = node;
    const id = comment.id;
    const pending = view.isPending(id);
    const deleted = comment.status === 'deleted';
    const mine = !pending && !deleted && view.canModify(comment);
    if (mine) state.own = true;
    const error = view.actionError?.id === id ? view.actionError.message : null;
    const deps = [
      comment,
      node.replyTo,
      node.depth,
      pending,
      mine,
      view.editing === id,
      view.confirmingRemove === id,
      view.busy === id,
      error,
      view.strings,
      view.locale,
    ];
    if (this.openEditor && view.editing !== this.openEditor.id) this.openEditor = null;
    let entry = this.articles.get(id);
    if (!entry || !same(entry.deps, deps)) {
      entry = { deps, comment, ...this.buildArticle(node, view, now, { pending, deleted, mine, error }) };
      this.articles.set(id, entry);
    }
    // Set in place, so that the article and its button stay the same nodes (and keep focus).
    entry.element.classList.toggle('highlighted', view.highlighted === id);
    entry.reply.setAttribute('aria-expanded', view.replyTo === id ? 'true' : 'false');
    return entry.element;
  }

  private buildArticle(
    node: ThreadNode,
    view: ThreadView,
    now: Date,
    flags: { pending: boolean; deleted: boolean; mine: boolean; error: string | null },
  ): { element: HTMLElement; time: HTMLTimeElement | null; reply: HTMLButtonElement } {
    const t = view.strings;
    const { comment } = node;
    const id = comment.id;
    const { pending, deleted, mine, error } = flags;
    const editing = view.editing === id;
    const name = comment.author?.name?.trim() || t.anonymous;
    const website = comment.author?.website;
    const when = this.time(comment, view, now);
    const classes = ['comment', pending && 'pending', deleted && 'deleted'].filter(Boolean).join(' ');

    const time = when ? el('time', { part: 'time', datetime: when.iso, title: when.full }, when.relative) : null;
    const meta = el(
      'div',
      { class: 'meta' },
      isHttpUrl(website)
        ? el('a', { part: 'author', class: 'author', href: website, rel: 'nofollow ugc noopener noreferrer' }, name)
        : el('span', { part: 'author', class: 'author' }, name),
      el('a', { part: 'permalink', class: 'permalink', href: `#${COMMENT_ID_PREFIX}${encodeURIComponent(id)}`, hidden: !when }, time),
      node.replyTo && el('span', { part: 'replying-to', class: 'replying-to' }, t.replyingTo(node.replyTo.author?.name?.trim() || t.anonymous)),
      pending && el('span', { part: 'badge', class: 'badge' }, t.posting),
      comment.updatedAt && !deleted && el('span', { part: 'badge', class: 'badge' }, t.edited),
      comment.status === 'pending' && el('span', { part: 'badge', class: 'badge' }, t.awaitingModeration),
    );
    const body = deleted
      ? el('div', { part: 'body', class: 'body' }, el('p', { class: 'deleted-note' }, t.deleted))
      : editing
        ? this.editor(comment, view)
        : this.body(comment);
    const reply = el('button', { type: 'button', part: 'reply-button', class: 'link', 'data-reply-to': id, 'aria-label': t.replyTo(name) }, t.reply);
    const actions = el(
      'div',
      { part: 'comment-actions', class: 'comment-actions', hidden: pending || deleted || editing },
      reply,
      mine && !editing && this.ownActions(id, view),
    );
    const element = el(
      'article',
      { part: 'comment', id: `${COMMENT_ID_PREFIX}${id}`, tabindex: '-1', class: classes },
      el('header', { part: 'comment-header', class: 'comment-header' }, this.avatar(comment.author?.name ?? ''), meta),
      body,
      actions,
      error !== null && el('p', { part: 'form-error', class: 'action-error', role: 'alert' }, error),
    );
    return { element, time, reply };
  }

  /** Edit and Delete, or the question whether to delete. */
  private ownActions(id: string, view: ThreadView): DocumentFragment | HTMLElement {
    const t = view.strings;
    if (view.confirmingRemove === id) {
      return el(
        'span',
        { class: 'confirm', role: 'group', 'aria-label': t.removeConfirm },
        el('span', {}, t.removeConfirm),
        el('button', { type: 'button', part: 'remove-confirm-button', class: 'link danger', 'data-remove-confirm': id, disabled: view.busy === id }, t.remove),
        el('button', { type: 'button', part: 'remove-keep-button', class: 'link', 'data-remove-keep': id }, t.removeKeep),
      );
    }
    const fragment = document.createDocumentFragment();
    fragment.append(
      el('button', { type: 'button', part: 'edit-button', class: 'link', 'data-edit': id }, t.edit),
      el('button', { type: 'button', part: 'remove-button', class: 'link', 'data-remove': id }, t.remove),
    );
    return fragment;
  }

  /**
   * The form that replaces a comment's body while its author edits it: made once when editing
   * starts and kept until it ends, so a rebuild (saving, a failed save) keeps what was typed.
   */
  private editor(comment: Comment, view: ThreadView): HTMLFormElement {
    const t = view.strings;
    const busy = view.busy === comment.id;
    let form = this.openEditor?.id === comment.id ? this.openEditor.form : null;
    if (!form) {
      const fieldId = `edit-${comment.id}`;
      const textarea = el('textarea', { part: 'textarea', id: fieldId, name: 'body', rows: '5', maxlength: String(LIMITS.bodyMax) });
      textarea.value = comment.body;
      form = el(
        'form',
        { part: 'editor', class: 'body editor' },
        el('label', { class: 'visually-hidden', for: fieldId }, t.editLabel),
        textarea,
        el(
          'div',
          { part: 'form-actions', class: 'editor-actions' },
          el('button', { type: 'submit', part: 'submit-button', class: 'primary' }),
          el('button', { type: 'button', part: 'cancel-button', class: 'secondary', 'data-edit-cancel': comment.id }, t.cancel),
        ),
      );
      view.wireEditor(form, comment.id);
      this.openEditor = { id: comment.id, form };
    }
    for (const control of form.querySelectorAll<HTMLTextAreaElement | HTMLButtonElement>('textarea, button')) control.disabled = busy;
    form.querySelector('[part~="submit-button"]')!.textContent = busy ? t.saving : t.save;
    return form;
  }
}
