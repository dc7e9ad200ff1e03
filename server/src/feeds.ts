/**
 * Comment feeds: Atom 1.0 (RFC 4287) and RSS 2.0 of the newest published comments, of one
 * thread or of the whole site, as `GET /api/comments.atom` and `GET /api/comments.rss`
 * (`?thread=` for one thread). Mentions, pending, hidden and deleted comments are never in them.
 *
 * Links point at the comment on its page: the thread id (a page's path, by default) resolved
 * against the site's address (`--site-url`, else the first `--origin`, else the server's own, as
 * when it serves the site with `--static`), with `#comment-ID`. Entry ids are those links, which
 * stay the same for a comment as long as the site's address does; a feed's id is its page's
 * address with `#comments`. Its `self` link is the address it was asked at: behind reverse
 * proxies the server believes (`--trust-proxy`), as `X-Forwarded-Proto` and `X-Forwarded-Host` say.
 *
 * Everything that goes into the XML is text, escaped; characters XML 1.0 cannot hold (control
 * characters, U+FFFE, U+FFFF, lone surrogates) are dropped. Bodies are the HTML the widget's own
 * renderer makes (`body-html.ts`: every piece of source text escaped, only http(s) and mailto
 * links), carried as escaped text (`type="html"`, RSS `description`).
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyHtml } from './body-html.js';
import { requestedAt } from './requested-at.js';
import type { CommentStore, StoredComment } from './store/comment-store.js';
import * as validate from './validate.js';

/** Comments in a feed: the newest ones. */
export const FEED_SIZE = 50;

/** How long a reader or a proxy may keep a feed before asking again (`Cache-Control`). */
const MAX_AGE_SECONDS = 300;

/** A feed to write. */
export interface Feed {
  /** The feed's own address (its `self` link). */
  self: string;
  /** The page the comments are on (one thread), or the site. */
  page: string;
  title: string;
  /** Newest first. */
  comments: readonly StoredComment[];
}

/** Characters XML 1.0 cannot hold: C0 controls but tab, newline and return; U+FFFE, U+FFFF; lone surrogates. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` as XML character data or an attribute value: escaped, and only characters XML can hold. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

/** The address of comment `comment` on its page of the site at `site`. */
export function commentLink(site: string, comment: Pick<StoredComment, 'threadId' | 'id'>): string {
  return `${threadPage(site, comment.threadId)}#comment-${encodeURIComponent(comment.id)}`;
}

/** The page of thread `threadId` on the site at `site`: the id resolved as a path. */
export function threadPage(site: string, threadId: string): string {
  try {
    return new URL(threadId, site).href;
  } catch {
    return site;
  }
}

/** The name a comment's author goes by in a feed. */
const authorOf = (comment: StoredComment): string => comment.authorName || 'Anonymous';

/** A comment's title: who wrote it, and where. */
const entryTitle = (comment: StoredComment, oneThread: boolean): string =>
  oneThread ? `Comment by ${authorOf(comment)}` : `Comment by ${authorOf(comment)} on ${comment.threadId}`;

/** When the feed last changed: its newest comment's date, or the epoch for a feed without any. */
function lastChange(comments: readonly StoredComment[]): Date {
  let newest = 0;
  for (const comment of comments) newest = Math.max(newest, Date.parse(comment.updatedAt ?? comment.createdAt));
  return new Date(newest);
}

/** `feed` as Atom 1.0. */
export function atomFeed(feed: Feed, oneThread: boolean): string {
  const entries = feed.comments.map((comment) => {
    const link = xmlText(commentLink(feed.page, comment));
    const website = comment.authorWebsite ? `<uri>${xmlText(comment.authorWebsite)}</uri>` : '';
    return `<entry>
<id>${link}</id>
<title>${xmlText(entryTitle(comment, oneThread))}</title>
<link rel="alternate" type="text/html" href="${link}"/>
<author><name>${xmlText(authorOf(comment))}</name>${website}</author>
<published>${comment.createdAt}</published>
<updated>${comment.updatedAt ?? comment.createdAt}</updated>
<content type="html">${xmlText(bodyHtml(comment.body))}</content>
</entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>${xmlText(`${feed.page}#comments`)}</id>
<title>${xmlText(feed.title)}</title>
<link rel="self" type="application/atom+xml" href="${xmlText(feed.self)}"/>
<link rel="alternate" type="text/html" href="${xmlText(feed.page)}"/>
<updated>${lastChange(feed.comments).toISOString()}</updated>
<generator>comment-thread</generator>
${entries.join('\n')}
</feed>
`;
}

/** `feed` as RSS 2.0 (with Atom's `self` link, as the RSS Advisory Board recommends). */
export function rssFeed(feed: Feed, oneThread: boolean): string {
  const items = feed.comments.map((comment) => {
    const link = xmlText(commentLink(feed.page, comment));
    return `<item>
<title>${xmlText(entryTitle(comment, oneThread))}</title>
<link>${link}</link>
<guid isPermaLink="true">${link}</guid>
<dc:creator>${xmlText(authorOf(comment))}</dc:creator>
<pubDate>${new Date(comment.createdAt).toUTCString()}</pubDate>
<description>${xmlText(bodyHtml(comment.body))}</description>
</item>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>${xmlText(feed.title)}</title>
<link>${xmlText(feed.page)}</link>
<description>${xmlText(feed.title)}</description>
<atom:link rel="self" type="application/rss+xml" href="${xmlText(feed.self)}"/>
<lastBuildDate>${lastChange(feed.comments).toUTCString()}</lastBuildDate>
<generator>comment-thread</generator>
${items.join('\n')}
</channel>
</rss>
`;
}

/** What the feed routes need. */
export interface FeedOptions {
  store: CommentStore;
  /** The site's address, where thread ids are paths (`--site-url`, else the first `--origin`); null: the server's own. */
  siteUrl: string | null;
  /** Whether reverse proxies in front of the server are believed (`--trust-proxy`): their `X-Forwarded-Proto` and `-Host`. */
  behindProxy: boolean;
}

const FORMATS = {
  atom: { type: 'application/atom+xml; charset=utf-8', write: atomFeed },
  rss: { type: 'application/rss+xml; charset=utf-8', write: rssFeed },
} as const;

/**
 * The feed routes, `/comments.atom` and `/comments.rss`, to mount under `/api`. An answer
 * carries a strong `ETag` of its bytes and may be kept {@link MAX_AGE_SECONDS} seconds; a
 * reader that sends the ETag back gets a 304 while nothing changed.
 */
export function feedRoutes(options: FeedOptions): Hono {
  const routes = new Hono();
  const serve = (format: keyof typeof FORMATS) => async (c: Context) => {
    const threadParam = c.req.query('thread');
    const threadId = threadParam === undefined ? null : validate.threadId(threadParam, 'thread');
    const requested = requestedAt(c, options.behindProxy);
    const site = options.siteUrl ?? requested.origin;
    const comments = await options.store.recent({ threadId, limit: FEED_SIZE });
    const feed: Feed = {
      self: `${requested.origin}${requested.pathname}${threadId === null ? '' : `?thread=${encodeURIComponent(threadId)}`}`,
      page: threadId === null ? new URL('/', site).href : threadPage(site, threadId),
      title: threadId === null ? `Comments on ${new URL(site).host}` : `Comments on ${threadPage(site, threadId)}`,
      comments,
    };
    const xml = FORMATS[format].write(feed, threadId !== null);
    const etag = `"${createHash('sha256').update(xml).digest('base64url').slice(0, 27)}"`;
    const headers = { ETag: etag, 'Cache-Control': `public, max-age=${MAX_AGE_SECONDS}` };
    if (c.req.header('if-none-match')?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return c.body(null, 304, headers);
    return c.body(xml, 200, { ...headers, 'Content-Type': FORMATS[format].type });
  };
  routes.get('/comments.atom', serve('atom'));
  routes.get('/comments.rss', serve('rss'));
  return routes;
}
