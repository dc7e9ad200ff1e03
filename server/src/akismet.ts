/**
 * An optional check of each guest's comment by an Akismet-compatible service
 * (`--akismet-key`, `--akismet-url`): its `comment-check` call, a form POST answered `true`
 * (spam) or `false`. A comment it calls spam is stored as `spam` (out of sight, in the spam
 * queue, where a moderator can still approve it) and its author is told it waits for moderation;
 * one it marks to discard (`X-akismet-pro-tip: discard`, blatant spam) is refused with a polite
 * message. When the service cannot answer (an error, an invalid key, no answer within
 * {@link TIMEOUT_MS}), the comment waits for a moderator rather than being published unchecked.
 *
 * What leaves the server: the site's address, the comment's page, its text, its author's name
 * and website, and the visitor's IP address and user agent (which the service needs, and which
 * the server itself keeps only as a keyed hash). The README says so.
 *
 * @module
 */

/** How long the service may take to answer. */
export const TIMEOUT_MS = 3000;

export interface AkismetOptions {
  /** The API key. */
  key: string;
  /** The service's REST base (the one before `/comment-check`). */
  endpoint: string;
}

/** What the server knows of a comment to check. */
export interface CheckedComment {
  /** The site (Akismet's `blog`). */
  site: string;
  /** The comment's page. */
  permalink: string;
  reply: boolean;
  authorName: string;
  authorWebsite: string | null;
  body: string;
  /** The visitor's address, when known. */
  ip: string | undefined;
  userAgent: string | undefined;
  referrer: string | undefined;
  createdAt: string;
}

/** The service's answer: `ham`, `spam`, `discard` (blatant spam), or `unknown` with why. */
export type AkismetVerdict = { verdict: 'ham' | 'spam' | 'discard' } | { verdict: 'unknown'; why: string };

/** Asks the service about `comment`. Never throws: a failure is `unknown`. */
export async function checkComment(options: AkismetOptions, comment: CheckedComment, fetchImpl: typeof fetch = fetch): Promise<AkismetVerdict> {
  const form = new URLSearchParams({
    api_key: options.key,
    blog: comment.site,
    permalink: comment.permalink,
    comment_type: comment.reply ? 'reply' : 'comment',
    comment_author: comment.authorName,
    comment_content: comment.body,
    comment_date_gmt: comment.createdAt,
    user_ip: comment.ip ?? '',
  });
  if (comment.authorWebsite) form.set('comment_author_url', comment.authorWebsite);
  if (comment.userAgent) form.set('user_agent', comment.userAgent);
  if (comment.referrer) form.set('referrer', comment.referrer);
  try {
    const response = await fetchImpl(`${options.endpoint.replace(/\/+$/, '')}/comment-check`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: form,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = (await response.text()).trim();
    if (!response.ok) return { verdict: 'unknown', why: `it answered ${response.status}` };
    if (text === 'false') return { verdict: 'ham' };
    if (text === 'true') return { verdict: response.headers.get('x-akismet-pro-tip') === 'discard' ? 'discard' : 'spam' };
    const help = response.headers.get('x-akismet-debug-help');
    return { verdict: 'unknown', why: `it answered "${text.slice(0, 40)}"${help ? ` (${help.slice(0, 200)})` : ''}` };
  } catch (error) {
    const name = (error as Error).name;
    return { verdict: 'unknown', why: name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS} ms` : `it could not be reached (${(error as Error).message})` };
  }
}

/** The visitor's message for a comment the service marked to discard. */
export const DISCARDED_MESSAGE = 'Sorry, this comment looks like spam to this site\'s spam filter, so it was not posted. If it is not, please rephrase it and post it again.';
