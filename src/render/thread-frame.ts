/**
 * Everything of `<comment-thread>` around the comments, as plain DOM: the heading row with the
 * "Write a comment" button and the sort control, the notes, "Show 3 new comments", the
 * loading, error and empty states, the list of comments (which `thread-engine.ts` builds), "Show more", the section of
 * mentions (`mentions-view.ts`), the composer
 * and the live region. Each node is made once and kept; {@link ThreadFrame.render} sets its
 * texts and puts in the section exactly the nodes the current state shows, in a fixed order.
 *
 * Not a Lit template, on purpose: lit-html is some 3 KB of the 22 KB a reader downloads
 * before the first comment paints, and these fifteen nodes need none of it (the forms, which
 * do, load with the write path). Like the comments, every text is a text node and every
 * value an attribute: nothing here parses markup.
 *
 * @module
 */
import type { SortOrder } from '../adapters/storage-adapter.js';
import type { ReadStrings } from '../i18n/en.js';
import { el, sync } from './dom.js';

/** What the frame shows. */
export interface FrameState {
  strings: ReadStrings;
  locale: string;
  /** The heading: "12 comments", or "Comments" while there is no count. */
  heading: string;
  /** The "Write a comment" button (a thread with comments). */
  jump: boolean;
  /**
   * The sort control (a thread with more than one top-level comment): its value, and whether
   * it offers `top` (an adapter that votes); or null.
   */
  sort: { value: SortOrder; top: boolean } | null;
  /** The address of the thread's comment feed, or null: no link. */
  feed: string | null;
  /** Where comments are kept, when visitors should know ('' for none). */
  notice: string;
  /** Corrupt stored comments were skipped. */
  warning: boolean;
  /** What the thread area shows: the comments' list, or a state. */
  content: 'loading' | 'error' | 'empty' | HTMLElement;
  /** Why the thread could not be loaded (`content: 'error'`). */
  error: string;
  /** "Show more comments": hidden, or shown and enabled or disabled (a page is loading). */
  more: 'hidden' | 'enabled' | 'disabled';
  /** How many comments are still unread, when the adapter said ("Show 12 more comments"); else null. */
  remaining: number | null;
  /** Comments from elsewhere held behind "Show 3 new comments" (0: no button). */
  arrivals: number;
  /** The section of mentions (pingbacks, trackbacks, webmentions), or null. */
  mentions: HTMLElement | null;
  /** The thread takes no new comments: "Comments are closed." where the composer would be. */
  closed: boolean;
  /** The composer, with the properties of its form; null while it is not shown. */
  composer: Record<string, unknown> | null;
  /** The live region's text. */
  announcement: string;
}

/** What the frame's controls do. */
export interface FrameHandlers {
  jump(): void;
  sort(order: SortOrder): void;
  retry(): void;
  more(): void;
  /** Shows the comments held behind "Show 3 new comments". */
  arrivals(): void;
  /** Something of the write path may be needed soon (pointerdown or focus in the composer, the jump button). */
  warm(): void;
}

/** The elements given, leaving out the conditions that were false. */
function present(...nodes: Array<HTMLElement | false>): HTMLElement[] {
  return nodes.filter((node): node is HTMLElement => node !== false);
}

/** Sets a node's text only when it differs (a text change restyles and re-lays out). */
function text(node: Node, value: string): void {
  if (node.textContent !== value) node.textContent = value;
}

export class ThreadFrame {
  /** The section (`part="base"`); the element listens on it for what the comments' controls do. */
  readonly base = el('section', { part: 'base', class: 'base', 'aria-labelledby': 'heading' });
  readonly #heading = el('h2', { id: 'heading', part: 'heading' });
  readonly #jump = el('button', { type: 'button', part: 'jump-button', class: 'link jump' });
  readonly #sortLabel = el('span', {});
  readonly #oldest = el('option', { value: 'oldest' });
  readonly #newest = el('option', { value: 'newest' });
  readonly #top = el('option', { value: 'top' });
  readonly #select = el('select', { part: 'sort' }, this.#oldest, this.#newest);
  readonly #sort = el('label', { class: 'sort' }, this.#sortLabel, this.#select);
  readonly #feed = el('a', { part: 'feed-link', class: 'feed', type: 'application/atom+xml' });
  readonly #tools = el('div', { class: 'tools' });
  readonly #header = el('header', { part: 'header', class: 'header' }, this.#heading, this.#tools);
  readonly #notice = el('p', { part: 'notice', class: 'notice' });
  readonly #warning = el('p', { part: 'warning', class: 'warning', role: 'alert' });
  readonly #loadingText = el('p', {});
  readonly #loading = el(
    'div',
    { part: 'loading', class: 'loading', role: 'status' },
    el('span', { class: 'skeleton', 'aria-hidden': 'true' }),
    el('span', { class: 'skeleton', 'aria-hidden': 'true' }),
    this.#loadingText,
  );
  readonly #errorTitle = el('strong', {});
  readonly #errorText = document.createTextNode('');
  readonly #retry = el('button', { type: 'button', class: 'secondary' });
  readonly #error = el('div', { part: 'error', class: 'load-error', role: 'alert' }, el('p', {}, this.#errorTitle, ' ', this.#errorText), this.#retry);
  readonly #empty = el('p', { part: 'empty', class: 'empty' });
  readonly #more = el('button', { type: 'button', part: 'more-button', class: 'secondary more' });
  readonly #arrivals = el('button', { type: 'button', part: 'new-comments-button', class: 'secondary new' });
  readonly #composerHeading = el('h3', { id: 'composer-heading', part: 'composer-heading' });
  readonly #form = document.createElement('comment-thread-form');
  readonly #composer = el('section', { id: 'composer', part: 'composer', class: 'composer', 'aria-labelledby': 'composer-heading' }, this.#composerHeading, this.#form);
  readonly #closed = el('p', { part: 'closed', class: 'notice' });
  readonly #live = el('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });

  constructor(handlers: FrameHandlers) {
    this.#jump.addEventListener('click', handlers.jump);
    this.#jump.addEventListener('pointerdown', handlers.warm);
    this.#select.addEventListener('change', () => handlers.sort(this.#select.value as SortOrder));
    this.#retry.addEventListener('click', handlers.retry);
    this.#more.addEventListener('click', handlers.more);
    this.#arrivals.addEventListener('click', handlers.arrivals);
    this.#composer.addEventListener('focusin', handlers.warm);
    this.#composer.addEventListener('pointerdown', handlers.warm);
  }

  /** Brings the DOM in line with `state`. */
  render(state: FrameState): void {
    const { strings: t, locale } = state;
    text(this.#heading, state.heading);
    text(this.#jump, t.jumpToForm);
    text(this.#sortLabel, t.sortLabel);
    text(this.#oldest, t.sortOldest);
    text(this.#newest, t.sortNewest);
    text(this.#top, t.sortTop);
    if (state.sort) {
      sync(this.#select, present(this.#oldest, this.#newest, state.sort.top && this.#top));
      if (this.#select.value !== state.sort.value) this.#select.value = state.sort.value;
    }
    text(this.#feed, t.feed);
    if (state.feed) this.#feed.setAttribute('href', state.feed);
    sync(this.#tools, present(state.jump && this.#jump, !!state.sort && this.#sort, !!state.feed && this.#feed));
    text(this.#notice, state.notice);
    text(this.#warning, t.corruptSkipped);
    text(this.#loadingText, t.loading);
    text(this.#errorTitle, t.loadFailed);
    text(this.#errorText, state.error);
    text(this.#retry, t.retry);
    text(this.#empty, t.empty);
    text(this.#more, state.remaining ? t.showMoreCount(state.remaining, locale) : t.showMore);
    this.#more.disabled = state.more === 'disabled';
    if (state.arrivals) text(this.#arrivals, t.showNewComments(state.arrivals, locale));
    text(this.#composerHeading, t.leaveReply);
    text(this.#closed, t.closed);
    if (state.composer) Object.assign(this.#form, state.composer);
    text(this.#live, state.announcement);
    const { content } = state;
    sync(
      this.base,
      present(
        this.#header,
        !!state.notice && this.#notice,
        state.warning && this.#warning,
        state.arrivals > 0 && this.#arrivals,
        content === 'loading' ? this.#loading : content === 'error' ? this.#error : content === 'empty' ? this.#empty : content,
        state.more !== 'hidden' && this.#more,
        state.mentions ?? false,
        !!state.composer && this.#composer,
        state.closed && this.#closed,
        this.#live,
      ),
    );
  }
}
