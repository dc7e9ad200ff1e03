/**
 * The SQLite store (better-sqlite3): one file, WAL journal, `synchronous = FULL` so that a
 * comment acknowledged to a visitor survives even a power cut, and a busy timeout so a second
 * process (a CLI import next to the running server) waits instead of failing.
 *
 * @module
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import {
  isValidAlias,
  MAX_MENTIONS,
  type AuthorIdentity,
  type Change,
  type ChangesSince,
  type CommentPatch,
  type Attempt,
  type CastVote,
  type OutboxEntry,
  type OutboxItem,
  type CommentStore,
  type ThreadState,
  type CursorKey,
  type IdempotencyClaim,
  type ImportResult,
  type InsertResult,
  type ListPage,
  type ListQuery,
  type ModerationQuery,
  type NewStoredComment,
  type RateRule,
  type SkippedAlias,
  type StoredComment,
  type SweepCutoffs,
  type SweepResult,
  type VoteResult,
  type VoteValue,
} from './comment-store.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { moderationSql } from './moderation-query.js';
import { idsNamed, isNameAmong } from './names.js';
import { idsWithEmail } from '../mail/address.js';
import { outboxEntry, type OutboxRow } from './outbox-row.js';
import { listedReplies } from './visibility.js';
import { waitSeconds } from '../rate-limit.js';
import { fromChangeRow, type ChangeRow } from './change-row.js';

interface Row {
  id: string;
  thread_id: string;
  parent_id: string | null;
  root_id: string;
  author_name: string;
  author_website: string | null;
  body: string;
  status: StoredComment['status'];
  kind: StoredComment['kind'];
  role: StoredComment['role'];
  score: number;
  pinned: number;
  created_at: string;
  updated_at: string | null;
  edit_token_hash: string | null;
  author_hash: string | null;
  address_hash: string | null;
  author_email: string | null;
  notify_replies: number;
}

/** A row as a comment, without its aliases (`withAliases` adds them). */
function fromRow(row: Row): StoredComment {
  return {
    id: row.id,
    threadId: row.thread_id,
    parentId: row.parent_id,
    rootId: row.root_id,
    authorName: row.author_name,
    authorWebsite: row.author_website,
    body: row.body,
    status: row.status,
    kind: row.kind,
    role: row.role,
    aliases: [],
    score: row.score,
    pinned: row.pinned === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    editTokenHash: row.edit_token_hash,
    authorHash: row.author_hash,
    addressHash: row.address_hash,
    authorEmail: row.author_email,
    notifyReplies: row.notify_replies === 1,
  };
}

/** The columns and named parameters of a new row, after `INSERT` or `INSERT OR IGNORE`. */
const INSERT = `INTO comments (id, thread_id, parent_id, root_id, author_name, author_website, body, status, kind, role, score, pinned,
    created_at, updated_at, edit_token_hash, author_hash, address_hash, author_email, notify_replies)
  VALUES (@id, @threadId, @parentId, @rootId, @authorName, @authorWebsite, @body, @status, @kind, @role, @score, @pinned,
    @createdAt, @updatedAt, @editTokenHash, @authorHash, @addressHash, @authorEmail, @notifyReplies)`;

const params = (row: NewStoredComment): Record<string, unknown> => ({
  id: row.id,
  threadId: row.threadId,
  parentId: row.parentId,
  rootId: row.rootId,
  authorName: row.authorName,
  authorWebsite: row.authorWebsite,
  body: row.body,
  status: row.status,
  kind: row.kind,
  role: row.role ?? null,
  score: row.score ?? 0,
  pinned: row.pinned ? 1 : 0,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt ?? null,
  editTokenHash: row.editTokenHash,
  authorHash: row.authorHash,
  addressHash: row.addressHash ?? null,
  authorEmail: row.authorEmail ?? null,
  notifyReplies: row.notifyReplies ? 1 : 0,
});

/** Groups alias rows by comment, each comment's sorted (by code unit, as in PostgreSQL's store). */
function aliasesByComment(rows: ReadonlyArray<{ comment_id: string; alias: string }>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const row of rows) {
    const list = map.get(row.comment_id);
    if (list) list.push(row.alias);
    else map.set(row.comment_id, [row.alias]);
  }
  for (const list of map.values()) list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return map;
}

/** `isVisible` of `visibility.ts` in SQL, for the rows of `alias`, the visitor's hash in @authorHash. */
const visible = (alias: string): string =>
  `(${alias}.status = 'published' OR (${alias}.status = 'pending' AND ${alias}.author_hash IS NOT NULL AND ${alias}.author_hash = @authorHash))`;

/** A top-level comment `c` is listed when visible, or when a visible reply is anywhere below it. */
const LISTED_ROOT = `(${visible('c')} OR EXISTS (SELECT 1 FROM comments r WHERE r.root_id = c.id AND r.parent_id IS NOT NULL AND ${visible('r')}))`;

export class SqliteStore implements CommentStore {
  readonly dialect = 'sqlite';
  private readonly db: Database.Database;
  /** Prepared statements by SQL: preparing costs more than running most of our queries. */
  private readonly statements = new Map<string, Database.Statement>();

  /** @param path A file path, or `:memory:`. */
  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
  }

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  async migrate(): Promise<void> {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const apply = this.db.transaction(() => {
      const done = new Set(this.sql('SELECT version FROM schema_migrations').pluck().all() as number[]);
      for (const migration of SQLITE_MIGRATIONS) {
        if (done.has(migration.version)) continue;
        this.db.exec(migration.sql);
        this.db
          .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
          .run(migration.version, migration.name, new Date().toISOString());
      }
      // What a rebuilt table's rows refer to must still be there before this commits.
      const broken = this.db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`migrating the database would break ${broken.length} references between rows; nothing was changed`);
    });
    // A migration that rebuilds a table (version 4) drops the old one: with foreign keys on,
    // that would delete every row referring to it (idempotency keys, on cascade). SQLite
    // changes this setting only outside a transaction, so it is off around the migrations.
    this.db.pragma('foreign_keys = OFF');
    try {
      // IMMEDIATE: a second process migrating at the same moment waits for this one.
      apply.immediate();
    } finally {
      this.db.pragma('foreign_keys = ON');
    }
  }

  async secret(): Promise<string> {
    this.sql(`INSERT OR IGNORE INTO settings (name, value) VALUES ('secret', ?)`).run(randomBytes(32).toString('base64url'));
    return this.sql(`SELECT value FROM settings WHERE name = 'secret'`).pluck().get() as string;
  }

  async list(query: ListQuery): Promise<ListPage> {
    const after = query.after ?? null;
    // The pinned top-level comments, then the others: each part is one range of an index
    // (`comments_roots`, or `comments_top` for top), whatever the order.
    const roots: StoredComment[] = [];
    if (!after || after.pinned) roots.push(...this.roots(query, true, after, query.limit + 1));
    if (roots.length <= query.limit) roots.push(...this.roots(query, false, after?.pinned ? null : after, query.limit + 1 - roots.length));
    const more = roots.length > query.limit;
    if (more) roots.pop();
    // The first page also carries the thread's mentions, oldest first.
    const mentions = after
      ? []
      : (
          this.sql(
            `SELECT c.* FROM comments c WHERE c.thread_id = @threadId AND c.parent_id IS NULL AND c.kind <> 'comment' AND ${LISTED_ROOT} ORDER BY created_at, id LIMIT ${MAX_MENTIONS}`,
          ).all({ threadId: query.threadId, authorHash: query.authorHash ?? null }) as Row[]
        ).map(fromRow);
    let replies: StoredComment[] = [];
    if (roots.length + mentions.length > 0) {
      // Every reply, whatever its status: which are listed depends on what is below them.
      const ids = JSON.stringify([...roots, ...mentions].map((r) => r.id));
      const all = (
        this.sql(`SELECT * FROM comments WHERE root_id IN (SELECT value FROM json_each(?)) AND parent_id IS NOT NULL ORDER BY created_at, id`).all(ids) as Row[]
      ).map(fromRow);
      replies = listedReplies(all, query.authorHash ?? null);
    }
    const mentionIds = new Set(mentions.map((m) => m.id));
    const ordered = [...roots, ...replies.filter((r) => !mentionIds.has(r.rootId)), ...mentions, ...replies.filter((r) => mentionIds.has(r.rootId))];
    const counts = this.sql(
      `SELECT count(*) FILTER (WHERE kind = 'comment') AS total, count(*) FILTER (WHERE kind <> 'comment') AS mentions
       FROM comments WHERE thread_id = ? AND status = 'published'`,
    ).get(query.threadId) as { total: number; mentions: number };
    const last = roots.at(-1);
    const next: CursorKey | null = more && last ? { createdAt: last.createdAt, id: last.id, score: last.score, pinned: last.pinned } : null;
    return { comments: this.withAliases(ordered), next, total: counts.total, mentions: counts.mentions };
  }

  /** Up to `limit` listed top-level comments (of kind `comment`) that are `pinned` or not, after `after`, in `query.sort` order. */
  private roots(query: ListQuery, pinned: boolean, after: CursorKey | null, limit: number): StoredComment[] {
    const params: Record<string, unknown> = { threadId: query.threadId, authorHash: query.authorHash ?? null, pinned: pinned ? 1 : 0, limit };
    let keyset = '';
    let order: string;
    if (query.sort === 'newest') {
      order = 'c.created_at DESC, c.id DESC';
      if (after) keyset = 'AND (c.created_at, c.id) < (@afterCreated, @afterId)';
    } else if (query.sort === 'top') {
      order = 'c.score DESC, c.created_at ASC, c.id ASC';
      // (`score <=` first: where the page starts in the index.)
      if (after) keyset = 'AND c.score <= @afterScore AND (c.score < @afterScore OR (c.created_at, c.id) > (@afterCreated, @afterId))';
    } else {
      order = 'c.created_at ASC, c.id ASC';
      if (after) keyset = 'AND (c.created_at, c.id) > (@afterCreated, @afterId)';
    }
    if (after) Object.assign(params, { afterCreated: after.createdAt, afterId: after.id, afterScore: after.score ?? 0 });
    return (
      this.sql(
        `SELECT c.* FROM comments c WHERE c.thread_id = @threadId AND c.parent_id IS NULL AND c.pinned = @pinned AND c.kind = 'comment' AND ${LISTED_ROOT} ${keyset} ORDER BY ${order} LIMIT @limit`,
      ).all(params) as Row[]
    ).map(fromRow);
  }

  /** The comments with their aliases (one query for all of them). */
  private withAliases(comments: readonly StoredComment[]): StoredComment[] {
    if (comments.length === 0) return [];
    const aliases = aliasesByComment(
      this.sql('SELECT comment_id, alias FROM comment_aliases WHERE comment_id IN (SELECT value FROM json_each(?))').all(
        JSON.stringify(comments.map((c) => c.id)),
      ) as Array<{ comment_id: string; alias: string }>,
    );
    return aliases.size === 0 ? [...comments] : comments.map((c) => (aliases.has(c.id) ? { ...c, aliases: aliases.get(c.id)! } : c));
  }

  /** Rows as comments with their aliases. */
  private comments(rows: readonly Row[]): StoredComment[] {
    return this.withAliases(rows.map(fromRow));
  }

  private one(row: Row | undefined): StoredComment | null {
    return row ? this.comments([row])[0]! : null;
  }

  async get(id: string): Promise<StoredComment | null> {
    return this.one(this.sql('SELECT * FROM comments WHERE id = ?').get(id) as Row | undefined);
  }

  async resolve(idOrAlias: string, threadId: string | null): Promise<StoredComment | null> {
    if (threadId === null) return this.get(idOrAlias);
    const byId = this.sql('SELECT * FROM comments WHERE id = ? AND thread_id = ?').get(idOrAlias, threadId) as Row | undefined;
    if (byId) return this.one(byId);
    return this.one(
      this.sql('SELECT c.* FROM comment_aliases a JOIN comments c ON c.id = a.comment_id WHERE a.thread_id = ? AND a.alias = ?').get(threadId, idOrAlias) as
        | Row
        | undefined,
    );
  }

  async ancestors(id: string): Promise<StoredComment[]> {
    // Depth-limited, so that even a cycle (which neither posting nor importing can make) ends.
    const rows = this.sql(
      `WITH RECURSIVE up(id, depth) AS (
         SELECT parent_id, 1 FROM comments WHERE id = ? AND parent_id IS NOT NULL
         UNION ALL
         SELECT c.parent_id, up.depth + 1 FROM comments c JOIN up ON c.id = up.id WHERE c.parent_id IS NOT NULL AND up.depth < 10000
       )
       SELECT c.* FROM up JOIN comments c ON c.id = up.id ORDER BY up.depth DESC`,
    ).all(id) as Row[];
    return this.comments(rows);
  }

  async isVerifiedName(name: string): Promise<boolean> {
    const names = this.sql(`SELECT DISTINCT author_name FROM comments WHERE role IS NOT NULL AND author_name <> ''`).pluck().all() as string[];
    return isNameAmong(name, names);
  }

  async insert(comment: NewStoredComment, claim?: IdempotencyClaim | null): Promise<InsertResult> {
    // IMMEDIATE: the write lock first, so two processes cannot both find a key free.
    const run = this.db.transaction((): InsertResult => {
      if (claim) {
        this.sql('DELETE FROM idempotency_keys WHERE created_at < ?').run(claim.expiredBefore);
        const existing = this.sql('SELECT k.fingerprint AS claim_fingerprint, c.* FROM idempotency_keys k JOIN comments c ON c.id = k.comment_id WHERE k.key = ?').get(
          claim.key,
        ) as (Row & { claim_fingerprint: string | null }) | undefined;
        if (existing) return existing.claim_fingerprint === claim.fingerprint ? { outcome: 'replayed', comment: this.one(existing)! } : { outcome: 'conflict' };
      }
      this.sql(`INSERT ${INSERT}`).run(params(comment));
      if (claim) {
        this.sql('INSERT INTO idempotency_keys (key, comment_id, created_at, fingerprint) VALUES (?, ?, ?, ?)').run(
          claim.key,
          comment.id,
          comment.createdAt,
          claim.fingerprint,
        );
      }
      return { outcome: 'created', comment: this.one(this.sql('SELECT * FROM comments WHERE id = ?').get(comment.id) as Row)! };
    });
    return run.immediate();
  }

  async update(id: string, patch: CommentPatch): Promise<StoredComment | null> {
    const columns: Record<string, string> = {
      body: 'body',
      status: 'status',
      updatedAt: 'updated_at',
      authorName: 'author_name',
      authorWebsite: 'author_website',
      pinned: 'pinned',
      score: 'score',
      authorEmail: 'author_email',
      notifyReplies: 'notify_replies',
    };
    const keys = Object.keys(patch).filter((key) => key in columns);
    // SQLite has no booleans: `pinned` and `notify_replies` are 0 or 1.
    const values = Object.fromEntries(
      keys.map((key) => {
        const value = patch[key as keyof CommentPatch];
        return [key, typeof value === 'boolean' ? Number(value) : value];
      }),
    );
    if (keys.length > 0) this.sql(`UPDATE comments SET ${keys.map((key) => `${columns[key]} = @${key}`).join(', ')} WHERE id = @id`).run({ ...values, id });
    return this.get(id);
  }

  async vote(id: string, voterHash: string, value: VoteValue, at: string): Promise<VoteResult | null> {
    // IMMEDIATE: the write lock first, so the vote replaced is the one read.
    const run = this.db.transaction((): VoteResult | null => {
      if (this.sql(`SELECT 1 FROM comments WHERE id = ? AND status = 'published' AND kind = 'comment'`).get(id) === undefined) return null;
      const before = (this.sql('SELECT value FROM votes WHERE comment_id = ? AND voter_hash = ?').pluck().get(id, voterHash) as number | undefined) ?? 0;
      const change = value - before;
      if (change !== 0) {
        if (value === 0) this.sql('DELETE FROM votes WHERE comment_id = ? AND voter_hash = ?').run(id, voterHash);
        else {
          this.sql(
            'INSERT INTO votes (comment_id, voter_hash, value, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (comment_id, voter_hash) DO UPDATE SET value = excluded.value, created_at = excluded.created_at',
          ).run(id, voterHash, value, at);
        }
        this.sql('UPDATE comments SET score = score + ? WHERE id = ?').run(change, id);
      }
      return { comment: this.one(this.sql('SELECT * FROM comments WHERE id = ?').get(id) as Row)!, myVote: value, changed: change !== 0 };
    });
    return run.immediate();
  }

  async votesOf(voterHash: string, ids: readonly string[]): Promise<Map<string, 1 | -1>> {
    if (ids.length === 0) return new Map();
    const rows = this.sql('SELECT comment_id, value FROM votes WHERE comment_id IN (SELECT value FROM json_each(?)) AND voter_hash = ?').all(
      JSON.stringify(ids),
      voterHash,
    ) as Array<{ comment_id: string; value: 1 | -1 }>;
    return new Map(rows.map((row) => [row.comment_id, row.value]));
  }

  async commentsByAuthor(authorHash: string): Promise<StoredComment[]> {
    return this.comments(this.sql('SELECT * FROM comments WHERE author_hash = ? ORDER BY created_at, id').all(authorHash) as Row[]);
  }

  async commentsByName(name: string): Promise<StoredComment[]> {
    const rows = this.sql(`SELECT id, author_name FROM comments WHERE author_name <> ''`).all() as Array<{ id: string; author_name: string }>;
    const ids = idsNamed(rows, name);
    return ids.length === 0 ? [] : this.comments(this.sql('SELECT * FROM comments WHERE id IN (SELECT value FROM json_each(?)) ORDER BY created_at, id').all(JSON.stringify(ids)) as Row[]);
  }

  async commentsByEmail(email: string): Promise<StoredComment[]> {
    const rows = this.sql('SELECT id, author_email FROM comments WHERE author_email IS NOT NULL').all() as Array<{ id: string; author_email: string }>;
    const ids = idsWithEmail(rows, email);
    return ids.length === 0 ? [] : this.comments(this.sql('SELECT * FROM comments WHERE id IN (SELECT value FROM json_each(?)) ORDER BY created_at, id').all(JSON.stringify(ids)) as Row[]);
  }

  async unsubscribe(addressHash: string, scope: string, at: string): Promise<void> {
    this.sql('INSERT OR IGNORE INTO mail_unsubscribed (address_hash, scope, created_at) VALUES (?, ?, ?)').run(addressHash, scope, at);
  }

  async isUnsubscribed(addressHash: string, scope: string): Promise<boolean> {
    return this.sql('SELECT 1 FROM mail_unsubscribed WHERE address_hash = ? AND scope = ?').get(addressHash, scope) !== undefined;
  }

  async enqueue(items: readonly OutboxItem[], at: string): Promise<void> {
    const insert = this.sql('INSERT INTO outbox (kind, target, event, payload, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const item of items) insert.run(item.kind, item.target, item.event, item.payload, at, at);
    })();
  }

  async claimDue(kind: OutboxItem['kind'], at: string, until: string, limit: number): Promise<OutboxEntry[]> {
    const run = this.db.transaction((): OutboxEntry[] => {
      const rows = this.sql(`SELECT * FROM outbox WHERE status = 'pending' AND kind = ? AND next_at <= ? ORDER BY next_at, id LIMIT ?`).all(kind, at, limit) as OutboxRow[];
      const claim = this.sql('UPDATE outbox SET next_at = ? WHERE id = ?');
      for (const row of rows) claim.run(until, row.id);
      return rows.map((row) => outboxEntry({ ...row, next_at: until }));
    });
    return run.immediate();
  }

  async settle(id: number, attempt: Attempt): Promise<void> {
    this.sql('UPDATE outbox SET status = ?, attempts = ?, next_at = ?, last_result = ?, done_at = ? WHERE id = ?').run(
      attempt.status,
      attempt.attempts,
      attempt.nextAt,
      attempt.lastResult,
      attempt.doneAt,
      id,
    );
  }

  async outbox(kind: OutboxItem['kind'], limit: number): Promise<OutboxEntry[]> {
    return (this.sql('SELECT * FROM outbox WHERE kind = ? ORDER BY id DESC LIMIT ?').all(kind, limit) as OutboxRow[]).map(outboxEntry);
  }

  async votesBy(voterHash: string): Promise<CastVote[]> {
    const rows = this.sql('SELECT v.comment_id, c.thread_id, v.value, v.created_at FROM votes v JOIN comments c ON c.id = v.comment_id WHERE v.voter_hash = ? ORDER BY v.created_at, v.comment_id').all(voterHash) as Array<{
      comment_id: string;
      thread_id: string;
      value: 1 | -1;
      created_at: string;
    }>;
    return rows.map((row) => ({ commentId: row.comment_id, threadId: row.thread_id, value: row.value, createdAt: row.created_at }));
  }

  async withdrawVotes(voterHash: string): Promise<string[]> {
    const run = this.db.transaction((): string[] => {
      const ids = this.sql('SELECT comment_id FROM votes WHERE voter_hash = ? ORDER BY comment_id').pluck().all(voterHash) as string[];
      this.sql('UPDATE comments SET score = score - (SELECT value FROM votes v WHERE v.comment_id = comments.id AND v.voter_hash = @voter) WHERE id IN (SELECT comment_id FROM votes WHERE voter_hash = @voter)').run({ voter: voterHash });
      this.sql('DELETE FROM votes WHERE voter_hash = ?').run(voterHash);
      return ids;
    });
    return run.immediate();
  }

  async deleteVotes(id: string): Promise<void> {
    this.sql('DELETE FROM votes WHERE comment_id = ?').run(id);
  }

  async delete(id: string): Promise<boolean> {
    return this.sql('DELETE FROM comments WHERE id = ?').run(id).changes > 0;
  }

  async hasReplies(id: string): Promise<boolean> {
    return this.sql('SELECT 1 FROM comments WHERE parent_id = ? LIMIT 1').get(id) !== undefined;
  }

  async hasVisibleBelow(id: string, authorHash: string | null): Promise<boolean> {
    const below = `WITH RECURSIVE below(id, status, author_hash) AS (
        SELECT id, status, author_hash FROM comments WHERE parent_id = @id
        UNION ALL
        SELECT c.id, c.status, c.author_hash FROM comments c JOIN below b ON c.parent_id = b.id
      )
      SELECT 1 FROM below b WHERE ${visible('b')} LIMIT 1`;
    return this.sql(below).get({ id, authorHash }) !== undefined;
  }

  async removePlaceholder(id: string): Promise<boolean> {
    return (
      this.sql(`DELETE FROM comments WHERE id = @id AND status = 'deleted' AND NOT EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = @id)`).run({ id })
        .changes > 0
    );
  }

  async counts(threadIds: readonly string[]): Promise<Record<string, number>> {
    const result: Record<string, number> = Object.fromEntries(threadIds.map((id) => [id, 0]));
    if (threadIds.length === 0) return result;
    const placeholders = threadIds.map(() => '?').join(', ');
    const rows = this.db
      .prepare(`SELECT thread_id, count(*) AS n FROM comments WHERE thread_id IN (${placeholders}) AND status = 'published' AND kind = 'comment' GROUP BY thread_id`)
      .all(...threadIds) as Array<{ thread_id: string; n: number }>;
    for (const row of rows) result[row.thread_id] = row.n;
    return result;
  }

  async hasPublished(authorHash: string): Promise<boolean> {
    return this.sql(`SELECT 1 FROM comments WHERE author_hash = ? AND status = 'published' LIMIT 1`).get(authorHash) !== undefined;
  }

  async recent(query: { threadId: string | null; limit: number }): Promise<StoredComment[]> {
    const where = query.threadId === null ? '' : 'AND thread_id = @threadId';
    const rows = this.sql(`SELECT * FROM comments WHERE status = 'published' AND kind = 'comment' ${where} ORDER BY created_at DESC, id DESC LIMIT @limit`).all({
      limit: query.limit,
      ...(query.threadId === null ? {} : { threadId: query.threadId }),
    }) as Row[];
    return this.comments(rows);
  }

  async threadState(threadId: string): Promise<ThreadState> {
    // Each MIN is one end of a range of comments_roots (thread, pinned, created_at): the first
    // comment of a thread is a top-level one, pinned or not.
    const row = this.sql(
      `SELECT (SELECT closed FROM threads WHERE thread_id = @thread) AS closed,
              (SELECT min(m) FROM (SELECT min(created_at) AS m FROM comments WHERE thread_id = @thread AND parent_id IS NULL AND pinned = 0
                                   UNION ALL SELECT min(created_at) FROM comments WHERE thread_id = @thread AND parent_id IS NULL AND pinned = 1)) AS first`,
    ).get({ thread: threadId }) as { closed: number | null; first: string | null };
    return { closed: row.closed === null ? null : row.closed === 1, firstCommentAt: row.first };
  }

  async setThreadClosed(threadId: string, closed: boolean, at: string): Promise<void> {
    this.sql('INSERT INTO threads (thread_id, closed, changed_at) VALUES (?, ?, ?) ON CONFLICT (thread_id) DO UPDATE SET closed = excluded.closed, changed_at = excluded.changed_at').run(
      threadId,
      closed ? 1 : 0,
      at,
    );
  }

  async moderationQueue(query: ModerationQuery): Promise<StoredComment[]> {
    const { text, params } = moderationSql(query, () => '?', 'LIKE');
    return this.comments(this.sql(text).all(...params) as Row[]);
  }

  async openSession(idHash: string, createdAt: string, expiresAt: string): Promise<void> {
    this.sql('INSERT INTO admin_sessions (id_hash, created_at, expires_at) VALUES (?, ?, ?)').run(idHash, createdAt, expiresAt);
  }

  async sessionExpiry(idHash: string, at: string): Promise<string | null> {
    return (this.sql('SELECT expires_at FROM admin_sessions WHERE id_hash = ? AND expires_at > ?').pluck().get(idHash, at) as string | undefined) ?? null;
  }

  async closeSession(idHash: string): Promise<void> {
    this.sql('DELETE FROM admin_sessions WHERE id_hash = ?').run(idHash);
  }

  async block(identity: AuthorIdentity, at: string): Promise<void> {
    if (identity.authorHash) this.sql('INSERT OR IGNORE INTO blocked_authors (author_hash, created_at) VALUES (?, ?)').run(identity.authorHash, at);
    if (identity.addressHash) {
      // Blocking again starts the period again.
      this.sql('INSERT INTO blocked_addresses (address_hash, created_at) VALUES (?, ?) ON CONFLICT (address_hash) DO UPDATE SET created_at = excluded.created_at').run(
        identity.addressHash,
        at,
      );
    }
  }

  async isBlocked(identity: AuthorIdentity, addressBlockedSince: string): Promise<boolean> {
    if (identity.authorHash && this.sql('SELECT 1 FROM blocked_authors WHERE author_hash = ?').get(identity.authorHash) !== undefined) return true;
    return (
      identity.addressHash !== null &&
      this.sql('SELECT 1 FROM blocked_addresses WHERE address_hash = ? AND created_at >= ?').get(identity.addressHash, addressBlockedSince) !== undefined
    );
  }

  async importComments(rows: readonly NewStoredComment[]): Promise<ImportResult> {
    const insert = this.sql(`INSERT OR IGNORE ${INSERT}`);
    const threadOf = this.sql('SELECT thread_id FROM comments WHERE id = ?').pluck();
    const idInThread = this.sql('SELECT 1 FROM comments WHERE id = ? AND thread_id = ?').pluck();
    const aliasOwner = this.sql('SELECT comment_id FROM comment_aliases WHERE thread_id = ? AND alias = ?').pluck();
    const addAlias = this.sql('INSERT INTO comment_aliases (thread_id, alias, comment_id) VALUES (?, ?, ?)');
    const run = this.db.transaction((): ImportResult => {
      let imported = 0;
      for (const row of rows) imported += insert.run(params(row)).changes;
      // After every row, so that an alias is checked against the ids of the whole import.
      let aliases = 0;
      const skippedAliases: SkippedAlias[] = [];
      for (const row of rows) {
        const wanted = [...new Set(row.aliases ?? [])].filter((alias) => alias !== row.id);
        if (wanted.length === 0) continue;
        const stored = threadOf.get(row.id) === row.threadId;
        for (const alias of wanted) {
          const skip = (reason: SkippedAlias['reason'], takenBy?: string): number =>
            skippedAliases.push({ threadId: row.threadId, alias, commentId: row.id, reason, ...(takenBy !== undefined ? { takenBy } : {}) });
          if (!isValidAlias(alias)) skip('invalid');
          else if (!stored) skip('not-stored');
          else if (idInThread.get(alias, row.threadId) !== undefined) skip('taken', alias);
          else {
            const owner = aliasOwner.get(row.threadId, alias) as string | undefined;
            if (owner === undefined) aliases += addAlias.run(row.threadId, alias, row.id).changes;
            else if (owner !== row.id) skip('taken', owner);
          }
        }
      }
      return { imported, skipped: rows.length - imported, aliases, skippedAliases };
    });
    return run.immediate();
  }

  async recordChange(change: Omit<Change, 'seq'>): Promise<Change> {
    // SQLite runs one write at a time: seq order is commit order.
    const seq = this.sql('INSERT INTO changes (thread_id, comment_id, type, created_at) VALUES (?, ?, ?, ?) RETURNING seq')
      .pluck()
      .get(change.threadId, change.id, change.type, new Date().toISOString()) as number;
    return { ...change, seq };
  }

  async changesSince(seq: number, threadId: string | null, limit: number): Promise<ChangesSince> {
    const rows = (
      threadId === null
        ? this.sql('SELECT seq, type, thread_id, comment_id FROM changes WHERE seq > ? ORDER BY seq LIMIT ?').all(seq, limit + 1)
        : this.sql('SELECT seq, type, thread_id, comment_id FROM changes WHERE thread_id = ? AND seq > ? ORDER BY seq LIMIT ?').all(threadId, seq, limit + 1)
    ) as ChangeRow[];
    const oldest = this.sql('SELECT min(seq) FROM changes').pluck().get() as number | null;
    const complete = rows.length <= limit && (oldest === null || seq >= oldest - 1);
    return { changes: rows.slice(0, limit).map(fromChangeRow), complete };
  }

  async lastChange(): Promise<number> {
    return (this.sql('SELECT max(seq) FROM changes').pluck().get() as number | null) ?? 0;
  }

  async takeToken(key: string, rule: RateRule, now: number): Promise<number> {
    const params = { key, now, burst: rule.burst, perMs: rule.perMinute / 60_000 };
    const refilled = 'min(@burst, tokens + max(0, @now - at) * @perMs)';
    const row = this.sql(
      `INSERT INTO rate_limits (key, tokens, at, allowed) VALUES (@key, @burst - 1, @now, 1)
       ON CONFLICT (key) DO UPDATE SET tokens = ${refilled} - (${refilled} >= 1), allowed = ${refilled} >= 1, at = max(at, @now)
       RETURNING tokens, allowed`,
    ).get(params) as { tokens: number; allowed: number };
    return row.allowed ? 0 : waitSeconds(row.tokens, rule);
  }

  async returnToken(key: string, rule: RateRule): Promise<void> {
    this.sql('UPDATE rate_limits SET tokens = min(?, tokens + 1) WHERE key = ?').run(rule.burst, key);
  }

  async spendProof(id: string, claim: string | null, expiresAt: string): Promise<boolean> {
    if (this.sql('INSERT OR IGNORE INTO spent_proofs (id, claim, expires_at) VALUES (?, ?, ?)').run(id, claim, expiresAt).changes === 1) return true;
    const spent = this.sql('SELECT claim FROM spent_proofs WHERE id = ?').get(id) as { claim: string | null } | undefined;
    return claim !== null && spent?.claim === claim;
  }

  async sweep(cutoffs: SweepCutoffs): Promise<SweepResult> {
    const run = this.db.transaction(
      (): SweepResult => ({
        changes: this.sql('DELETE FROM changes WHERE created_at < ? AND seq < (SELECT max(seq) FROM changes)').run(cutoffs.changesBefore).changes,
        editTokens: this.sql('UPDATE comments SET edit_token_hash = NULL WHERE edit_token_hash IS NOT NULL AND created_at < ?').run(cutoffs.editTokensBefore).changes,
        addresses:
          this.sql('UPDATE comments SET address_hash = NULL WHERE address_hash IS NOT NULL AND created_at < ?').run(cutoffs.addressesBefore).changes +
          this.sql('DELETE FROM blocked_addresses WHERE created_at < ?').run(cutoffs.addressesBefore).changes,
        rateLimits: this.sql('DELETE FROM rate_limits WHERE at < ?').run(cutoffs.rateLimitsBefore).changes,
        outbox: this.sql(`DELETE FROM outbox WHERE status <> 'pending' AND done_at < ?`).run(cutoffs.outboxBefore).changes,
        sessions: this.sql('DELETE FROM admin_sessions WHERE expires_at < ?').run(cutoffs.sessionsBefore).changes,
        proofs: this.sql('DELETE FROM spent_proofs WHERE expires_at < ?').run(cutoffs.proofsBefore).changes,
        emails:
          cutoffs.emailsBefore === null
            ? 0
            : this.sql('UPDATE comments SET author_email = NULL, notify_replies = 0 WHERE author_email IS NOT NULL AND created_at < ?').run(cutoffs.emailsBefore).changes,
      }),
    );
    return run.immediate();
  }

  async all(): Promise<StoredComment[]> {
    const aliases = aliasesByComment(this.sql('SELECT comment_id, alias FROM comment_aliases').all() as Array<{ comment_id: string; alias: string }>);
    return (this.sql('SELECT * FROM comments ORDER BY created_at, id').all() as Row[]).map((row) => ({ ...fromRow(row), aliases: aliases.get(row.id) ?? [] }));
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
