/**
 * WordPress export (WXR) import. Each `<item>` is a post whose `<link>` path becomes the
 * thread id; its `<wp:comment>`s keep their threading (`comment_parent`), dates (GMT), authors
 * and websites, and their WordPress id as an old id (`aliases`: `5` for `wp-5`), so that
 * links such as `#comment-5` still find them. A comment whose `comment_user_id` is one of the
 * export's users (`<wp:author>`, the blog's authors) gets the verified role `author`; a name
 * alone never does. Pingbacks and trackbacks keep their kind, every other type is a comment;
 * spam, trash and unapproved comments are imported but not published. Bodies are WordPress's
 * HTML as typed, shown with paragraphs and line breaks added (`htmlToMarkdown` with
 * `paragraphs`).
 *
 * @module
 */
import { decodeHTML } from 'entities';
import { htmlTooLong } from './checks.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import type { ImportSource } from './importer.js';
import { threadIdFromUrl, type ImportRecord } from './records.js';
import { children, streamXml, textOf, type XmlElement } from './xml-stream.js';

const NOT_WXR = 'This is not a WordPress export (WXR): there is no <rss><channel>.';

/** "2020-01-02 03:04:05" (WordPress GMT) as ISO 8601; null when empty, zero or no date. */
export function wpDate(value: string): string | null {
  const match = /^(\d{1,6})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!match || /^0+$/.test(match[1]!)) return null;
  const [year, month, day, hours, minutes, seconds] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hours > 23 || minutes > 59 || seconds > 59) return null;
  const date = new Date(Date.UTC(2000, month - 1, day, hours, minutes, seconds));
  date.setUTCFullYear(year);
  // A day past the month's end (2024-02-30) rolls over: not a date.
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== day) return null;
  return date.toISOString();
}

function status(approved: string): ImportRecord['status'] {
  switch (approved.trim()) {
    case '1':
      return 'published';
    case 'spam':
      return 'spam';
    case 'trash':
      return 'rejected';
    default:
      return 'pending';
  }
}

/** The comments of one `<item>`. */
function itemRecords(item: XmlElement, authors: ReadonlySet<string>): ImportRecord[] {
  const postId = textOf(item, 'post_id').trim();
  const threadId = threadIdFromUrl(textOf(item, 'link').trim(), `/?p=${postId}`);
  const records: ImportRecord[] = [];
  for (const comment of children(item, 'comment')) {
    const sourceId = textOf(comment, 'comment_id').trim();
    const parent = textOf(comment, 'comment_parent').trim();
    const type = textOf(comment, 'comment_type').trim();
    const user = textOf(comment, 'comment_user_id').trim();
    const gmt = textOf(comment, 'comment_date_gmt').trim();
    const local = textOf(comment, 'comment_date').trim();
    const html = textOf(comment, 'comment_content');
    const tooLong = htmlTooLong(html);
    records.push({
      id: sourceId ? `wp-${sourceId}` : '',
      threadId,
      parentId: parent && parent !== '0' ? `wp-${parent}` : null,
      // WordPress keeps names HTML-escaped (`&raquo;` in pingback titles).
      authorName: decodeHTML(textOf(comment, 'comment_author')),
      authorWebsite: textOf(comment, 'comment_author_url').trim() || null,
      body: tooLong ? '' : htmlToMarkdown(html, { paragraphs: true }),
      status: status(textOf(comment, 'comment_approved')),
      kind: type === 'pingback' ? 'pingback' : type === 'trackback' ? 'trackback' : 'comment',
      role: user !== '' && user !== '0' && authors.has(user) ? 'author' : null,
      aliases: sourceId ? [sourceId] : [],
      createdAt: wpDate(gmt) ?? wpDate(local),
      dateText: gmt && !/^0000-00-00/.test(gmt) ? gmt : local,
      ...(tooLong ? { problem: tooLong } : {}),
    });
  }
  return records;
}

export function wordPressSource(path: string): ImportSource {
  /** The user ids of the export's `<wp:author>`s. */
  const authors = new Set<string>();
  const inChannel = (at: readonly string[]): boolean => at.length >= 2 && at[1] === 'channel';
  return {
    format: 'wordpress',
    grouped: true,
    async check(progress) {
      let comments = 0;
      let channel = false;
      await streamXml(path, {
        root: 'rss',
        notRoot: NOT_WXR,
        select: (at) => at.length === 3 && inChannel(at) && at[2] === 'author',
        element: (author) => {
          const id = textOf(author, 'author_id').trim();
          if (id) authors.add(id);
        },
        open: (at) => {
          if (at.length === 2 && inChannel(at)) channel = true;
          else if (at.length === 4 && inChannel(at) && at[2] === 'item' && at[3] === 'comment') comments++;
        },
        progress,
      });
      if (!channel) throw new Error(NOT_WXR);
      return comments;
    },
    async read(take) {
      await streamXml(path, {
        root: 'rss',
        notRoot: NOT_WXR,
        select: (at) => at.length === 3 && inChannel(at) && at[2] === 'item',
        element: (item) => take(itemRecords(item, authors)),
      });
    },
  };
}
