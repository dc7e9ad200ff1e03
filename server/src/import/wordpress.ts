/**
 * WordPress export (WXR) import. Each `<item>` is a post whose `<link>` path becomes the
 * thread id; its `<wp:comment>`s keep their threading (`comment_parent`), dates (GMT),
 * authors and websites. Pingbacks and trackbacks are kept as their own kind; spam, trash and
 * unapproved comments are imported but not published.
 *
 * @module
 */
import type { ImportRecord } from './records.js';
import { decodeEntities } from './entities.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import { decodeXml, listOf, parseXml, textOf } from './xml.js';

/** "2020-01-02 03:04:05" (WordPress GMT) as ISO 8601; null when empty or zero. */
function wpDate(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (!match || match[1] === '0000') return null;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}.000Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
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

export function parseWordPress(bytes: Uint8Array): ImportRecord[] {
  const doc = parseXml(decodeXml(bytes));
  const channel = (doc.rss as Record<string, unknown> | undefined)?.channel as Record<string, unknown> | undefined;
  if (!channel) throw new Error('This is not a WordPress export (WXR): there is no <rss><channel>.');
  const records: ImportRecord[] = [];
  for (const item of listOf(channel.item)) {
    const postId = textOf(item.post_id);
    const link = textOf(item.link);
    const threadId = link ? safePath(link) : `/?p=${postId}`;
    for (const comment of listOf(item.comment)) {
      const id = textOf(comment.comment_id);
      if (!id) continue;
      const parent = textOf(comment.comment_parent);
      const type = textOf(comment.comment_type).trim();
      const createdAt = wpDate(textOf(comment.comment_date_gmt)) ?? wpDate(textOf(comment.comment_date)) ?? new Date(0).toISOString();
      records.push({
        id: `wp-${id}`,
        threadId,
        parentId: parent && parent !== '0' ? `wp-${parent}` : null,
        // WordPress keeps names HTML-escaped (`&raquo;` in pingback titles).
        authorName: decodeEntities(textOf(comment.comment_author)),
        authorWebsite: textOf(comment.comment_author_url) || null,
        body: htmlToMarkdown(textOf(comment.comment_content)),
        status: status(textOf(comment.comment_approved)),
        kind: type === 'pingback' ? 'pingback' : type === 'trackback' ? 'trackback' : 'comment',
        createdAt,
      });
    }
  }
  return records;
}

function safePath(link: string): string {
  try {
    return new URL(link).pathname;
  } catch {
    return link;
  }
}
