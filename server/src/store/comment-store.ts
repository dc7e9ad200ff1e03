/**
 * The storage layer of the server: one {@link CommentStore} interface, implemented for SQLite
 * (`sqlite.ts`) and PostgreSQL (`postgres.ts`). Routes only ever talk to this interface, and
 * the whole server test suite runs against both implementations.
 *
 * @module
 */
import { LIMITS } from '../validate.js';

/** Where a comment stands. Only `published` ones are listed to everyone. */
export type StoredStatus = 'published' | 'pending' | 'spam' | 'rejected' | 'deleted';

/**
 * A comment, or a mention of the page elsewhere: a WordPress pingback or trackback (kept apart
 * on import, never mixed in), or a webmention. Mentions are listed apart and take no replies.
 */
export type CommentKind = 'comment' | 'pingback' | 'trackback' | 'webmention';

/**
 * A verified role: the site's `author` or a `moderator`. Only the server grants it (an import
 * maps the post's author, a post made with the admin token gets the configured role); a name
 * never does.
 */
export type AuthorRole = 'author' | 'moderator';

/** Order of top-level comments; replies always come oldest first. */
export type ListSort = 'oldest' | 'newest' | 'top';

/** One row, as the store keeps it. Dates are ISO 8601 strings in UTC with milliseconds. */
export interface StoredComment {
  id: string;
  threadId: string;
  parentId: string | null;
  /** The top-level comment of this one's thread (its own id for a top-level comment). */
  rootId: string;
  authorName: string;
  authorWebsite: string | null;
  body: string;
  status: StoredStatus;
  kind: CommentKind;
  /** The author's verified role, or null for everyone else. */
  role: AuthorRole | null;
  /**
   * Other ids this comment is known by within its thread (an import's source ids), sorted;
   * empty for most comments. Kept in `comment_aliases`; {@link CommentStore.resolve} finds a
   * comment by them.
   */
  aliases: readonly string[];
  /**
   * Net votes (up minus down), plus whatever score an import brought: a vote moves it by the
   * difference it makes ({@link CommentStore.vote}), it is never counted again from `votes`.
   */
  score: number;
  /** Pinned by a moderator: a top-level comment listed before the others in every order. */
  pinned: boolean;
  createdAt: string;
  updatedAt: string | null;
  /** SHA-256 of the comment's edit token, hex; null for imported comments. */
  editTokenHash: string | null;
  /** SHA-256 of the author key the browser sent, hex; identifies an author across comments. */
  authorHash: string | null;
  /**
   * Keyed hash of the network the comment was posted from (`addressHash` in `tokens.ts`), for
   * blocking; null for imported comments. Never exported: it means nothing without the secret.
   */
  addressHash: string | null;
  /**
   * The e-mail address its author gave (trimmed, as given), only for mail (`mail/`): never
   * shown, never in a webhook, a feed or an export; null when none was given, once the comment
   * became a placeholder, or once `--forget-email` has passed.
   */
  authorEmail: string | null;
  /** Its author asked to be e-mailed when someone replies to it (needs {@link authorEmail}). */
  notifyReplies: boolean;
}

/** A new row; the store fills in nothing but what it is given. */
export type NewStoredComment = Omit<StoredComment, 'score' | 'pinned' | 'updatedAt' | 'addressHash' | 'role' | 'aliases' | 'authorEmail' | 'notifyReplies'> & {
  authorEmail?: string | null;
  notifyReplies?: boolean;
  score?: number;
  /** Stored by {@link CommentStore.importComments} only (a pinned comment of an export). */
  pinned?: boolean;
  updatedAt?: string | null;
  addressHash?: string | null;
  role?: AuthorRole | null;
  /**
   * Other ids this comment was known by (an import's source ids: a WordPress `comment_id`, a
   * Disqus post id), unique within the thread, so that old links such as `#comment-5` find it.
   * Stored by {@link CommentStore.importComments} only; one that is empty, longer than an id
   * may be (`LIMITS.idMax`), holds control characters, or is taken in the thread (by another
   * comment's id or alias) is skipped and reported.
   */
  aliases?: readonly string[];
};

/** An alias {@link CommentStore.importComments} did not store, and why. */
export interface SkippedAlias {
  threadId: string;
  alias: string;
  /** The comment that asked for it. */
  commentId: string;
  /**
   * `taken`: another comment of the thread has it as its id or alias; `invalid`: no id can
   * look like it; `not-stored`: the comment was not stored (its id is another thread's).
   */
  reason: 'taken' | 'invalid' | 'not-stored';
  /** For `taken`: the comment that has it. */
  takenBy?: string;
}

/** What an import did. */
export interface ImportResult {
  /** Comments stored. */
  imported: number;
  /** Comments not stored because their id was stored already (an import run again). */
  skipped: number;
  /** Aliases stored (an alias already stored for the same comment is not counted again). */
  aliases: number;
  /** Aliases not stored, in the order of the rows. */
  skippedAliases: SkippedAlias[];
}

/** How a post with an `Idempotency-Key` claims it. */
export interface IdempotencyClaim {
  key: string;
  /**
   * What was posted (`fingerprint` in `tokens.ts` of author key, thread, parent, author and
   * body). A key comes back with its comment only for the same fingerprint.
   */
  fingerprint: string;
  /** Keys claimed before this moment (ISO 8601) have expired: they are forgotten. */
  expiredBefore: string;
}

/**
 * What an insert did: stored the comment, found it stored already under the same key and
 * fingerprint (a retry), or found the key taken by a different post.
 */
export type InsertResult =
  | { outcome: 'created' | 'replayed'; comment: StoredComment }
  | { outcome: 'conflict' };

/** Who wrote a comment, as far as the server can tell, for blocking. */
export interface AuthorIdentity {
  authorHash: string | null;
  addressHash: string | null;
}

/** A page of a thread, keyed by its top-level comments. */
export interface ListQuery {
  threadId: string;
  sort: ListSort;
  /** Top-level comments per page. */
  limit: number;
  /** Decoded cursor: the sort key of the last top-level comment of the previous page. */
  after?: CursorKey | null;
  /** Also return pending comments of this author (their own comments awaiting moderation). */
  authorHash?: string | null;
}

/** Where a page ended: enough to continue after it, whatever was inserted since. */
export interface CursorKey {
  createdAt: string;
  id: string;
  /** Only for `top`. */
  score?: number;
  /** Whether the comment was pinned: the pinned ones come first in every order. */
  pinned?: boolean;
}

/** A vote: up, down, or none (a vote withdrawn). */
export type VoteValue = 1 | 0 | -1;

/** What {@link CommentStore.vote} did. */
export interface VoteResult {
  /** The comment with its new score. */
  comment: StoredComment;
  /** The voter's vote now: 1, -1, or 0 for none. */
  myVote: VoteValue;
  /** Whether the vote changed anything (the same vote again does not). */
  changed: boolean;
}

export interface ListPage {
  /**
   * The page's listed top-level comments in the order of the query (the pinned ones first,
   * then the others; both by `sort`), then their listed replies (oldest first), by the
   * rule of `visibility.ts`: visible comments, and hidden ones with something visible below,
   * which the API shows as placeholders. A top-level comment is listed on the same terms.
   * Pages hold top-level comments of kind `comment` only; the first page (no `after`) then
   * also holds the thread's listed top-level mentions, oldest first, at most
   * {@link MAX_MENTIONS}, followed by their listed replies (imports may have some).
   */
  comments: StoredComment[];
  /** Key of the last top-level comment when more follow, else null. */
  next: CursorKey | null;
  /**
   * Published comments of kind `comment` in the whole thread (placeholders, pending ones and
   * mentions excluded).
   */
  total: number;
  /** Published mentions (pingbacks, trackbacks, webmentions) in the whole thread. */
  mentions: number;
}

/** Most mentions the first page of a thread carries. */
export const MAX_MENTIONS = 200;

const CONTROL = /[\u0000-\u001f\u007f]/;

/** Whether an alias could be asked for, as an id can: 1 to `LIMITS.idMax` characters, no control characters. */
export function isValidAlias(alias: unknown): alias is string {
  return typeof alias === 'string' && alias.length > 0 && alias.length <= LIMITS.idMax && !CONTROL.test(alias);
}

/** The columns {@link CommentStore.update} changes. */
export type CommentPatch = Partial<Pick<StoredComment, 'body' | 'status' | 'updatedAt' | 'authorName' | 'authorWebsite' | 'pinned' | 'score' | 'authorEmail' | 'notifyReplies'>>;

/**
 * What decides whether a thread takes new comments: a moderator's choice, if they made one
 * (`closed`: true or false), else the server's rule on the date of its first comment.
 */
export interface ThreadState {
  /** Closed (true) or opened (false) by hand, or null: nobody chose. */
  closed: boolean | null;
  /** When its first comment was written (any status; a comment removed for good no longer counts), or null for a thread without any. */
  firstCommentAt: string | null;
}

/** Something to deliver to another system (a webhook's POST, an e-mail), as the outbox keeps it. */
export interface OutboxItem {
  kind: 'webhook' | 'mail';
  /** Where it goes: a URL, or an e-mail address. */
  target: string;
  /** What happened (`comment.created`, …; for mail, `reply`, `owner.published`, `owner.pending`). */
  event: string;
  /** The body to send (for mail, the message as JSON: `mail/message.ts`). */
  payload: string;
}

/** An item of the outbox, with its delivery so far. */
export interface OutboxEntry extends OutboxItem {
  id: number;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** When it is next due (or, while a process sends it, when that process's claim runs out). */
  nextAt: string;
  /** What the last attempt got ("HTTP 500", "no answer within 10 s"), or null. */
  lastResult: string | null;
  createdAt: string;
  doneAt: string | null;
}

/** The outcome of an attempt ({@link CommentStore.settle}). */
export interface Attempt {
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** For `pending`: when to try again. */
  nextAt: string;
  lastResult: string;
  doneAt: string | null;
}

/** A vote as its voter may download it. */
export interface CastVote {
  commentId: string;
  threadId: string;
  value: 1 | -1;
  createdAt: string;
}

/** The statuses a moderator can list: one, or `all` but deleted placeholders. */
export type ModerationStatus = 'pending' | 'spam' | 'published' | 'rejected' | 'all';

/** What moderation lists (`store/moderation-query.ts`). */
export interface ModerationQuery {
  status: ModerationStatus;
  /** Only this thread's comments. */
  threadId?: string | null;
  /** Only comments whose text holds these words, as written (any case). */
  text?: string | null;
  /** Only comments whose author's name holds this (any case). */
  author?: string | null;
  /** Newest first (the moderation page); by default oldest first, a queue worked from its front. */
  newestFirst?: boolean;
  /** Only comments after this one in the order: the next page. */
  after?: { createdAt: string; id: string } | null;
  limit: number;
}

/**
 * A change to a comment, as the change log keeps it (`changes`): live clients are told of it,
 * and a client that reconnects (or a server process whose LISTEN connection broke) reads the
 * ones it missed by `seq`.
 */
export interface Change {
  /** Increases with every change, in the order they were committed. */
  seq: number;
  type: 'created' | 'updated' | 'deleted';
  threadId: string;
  /** The comment's id. */
  id: string;
}

/** What {@link CommentStore.changesSince} found. */
export interface ChangesSince {
  /** The changes after the given `seq`, oldest first. */
  changes: Change[];
  /**
   * False when the log no longer reaches back that far (older changes were swept), or when
   * more changes followed than were asked for: the caller must read the thread again.
   */
  complete: boolean;
}

/**
 * The PostgreSQL channel a change is announced on, in the statement that logs it: every
 * server process on the database LISTENs to it (`live.ts`).
 */
export const CHANGES_CHANNEL = 'comment_thread_changes';

/** A token bucket: `burst` requests at once, `perMinute` regained per minute. */
export interface RateRule {
  burst: number;
  perMinute: number;
}

/** What the periodic sweep removes: everything kept no longer than it is needed. */
export interface SweepCutoffs {
  /** Change-log entries logged before this (ISO 8601); the newest is always kept. */
  changesBefore: string;
  /** Edit-token hashes of comments created before this: their edit window has passed. */
  editTokensBefore: string;
  /** Network hashes of comments created before this: a block of their network would have expired. */
  addressesBefore: string;
  /** Rate-limit buckets last touched before this (ms since the epoch): they are full again. */
  rateLimitsBefore: number;
  /** Outbox items delivered or given up before this (ISO 8601): the delivery log forgets them. Pending ones stay. */
  outboxBefore: string;
  /** Moderation page sign-ins that expired before this (ISO 8601). */
  sessionsBefore: string;
  /** Spent proof-of-work challenges that expired before this (ISO 8601): none could be used again. */
  proofsBefore: string;
  /** E-mail addresses of comments created before this (`--forget-email`), or null: kept as long as their comment. */
  emailsBefore: string | null;
}

/** How many of each {@link CommentStore.sweep} removed. */
export interface SweepResult {
  changes: number;
  editTokens: number;
  addresses: number;
  rateLimits: number;
  outbox: number;
  sessions: number;
  proofs: number;
  emails: number;
}

/** Everything a store must do. Every method is async, so both databases fit behind it. */
export interface CommentStore {
  /** `sqlite` or `postgres`, for logs and tests. */
  readonly dialect: 'sqlite' | 'postgres';
  /** Creates or upgrades the schema; safe to call from several processes at once. */
  migrate(): Promise<void>;
  /** A secret shared by every process on this database (created on first use). */
  secret(): Promise<string>;
  list(query: ListQuery): Promise<ListPage>;
  get(id: string): Promise<StoredComment | null>;
  /**
   * The comment an id names. With a thread: the comment of that thread with this id, else the
   * one of that thread with this alias; without: the comment with this id, in any thread.
   */
  resolve(idOrAlias: string, threadId: string | null): Promise<StoredComment | null>;
  /** The comments above this one, its top-level comment first, its parent last (any status). */
  ancestors(id: string): Promise<StoredComment[]>;
  /**
   * Whether a comment with a verified role (`role` not null) carries this name, compared as
   * {@link nameKey} of `names.ts` normalizes names. An empty name is never used.
   */
  isVerifiedName(name: string): Promise<boolean>;
  /**
   * Inserts a comment, with its `role` (its `aliases` are for imports and not stored here).
   * With an idempotency claim, atomically: a second insert with the same
   * (unexpired) key returns the first comment (`replayed`) if the fingerprints match, else
   * stores nothing (`conflict`). Expired keys are removed on the way.
   */
  insert(comment: NewStoredComment, claim?: IdempotencyClaim | null): Promise<InsertResult>;
  /** Changes what `patch` names; returns the new row, or null if there is none. */
  update(id: string, patch: CommentPatch): Promise<StoredComment | null>;
  /**
   * Sets the vote of `voterHash` on comment `id` to `value` (0 withdraws it) and moves the
   * comment's score by the difference from their previous vote, in one transaction that also
   * checks the comment takes votes (published, of kind `comment`): null when it does not (any
   * more), or is not there.
   */
  vote(id: string, voterHash: string, value: VoteValue, at: string): Promise<VoteResult | null>;
  /** The votes of `voterHash` on any of `ids`, by comment id (comments without one are left out). */
  votesOf(voterHash: string, ids: readonly string[]): Promise<Map<string, 1 | -1>>;
  /** Removes every vote on comment `id` (its score is the caller's to set). */
  deleteVotes(id: string): Promise<void>;
  /** Every comment whose author key has this hash, oldest first: what a visitor may download. */
  commentsByAuthor(authorHash: string): Promise<StoredComment[]>;
  /**
   * Every comment whose author's name is `name`, as names are compared (`names.ts`: case,
   * spacing, compatibility forms and invisible characters aside), oldest first. Reads every
   * name: a moderator's rare request, not a visitor's.
   */
  commentsByName(name: string): Promise<StoredComment[]>;
  /**
   * Every comment whose author gave this e-mail address, compared as `mail/address.ts`'s
   * `addressKey` does (case aside), oldest first. Reads every address: a moderator's rare request.
   */
  commentsByEmail(email: string): Promise<StoredComment[]>;
  /** Records that the address with this keyed hash wants no more mail of `scope` (idempotent). */
  unsubscribe(addressHash: string, scope: string, at: string): Promise<void>;
  /** Whether the address with this keyed hash asked for no more mail of `scope`. */
  isUnsubscribed(addressHash: string, scope: string): Promise<boolean>;
  /** Puts `items` in the outbox, due at `at`. */
  enqueue(items: readonly OutboxItem[], at: string): Promise<void>;
  /**
   * Claims up to `limit` pending items of `kind` due at `at`, oldest due first: their `nextAt`
   * becomes `until`, so that no other process sends them meanwhile. Resolves with them as claimed.
   */
  claimDue(kind: OutboxItem['kind'], at: string, until: string, limit: number): Promise<OutboxEntry[]>;
  /** Records the outcome of an attempt at item `id`. */
  settle(id: number, attempt: Attempt): Promise<void>;
  /** The newest items of the outbox of `kind`, newest first: the delivery log. */
  outbox(kind: OutboxItem['kind'], limit: number): Promise<OutboxEntry[]>;
  /** Every vote of the voter with this hash, oldest first. */
  votesBy(voterHash: string): Promise<CastVote[]>;
  /**
   * Withdraws every vote of the voter with this hash, each comment's score moved back by it, in
   * one transaction; resolves with the ids of the comments whose score moved.
   */
  withdrawVotes(voterHash: string): Promise<string[]>;
  /** Removes a comment for good (one without replies); returns whether it existed. */
  delete(id: string): Promise<boolean>;
  /** Whether any comment answers this one (visible or not). */
  hasReplies(id: string): Promise<boolean>;
  /** Whether a comment visible to this visitor (`visibility.ts`) is anywhere below this one. */
  hasVisibleBelow(id: string, authorHash: string | null): Promise<boolean>;
  /**
   * Removes the comment if it is a `deleted` placeholder that nothing answers any more (in one
   * statement, so a concurrent reply or delete cannot slip in between); returns whether it did.
   */
  removePlaceholder(id: string): Promise<boolean>;
  /** Published comments of kind `comment` per thread (mentions not counted); threads without any map to 0. */
  counts(threadIds: readonly string[]): Promise<Record<string, number>>;
  /** Whether this author has a published comment (for `first-time` moderation). */
  hasPublished(authorHash: string): Promise<boolean>;
  /** The newest published comments (of kind `comment`) of thread `threadId`, or of every thread (null), newest first: the feeds. */
  recent(query: { threadId: string | null; limit: number }): Promise<StoredComment[]>;
  /** What decides whether thread `threadId` takes new comments: two index look-ups. */
  threadState(threadId: string): Promise<ThreadState>;
  /** Closes (true) or opens (false) thread `threadId` by hand, over the server's rule, from `at` on. */
  setThreadClosed(threadId: string, closed: boolean, at: string): Promise<void>;
  moderationQueue(query: ModerationQuery): Promise<StoredComment[]>;
  /** Keeps a moderation page sign-in, by the hash of its cookie, until `expiresAt` (ISO 8601). */
  openSession(idHash: string, createdAt: string, expiresAt: string): Promise<void>;
  /** When the sign-in with this hash expires, if it is still open at `at`; null otherwise. */
  sessionExpiry(idHash: string, at: string): Promise<string | null>;
  /** Ends a sign-in (signing out). */
  closeSession(idHash: string): Promise<void>;
  /** Blocks the author key and the network of an identity (whichever are known) from `at` on. */
  block(identity: AuthorIdentity, at: string): Promise<void>;
  /**
   * Whether the author key is blocked, or the network was blocked at or after
   * `addressBlockedSince` (network blocks expire; key blocks do not).
   */
  isBlocked(identity: AuthorIdentity, addressBlockedSince: string): Promise<boolean>;
  /**
   * Inserts imported comments in one transaction, parents before replies as given, with their
   * `role` and `aliases`; comments whose id is already stored are skipped. Aliases are stored
   * after every row, so an alias is checked against the ids of the whole import: one taken in
   * its thread (another comment's id, or an alias stored before it) is skipped and reported.
   * The aliases of a row skipped because it is stored already are added to the stored comment
   * if it is in the same thread (an import run again after an upgrade gains them).
   */
  importComments(rows: readonly NewStoredComment[]): Promise<ImportResult>;
  /**
   * Logs a change and returns it with its `seq`. On PostgreSQL the same statement announces
   * it on {@link CHANGES_CHANNEL} (as JSON of the {@link Change}), and changes are logged one
   * at a time, so that `seq` order is commit order: a reader that saw `seq` n has seen every
   * change before it.
   */
  recordChange(change: Omit<Change, 'seq'>): Promise<Change>;
  /** The changes after `seq` (of one thread, or of all with null), at most `limit`. */
  changesSince(seq: number, threadId: string | null, limit: number): Promise<ChangesSince>;
  /** The `seq` of the newest change, or 0 when none was ever logged. */
  lastChange(): Promise<number>;
  /**
   * Takes a request from the bucket `key` under `rule` at `now` (ms), atomically, so that every
   * process on the database shares it: 0 when allowed, else the seconds until one would be.
   */
  takeToken(key: string, rule: RateRule, now: number): Promise<number>;
  /** Gives back a request taken from `key` (one that was refused for another reason). */
  returnToken(key: string, rule: RateRule): Promise<void>;
  /**
   * Spends the proof-of-work challenge `id` (usable until `expiresAt`, ISO 8601) for the post
   * `claim` (the fingerprint of its Idempotency-Key and author key; null without a key),
   * atomically, so that processes on one database spend it once: true when it was not spent
   * yet, or was spent by the same non-null claim (a retry of that post); false otherwise.
   */
  spendProof(id: string, claim: string | null, expiresAt: string): Promise<boolean>;
  /** Removes what is kept no longer than it is needed (see {@link SweepCutoffs}). */
  sweep(cutoffs: SweepCutoffs): Promise<SweepResult>;
  /** Every comment of every thread, oldest first, with role and aliases (export). */
  all(): Promise<StoredComment[]>;
  close(): Promise<void>;
}
