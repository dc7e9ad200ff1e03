/**
 * The HTTP API (Hono): routes, validation, CORS, body and rate limits, JSON errors. Storage
 * goes through a {@link CommentStore}; live updates through a {@link LiveHub}. The routes are
 * described in `openapi.ts`, served at `/openapi.json`.
 *
 * @module
 */
import { isDatabaseUnavailable, UNAVAILABLE_RETRY_SECONDS } from './store/unavailable.js';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { streamSSE } from 'hono/streaming';
import { getConnInfo } from '@hono/node-server/conninfo';
import { bodyHtml } from './body-html.js';
import { clientAddress, clientNetwork } from './client-address.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { ApiError, invalid } from './errors.js';
import type { LiveEvent, LiveHub, ModerationNotice } from './live.js';
import { openApiDocument } from './openapi.js';
import { nap, ThreadFeeds, type SseMessage } from './event-streams.js';
import { StoreRateLimits, type RateLimits, type RateRule } from './rate-limit.js';
import type {
  AuthorIdentity,
  AuthorRole,
  CastVote,
  CommentKind,
  CommentStore,
  IdempotencyClaim,
  ListSort,
  ModerationStatus,
  OutboxItem,
  StoredComment,
  StoredStatus,
  VoteValue,
} from './store/comment-store.js';
import { isVisible } from './store/visibility.js';
import { addressHash, editToken, fingerprint, hashSecret, newId, safeEqual } from './tokens.js';
import { feedRoutes, threadPage } from './feeds.js';
import { adminPageRoutes } from './admin-page.js';
import { adminSessions } from './admin-session.js';
import { blockedMessage, judge, NO_RULES, type SpamRules } from './spam-rules.js';
import { checkComment, DISCARDED_MESSAGE, type AkismetOptions } from './akismet.js';
import type { Webhooks, WebhookEvent } from './webhooks.js';
import { checkProof, newChallenge, proofKeys, usedProof, type ProofKeys } from './proof-of-work.js';
import type { Mailer } from './mail/mailer.js';
import { unsubscribeRoutes } from './mail/unsubscribe.js';
import { EMAIL_MAX } from './mail/address.js';
import * as validate from './validate.js';

export type ModerationMode = 'none' | 'first-time' | 'all';

export interface AppOptions {
  store: CommentStore;
  live: LiveHub;
  /** Origins allowed to call the API from a browser; empty: same origin only. */
  origins: readonly string[];
  /**
   * Enables the moderation routes; compared in constant time. A comment posted with it
   * (`Authorization: Bearer`) is the site's own: published at once, with {@link adminRole}.
   */
  adminToken: string | null;
  /** The verified role of comments posted with the admin token (default `author`). */
  adminRole?: AuthorRole;
  moderation: ModerationMode;
  /** Minutes during which an author may edit or delete with the edit token. */
  editWindowMinutes: number;
  /** Writes (posts, edits, deletes) per minute per client network. */
  writesPerMinute: number;
  /** Where rate limits are kept (default: the store, shared by every process on it). */
  rateLimits?: RateLimits;
  /** Live-update streams allowed in all (default 10,000). */
  maxStreams?: number;
  /** Live-update streams allowed per client network (default 32). */
  maxStreamsPerClient?: number;
  /**
   * Reverse proxies in front of the server: the client address is then read from
   * `X-Forwarded-For`, this many entries from the right. 0 (the default): the header is ignored.
   */
  trustProxyHops?: number;
  /** Seconds between SSE keep-alive comments. */
  keepAliveSeconds?: number;
  /** The clock, for tests of the edit window. */
  now?: () => Date;
  /** Whether votes may be -1 (down) as well as 1 (`--downvotes`); default false, upvotes only. */
  downvotes?: boolean;
  /**
   * Threads take no new comments this many days after their first one (`--close-after`), unless
   * a moderator opened them again; null or absent: threads close only by hand.
   */
  closeAfterDays?: number | null;
  /**
   * The site's address (`--site-url`), against which thread ids are paths: the feeds link each
   * comment there. Absent: the first of {@link origins}, else the server's own address.
   */
  siteUrl?: string | null;
  /** The site's rules against spam (`spam-rules.ts`): links per comment, block and review lists. Absent: none. */
  spamRules?: SpamRules;
  /** An Akismet-compatible service that checks guests' comments (`akismet.ts`); absent or null: none. */
  akismet?: AkismetOptions | null;
  /** Where changes to comments are POSTed (`webhooks.ts`; the server starts and stops its sender); absent or null: nowhere. */
  webhooks?: Webhooks | null;
  /**
   * The work of the proof-of-work a guest's post must bring (`--proof-of-work`,
   * `proof-of-work.ts`), with challenges from `GET /api/challenge`; absent or null: none asked.
   */
  proofOfWork?: number | null;
  /**
   * E-mail notifications (`mail/mailer.ts`; the server starts and stops its sender); absent or
   * null: no mail, and an address sent with a comment is not stored.
   */
  mailer?: Mailer | null;
}

/** Largest page of top-level comments a client may ask for. */
export const MAX_PAGE = 100;
const DEFAULT_PAGE = 50;
/** Threads per count request. */
const MAX_COUNT_THREADS = 100;
/** Request bodies above this are refused with 413. */
const MAX_BODY_BYTES = 64 * 1024;
/**
 * How long an Idempotency-Key is remembered. Clients retry within seconds or minutes; after a
 * day the key is forgotten and a post with it is a new post.
 */
export const IDEMPOTENCY_HOURS = 24;
/**
 * How long blocking an author blocks the network they posted from (their author key stays
 * blocked for good). Addresses change hands, and one may be shared by many people (a
 * household, an office, a mobile carrier), so a network block is not forever.
 */
export const NETWORK_BLOCK_DAYS = 30;

const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Wrong admin tokens allowed per client network: 10 at once, then 2 a minute. A right token
 * costs nothing; while the budget is spent, even a right one is answered 429 (unchecked).
 */
export const ADMIN_FAILURES: RateRule = { burst: 10, perMinute: 2 };

/**
 * Answers to a write that used no budget: the request was refused for what it was (not JSON,
 * invalid, too large, no such comment, a conflict), or the database could not be reached.
 * Only writes that did something, or tried a token (401, 403), count.
 */
const FREE_STATUSES: ReadonlySet<number> = new Set([400, 404, 409, 413, 415, 503]);

/** The Content-Security-Policy of every API answer: JSON and event streams, never a page. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The Content-Security-Policy of the pages `--static` serves (the demo's), unless
 * `--static-csp` replaces it: scripts and everything else from this origin only, no inline
 * script, no `eval`, Trusted Types enforced with the widget's three policies (`comment-thread`,
 * which DOMPurify parses through, Lit's `lit-html`, and `comment-thread-worker`, which the
 * proof-of-work's worker starts through), `data:` images for the demo's icon.
 * The widget's strict-CSP browser test runs the bundle under exactly this header.
 */
export const STATIC_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'self'; require-trusted-types-for 'script'; trusted-types comment-thread lit-html comment-thread-worker";

/** The bucket of writes: a burst of a third of a minute's writes. */
export function writeRule(writesPerMinute: number): RateRule {
  return { burst: Math.max(1, Math.ceil(writesPerMinute / 3)), perMinute: writesPerMinute };
}

/** Changes a reconnecting stream is sent from the log; beyond that it reads the thread again. */
const MAX_REPLAY = 500;

/** A comment as the API shows it. */
export interface PublicComment {
  id: string;
  threadId: string;
  parentId: string | null;
  /** `role` only for a verified author (never from a name alone), and never on a placeholder. */
  author: { name: string; website?: string; role?: AuthorRole };
  body: string;
  /** The body rendered to HTML with the widget's Markdown renderer; absent for a placeholder. */
  html?: string;
  createdAt: string;
  updatedAt?: string;
  status: 'published' | 'pending' | 'deleted';
  /** Absent for an ordinary comment; a mention of the page elsewhere otherwise. */
  kind?: Exclude<CommentKind, 'comment'>;
  /** Other ids the comment is known by in its thread (an import's source ids); absent when none. */
  aliases?: string[];
  score: number;
  /** The asking visitor's own vote (their author key's), in answers to them only; absent when none. */
  myVote?: 1 | -1;
  /** Present, and true, only for a pinned comment. */
  pinned?: true;
}

/** A comment as the API shows it; `myVote` is the vote of the visitor it is shown to, if any. */
export function toPublic(comment: StoredComment, myVote?: 1 | -1): PublicComment {
  const deleted = comment.status === 'deleted';
  return {
    id: comment.id,
    threadId: comment.threadId,
    parentId: comment.parentId,
    author: deleted
      ? { name: '' }
      : {
          name: comment.authorName,
          ...(comment.authorWebsite ? { website: comment.authorWebsite } : {}),
          ...(comment.role ? { role: comment.role } : {}),
        },
    body: deleted ? '' : comment.body,
    ...(deleted ? {} : { html: bodyHtml(comment.body) }),
    createdAt: comment.createdAt,
    ...(comment.updatedAt ? { updatedAt: comment.updatedAt } : {}),
    status: comment.status === 'published' || comment.status === 'deleted' ? comment.status : 'pending',
    ...(comment.kind !== 'comment' ? { kind: comment.kind } : {}),
    ...(comment.aliases.length > 0 ? { aliases: [...comment.aliases] } : {}),
    score: comment.score,
    ...(myVote ? { myVote } : {}),
    ...(comment.pinned ? { pinned: true as const } : {}),
  };
}

/**
 * A hidden comment listed because something visible is below it (`store/visibility.ts`): the
 * shape of a deleted one, whatever the reason it is hidden, which it does not tell.
 */
export function placeholder(comment: StoredComment): PublicComment {
  return toPublic({ ...comment, status: 'deleted' });
}

/**
 * The comment as this visitor sees it in a list: itself (with their vote on it, from `votes`)
 * when visible to them, else a placeholder.
 */
export function shownAs(comment: StoredComment, authorHash: string | null, votes?: ReadonlyMap<string, 1 | -1>): PublicComment {
  return isVisible(comment, authorHash) ? toPublic(comment, votes?.get(comment.id)) : placeholder(comment);
}

/** "1 minute", "15 minutes". */
function minutes(n: number): string {
  return n === 1 ? '1 minute' : `${n} minutes`;
}

/** The `:id` of a route; an id no comment can have is no comment (404, never a database error). */
function commentId(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (id === '' || id.length > validate.LIMITS.idMax || CONTROL.test(id)) throw new ApiError(404, 'not-found', 'There is no such comment.');
  return id;
}

/** A page's size from the `limit` parameter: `fallback` without one; 400 unless 1 to {@link MAX_PAGE}. */
function pageSize(param: string | undefined, fallback: number): number {
  const limit = param === undefined ? fallback : Number(param);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw invalid('limit', `limit must be a whole number from 1 to ${MAX_PAGE}.`);
  return limit;
}

/** What `GET /api/admin/comments?status=` takes. */
const MODERATION_STATUSES: readonly ModerationStatus[] = ['pending', 'spam', 'published', 'rejected', 'all'];

function bearer(c: Context): string | null {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match ? match[1]! : null;
}

async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new ApiError(415, 'invalid', 'Send the request body as application/json.');
  try {
    return await c.req.json();
  } catch {
    throw invalid('body', 'The request body is not valid JSON.');
  }
}

/** Builds the application; `server.ts` serves it, tests call it through real processes. */
export function createApp(options: AppOptions): Hono {
  const { store, live } = options;
  const now = options.now ?? (() => new Date());
  const trustProxyHops = options.trustProxyHops ?? 0;
  const spamRules = options.spamRules ?? NO_RULES;
  /** The site's address, where thread ids are paths (feeds, the spam service); null: the server's own, per request. */
  const siteUrl = options.siteUrl ?? options.origins[0] ?? null;
  /** Tells the site's other systems (`--webhook`) of a change to `comment`. */
  const hook = async (event: WebhookEvent, comment: StoredComment): Promise<void> => {
    await options.webhooks?.notify(event, comment);
    // And the moderation pages open anywhere (held comments too): they read their list again.
    // Not waited for: the answer to the write does not wait on news for moderators.
    void live.notifyModerators({ event, threadId: comment.threadId, id: comment.id }).catch((error: unknown) => {
      console.error('comment-thread-server: moderators could not be told of a change:', (error as Error).message);
    });
  };
  const rateLimits = options.rateLimits ?? new StoreRateLimits(store, () => now().getTime());
  const writes = writeRule(options.writesPerMinute);
  const editWindowMs = options.editWindowMinutes * 60_000;
  let secret: Promise<string> | undefined;
  const serverSecret = (): Promise<string> => (secret ??= store.secret());
  const proofOfWork = options.proofOfWork ?? null;
  let keys: Promise<ProofKeys> | undefined;
  const challengeKeys = (): Promise<ProofKeys> => (keys ??= serverSecret().then(proofKeys));

  const app = new Hono();

  // On every answer, the API's, its errors and the static files' alike (registered first, so
  // that it wraps them all): no content-type sniffing (a JSON answer is never run as a script)
  // and no full URL in the Referer header when a page served here links elsewhere.
  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'strict-origin-when-cross-origin');
    // An API answer is data: nothing in it may load, run or be framed. (Static pages set
    // their own policy, `STATIC_CSP`, in `server.ts`.)
    if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', API_CSP);
  });

  app.onError((error, c) => {
    if (error instanceof ApiError) {
      if (error.retryAfter !== undefined) c.header('Retry-After', String(error.retryAfter));
      if (error.allow !== undefined) c.header('Allow', error.allow);
      return c.json(error.toJSON(), error.status as 400);
    }
    if (isDatabaseUnavailable(error)) {
      console.error('comment-thread-server: the database is unavailable:', (error as Error).message);
      c.header('Retry-After', String(UNAVAILABLE_RETRY_SECONDS));
      const what = c.req.method === 'GET' || c.req.method === 'HEAD' ? 'reached' : 'saved';
      return c.json(new ApiError(503, 'unavailable', `The comments cannot be ${what} right now. Try again in a few seconds.`).toJSON(), 503);
    }
    console.error('comment-thread-server: unexpected error:', error);
    return c.json(new ApiError(500, 'internal', 'Something went wrong on the server. Try again later.').toJSON(), 500);
  });
  // The path is not echoed: a 404 page that repeats what was asked for is a reflection to abuse.
  app.notFound((c) => c.json(new ApiError(404, 'not-found', 'There is nothing at this address.').toJSON(), 404));


  if (options.origins.length > 0) {
    app.use(
      '/api/*',
      cors({
        origin: [...options.origins],
        allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
        allowHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key', 'X-Author-Key'],
        exposeHeaders: ['Retry-After'],
        maxAge: 600,
      }),
    );
  }

  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError(413, 'payload-too-large', `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KB.`);
      },
    }),
  );

  /** The visitor's address: the socket's, or what the trusted proxies say (`trustProxyHops`). */
  const addressOf = (c: Context): string | undefined =>
    clientAddress(getConnInfo(c).remote.address, trustProxyHops > 0 ? c.req.header('x-forwarded-for') : undefined, trustProxyHops);

  /** Each request's network hash, worked out once (a post asks for it twice: limit, identity). */
  const networks = new WeakMap<Context, Promise<string | null>>();
  /**
   * The client's network (an IPv4 address, an IPv6 /64: `client-address.ts`) as a keyed hash,
   * which is what limits, blocks and the database know of it.
   */
  const networkOf = (c: Context): Promise<string | null> => {
    let hash = networks.get(c);
    if (!hash) {
      const network = clientNetwork(addressOf(c));
      networks.set(c, (hash = network ? serverSecret().then((secret) => addressHash(secret, network)) : Promise.resolve(null)));
    }
    return hash;
  };

  /**
   * Writes count against the client's network, in buckets every server process shares; a
   * write refused for what it was (`FREE_STATUSES`) is given back.
   */
  const limitWrites = async (c: Context, next: () => Promise<void>): Promise<void> => {
    const key = `write:${(await networkOf(c)) ?? 'unknown'}`;
    const wait = await rateLimits.take(key, writes);
    if (wait > 0) throw new ApiError(429, 'rate-limited', `Too many changes from your address; try again in ${wait} seconds.`, { retryAfter: wait });
    await next();
    if (FREE_STATUSES.has(c.res.status)) await rateLimits.refund(key, writes).catch(() => undefined);
  };

  /**
   * Checks an admin token: true when it is the admin token. Each check takes from the
   * network's budget of failures ({@link ADMIN_FAILURES}), given back when it was right; with
   * the budget spent, nothing is checked and the answer is 429.
   */
  const isAdminToken = async (c: Context, token: string): Promise<boolean> => {
    const key = `admin:${(await networkOf(c)) ?? 'unknown'}`;
    const wait = await rateLimits.take(key, ADMIN_FAILURES);
    if (wait > 0) throw new ApiError(429, 'rate-limited', `Too many wrong admin tokens from your address; try again in ${wait} seconds.`, { retryAfter: wait });
    const right = options.adminToken !== null && safeEqual(token, options.adminToken);
    if (right) await rateLimits.refund(key, ADMIN_FAILURES);
    return right;
  };

  /** The moderation page's sign-ins (`admin-session.ts`). */
  const sessions = adminSessions({ store, now, serverSecret, isAdminToken, behindProxy: trustProxyHops > 0, readJson });

  const authorHashOf = (c: Context): string | null => {
    const key = validate.headerKey(c.req.header('x-author-key'), 'X-Author-Key', validate.LIMITS.authorKeyMax);
    return key ? hashSecret(key) : null;
  };

  /**
   * The votes of the visitor with this author-key hash on those of `comments` they see as
   * themselves (one query; none without a key, or for placeholders), by comment id.
   */
  const votesOf = async (authorHash: string | null, comments: readonly StoredComment[]): Promise<ReadonlyMap<string, 1 | -1>> => {
    const voted = authorHash ? comments.filter((comment) => comment.status === 'published') : [];
    return voted.length > 0 ? store.votesOf(authorHash!, voted.map((comment) => comment.id)) : new Map();
  };

  /** Who is posting, as far as the server can tell: the author key, and the network. */
  const identityOf = async (c: Context): Promise<AuthorIdentity> => ({ authorHash: authorHashOf(c), addressHash: await networkOf(c) });

  /**
   * Tells live clients of a change that is stored already. A failure to log it (the database
   * went away in between) does not turn the write into an error: it is done, and clients
   * that missed the news read the thread again when they reconnect.
   */
  const publish = async (event: Omit<LiveEvent, 'seq'>): Promise<void> => {
    try {
      await live.publish(event);
    } catch (error) {
      console.error('comment-thread-server: a change was stored but could not be announced live:', (error as Error).message);
    }
  };

  const publishAll = async (events: ReadonlyArray<Omit<LiveEvent, 'seq'>>): Promise<void> => {
    for (const event of events) await publish(event);
  };

  /**
   * After `comment` became visible or hidden, settles its hidden ancestors, whose placeholders
   * depend on what is visible below them (`store/visibility.ts`): a `deleted` placeholder that
   * nothing answers any more is removed for good, and live clients are told about each one
   * up to the first visible ancestor (the stream sends a placeholder, or `deleted` for one
   * with nothing visible below any more). Removals go out deepest first, so a client has
   * dropped the replies before it hears of their parent; new placeholders top first.
   */
  const settleAncestors = async (comment: StoredComment): Promise<void> => {
    const events: Array<Omit<LiveEvent, 'seq'>> = [];
    for (let id = comment.parentId; id !== null; ) {
      const ancestor = await store.get(id);
      // A visible comment shows as itself whatever is below it: nothing above it changes.
      if (!ancestor || isVisible(ancestor, null)) break;
      const removed = await store.removePlaceholder(ancestor.id);
      events.push({ type: removed ? 'deleted' : 'updated', threadId: ancestor.threadId, id: ancestor.id });
      id = ancestor.parentId;
    }
    await publishAll(isVisible(comment, null) ? events.reverse() : events);
  };

  /**
   * Tells live clients that a comment became visible (`created`) or hidden (`updated`: the
   * stream sends its placeholder, or `deleted` if nothing visible is below it), and settles
   * its ancestors; nothing when its visibility did not change.
   */
  const publishVisibility = async (before: StoredComment, after: StoredComment): Promise<void> => {
    const nowVisible = isVisible(after, null);
    if (isVisible(before, null) === nowVisible) return;
    await publish({ type: nowVisible ? 'created' : 'updated', threadId: after.threadId, id: after.id });
    await settleAncestors(after);
  };

  app.get('/api/health', (c) => c.json({ ok: true, store: store.dialect }));
  app.get('/openapi.json', (c) => c.json(openApiDocument()));

  /**
   * Whether thread `threadId` takes no new comments: as a moderator closed or opened it by
   * hand, else closed {@link AppOptions.closeAfterDays} days after its first comment.
   */
  const isClosed = async (threadId: string): Promise<boolean> => {
    const { closed, firstCommentAt } = await store.threadState(threadId);
    if (closed !== null) return closed;
    const days = options.closeAfterDays ?? null;
    return days !== null && firstCommentAt !== null && now().getTime() >= Date.parse(firstCommentAt) + days * 86_400_000;
  };

  app.get('/api/comments', async (c) => {
    const thread = validate.threadId(c.req.query('thread'));
    const sortParam = c.req.query('sort') ?? 'oldest';
    if (sortParam !== 'oldest' && sortParam !== 'newest' && sortParam !== 'top') throw invalid('sort', 'sort must be oldest, newest or top.');
    const sort: ListSort = sortParam;
    const limit = pageSize(c.req.query('limit'), DEFAULT_PAGE);
    const authorHash = authorHashOf(c);
    // Read before the page: a live stream that asks to go on from here (`lastEventId`) hears
    // every change the page may not show, and those it does show are idempotent.
    const seq = await store.lastChange();
    const page = await store.list({ threadId: thread, sort, limit, after: decodeCursor(sort, c.req.query('cursor')), authorHash });
    const votes = await votesOf(authorHash, page.comments);
    return c.json({
      comments: page.comments.map((comment) => shownAs(comment, authorHash, votes)),
      nextCursor: page.next ? encodeCursor(sort, page.next) : null,
      total: page.total,
      mentions: page.mentions,
      closed: await isClosed(thread),
      lastEventId: String(seq),
    });
  });

  /**
   * One comment, on the terms of the list: itself, a placeholder, or (not listed) 404; with
   * `thread`, `:id` may also be one of its aliases in that thread (an old link's id). Its
   * ancestors come along, top-level comment first, each on the same terms: since the comment
   * is listed, every hidden one above it has something visible below, and is a placeholder.
   */
  app.get('/api/comments/:id', async (c) => {
    const idOrAlias = commentId(c);
    const threadParam = c.req.query('thread');
    const comment = await store.resolve(idOrAlias, threadParam === undefined ? null : validate.threadId(threadParam));
    const authorHash = authorHashOf(c);
    let shown: PublicComment | null = null;
    if (comment && isVisible(comment, authorHash)) shown = toPublic(comment);
    else if (comment && (await store.hasVisibleBelow(comment.id, authorHash))) shown = placeholder(comment);
    if (!comment || !shown) throw new ApiError(404, 'not-found', 'There is no such comment.');
    const ancestors = comment.parentId === null ? [] : await store.ancestors(comment.id);
    const votes = await votesOf(authorHash, [comment, ...ancestors]);
    return c.json({ comment: shownAs(comment, authorHash, votes), ancestors: ancestors.map((ancestor) => shownAs(ancestor, authorHash, votes)) });
  });

  /**
   * Whether a post carries the admin token: the site's own comment, with a verified role. A
   * post without an `Authorization: Bearer` header is a guest's; one with another token is
   * refused, rather than posted as a guest's without a word.
   */
  const isAdminPost = async (c: Context): Promise<boolean> => {
    const token = bearer(c);
    if (token === null) return false;
    if (!options.adminToken) {
      throw new ApiError(403, 'forbidden', 'Posting as the site\'s author needs the server started with --admin-token; send a guest comment without an Authorization header.');
    }
    if (!(await isAdminToken(c, token))) {
      throw new ApiError(401, 'unauthorized', 'This is not the admin token; send a guest comment without an Authorization header.');
    }
    return true;
  };

  /**
   * A proof-of-work challenge for the next post (`--proof-of-work`): never cached, and taken
   * from a bucket of the client network's own, as writes are (each costs the server a key
   * derivation).
   */
  app.get('/api/challenge', async (c) => {
    if (proofOfWork === null) throw new ApiError(404, 'not-found', 'This server asks no proof-of-work of a post.');
    const wait = await rateLimits.take(`challenge:${(await networkOf(c)) ?? 'unknown'}`, writes);
    if (wait > 0) throw new ApiError(429, 'rate-limited', `Too many requests from your address; try again in ${wait} seconds.`, { retryAfter: wait });
    c.header('Cache-Control', 'no-store');
    return c.json(await newChallenge(await challengeKeys(), proofOfWork, now()));
  });

  /**
   * Checks and spends the proof-of-work of a guest's post (`proof-of-work.ts`). A challenge
   * lets one post through: the same post sent again with the same Idempotency-Key and author
   * key (a retry, which the idempotency layer answers with the first comment) passes again;
   * any other is refused.
   */
  const spendProof = async (proof: unknown, idempotencyKey: string | null, authorHash: string | null): Promise<void> => {
    const checked = await checkProof(await challengeKeys(), proof, now());
    const claim = idempotencyKey ? fingerprint(['proof', idempotencyKey, authorHash]) : null;
    if (!(await store.spendProof(checked.id, claim, checked.expiresAt.toISOString()))) throw usedProof();
  };

  /**
   * Stores a new comment from `json` (a guest's, or with `verified` the site's author's, which
   * skips the rules for guests) and answers it with its edit token: 201, or 200 for a retry
   * with the same Idempotency-Key.
   */
  const createComment = async (c: Context, json: unknown, verified: boolean): Promise<Response> => {
    const input = validate.createInput(json);
    const idempotencyKey = validate.headerKey(c.req.header('idempotency-key'), 'Idempotency-Key', validate.LIMITS.idempotencyKeyMax);
    const identity = await identityOf(c);
    const { authorHash } = identity;
    // First, so that a post without its work costs the server nothing more.
    if (!verified && proofOfWork !== null) await spendProof((json as { proof?: unknown }).proof, idempotencyKey, authorHash);
    // A name alone never grants a role, and a guest cannot borrow the name of someone who has one.
    if (!verified && input.authorName !== '' && (await store.isVerifiedName(input.authorName))) {
      throw invalid('author.name', "That name belongs to the site's author (or a moderator) here. Please choose another name.");
    }
    // The site's author may still write in a closed thread (a last word, an update).
    if (!verified && (await isClosed(input.threadId))) {
      throw new ApiError(403, 'closed', 'Comments are closed on this thread: it takes no new comments or replies.');
    }
    // The site's rules: refused with a polite message on the field that matched, or held.
    const verdict = verified ? null : judge(spamRules, input);
    if (verdict?.action === 'block') throw invalid(verdict.field, blockedMessage(verdict.field));
    const networkBlockedSince = new Date(now().getTime() - NETWORK_BLOCK_DAYS * 86_400_000).toISOString();
    if (!verified && (await store.isBlocked(identity, networkBlockedSince))) throw new ApiError(403, 'forbidden', 'You cannot comment on this site.');
    let rootId: string | null = null;
    let parent: StoredComment | null = null;
    if (input.parentId !== null) {
      parent = await store.get(input.parentId);
      if (!parent || parent.threadId !== input.threadId || !(parent.status === 'published' || parent.status === 'pending')) {
        throw new ApiError(404, 'not-found', 'The comment you are replying to does not exist (any more).');
      }
      if (parent.kind !== 'comment') {
        throw invalid('parentId', `That is a ${parent.kind}: a mention of this page elsewhere, which takes no replies. Reply to a comment, or write a comment of your own.`);
      }
      rootId = parent.rootId;
    }
    // The spam service, for a guest's comment that got this far (not for the honeypot's).
    let service: 'ham' | 'spam' | 'unknown' = 'ham';
    if (!verified && !input.honeypot && options.akismet) {
      const site = siteUrl ?? new URL(c.req.url).origin;
      const answer = await checkComment(options.akismet, {
        site,
        permalink: threadPage(site, input.threadId),
        reply: input.parentId !== null,
        authorName: input.authorName,
        authorWebsite: input.authorWebsite,
        body: input.body,
        ip: addressOf(c),
        userAgent: c.req.header('user-agent'),
        referrer: c.req.header('referer'),
        createdAt: now().toISOString(),
      });
      if (answer.verdict === 'discard') throw invalid('body', DISCARDED_MESSAGE);
      if (answer.verdict === 'unknown') console.error(`comment-thread-server: the spam service could not check a comment, which waits for a moderator: ${answer.why}`);
      service = answer.verdict === 'unknown' ? 'unknown' : answer.verdict;
    }
    let status: StoredStatus = 'published';
    if (verified) status = 'published';
    else if (input.honeypot || service === 'spam') status = 'spam';
    else if (verdict?.action === 'review' || service === 'unknown' || options.moderation === 'all') status = 'pending';
    else if (options.moderation === 'first-time' && !(authorHash && (await store.hasPublished(authorHash)))) status = 'pending';
    const id = newId();
    const token = editToken(await serverSecret(), id, idempotencyKey);
    // A key comes back with its comment (and edit token) only for the same post from the same
    // author key: anyone else re-sending a key they saw gets a conflict, never the token.
    const claim: IdempotencyClaim | null = idempotencyKey
      ? {
          key: idempotencyKey,
          // A post with the admin token is another post than a guest's with the same words.
          fingerprint: fingerprint([authorHash, input.threadId, input.parentId, input.authorName, input.authorWebsite, input.body, ...(verified ? ['verified'] : [])]),
          expiredBefore: new Date(now().getTime() - IDEMPOTENCY_HOURS * 3_600_000).toISOString(),
        }
      : null;
    const result = await store.insert(
      {
        id,
        threadId: input.threadId,
        parentId: input.parentId,
        rootId: rootId ?? id,
        authorName: input.authorName,
        authorWebsite: input.authorWebsite,
        body: input.body,
        status,
        kind: 'comment',
        role: verified ? (options.adminRole ?? 'author') : null,
        createdAt: now().toISOString(),
        editTokenHash: hashSecret(token),
        authorHash,
        addressHash: identity.addressHash,
        // Kept only where there is mail to send.
        ...(options.mailer ? { authorEmail: input.authorEmail, notifyReplies: input.notifyReplies } : {}),
      },
      claim,
    );
    if (result.outcome === 'conflict') {
      throw new ApiError(409, 'conflict', 'This Idempotency-Key was already used for a different comment; send a new key with a new comment.');
    }
    const { comment } = result;
    const created = result.outcome === 'created';
    // A retry (same key and post) gets the first comment and, derived the same way, the same token.
    const tokenForComment = created ? token : editToken(await serverSecret(), comment.id, idempotencyKey);
    if (created) await hook('comment.created', comment);
    if (created) await options.mailer?.created(comment, parent, siteUrl);
    if (created && comment.status === 'published') {
      await publish({ type: 'created', threadId: comment.threadId, id: comment.id });
      // A reply to someone's pending comment makes that one a placeholder for everyone else.
      await settleAncestors(comment);
    }
    return c.json(
      {
        comment: toPublic(comment),
        editToken: tokenForComment,
        editableUntil: new Date(Date.parse(comment.createdAt) + editWindowMs).toISOString(),
      },
      created ? 201 : 200,
    );
  };
  app.post('/api/comments', limitWrites, async (c) => createComment(c, await readJson(c), await isAdminPost(c)));

  /** The comment the edit token in the Authorization header may change, within the window. */
  const ownComment = async (c: Context): Promise<StoredComment> => {
    const token = bearer(c);
    if (!token) throw new ApiError(401, 'unauthorized', 'Send the edit token of the comment as "Authorization: Bearer TOKEN".');
    const comment = await store.get(commentId(c));
    if (!comment || comment.status === 'deleted' || comment.status === 'rejected' || comment.status === 'spam') {
      throw new ApiError(404, 'not-found', 'There is no such comment.');
    }
    if (!comment.editTokenHash || !safeEqual(hashSecret(token), comment.editTokenHash)) {
      throw new ApiError(403, 'forbidden', 'This edit token does not belong to this comment.');
    }
    if (now().getTime() > Date.parse(comment.createdAt) + editWindowMs) {
      throw new ApiError(403, 'forbidden', `Comments can only be changed for ${minutes(options.editWindowMinutes)} after posting; that time has passed.`);
    }
    return comment;
  };

  app.patch('/api/comments/:id', limitWrites, async (c) => {
    const comment = await ownComment(c);
    const json = (await readJson(c)) as Record<string, unknown> | null;
    // Under `all` moderation the new words wait for review as a new post would: approving a
    // comment approves what it said, not whatever it may say later. (Under `first-time` its
    // author has a published comment, this one, and a new post of theirs would be published.)
    const body = validate.body(json?.body);
    // The site's rules, on the new words: refused, or held as a new post with them would be.
    const verdict = comment.role === null ? judge(spamRules, { body, authorName: comment.authorName, authorWebsite: comment.authorWebsite }) : null;
    if (verdict?.action === 'block') throw invalid('body', blockedMessage('body'));
    const review = comment.status === 'published' && comment.role === null && (options.moderation === 'all' || verdict?.action === 'review');
    const updated = await store.update(comment.id, { body, updatedAt: now().toISOString(), ...(review ? { status: 'pending' as const } : {}) });
    if (!updated) throw new ApiError(404, 'not-found', 'There is no such comment.');
    await hook('comment.updated', updated);
    if (review) await publishVisibility(comment, updated);
    else if (updated.status === 'published') await publish({ type: 'updated', threadId: updated.threadId, id: updated.id });
    // With the author's own vote on it, as their list shows it.
    return c.json({ comment: toPublic(updated, (await votesOf(authorHashOf(c), [updated])).get(updated.id)) });
  });

  /**
   * Deletes a comment. One with replies stays as a `deleted` placeholder (its text and author
   * erased, its votes gone) so the thread keeps its shape; one without is removed with its
   * votes, and so is every placeholder above it that nothing answers any more (`settleAncestors`).
   * Resolves with whether it stayed as a placeholder.
   */
  const remove = async (comment: StoredComment): Promise<boolean> => {
    const placeholder = await store.hasReplies(comment.id);
    if (placeholder) {
      // A placeholder keeps no score, no pin and no votes (a vote after this is refused).
      await store.update(comment.id, {
        status: 'deleted',
        body: '',
        authorName: '',
        authorWebsite: null,
        authorEmail: null,
        notifyReplies: false,
        updatedAt: now().toISOString(),
        score: 0,
        pinned: false,
      });
      await store.deleteVotes(comment.id);
      // The stream sends the placeholder, or `deleted` if nothing visible is below it.
      await publish({ type: 'updated', threadId: comment.threadId, id: comment.id });
    } else {
      await store.delete(comment.id);
      await publish({ type: 'deleted', threadId: comment.threadId, id: comment.id });
    }
    await settleAncestors({ ...comment, status: 'deleted' });
    await hook('comment.deleted', { ...comment, status: 'deleted', body: '', authorName: '', authorWebsite: null });
    return placeholder;
  };

  app.delete('/api/comments/:id', limitWrites, async (c) => {
    await remove(await ownComment(c));
    return c.body(null, 204);
  });

  /**
   * A visitor's vote on a comment of `thread`: 1 up, -1 down (with `downvotes`), 0 to withdraw.
   * One vote per author key and comment: the same vote again changes nothing, another one
   * replaces it, and the score moves by the difference. Answers the comment with the new score
   * and the voter's `myVote`; live clients hear the new score (`updated`), without anyone's vote.
   */
  /**
   * An author's data, to download: each comment with its text and real status (placeholders,
   * which have none left, aside), and their votes.
   */
  const authorData = (comments: readonly StoredComment[], votes: readonly CastVote[]) => ({
    format: 'comment-thread-visitor',
    version: 1,
    exportedAt: now().toISOString(),
    comments: comments
      .filter((comment) => comment.status !== 'deleted')
      .map((comment) => ({
        id: comment.id,
        threadId: comment.threadId,
        parentId: comment.parentId,
        // The address is the author's own: in their download (and a moderator's, for them), never anyone else's.
        author: { name: comment.authorName, website: comment.authorWebsite, ...(comment.authorEmail ? { email: comment.authorEmail } : {}) },
        ...(comment.notifyReplies ? { notifyReplies: true } : {}),
        body: comment.body,
        createdAt: comment.createdAt,
        updatedAt: comment.updatedAt,
        status: comment.status,
      })),
    votes,
  });

  /** Deletes each of `comments` as its author would (a placeholder where it has replies); says how many of each. */
  const removeAll = async (comments: readonly StoredComment[]): Promise<{ removed: number; placeholders: number }> => {
    let removed = 0;
    let placeholders = 0;
    for (const comment of comments) {
      if (comment.status === 'deleted') continue;
      if (await remove(comment)) placeholders++;
      else removed++;
    }
    return { removed, placeholders };
  };

  /** The author-key hash of a request about the visitor's own data: 400 without a key. */
  const ownerOf = (c: Context): string => {
    const hash = authorHashOf(c);
    if (!hash) throw invalid('X-Author-Key', 'Send the author key of this browser as X-Author-Key: it is what your comments and votes are known by.');
    return hash;
  };

  /**
   * Everything the visitor with this author key wrote and voted, for them to keep: each comment
   * with its text (whatever its status; placeholders have none left), and each vote.
   */
  app.get('/api/me', async (c) => {
    const hash = ownerOf(c);
    return c.json(authorData(await store.commentsByAuthor(hash), await store.votesBy(hash)));
  });

  /**
   * Deletes everything the visitor with this author key wrote, whenever they wrote it, and
   * withdraws their votes: a comment that has replies stays as a placeholder (its text and name
   * erased), as a deletion by its author leaves it. Live clients hear each change.
   */
  app.delete('/api/me', limitWrites, async (c) => {
    const hash = ownerOf(c);
    const { removed, placeholders } = await removeAll(await store.commentsByAuthor(hash));
    const voted = await store.withdrawVotes(hash);
    for (const id of voted) {
      const comment = await store.get(id);
      if (comment?.status === 'published') await publish({ type: 'updated', threadId: comment.threadId, id });
    }
    return c.json({ removed, placeholders, votesWithdrawn: voted.length });
  });

  app.post('/api/comments/:id/vote', limitWrites, async (c) => {
    const id = commentId(c);
    const json = (await readJson(c)) as Record<string, unknown> | null;
    const thread = validate.threadId(json?.thread, 'thread');
    const value = json?.value;
    if (value !== 1 && value !== 0 && value !== -1) throw invalid('value', 'value must be 1 (an upvote), -1 (a downvote) or 0 (no vote).');
    if (value === -1 && !options.downvotes) throw invalid('value', 'Downvotes are not enabled on this site.');
    const identity = await identityOf(c);
    const voter = identity.authorHash;
    if (!voter) throw invalid('X-Author-Key', "Voting needs an X-Author-Key header: the browser's author key, which tells one visitor's vote from another's.");
    const comment = await store.get(id);
    if (!comment || comment.threadId !== thread) throw new ApiError(404, 'not-found', 'There is no such comment.');
    const refused = (): ApiError => new ApiError(409, 'conflict', 'This comment cannot be voted on.');
    if (comment.status !== 'published' || comment.kind !== 'comment') throw refused();
    const networkBlockedSince = new Date(now().getTime() - NETWORK_BLOCK_DAYS * 86_400_000).toISOString();
    if (await store.isBlocked(identity, networkBlockedSince)) throw new ApiError(403, 'forbidden', 'You cannot vote on this site.');
    // (Checked again in the store's transaction: it may have been deleted meanwhile.)
    const result = await store.vote(id, voter, value as VoteValue, now().toISOString());
    if (!result) throw refused();
    if (result.changed) await publish({ type: 'updated', threadId: comment.threadId, id: comment.id });
    return c.json({ comment: toPublic(result.comment, result.myVote === 0 ? undefined : result.myVote) });
  });

  const countsOf = async (threads: unknown): Promise<Record<string, number>> => {
    if (!Array.isArray(threads) || threads.length === 0) throw invalid('thread', 'Name at least one thread.');
    if (threads.length > MAX_COUNT_THREADS) throw invalid('thread', `Ask for at most ${MAX_COUNT_THREADS} threads at once.`);
    return store.counts([...new Set(threads.map((t) => validate.threadId(t)))]);
  };
  // Feeds of the newest published comments, per thread and site-wide (`feeds.ts`).
  app.route('/api', feedRoutes({ store, siteUrl, behindProxy: trustProxyHops > 0 }));
  // One-click unsubscribe from mail (`mail/unsubscribe.ts`): also after mail was turned off, a link sent before still works.
  app.route('/api', unsubscribeRoutes({ store, secret: serverSecret, now }));

  /** What this server offers a widget beyond the API's core: `mail`, whether a comment may ask to be e-mailed of replies. */
  app.get('/api/config', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json({ mail: !!options.mailer });
  });

  app.get('/api/counts', async (c) => c.json({ counts: await countsOf(c.req.queries('thread') ?? []) }));
  app.post('/api/counts', async (c) => c.json({ counts: await countsOf(((await readJson(c)) as { threads?: unknown } | null)?.threads) }));

  /** What a live event says to a visitor (the stream cannot tell who it is): null for nothing. */
  const streamed = async (event: LiveEvent): Promise<SseMessage | null> => {
    const id = String(event.seq);
    const gone = { event: 'deleted', data: JSON.stringify({ id: event.id }), id };
    if (event.type === 'deleted') return gone;
    const comment = await store.get(event.id);
    if (comment && (isVisible(comment, null) || (await store.hasVisibleBelow(comment.id, null)))) {
      return { event: event.type, data: JSON.stringify({ comment: shownAs(comment, null) }), id };
    }
    // No longer listed (hidden, nothing visible below): an update takes it away.
    return event.type === 'updated' ? gone : null;
  };
  const feeds = new ThreadFeeds(live, streamed, { total: options.maxStreams ?? 10_000, perClient: options.maxStreamsPerClient ?? 32 });

  /** The `seq` a reconnecting client last saw: `Last-Event-ID` (EventSource's), or `?lastEventId=`. */
  const lastEventId = (c: Context): number | null => {
    const raw = c.req.header('last-event-id') ?? c.req.query('lastEventId');
    if (raw === undefined || raw === '') return null;
    if (!/^\d{1,15}$/.test(raw)) throw invalid('Last-Event-ID', 'Last-Event-ID must be the id of an event this server sent.');
    return Number(raw);
  };

  /**
   * The thread's changes as Server-Sent Events (`event-streams.ts`): `ready` once subscribed,
   * then `created`, `updated` and `deleted`, each with its change's `seq` as id. A client
   * that comes back with `Last-Event-ID` first gets what it missed from the change log
   * (`ready` then says `replayed: true`), or `resync` when the log does not reach back that
   * far (an hour, `sweep.ts`): it must read the thread again.
   */
  app.get('/api/events', async (c) => {
    const thread = validate.threadId(c.req.query('thread'));
    const since = lastEventId(c);
    const client = (await networkOf(c)) ?? 'unknown';
    const refused = feeds.admit(client);
    if (refused === 'client') {
      throw new ApiError(429, 'rate-limited', 'Too many live connections from your address; close some pages, or try again in a minute.', { retryAfter: 60 });
    }
    if (refused === 'total') {
      throw new ApiError(503, 'unavailable', 'The server has as many live connections as it can take; try again in a minute.', { retryAfter: 60 });
    }
    return streamSSE(c, async (stream) => {
      /** Messages to send; `null`: a change could not be read, end the stream (see `event-streams.ts`). */
      const queue: Array<{ message: SseMessage | null; seq: number }> = [];
      let wake: (() => void) | null = null;
      /** Live messages that came while the missed ones were read, sent after them. */
      let held: typeof queue | null = since === null ? null : [];
      const stop = feeds.watch(thread, (message, seq) => {
        (held ?? queue).push({ message, seq });
        wake?.();
      });
      // A client that goes away ends the loop at once, and frees its place (`feeds.release`).
      stream.onAbort(() => wake?.());
      try {
        if (since === null) {
          // The id tells EventSource where to come back from, should the connection break.
          await stream.writeSSE({ event: 'ready', data: JSON.stringify({ thread }), retry: 3000, id: String(await store.lastChange()) });
        } else {
          const missed = await store.changesSince(since, thread, MAX_REPLAY);
          // `replayed`: what the client missed follows, and it need not read the thread again.
          await stream.writeSSE({ event: 'ready', data: JSON.stringify({ thread, replayed: missed.complete }), retry: 3000 });
          if (missed.complete) {
            for (const change of missed.changes) {
              const message = await streamed(change);
              if (message) queue.push({ message, seq: change.seq });
            }
          } else {
            // Part of what was missed is no help: the client reads the thread again.
            queue.push({ message: { event: 'resync', data: JSON.stringify({ thread }) }, seq: 0 });
          }
          queue.push(...held!);
          held = null;
        }
        const keepAlive = (options.keepAliveSeconds ?? 25) * 1000;
        let sent = since ?? 0;
        let ended = false;
        while (!stream.aborted && !ended) {
          if (queue.length === 0) {
            const pause = nap(keepAlive);
            wake = pause.wake;
            await pause.done;
            wake = null;
          }
          if (stream.aborted) break;
          if (queue.length === 0) await stream.write(': keep-alive\n\n');
          for (const { message, seq } of queue.splice(0)) {
            if (!message) {
              ended = true;
              break;
            }
            // A change both read from the log and heard live goes out once.
            if (seq !== 0 && seq <= sent) continue;
            if (seq !== 0) sent = seq;
            await stream.writeSSE(message);
          }
        }
      } finally {
        stop();
        feeds.release(client);
      }
    });
  });

  // Moderation: every route needs the admin token, or the moderation page's sign-in (with its
  // CSRF token for a change), which itself begins with the admin token.
  app.use('/api/admin/*', async (c, next) => {
    if (!options.adminToken) throw new ApiError(403, 'forbidden', 'Moderation is off: start the server with --admin-token.');
    if (c.req.path === '/api/admin/session') return next();
    const token = bearer(c);
    if (token !== null) {
      if (!(await isAdminToken(c, token))) throw new ApiError(401, 'unauthorized', 'This is not the admin token.');
    } else if ((await sessions.signedIn(c)) === null) {
      throw new ApiError(401, 'unauthorized', 'Sign in on the moderation page, or send the admin token as "Authorization: Bearer TOKEN".');
    }
    await next();
  });
  sessions.routes(app);
  adminPageRoutes(app);

  /**
   * A comment as a moderator sees it: its real status, the address its author gave for mail
   * (`author.email`, never shown to visitors), and its thread's page on the site when the
   * server knows the site.
   */
  const forModerator = (comment: StoredComment) => {
    const shown = toPublic(comment);
    return {
      ...shown,
      ...(comment.authorEmail ? { author: { ...shown.author, email: comment.authorEmail } } : {}),
      status: comment.status,
      ...(siteUrl ? { page: threadPage(siteUrl, comment.threadId) } : {}),
    };
  };

  /**
   * The comments to moderate: `status` (pending, the default, spam, published, rejected, or
   * all), narrowed by `thread`, words in the text (`q`) and the author's name (`author`),
   * oldest first (`order=newest` for the newest), a page of `limit` (at most 100) with the
   * `cursor` of the next one.
   */
  app.get('/api/admin/comments', async (c) => {
    const status = c.req.query('status') ?? 'pending';
    if (!MODERATION_STATUSES.includes(status as ModerationStatus)) {
      throw invalid('status', `status must be one of ${MODERATION_STATUSES.join(', ')}, not "${status.slice(0, 40)}".`);
    }
    const order = c.req.query('order') ?? 'oldest';
    if (order !== 'oldest' && order !== 'newest') throw invalid('order', 'order must be oldest or newest.');
    const limit = pageSize(c.req.query('limit'), MAX_PAGE);
    const words = (name: string): string | null => {
      const value = c.req.query(name)?.trim() ?? '';
      if (value.length > 200 || CONTROL.test(value)) throw invalid(name, `${name} must be at most 200 characters, without control characters.`);
      return value === '' ? null : value;
    };
    const thread = c.req.query('thread');
    const comments = await store.moderationQueue({
      status: status as ModerationStatus,
      threadId: thread === undefined || thread === '' ? null : validate.threadId(thread, 'thread'),
      text: words('q'),
      author: words('author'),
      newestFirst: order === 'newest',
      after: decodeCursor(order, c.req.query('cursor')),
      limit: limit + 1,
    });
    const page = comments.slice(0, limit);
    const last = page.at(-1);
    return c.json({
      comments: page.map(forModerator),
      nextCursor: comments.length > limit && last ? encodeCursor(order, { createdAt: last.createdAt, id: last.id }) : null,
    });
  });

  /**
   * The moderation page's live news (Server-Sent Events): a `comment` message each time a
   * comment is posted (held ones too), edited, moderated or deleted, in any process; the page
   * reads its list again. `ready` once listening.
   */
  app.get('/api/admin/events', (c) =>
    streamSSE(c, async (stream) => {
      const notices: ModerationNotice[] = [];
      let wake: (() => void) | null = null;
      const stop = live.subscribeModeration((notice) => {
        notices.push(notice);
        wake?.();
      });
      stream.onAbort(() => wake?.());
      try {
        await stream.writeSSE({ event: 'ready', data: '{}', retry: 3000 });
        while (!stream.aborted) {
          if (notices.length === 0) {
            const pause = nap((options.keepAliveSeconds ?? 25) * 1000);
            wake = pause.wake;
            await pause.done;
            wake = null;
          }
          if (stream.aborted) break;
          if (notices.length === 0) await stream.write(': keep-alive\n\n');
          for (const notice of notices.splice(0)) await stream.writeSSE({ event: 'comment', data: JSON.stringify(notice) });
        }
      } finally {
        stop();
      }
    }),
  );

  const moderated = async (c: Context): Promise<StoredComment> => {
    const comment = await store.get(commentId(c));
    if (!comment) throw new ApiError(404, 'not-found', 'There is no such comment.');
    return comment;
  };

  /**
   * Approves, rejects or marks as spam. A rejected or spam comment with visible replies stays
   * listed as a placeholder (`store/visibility.ts`), so its replies stay in the thread.
   */
  const setStatus = (status: StoredStatus) => async (c: Context) => {
    const comment = await moderated(c);
    if (comment.status === 'deleted') throw new ApiError(409, 'conflict', 'This comment was deleted; only its placeholder is left, and there is nothing to moderate.');
    // A comment taken out of the thread is no longer pinned; published again, it may be pinned again.
    const updated = (await store.update(comment.id, { status, ...(status !== 'published' ? { pinned: false } : {}) }))!;
    await publishVisibility(comment, updated);
    await hook('comment.status', updated);
    // A reply published now is news to the author it answers.
    if (options.mailer && updated.parentId !== null && updated.status === 'published' && comment.status !== 'published') {
      await options.mailer.published(updated, await store.get(updated.parentId), siteUrl);
    }
    return c.json({ comment: { ...toPublic(updated), status: updated.status } });
  };
  app.post('/api/admin/comments/:id/approve', setStatus('published'));
  app.post('/api/admin/comments/:id/reject', setStatus('rejected'));
  app.post('/api/admin/comments/:id/spam', setStatus('spam'));

  /**
   * Pins a published top-level comment (of kind `comment`): it comes before the others in
   * every order, for everyone. Unpinning takes any comment. Live clients hear the change.
   */
  const pin = (pinned: boolean) => async (c: Context) => {
    const comment = await moderated(c);
    if (pinned) {
      const why =
        comment.parentId !== null
          ? 'it is a reply; only a top-level comment can be pinned'
          : comment.kind !== 'comment'
            ? `it is a ${comment.kind}, not a comment`
            : comment.status !== 'published'
              ? `it is ${comment.status === 'deleted' ? 'deleted' : `${comment.status}, not published`}`
              : null;
      if (why) throw new ApiError(409, 'conflict', `This comment cannot be pinned: ${why}.`);
    }
    const updated = comment.pinned === pinned ? comment : (await store.update(comment.id, { pinned }))!;
    if (updated !== comment) await publish({ type: 'updated', threadId: updated.threadId, id: updated.id });
    return c.json({ comment: { ...toPublic(updated), status: updated.status } });
  };
  app.post('/api/admin/comments/:id/pin', pin(true));
  app.post('/api/admin/comments/:id/unpin', pin(false));
  app.delete('/api/admin/comments/:id', async (c) => {
    await remove(await moderated(c));
    return c.body(null, 204);
  });
  /**
   * A moderator's edit of a comment's text (a typo, a link taken out): no edit window, no
   * review, and the rules for guests do not apply. Its author's edit token stays valid.
   */
  app.patch('/api/admin/comments/:id', async (c) => {
    const comment = await moderated(c);
    if (comment.status === 'deleted') throw new ApiError(409, 'conflict', 'This comment was deleted; only its placeholder is left, and it has no text to edit.');
    const body = validate.body(((await readJson(c)) as { body?: unknown } | null)?.body);
    const updated = (await store.update(comment.id, { body, updatedAt: now().toISOString() }))!;
    await hook('comment.updated', updated);
    if (updated.status === 'published') await publish({ type: 'updated', threadId: updated.threadId, id: updated.id });
    return c.json({ comment: forModerator(updated) });
  });
  /**
   * A reply as the site's author (`{ body, author: { name } }`): published at once with the
   * verified role, as a post with the admin token is. Replying to a held comment does not
   * approve it (its reply shows below its placeholder until it is).
   */
  app.post('/api/admin/comments/:id/reply', async (c) => {
    const parent = await moderated(c);
    const json = (await readJson(c)) as { body?: unknown; author?: unknown } | null;
    return createComment(c, { threadId: parent.threadId, parentId: parent.id, author: json?.author, body: json?.body }, true);
  });
  /**
   * Blocks the author of a comment: their author key for good, and the network they posted
   * from (an IPv4 address or an IPv6 /64) for {@link NETWORK_BLOCK_DAYS} days, since the
   * author key is whatever the client sends and leaving it out (or sending a new one) would
   * otherwise get round the block. The server sees the address that connects to it: behind a
   * reverse proxy that is the proxy's, for every visitor, and a block would stop everyone,
   * unless `trustProxyHops` (`--trust-proxy`) lets it read the visitor's from X-Forwarded-For.
   */
  app.post('/api/admin/comments/:id/block-author', async (c) => {
    const comment = await moderated(c);
    if (!comment.authorHash && !comment.addressHash) {
      throw new ApiError(409, 'conflict', 'This comment has neither an author key nor a client address (it was imported); its author cannot be told apart.');
    }
    await store.block({ authorHash: comment.authorHash, addressHash: comment.addressHash }, now().toISOString());
    return c.json({ blocked: true, authorKey: comment.authorHash !== null, network: comment.addressHash !== null });
  });

  /**
   * Closes a thread to new comments, or opens it, by hand: over `--close-after`, until a
   * moderator changes it again. The thread need not have comments yet.
   */
  const closeThread = (closed: boolean) => async (c: Context) => {
    const threadId = validate.threadId(((await readJson(c)) as { threadId?: unknown } | null)?.threadId);
    await store.setThreadClosed(threadId, closed, now().toISOString());
    return c.json({ threadId, closed });
  };
  /** A delivery log: the newest 100 of a kind, newest first, each with its target, attempts and last result; never its payload. */
  const deliveryLog = async (kind: OutboxItem['kind']) =>
    (await store.outbox(kind, 100)).map(({ payload: _payload, kind: _kind, ...delivery }) => delivery);
  /** The webhooks' delivery log. */
  app.get('/api/admin/webhooks', async (c) => c.json({ deliveries: await deliveryLog('webhook') }));
  app.post('/api/admin/threads/close', closeThread(true));
  /** The e-mail delivery log (the target is the recipient). */
  app.get('/api/admin/mail', async (c) => c.json({ mails: await deliveryLog('mail') }));
  /**
   * An author's data, for a moderator asked by its author (who may have lost the browser that
   * posted it): every comment under a name, as names are compared, or with an e-mail address,
   * case aside (exactly one of `name` and `email`); and all of it deleted.
   */
  const authorComments = (c: Context): Promise<StoredComment[]> => {
    const name = c.req.query('name');
    const email = c.req.query('email');
    if ((name === undefined) === (email === undefined)) throw invalid('name', 'Give exactly one of name (an author\'s name) and email (an address they gave).');
    if (email !== undefined) {
      if (email.trim() === '' || email.length > EMAIL_MAX || CONTROL.test(email)) throw invalid('email', `email must be an e-mail address, 1 to ${EMAIL_MAX} characters.`);
      return store.commentsByEmail(email.trim());
    }
    if (name!.trim() === '' || name!.length > validate.LIMITS.nameMax) throw invalid('name', `name must be an author's name, 1 to ${validate.LIMITS.nameMax} characters.`);
    return store.commentsByName(name!);
  };
  app.get('/api/admin/authors/comments', async (c) => c.json(authorData(await authorComments(c), [])));
  app.delete('/api/admin/authors/comments', async (c) => c.json(await removeAll(await authorComments(c))));
  app.post('/api/admin/threads/open', closeThread(false));

  // A known path asked with a method it does not have: 405 with the methods it has.
  const methodsOf: Record<string, readonly string[]> = {
    '/api/health': ['GET'],
    '/openapi.json': ['GET'],
    '/api/comments': ['GET', 'POST'],
    '/api/challenge': ['GET'],
    '/api/comments/:id': ['GET', 'PATCH', 'DELETE'],
    '/api/comments/:id/vote': ['POST'],
    '/api/me': ['GET', 'DELETE'],
    '/api/counts': ['GET', 'POST'],
    '/api/comments.atom': ['GET'],
    '/api/comments.rss': ['GET'],
    '/api/events': ['GET'],
    '/api/admin/comments': ['GET'],
    '/api/admin/comments/:id': ['PATCH', 'DELETE'],
    '/api/admin/comments/:id/reply': ['POST'],
    '/api/admin/session': ['GET', 'POST', 'DELETE'],
    '/api/admin/events': ['GET'],
    '/admin': ['GET'],
    '/api/admin/comments/:id/approve': ['POST'],
    '/api/admin/comments/:id/reject': ['POST'],
    '/api/admin/comments/:id/spam': ['POST'],
    '/api/admin/comments/:id/pin': ['POST'],
    '/api/admin/comments/:id/unpin': ['POST'],
    '/api/admin/comments/:id/block-author': ['POST'],
    '/api/admin/threads/close': ['POST'],
    '/api/admin/webhooks': ['GET'],
    '/api/admin/mail': ['GET'],
    '/api/config': ['GET'],
    '/api/unsubscribe': ['GET', 'POST'],
    '/api/admin/authors/comments': ['GET', 'DELETE'],
    '/api/admin/threads/open': ['POST'],
  };
  for (const [path, methods] of Object.entries(methodsOf)) {
    const allow = [...methods.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])), 'OPTIONS'].join(', ');
    app.all(path, (c) => {
      if (c.req.method === 'OPTIONS') return c.body(null, 204, { Allow: allow });
      throw new ApiError(405, 'method-not-allowed', `${c.req.path} does not answer ${c.req.method}; it answers ${allow}.`, { allow });
    });
  }

  return app;
}
