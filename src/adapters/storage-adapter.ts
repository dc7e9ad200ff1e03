/**
 * The storage adapter contract: every read and write of `<comment-thread>` goes through an
 * object implementing {@link StorageAdapter}. Data crossing this boundary is plain JSON
 * (ISO 8601 dates, string ids) so that an adapter can keep comments anywhere.
 *
 * @module
 */

/**
 * A verified role, shown as a badge: the site's `author` or a `moderator`. Only a store that
 * can verify it sets it (the reference server does; a name alone never grants it).
 */
export type AuthorRole = 'author' | 'moderator';

/** Who wrote a comment. */
export interface CommentAuthor {
  /**
   * Display name; may be empty, the UI then shows a localized "Anonymous". For a mention
   * (see {@link CommentKind}), the title of the page that links here.
   */
  name: string;
  /** The author's website: an absolute http(s) URL, or absent. For a mention, the linking page. */
  website?: string;
  /** The author's verified role, if any. */
  role?: AuthorRole;
}

/**
 * What an entry is: a `comment`, or a mention of the page elsewhere: a `pingback`, a
 * `trackback` or a `webmention`. Mentions are shown apart, after the comments, as the linking
 * page's title (`author.name`), its address (`author.website`) and an excerpt (`body`); they
 * take no replies.
 */
export type CommentKind = 'comment' | 'pingback' | 'trackback' | 'webmention';

/**
 * Where a comment stands. `published` is visible to everyone; `pending` waits for moderation
 * and is only returned to its author; `deleted` is a placeholder kept so that replies keep
 * their place in the thread (its body is empty).
 */
export type CommentStatus = 'published' | 'pending' | 'deleted';

/** One stored comment, as adapters return it. */
export interface Comment {
  /** Unique within its thread; any string. */
  id: string;
  /** The thread (usually a page path) this comment belongs to. */
  threadId: string;
  /** The comment this one answers, or `null` for a top-level comment. */
  parentId: string | null;
  author: CommentAuthor;
  /** The body as Markdown source. */
  body: string;
  /**
   * The body rendered to HTML by whoever stored it, with this package's Markdown renderer (the
   * comment server and the sample adapter do). Optional: without it the widget renders `body`
   * itself, loading its renderer first. Untrusted either way: the widget sanitizes it exactly
   * as its own rendering. An adapter that changes `body` must drop or renew it.
   */
  html?: string;
  /** ISO 8601 date-time of creation. */
  createdAt: string;
  /** ISO 8601 date-time of the last edit, if any. */
  updatedAt?: string;
  /** Defaults to `published` when absent. */
  status?: CommentStatus;
  /**
   * Net votes (up minus down), a whole number, where the adapter supports voting; absent
   * counts as 0. A vote moves it by the difference from the voter's previous vote, so a score
   * from elsewhere (an import) stays in it.
   */
  score?: number;
  /**
   * The caller's own vote on this comment, where the adapter knows it: `1` up, `-1` down;
   * absent when they have not voted. Per visitor: answers to `list`, `get` and `vote` carry it;
   * a live change (`subscribe`) never does, being the same for everyone who hears it, so a
   * subscriber keeps the vote it knew.
   */
  myVote?: 1 | -1;
  /**
   * Set by a moderator on a published top-level comment: it comes before the others in every
   * order, with a marker. Absent (or `false`) when not pinned.
   */
  pinned?: boolean;
  /** Defaults to `comment` when absent. */
  kind?: CommentKind;
  /**
   * Other ids this comment is known by, such as the ids of the blog it was imported from, so
   * that an old link to `#comment-5` still finds it. Unique within the thread.
   */
  aliases?: string[];
}

/** A comment with the comments it answers, as {@link StorageAdapter.get} returns it. */
export interface CommentPath {
  comment: Comment;
  /** The comments above it, the top-level one first. */
  ancestors: Comment[];
}

/** Who writes a new comment: as {@link CommentAuthor}, and an address for mail, where the store sends it. */
export interface NewCommentAuthor extends CommentAuthor {
  /**
   * An e-mail address the visitor gave, only for mail (see {@link StorageAdapter.offersMail}):
   * never shown, never part of a {@link Comment}. The form offers it only where `offersMail`
   * resolves true; other adapters never get one from the widget and ignore it.
   */
  email?: string;
}

/** What the widget sends to create a comment. */
export interface NewComment {
  threadId: string;
  parentId: string | null;
  author: NewCommentAuthor;
  body: string;
  /**
   * A random key the widget generates once per submission and reuses on retries, so an
   * adapter that talks to a server can store a retried post only once.
   */
  idempotencyKey?: string;
  /**
   * What a field of the form that people never see held: empty from people, filled in by bots.
   * An adapter that talks to a server sends it (the reference server files such a comment as
   * spam); others may ignore it.
   */
  honeypot?: string;
  /**
   * The visitor asked to be e-mailed (at `author.email`, which the form then requires) when
   * someone replies to this comment. Only where {@link StorageAdapter.offersMail} resolves true.
   */
  notifyReplies?: boolean;
}

/** The fields of a comment its author may change. */
export interface CommentPatch {
  body: string;
}

/**
 * Order of top-level comments: by creation time, or `top`, by score (highest first, then
 * oldest first). Pinned comments come first in every order. Replies are always shown oldest
 * first, as a conversation.
 */
export type SortOrder = 'oldest' | 'newest' | 'top';

/** Every adapter method accepts a signal; an aborted call rejects with an `AbortError`. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface ListOptions extends CallOptions {
  sort?: SortOrder;
  /** An opaque cursor from a previous {@link ListResult.nextCursor}. */
  cursor?: string;
  /** Page size wish; adapters may return fewer (or, without paging, all). */
  limit?: number;
}

export interface ListResult {
  /** The comments of this page, in any order: the widget sorts and nests them. */
  comments: Comment[];
  /** Cursor for the next page, or `null`/absent when there is none. */
  nextCursor?: string | null;
  /**
   * Published comments in the thread (of kind `comment`), when the adapter knows it without
   * reading them all.
   */
  total?: number;
  /** Published mentions (pingbacks, trackbacks, webmentions) in the thread, when known. */
  mentions?: number;
  /**
   * The thread takes no new comments (its site closed it, by hand or by age): the widget shows
   * its comments and "Comments are closed." instead of the form, and no Reply buttons. A
   * `create` for it rejects with `closed`.
   */
  closed?: boolean;
  /**
   * Problems met while reading that did not stop the read: e.g. corrupt stored entries that
   * were skipped. The widget reports them (error event and a message) and shows the rest.
   */
  warnings?: AdapterError[];
}

/**
 * A change to a thread, pushed by {@link StorageAdapter.subscribe}. `resync` says that changes
 * may have been missed (say, the live connection dropped and came back): the subscriber should
 * read the thread again. Subscribers should ignore types they do not know, as more may come.
 */
export type ThreadChange =
  | { type: 'created'; comment: Comment }
  | { type: 'updated'; comment: Comment }
  | { type: 'removed'; id: string }
  | { type: 'error'; error: AdapterError }
  | { type: 'resync' };

/**
 * Where an adapter keeps comments, so the UI can tell visitors honestly who will see them:
 * `memory` (gone on reload), `browser` (this browser only), `server` (everyone).
 */
export type Persistence = 'memory' | 'browser' | 'server';

/** What an adapter can do; the UI shows or hides actions from it. */
export interface AdapterCapabilities {
  persistence: Persistence;
  /** `update` is implemented. */
  edit: boolean;
  /** `remove` is implemented. */
  remove: boolean;
  /**
   * `vote` is implemented, the listing honours `sort: 'top'`, and comments carry `score` (and
   * `myVote` for the caller). The widget offers votes and the `top` order only then.
   */
  vote: boolean;
  /** `subscribe` pushes changes made elsewhere (another tab, another visitor). */
  live: boolean;
  /** `list` pages with cursors instead of returning the whole thread. */
  paging: boolean;
}

/** The interface every storage adapter implements. Only `list` and `create` are required. */
export interface StorageAdapter {
  readonly capabilities: AdapterCapabilities;
  /** Reads a thread (or one page of it). */
  list(threadId: string, options?: ListOptions): Promise<ListResult>;
  /**
   * Reads one comment by its id or one of its {@link Comment.aliases}, with the comments above
   * it, or `null` when the thread has no such comment. The widget uses it to show a linked
   * comment (`#comment-5`) that is not on the pages it has read.
   */
  get?(threadId: string, idOrAlias: string, options?: CallOptions): Promise<CommentPath | null>;
  /** Stores a new comment and returns it as stored (with its id and dates). */
  create(input: NewComment, options?: CallOptions): Promise<Comment>;
  /** Changes a comment's body. */
  update?(threadId: string, id: string, patch: CommentPatch, options?: CallOptions): Promise<Comment>;
  /** Deletes a comment; one with replies may become a `deleted` placeholder. */
  remove?(threadId: string, id: string, options?: CallOptions): Promise<void>;
  /**
   * Casts the caller's vote: 1, -1, or 0 to withdraw; one vote per visitor and comment, so a
   * second call changes or withdraws the first (the same vote twice counts once). Returns the
   * comment with its new `score` and `myVote`; subscribers hear the new score (an `updated`
   * change). Rejects with `invalid` for another value, `not-found` for an unknown comment and
   * `conflict` for one that takes no votes (a deleted placeholder, a pending comment, a
   * mention). Voting on one's own comment is allowed. An adapter may refuse -1 (`invalid`)
   * where its site allows upvotes only.
   */
  vote?(threadId: string, id: string, value: 1 | 0 | -1, options?: CallOptions): Promise<Comment>;
  /**
   * Calls `listener` for every change made elsewhere until `options.signal` aborts or the
   * returned function is called.
   */
  subscribe?(threadId: string, listener: (change: ThreadChange) => void, options?: CallOptions): () => void;
  /**
   * Until when the visitor may still edit and remove this comment, or `null` when they may not.
   * The widget offers Edit and Delete only where this returns a date in the future; an adapter
   * without it offers them nowhere (its `update` and `remove` serve programs, not visitors).
   */
  editableUntil?(threadId: string, id: string): Date | null;
  /**
   * Everything this visitor stored through the adapter, on every thread (on a server: what was
   * posted and voted with this browser's author key), as JSON for them to keep; the widget
   * offers it as a download under the form.
   */
  exportMine?(options?: CallOptions): Promise<VisitorData>;
  /**
   * Deletes everything this visitor stored through the adapter, whenever it was written, and
   * withdraws their votes; comments with replies stay as placeholders.
   */
  removeMine?(options?: CallOptions): Promise<RemovedData>;
  /**
   * Whether the store can e-mail a visitor when someone replies to their comment (a comment
   * server started with SMTP says so). The form then offers an optional e-mail field and "E-mail
   * me when someone replies", and `create` gets `author.email` and `notifyReplies`. Absent, or
   * false (also when asking fails): no such field.
   */
  offersMail?(options?: CallOptions): Promise<boolean>;
  /**
   * The address of the thread's comment feed (Atom), where the store publishes one: the widget
   * links it in its heading. Absent or null: no feed.
   */
  feed?(threadId: string): string | null;
  /** Published comments (of kind `comment`) of many threads at once (threads without comments map to 0). */
  count?(threadIds: string[], options?: CallOptions): Promise<Record<string, number>>;
}

/** A visitor's own data ({@link StorageAdapter.exportMine}): JSON, as the store gives it. */
export interface VisitorData {
  comments: unknown[];
  votes: unknown[];
  [key: string]: unknown;
}

/** What {@link StorageAdapter.removeMine} did. */
export interface RemovedData {
  /** Comments removed. */
  removed: number;
  /** Comments kept as placeholders, for their replies. */
  placeholders: number;
  votesWithdrawn: number;
}

/** Why an adapter call failed. */
export type AdapterErrorCode =
  | 'network'
  | 'timeout'
  | 'rate-limited'
  | 'invalid'
  | 'forbidden'
  | 'closed'
  | 'not-found'
  | 'conflict'
  | 'unavailable'
  | 'corrupt';

const RETRYABLE_BY_DEFAULT: ReadonlySet<AdapterErrorCode> = new Set([
  'network',
  'timeout',
  'rate-limited',
  'unavailable',
]);

export interface AdapterErrorOptions {
  /** Whether trying the same call again may succeed; defaults by code. */
  retryable?: boolean;
  /** The underlying error, for debugging. */
  cause?: unknown;
  /** For `rate-limited`: seconds to wait before retrying. */
  retryAfter?: number;
  /** For `invalid`: which input field was rejected (`body`, `author.name`, …). */
  field?: string;
}

/** The one error type adapters reject with. `message` is written for a person to read. */
export class AdapterError extends Error {
  override readonly name = 'AdapterError';
  readonly code: AdapterErrorCode;
  readonly retryable: boolean;
  readonly retryAfter?: number;
  readonly field?: string;

  constructor(code: AdapterErrorCode, message: string, options: AdapterErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    if (options.retryAfter !== undefined) this.retryAfter = options.retryAfter;
    if (options.field !== undefined) this.field = options.field;
  }

  /** Wraps anything thrown into an AdapterError (an AdapterError passes through unchanged). */
  static from(error: unknown, fallback: AdapterErrorCode = 'unavailable'): AdapterError {
    if (error instanceof AdapterError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new AdapterError(fallback, message, { cause: error });
  }
}

/** True for the rejection of an aborted call, which callers should ignore silently. */
export function isAbortError(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'AbortError';
}

/** Throws the signal's abort reason (an `AbortError` DOMException) if it has aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw signal.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted.', 'AbortError');
  }
}

/**
 * An adapter that rejects every call with `error`: what the widget uses when it cannot build
 * the adapter it was asked for (say, a `src` that is no http(s) address), so the visitor sees
 * the error state with the reason instead of a blank widget.
 */
export function failingAdapter(error: AdapterError): StorageAdapter {
  return {
    capabilities: Object.freeze({ persistence: 'server', edit: false, remove: false, vote: false, live: false, paging: false }),
    list: () => Promise.reject(error),
    create: () => Promise.reject(error),
  };
}
