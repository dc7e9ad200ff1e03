/**
 * One-click unsubscribe (RFC 8058). Each mail's link names the recipient's address by its keyed
 * hash (`address.ts`), the kind of mail, and an HMAC of both under the server secret: nobody
 * can make a link for another address, and checking one needs no database. `GET` shows a page
 * with a button (mail scanners follow links: a GET never unsubscribes); `POST`, from that
 * button or from a mail client's one-click (`List-Unsubscribe-Post`), unsubscribes. The pages
 * have a policy of their own: no script, their one style by hash, forms to this origin only.
 *
 * @module
 */
import { Hono, type Context } from 'hono';
import { createHash, createHmac } from 'node:crypto';
import type { CommentStore } from '../store/comment-store.js';
import { safeEqual } from '../tokens.js';
import { addressHashOf } from './address.js';

/** The kinds of mail one can stop apart: replies to one's comments, and the owner's notifications. */
export type MailScope = 'replies' | 'owner';
const SCOPES: ReadonlySet<string> = new Set<MailScope>(['replies', 'owner']);

/** The token of an unsubscribe link: an HMAC of scope and address hash under the server secret. */
function token(serverSecret: string, scope: MailScope, addressHash: string): string {
  return createHmac('sha256', serverSecret).update(`unsubscribe\0${scope}\0${addressHash}`).digest('base64url');
}

/** The unsubscribe link of `address` for mail of `scope`, on the server at `server` (with a trailing slash). */
export function unsubscribeLink(server: string, serverSecret: string, address: string, scope: MailScope): string {
  const hash = addressHashOf(serverSecret, address);
  const url = new URL('api/unsubscribe', server);
  url.search = new URLSearchParams({ a: hash, s: scope, t: token(serverSecret, scope, hash) }).toString();
  return url.href;
}

/** What a link's query names, when its token is right; null for a link that is not one of ours. */
export function checkLink(serverSecret: string, query: { a?: string; s?: string; t?: string }): { addressHash: string; scope: MailScope } | null {
  const { a, s, t } = query;
  if (!a || !s || !t || !SCOPES.has(s) || a.length > 100 || t.length > 100) return null;
  return safeEqual(t, token(serverSecret, s as MailScope, a)) ? { addressHash: a, scope: s as MailScope } : null;
}

const STYLE = 'body{font:1rem/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem}button{font:inherit;padding:.4em 1em}';
/**
 * The pages' Content-Security-Policy: nothing loads, nothing runs; their one stylesheet by its
 * hash; the button's form posts to this origin only; never framed.
 */
export const UNSUBSCRIBE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

const WHAT: Record<MailScope, string> = {
  replies: 'e-mails about replies to your comments',
  owner: 'e-mails about new comments on this site',
};

/** A small page: a title, a paragraph, and optionally the button that unsubscribes. */
function page(c: Context, status: 200 | 400, title: string, text: string, button = false): Response {
  c.header('Content-Security-Policy', UNSUBSCRIBE_CSP);
  c.header('Cache-Control', 'no-store');
  // The form posts back to this very address (its query is the link), as a mail client's one-click would.
  const form = button
    ? '<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>'
    : '';
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title><style>${STYLE}</style></head><body><h1>${title}</h1><p>${text}</p>${form}</body></html>`,
    status,
  );
}

const BAD_LINK = 'This unsubscribe link is not valid: it may have been cut short. Copy the whole link from the e-mail, or use its "Stop these e-mails" link.';

/** `GET` and `POST /api/unsubscribe` (mounted under `/api`). */
export function unsubscribeRoutes(options: { store: CommentStore; secret: () => Promise<string>; now: () => Date }): Hono {
  const routes = new Hono();
  const linked = async (c: Context) => checkLink(await options.secret(), { a: c.req.query('a'), s: c.req.query('s'), t: c.req.query('t') });
  routes.get('/unsubscribe', async (c) => {
    const link = await linked(c);
    if (!link) return page(c, 400, 'Not a valid link', BAD_LINK);
    return page(c, 200, 'Unsubscribe?', `Stop all ${WHAT[link.scope]} to this address? No more will be sent to it.`, true);
  });
  routes.post('/unsubscribe', async (c) => {
    const link = await linked(c);
    if (!link) return page(c, 400, 'Not a valid link', BAD_LINK);
    await options.store.unsubscribe(link.addressHash, link.scope, options.now().toISOString());
    return page(c, 200, 'Unsubscribed', `No more ${WHAT[link.scope]} will be sent to this address.`);
  });
  return routes;
}
