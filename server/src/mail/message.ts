/**
 * The words of each mail: a plain-text part, and a simple HTML part in which every string
 * that came from a visitor (names, websites, bodies, thread ids) is escaped text, never markup.
 * Bodies are quoted as their Markdown source, not rendered: a mail client is no place for a
 * visitor's HTML. Pure functions: `mailer.ts` queues what they return.
 *
 * @module
 */
import { threadPage } from '../feeds.js';
import type { StoredComment } from '../store/comment-store.js';

/** A message as the outbox keeps it (its payload, as JSON); the sender adds From and the headers. */
export interface MailMessage {
  subject: string;
  text: string;
  html: string;
  /** The one-click unsubscribe address (`List-Unsubscribe`, and a link in the text). */
  unsubscribe: string;
}

/** Where a mail's links go. */
export interface MailLinks {
  /** The site, where thread ids are paths (`--site-url`). */
  site: string;
  /** The comment server's own address (`--server-url`, with a trailing slash): its moderation page is `admin` under it. */
  server: string;
  /** The unsubscribe link of this recipient and kind of mail. */
  unsubscribe: string;
}

/** Longest part of a body quoted in a mail; the link leads to the rest. */
const QUOTE_MAX = 2000;
/** Longest subject. */
const SUBJECT_MAX = 150;

/** `text` escaped for HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A name to show: the author's, or "Someone" for none. */
const nameOf = (comment: StoredComment): string => comment.authorName.trim() || 'Someone';

/** The page of a comment's thread, as a reader knows it: the site's address plus the thread id. */
const pageOf = (links: MailLinks, comment: StoredComment): string => threadPage(links.site, comment.threadId);

/** A comment's own link on its page. */
const permalink = (links: MailLinks, comment: StoredComment): string => `${pageOf(links, comment)}#comment-${encodeURIComponent(comment.id)}`;

/** One part of a mail: a paragraph of text, a quoted body, or a labelled link. */
type Block = { p: string } | { quote: string } | { link: string; href: string };

/** The plain-text and HTML parts of `blocks`, with the unsubscribe line at the end. */
function render(blocks: readonly Block[], why: string, unsubscribe: string): { text: string; html: string } {
  const all: Block[] = [...blocks, { p: why }, { link: 'Stop these e-mails', href: unsubscribe }];
  const text = all
    .map((b) => ('p' in b ? b.p : 'quote' in b ? b.quote.split('\n').map((line) => (line ? `> ${line}` : '>')).join('\n') : `${b.link}: ${b.href}`))
    .join('\n\n');
  const html = all
    .map((b) =>
      'p' in b
        ? `<p>${escapeHtml(b.p)}</p>`
        : 'quote' in b
          ? `<blockquote style="margin:0 0 0 .8em;padding-left:.8em;border-left:3px solid #ccc;white-space:pre-wrap">${escapeHtml(b.quote)}</blockquote>`
          : `<p><a href="${escapeHtml(b.href)}">${escapeHtml(b.link)}</a></p>`,
    )
    .join('\n');
  return { text: `${text}\n`, html: `<!doctype html>\n<html><body style="font-family:sans-serif;line-height:1.5">\n${html}\n</body></html>\n` };
}

/** The mail to a comment's author, who asked for it, when `reply` to their comment `parent` is published. */
export function replyMail(reply: StoredComment, parent: StoredComment, links: MailLinks): MailMessage {
  const page = pageOf(links, reply);
  const blocks: Block[] = [
    { p: `${nameOf(reply)} replied to your comment on ${page}:` },
    { quote: clip(reply.body, QUOTE_MAX) },
    { link: 'Read it and answer', href: permalink(links, reply) },
    { p: 'Your comment:' },
    { quote: clip(parent.body, QUOTE_MAX) },
  ];
  return {
    subject: clip(`${nameOf(reply)} replied to your comment on ${page}`, SUBJECT_MAX),
    ...render(blocks, 'You get this because you asked, when you wrote your comment, to be e-mailed of replies to it.', links.unsubscribe),
    unsubscribe: links.unsubscribe,
  };
}

/**
 * The mail to the site's owner (`--notify-email`) about a new comment: published, or waiting for
 * moderation; with its author (and the address they gave, if any), its text, and links to it
 * and to the moderation page.
 */
export function ownerMail(comment: StoredComment, parent: StoredComment | null, links: MailLinks): MailMessage {
  const page = pageOf(links, comment);
  const waits = comment.status === 'pending';
  const who = [nameOf(comment), comment.authorWebsite ? `(${comment.authorWebsite})` : ''].filter(Boolean).join(' ');
  const blocks: Block[] = [
    { p: `${who} wrote ${parent ? `a reply to ${nameOf(parent)}` : 'a comment'} on ${page}.` },
    { p: waits ? 'It waits for moderation: nobody else sees it until you approve it.' : 'It is published.' },
    { quote: clip(comment.body, QUOTE_MAX) },
    ...(waits ? [] : [{ link: 'The comment', href: permalink(links, comment) }]),
    { link: waits ? 'Approve or reject it' : 'Moderation', href: new URL('admin', links.server).href },
    ...(comment.authorEmail ? [{ p: `The author gave the e-mail address ${comment.authorEmail} (not checked).` }] : []),
  ];
  return {
    subject: clip(`${waits ? 'A comment waits for moderation' : 'New comment'} on ${page}`, SUBJECT_MAX),
    ...render(blocks, 'You get this because this comment server sends its new comments to this address (--notify-email).', links.unsubscribe),
    unsubscribe: links.unsubscribe,
  };
}
