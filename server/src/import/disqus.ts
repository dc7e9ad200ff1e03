/**
 * Disqus export import. `<thread>`s map Disqus thread ids to page links (whose path becomes the
 * thread id); `<post>`s keep their threading (`<parent dsq:id>`), dates and authors, and their
 * Disqus id as an old id (`aliases`). Spam is imported but not published; a deleted post stays
 * as a placeholder where replies hang from it and is left out otherwise (the report says so).
 *
 * The file is read twice, in bounded memory: first the threads and which posts have replies,
 * then the posts.
 *
 * @module
 */
import { decodeHTML } from 'entities';
import { htmlTooLong } from './checks.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import type { ImportSource } from './importer.js';
import type { ImportRecord } from './records.js';
import { child, streamXml, textOf, type XmlElement } from './xml-stream.js';

const NOT_DISQUS = 'This is not a Disqus export: there is no <disqus> root element.';

/** The `dsq:id` of a child element (a post's `<thread>`, `<parent>`), '' when there is none. */
const dsqId = (element: XmlElement | undefined): string => element?.attributes.id?.trim() ?? '';

/** A thread's page path: its link's, else its Disqus identifier. */
function threadPath(thread: XmlElement): string {
  const link = textOf(thread, 'link').trim();
  try {
    return new URL(link).pathname;
  } catch {
    return textOf(thread, 'id').trim() || link;
  }
}

export function disqusSource(path: string): ImportSource {
  const threads = new Map<string, string>();
  /** Posts that have replies. */
  const parents = new Set<string>();
  const selected = (at: readonly string[]): boolean => at.length === 2 && (at[1] === 'thread' || at[1] === 'post');

  function record(post: XmlElement): ImportRecord {
    const id = dsqId(post);
    const threadRef = dsqId(child(post, 'thread'));
    const author = child(post, 'author');
    const createdText = textOf(post, 'createdAt').trim();
    const created = Date.parse(createdText);
    const deleted = textOf(post, 'isDeleted').trim() === 'true';
    const spam = textOf(post, 'isSpam').trim() === 'true';
    const parent = dsqId(child(post, 'parent'));
    const html = textOf(post, 'message');
    const tooLong = deleted ? null : htmlTooLong(html);
    const base: ImportRecord = {
      id: id ? `disqus-${id}` : '',
      threadId: threads.get(threadRef) ?? '',
      parentId: parent ? `disqus-${parent}` : null,
      authorName: decodeHTML(author ? textOf(author, 'name').trim() || textOf(author, 'username').trim() : ''),
      authorWebsite: author ? textOf(author, 'link').trim() || null : null,
      body: deleted || tooLong ? '' : htmlToMarkdown(html),
      status: spam ? 'spam' : deleted ? 'deleted' : 'published',
      kind: 'comment',
      aliases: id ? [id] : [],
      createdAt: Number.isNaN(created) ? null : new Date(created).toISOString(),
      dateText: createdText,
    };
    if (id && !threads.has(threadRef)) {
      base.problem = { reason: 'thread-missing', message: `its thread${threadRef ? ` ${threadRef}` : ''} is not in the file` };
    } else if (deleted && !parents.has(id)) {
      base.problem = { reason: 'deleted', message: 'deleted on Disqus, and no reply hangs from it' };
    } else if (tooLong) {
      base.problem = tooLong;
    }
    return base;
  }

  return {
    format: 'disqus',
    grouped: false,
    async check(progress) {
      let posts = 0;
      await streamXml(path, {
        root: 'disqus',
        notRoot: NOT_DISQUS,
        select: selected,
        element: (element) => {
          if (element.name === 'thread') {
            const id = dsqId(element);
            if (id) threads.set(id, threadPath(element));
          } else {
            posts++;
            const parent = dsqId(child(element, 'parent'));
            if (parent) parents.add(parent);
          }
        },
        progress,
      });
      return posts;
    },
    async read(take) {
      await streamXml(path, {
        root: 'disqus',
        notRoot: NOT_DISQUS,
        select: (at) => at.length === 2 && at[1] === 'post',
        element: (post) => take([record(post)]),
      });
    },
  };
}
