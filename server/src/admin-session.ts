/**
 * The moderation page's sign-in. The admin token, given once on the page, becomes a session:
 * a random id in an HttpOnly, SameSite=Strict cookie (`Secure` and `__Host-` prefixed when the
 * page was asked for over https, directly or through believed proxies), stored only as a hash
 * (`admin_sessions`) until it expires ({@link SESSION_HOURS}) or the moderator signs out.
 *
 * A change made with the cookie must carry the session's CSRF token in `X-CSRF-Token`: an
 * HMAC of the session id under the server secret, so it needs no storage, and the page reads
 * it from the sign-in answer (or `GET /api/admin/session` after a reload). A site elsewhere
 * can neither read it nor send the header without a CORS preflight the server refuses.
 * Scripts and `curl` keep using `Authorization: Bearer TOKEN`, which no browser sends by itself.
 *
 * Routes: `POST /api/admin/session` `{ token }` signs in (wrong tokens count against the
 * address's failure budget, as every admin token does); `GET` says whether the cookie is a
 * session, with its CSRF token; `DELETE` signs out.
 *
 * @module
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ApiError, invalid } from './errors.js';
import { requestedAt } from './requested-at.js';
import type { CommentStore } from './store/comment-store.js';
import { hashSecret, safeEqual } from './tokens.js';

/** How long a sign-in lasts, from the moment the token was given. */
export const SESSION_HOURS = 12;
/** The cookie's name; over https it is `__Host-ct-admin` (Secure, Path=/, no Domain: this host only). */
export const SESSION_COOKIE = 'ct-admin';
/** Methods that change nothing, which need no CSRF token. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AdminSessionOptions {
  store: CommentStore;
  now: () => Date;
  serverSecret: () => Promise<string>;
  /** Checks a token against the admin token, taking from the address's failure budget (429 when it is spent). */
  isAdminToken: (c: Context, token: string) => Promise<boolean>;
  /** Whether reverse proxies are believed (`--trust-proxy`): their `X-Forwarded-Proto` says https. */
  behindProxy: boolean;
  /** Reads a request's JSON body (400 when it is not JSON). */
  readJson: (c: Context) => Promise<unknown>;
}

/** A sign-in as the page knows it. */
export interface SessionAnswer {
  /** Sent back in `X-CSRF-Token` with every change. */
  csrf: string;
  expiresAt: string;
}

export interface AdminSessions {
  /**
   * The session id of the request's cookie if it is a signed-in session now; for a change
   * (not GET/HEAD), only with the right `X-CSRF-Token`, else 403 `csrf`.
   */
  signedIn(c: Context): Promise<string | null>;
  /** Adds the sign-in routes to `app`. */
  routes(app: Hono): void;
}

export function adminSessions(options: AdminSessionOptions): AdminSessions {
  const { store, now } = options;
  const secure = (c: Context): boolean => requestedAt(c, options.behindProxy).protocol === 'https:';
  const cookieOf = (c: Context): string | undefined => (secure(c) ? getCookie(c, SESSION_COOKIE, 'host') : getCookie(c, SESSION_COOKIE));
  const csrfOf = async (id: string): Promise<string> => createHmac('sha256', await options.serverSecret()).update(`csrf\0${id}`).digest('base64url');

  /** The open session of the request's cookie, with its expiry; null when there is none. */
  const current = async (c: Context): Promise<{ id: string; expiresAt: string } | null> => {
    const id = cookieOf(c);
    if (!id || id.length > 100) return null;
    const expiresAt = await store.sessionExpiry(hashSecret(id), now().toISOString());
    return expiresAt ? { id, expiresAt } : null;
  };

  const checkCsrf = async (c: Context, id: string): Promise<void> => {
    if (SAFE_METHODS.has(c.req.method)) return;
    if (!safeEqual(c.req.header('x-csrf-token') ?? '', await csrfOf(id))) {
      throw new ApiError(403, 'csrf', 'This change did not come from the moderation page: its CSRF token is missing or wrong. Reload the page and try again.');
    }
  };

  const answer = async (c: Context, session: { id: string; expiresAt: string }, status: 200 | 201) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ csrf: await csrfOf(session.id), expiresAt: session.expiresAt } satisfies SessionAnswer, status);
  };

  const clear = (c: Context): void => {
    if (secure(c)) deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true, prefix: 'host' });
    else deleteCookie(c, SESSION_COOKIE, { path: '/' });
  };

  return {
    async signedIn(c) {
      const session = await current(c);
      if (!session) return null;
      await checkCsrf(c, session.id);
      return session.id;
    },

    routes(app) {
      app.post('/api/admin/session', async (c) => {
        const token = ((await options.readJson(c)) as { token?: unknown } | null)?.token;
        if (typeof token !== 'string' || token === '') throw invalid('token', 'Enter the admin token the server was started with (--admin-token).');
        if (!(await options.isAdminToken(c, token))) throw new ApiError(401, 'unauthorized', 'That is not the admin token.');
        const id = randomBytes(32).toString('base64url');
        const at = now();
        const expires = new Date(at.getTime() + SESSION_HOURS * 3_600_000);
        await store.openSession(hashSecret(id), at.toISOString(), expires.toISOString());
        const https = secure(c);
        setCookie(c, SESSION_COOKIE, id, {
          httpOnly: true,
          sameSite: 'Strict',
          path: '/',
          expires,
          ...(https ? { secure: true, prefix: 'host' as const } : {}),
        });
        return answer(c, { id, expiresAt: expires.toISOString() }, 201);
      });

      app.get('/api/admin/session', async (c) => {
        const session = await current(c);
        if (!session) throw new ApiError(401, 'unauthorized', 'You are not signed in, or your sign-in has expired.');
        return answer(c, session, 200);
      });

      app.delete('/api/admin/session', async (c) => {
        const session = await current(c);
        if (session) {
          await checkCsrf(c, session.id);
          await store.closeSession(hashSecret(session.id));
        }
        clear(c);
        return c.body(null, 204);
      });
    },
  };
}
