/**
 * The section of mentions: pingbacks, trackbacks and webmentions, listed apart after the
 * comments as WordPress lists "Trackbacks and Pingbacks". Each entry is the linking page's
 * title as a link, its site, its date and the excerpt it sent; mentions take no replies, so
 * there are no buttons. A chunk of its own (`comment-thread.mentions.js`): most threads have no
 * mentions, and those that do show them below the comments, after the first paint.
 *
 * Like a comment, an entry is text nodes and validated attributes; its excerpt goes through
 * the same sanitizer as a comment's body.
 *
 * @module
 */
import type { Comment } from '../adapters/storage-adapter.js';
import { isHttpUrl } from '../core/http-url.js';
import { LINK_REL, renderBodyFragment } from '../core/sanitize.js';
import { parseDate, shownDate, type DateFormat } from '../core/time.js';
import type { ReadStrings } from '../i18n/en.js';
import { COMMENT_ID_PREFIX } from './comment-view.js';
import { el } from './dom.js';

export { mentionStyles } from './mentions.styles.js';

/** What the section is built from. */
export interface MentionsInput {
  /** The thread's mentions, oldest first. */
  mentions: readonly Comment[];
  strings: ReadStrings;
  locale: string;
  dateFormat: DateFormat;
  now: Date;
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
function mentionItem(mention: Comment, input: MentionsInput): HTMLLIElement {
  const title = mention.author?.name?.trim() || input.strings.anonymous;
  const url = mention.author?.website;
  const date = parseDate(mention.createdAt);
  const site = isHttpUrl(url) ? siteOf(url) : '';
  const excerpt = el('div', { part: 'mention-excerpt', class: 'body mention-excerpt', dir: 'auto' });
  excerpt.append(renderBodyFragment(mention));
  return el(
    'li',
    { part: 'mention', class: 'mention', id: `${COMMENT_ID_PREFIX}${mention.id}`, tabindex: '-1', 'data-kind': mention.kind ?? 'comment' },
    isHttpUrl(url)
      ? el('a', { part: 'mention-title', class: 'mention-title', dir: 'auto', href: url, rel: LINK_REL }, title)
      : el('span', { part: 'mention-title', class: 'mention-title', dir: 'auto' }, title),
    site && el('span', { part: 'mention-site', class: 'mention-site', dir: 'ltr' }, site),
    date && el('time', { part: 'time', datetime: date.toISOString() }, shownDate(date, input.now, input.locale, input.dateFormat)),
    excerpt,
  );
}

/** The section, headed "Trackbacks and pingbacks", with one entry per mention. */
export function buildMentions(input: MentionsInput): HTMLElement {
  return el(
    'section',
    { part: 'mentions', class: 'mentions', 'aria-labelledby': 'mentions-heading' },
    el('h3', { id: 'mentions-heading', part: 'mentions-heading' }, input.strings.mentionsHeading),
    el('ol', { part: 'mention-list', class: 'mention-list' }, ...input.mentions.map((mention) => mentionItem(mention, input))),
  );
}
