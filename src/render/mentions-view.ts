/**
 * The section of mentions: pingbacks, trackbacks and webmentions, listed apart after the
 * comments as WordPress lists "Trackbacks and Pingbacks". Each entry is the linking page's
 * title as a link, its site, its date and the excerpt it sent; mentions take no replies, so
 * there are no buttons. A chunk of its own (`comment-thread.mentions-HASH.js`): most threads have no
 * mentions, and those that do show them below the comments, after the first paint.
 *
 * Like a comment, an entry is text nodes and validated attributes; its excerpt goes through
 * the same sanitizer as a comment's body.
 *
 * @module
 */
import type { Comment } from '../adapters/storage-adapter.js';
import { LINK_REL, renderBodyFragment } from '../core/sanitize.js';
import { parseDate, shownDate, type DateFormat } from '../core/time.js';
import type { ReadStrings } from '../i18n/en.js';
import { COMMENT_ID_PREFIX } from './comment-anchor.js';
import { el } from './dom.js';

export { mentionStyles } from './mentions.styles.js';

/** What the entries are shown with (the thread's render context is one). */
export interface MentionsContext {
  readonly strings: ReadStrings;
  readonly locale: string;
  readonly dateFormat: DateFormat;
}

/**
 * Whether a linking page's address may be a link: http(s) only. Checked here rather than with
 * `core/http-url.ts`, whose import from this chunk makes the bundler split that module off the
 * bundle into a file of its own (rolldown/rolldown#10731).
 */
function isWebAddress(url: unknown): url is string {
  return typeof url === 'string' && /^https?:\/\/[^/]/i.test(url);
}

/** The host name of a linking page's address, shown as its site ("blog.example"). */
function siteOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

/** One mention as a list item; its id is `comment-ID`, so `#comment-ID` links find it as they find a comment. */
function mentionItem(mention: Comment, context: MentionsContext, now: Date): HTMLLIElement {
  const title = mention.author?.name?.trim() || context.strings.anonymous;
  const url = mention.author?.website;
  const date = parseDate(mention.createdAt);
  const site = isWebAddress(url) ? siteOf(url) : '';
  const excerpt = el('div', { part: 'mention-excerpt', class: 'body mention-excerpt', dir: 'auto' });
  excerpt.append(renderBodyFragment(mention));
  return el(
    'li',
    { part: 'mention', class: 'mention', id: `${COMMENT_ID_PREFIX}${mention.id}`, tabindex: '-1', 'data-kind': mention.kind ?? 'comment' },
    isWebAddress(url)
      ? el('a', { part: 'mention-title', class: 'mention-title', dir: 'auto', href: url, rel: LINK_REL }, title)
      : el('span', { part: 'mention-title', class: 'mention-title', dir: 'auto' }, title),
    site && el('span', { part: 'mention-site', class: 'mention-site', dir: 'ltr' }, site),
    date && el('time', { part: 'time', datetime: date.toISOString() }, shownDate(date, now, context.locale, context.dateFormat)),
    excerpt,
  );
}

/** Each thread's section of mentions, by its list of mentions, and the context it was built in. */
const built = new WeakMap<readonly Comment[], { context: MentionsContext; section: HTMLElement }>();

/**
 * The section for `mentions`: the one built before while the list and the context are the same
 * objects (an update that changed neither), else a new one.
 */
export function mentionsSection(mentions: readonly Comment[], context: MentionsContext): HTMLElement {
  let last = built.get(mentions);
  if (last?.context !== context) built.set(mentions, (last = { context, section: buildMentions(mentions, context) }));
  return last.section;
}

/** The section, headed "Trackbacks and pingbacks", with one entry per mention (oldest first). */
export function buildMentions(mentions: readonly Comment[], context: MentionsContext, now = new Date()): HTMLElement {
  return el(
    'section',
    { part: 'mentions', class: 'mentions', 'aria-labelledby': 'mentions-heading' },
    el('h3', { id: 'mentions-heading', part: 'mentions-heading' }, context.strings.mentionsHeading),
    el('ol', { part: 'mention-list', class: 'mention-list' }, ...mentions.map((mention) => mentionItem(mention, context, now))),
  );
}
