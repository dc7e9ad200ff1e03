/**
 * Disqus export import. `<thread>`s map Disqus thread ids to page links (whose path becomes
 * the thread id); `<post>`s keep their threading (`<parent dsq:id>`), dates and authors.
 * Deleted posts and spam are imported but not published.
 *
 * @module
 */
import type { ImportRecord } from './records.js';
import { decodeEntities } from './entities.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import { decodeXml, listOf, parseXml, textOf } from './xml.js';

/** The `dsq:id` of an element (a post's `<thread>` parses as a list of one). */
const dsqId = (element: unknown): string => {
  const first = Array.isArray(element) ? element[0] : element;
  return typeof first === 'object' && first !== null ? textOf((first as Record<string, unknown>)['@_id']) : '';
};

export function parseDisqus(bytes: Uint8Array): ImportRecord[] {
  const doc = parseXml(decodeXml(bytes));
  const root = doc.disqus as Record<string, unknown> | undefined;
  if (!root) throw new Error('This is not a Disqus export: there is no <disqus> root element.');
  const threads = new Map<string, string>();
  for (const thread of listOf(root.thread)) {
    const link = textOf(thread.link);
    let path = link;
    try {
      path = new URL(link).pathname;
    } catch {
      path = textOf(thread.id) || link;
    }
    threads.set(dsqId(thread), path);
  }
  const records: ImportRecord[] = [];
  for (const post of listOf(root.post)) {
    const id = dsqId(post);
    const threadId = threads.get(dsqId(post.thread));
    if (!id || !threadId) continue;
    const author = (post.author ?? {}) as Record<string, unknown>;
    const created = Date.parse(textOf(post.createdAt));
    const deleted = textOf(post.isDeleted) === 'true';
    const spam = textOf(post.isSpam) === 'true';
    const parent = dsqId(post.parent);
    records.push({
      id: `disqus-${id}`,
      threadId,
      parentId: parent ? `disqus-${parent}` : null,
      authorName: decodeEntities(textOf(author.name) || textOf(author.username)),
      authorWebsite: textOf(author.link) || null,
      body: deleted ? '' : htmlToMarkdown(textOf(post.message)),
      status: spam ? 'spam' : deleted ? 'deleted' : 'published',
      kind: 'comment',
      createdAt: new Date(Number.isNaN(created) ? 0 : created).toISOString(),
    });
  }
  // A deleted post stays as a placeholder only where replies hang from it.
  const parents = new Set(records.map((r) => r.parentId));
  for (const record of records) if (record.status === 'deleted' && !parents.has(record.id)) record.status = 'rejected';
  return records;
}
