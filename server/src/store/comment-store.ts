/**
 * The storage layer of the server: one {@link CommentStore} interface, implemented for SQLite
 * (`sqlite.ts`) and PostgreSQL (`postgres.ts`). Routes only ever talk to this interface, and
 * the whole server test suite runs against both implementations.
 *
 * @module
 */

/** Where a comment stands. Only `published` ones are listed to everyone. */
export type StoredStatus = 'published' | 'pending' | 'spam' | 'rejected' | 'deleted';

/** A comment, a WordPress pingback or a trackback (kept apart on import, never mixed in). */
export type CommentKind = 'comment' | 'pingback' | 'trackback';

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
  score: number;
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
}

/** A new row; the store fills in nothing but what it is given. */
export type NewStoredComment = Omit<StoredComment, 'score' | 'updatedAt' | 'addressHash'> & {
  score?: number;
  updatedAt?: string | null;
  addressHash?: string | null;
};

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
}

export interface ListPage {
  /**
   * The page's listed top-level comments, then their listed replies (oldest first), by the
   * rule of `visibility.ts`: visible comments, and hidden ones with something visible below,
   * which the API shows as placeholders. A top-level comment is listed on the same terms.
   */
  comments: StoredComment[];
  /** Key of the last top-level comment when more follow, else null. */
  next: CursorKey | null;
  /** Published comments in the whole thread (placeholders and pending ones excluded). */
  total: number;
}

/** What moderation lists. */
export interface ModerationQuery {
  status: 'pending' | 'spam';
  limit: number;
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
   * Inserts a comment. With an idempotency claim, atomically: a second insert with the same
   * (unexpired) key returns the first comment (`replayed`) if the fingerprints match, else
   * stores nothing (`conflict`). Expired keys are removed on the way.
   */
  insert(comment: NewStoredComment, claim?: IdempotencyClaim | null): Promise<InsertResult>;
  /** Changes body, status or updatedAt; returns the new row, or null if there is none. */
  update(id: string, patch: Partial<Pick<StoredComment, 'body' | 'status' | 'updatedAt' | 'authorName' | 'authorWebsite'>>): Promise<StoredComment | null>;
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
  /** Published comments per thread; threads without any map to 0. */
  counts(threadIds: readonly string[]): Promise<Record<string, number>>;
  /** Whether this author has a published comment (for `first-time` moderation). */
  hasPublished(authorHash: string): Promise<boolean>;
  moderationQueue(query: ModerationQuery): Promise<StoredComment[]>;
  /** Blocks the author key and the network of an identity (whichever are known) from `at` on. */
  block(identity: AuthorIdentity, at: string): Promise<void>;
  /**
   * Whether the author key is blocked, or the network was blocked at or after
   * `addressBlockedSince` (network blocks expire; key blocks do not).
   */
  isBlocked(identity: AuthorIdentity, addressBlockedSince: string): Promise<boolean>;
  /**
   * Inserts imported comments in one transaction, parents before replies as given; comments
   * whose id is already stored are skipped.
   */
  importComments(rows: readonly NewStoredComment[]): Promise<{ imported: number; skipped: number }>;
  /** Every comment of every thread, oldest first (export). */
  all(): Promise<StoredComment[]>;
  close(): Promise<void>;
}
