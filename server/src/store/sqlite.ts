/**
 * The SQLite store (better-sqlite3): one file, WAL journal, `synchronous = FULL` so that a
 * comment acknowledged to a visitor survives even a power cut, and a busy timeout so a second
 * process (a CLI import next to the running server) waits instead of failing.
 *
 * @module
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type {
  AuthorIdentity,
  CommentStore,
  CursorKey,
  IdempotencyClaim,
  InsertResult,
  ListPage,
  ListQuery,
  ModerationQuery,
  NewStoredComment,
  StoredComment,
} from './comment-store.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { listedReplies } from './visibility.js';

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
  score: number;
  created_at: string;
  updated_at: string | null;
  edit_token_hash: string | null;
  author_hash: string | null;
  address_hash: string | null;
}

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
    score: row.score,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    editTokenHash: row.edit_token_hash,
    authorHash: row.author_hash,
    addressHash: row.address_hash,
  };
}

/** The columns and named parameters of a new row, after `INSERT` or `INSERT OR IGNORE`. */
const INSERT = `INTO comments (id, thread_id, parent_id, root_id, author_name, author_website, body, status, kind, score,
    created_at, updated_at, edit_token_hash, author_hash, address_hash)
  VALUES (@id, @threadId, @parentId, @rootId, @authorName, @authorWebsite, @body, @status, @kind, @score,
    @createdAt, @updatedAt, @editTokenHash, @authorHash, @addressHash)`;

const params = (row: NewStoredComment): Record<string, unknown> => ({
  ...row,
  score: row.score ?? 0,
  updatedAt: row.updatedAt ?? null,
  addressHash: row.addressHash ?? null,
});

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
    });
    // IMMEDIATE: a second process migrating at the same moment waits for this one.
    apply.immediate();
  }

  async secret(): Promise<string> {
    this.sql(`INSERT OR IGNORE INTO settings (name, value) VALUES ('secret', ?)`).run(randomBytes(32).toString('base64url'));
    return this.sql(`SELECT value FROM settings WHERE name = 'secret'`).pluck().get() as string;
  }

  async list(query: ListQuery): Promise<ListPage> {
    const params: Record<string, unknown> = {
      threadId: query.threadId,
      authorHash: query.authorHash ?? null,
      limit: query.limit + 1,
    };
    let keyset = '';
    let order: string;
    const after = query.after;
    if (query.sort === 'newest') {
      order = 'created_at DESC, id DESC';
      if (after) keyset = 'AND (created_at, id) < (@afterCreated, @afterId)';
    } else if (query.sort === 'top') {
      order = 'score DESC, created_at ASC, id ASC';
      if (after) keyset = 'AND (score < @afterScore OR (score = @afterScore AND (created_at, id) > (@afterCreated, @afterId)))';
    } else {
      order = 'created_at ASC, id ASC';
      if (after) keyset = 'AND (created_at, id) > (@afterCreated, @afterId)';
    }
    if (after) Object.assign(params, { afterCreated: after.createdAt, afterId: after.id, afterScore: after.score ?? 0 });
    const roots = (
      this.sql(`SELECT c.* FROM comments c WHERE c.thread_id = @threadId AND c.parent_id IS NULL AND ${LISTED_ROOT} ${keyset} ORDER BY ${order} LIMIT @limit`).all(
        params,
      ) as Row[]
    ).map(fromRow);
    const more = roots.length > query.limit;
    if (more) roots.pop();
    let replies: StoredComment[] = [];
    if (roots.length > 0) {
      // Every reply, whatever its status: which are listed depends on what is below them.
      const ids = roots.map(() => '?').join(', ');
      const all = (
        this.sql(`SELECT * FROM comments WHERE root_id IN (${ids}) AND parent_id IS NOT NULL ORDER BY created_at, id`).all(...roots.map((r) => r.id)) as Row[]
      ).map(fromRow);
      replies = listedReplies(all, query.authorHash ?? null);
    }
    const total = this.db
      .prepare(`SELECT count(*) FROM comments WHERE thread_id = ? AND status = 'published'`)
      .pluck()
      .get(query.threadId) as number;
    const last = roots.at(-1);
    const next: CursorKey | null = more && last ? { createdAt: last.createdAt, id: last.id, score: last.score } : null;
    return { comments: [...roots, ...replies], next, total };
  }

  async get(id: string): Promise<StoredComment | null> {
    const row = this.sql('SELECT * FROM comments WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  async insert(comment: NewStoredComment, claim?: IdempotencyClaim | null): Promise<InsertResult> {
    // IMMEDIATE: the write lock first, so two processes cannot both find a key free.
    const run = this.db.transaction((): InsertResult => {
      if (claim) {
        this.sql('DELETE FROM idempotency_keys WHERE created_at < ?').run(claim.expiredBefore);
        const existing = this.sql('SELECT k.fingerprint AS claim_fingerprint, c.* FROM idempotency_keys k JOIN comments c ON c.id = k.comment_id WHERE k.key = ?').get(
          claim.key,
        ) as (Row & { claim_fingerprint: string | null }) | undefined;
        if (existing) return existing.claim_fingerprint === claim.fingerprint ? { outcome: 'replayed', comment: fromRow(existing) } : { outcome: 'conflict' };
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
      return { outcome: 'created', comment: fromRow(this.sql('SELECT * FROM comments WHERE id = ?').get(comment.id) as Row) };
    });
    return run.immediate();
  }

  async update(
    id: string,
    patch: Partial<Pick<StoredComment, 'body' | 'status' | 'updatedAt' | 'authorName' | 'authorWebsite'>>,
  ): Promise<StoredComment | null> {
    const columns: Record<string, string> = {
      body: 'body',
      status: 'status',
      updatedAt: 'updated_at',
      authorName: 'author_name',
      authorWebsite: 'author_website',
    };
    const sets = Object.keys(patch)
      .filter((key) => key in columns)
      .map((key) => `${columns[key]} = @${key}`);
    if (sets.length > 0) this.sql(`UPDATE comments SET ${sets.join(', ')} WHERE id = @id`).run({ ...patch, id });
    return this.get(id);
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
      .prepare(`SELECT thread_id, count(*) AS n FROM comments WHERE thread_id IN (${placeholders}) AND status = 'published' GROUP BY thread_id`)
      .all(...threadIds) as Array<{ thread_id: string; n: number }>;
    for (const row of rows) result[row.thread_id] = row.n;
    return result;
  }

  async hasPublished(authorHash: string): Promise<boolean> {
    return this.sql(`SELECT 1 FROM comments WHERE author_hash = ? AND status = 'published' LIMIT 1`).get(authorHash) !== undefined;
  }

  async moderationQueue(query: ModerationQuery): Promise<StoredComment[]> {
    return (this.sql('SELECT * FROM comments WHERE status = ? ORDER BY created_at, id LIMIT ?').all(query.status, query.limit) as Row[]).map(fromRow);
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

  async importComments(rows: readonly NewStoredComment[]): Promise<{ imported: number; skipped: number }> {
    const insert = this.sql(`INSERT OR IGNORE ${INSERT}`);
    const run = this.db.transaction(() => {
      let imported = 0;
      for (const row of rows) imported += insert.run(params(row)).changes;
      return imported;
    });
    const imported = run.immediate();
    return { imported, skipped: rows.length - imported };
  }

  async all(): Promise<StoredComment[]> {
    return (this.sql('SELECT * FROM comments ORDER BY created_at, id').all() as Row[]).map(fromRow);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
