/**
 * The PostgreSQL store (`pg`), for sites that outgrow one machine: several server processes
 * share one database. Migrations take an advisory lock so that processes starting together
 * apply each migration once; an idempotent insert relies on the key's primary key, so two
 * processes receiving the same retried post store it once.
 *
 * @module
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import {
  CHANGES_CHANNEL,
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
import { fromChangeRow, type ChangeRow } from './change-row.js';
import { waitSeconds } from '../rate-limit.js';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import { moderationSql } from './moderation-query.js';
import { idsNamed, isNameAmong } from './names.js';
import { idsWithEmail } from '../mail/address.js';
import { outboxEntry, type OutboxRow } from './outbox-row.js';
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
  role: StoredComment['role'];
  score: number;
  pinned: boolean;
  created_at: Date;
  updated_at: Date | null;
  edit_token_hash: string | null;
  author_hash: string | null;
  address_hash: string | null;
  author_email: string | null;
  notify_replies: boolean;
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
    pinned: row.pinned,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at ? row.updated_at.toISOString() : null,
    editTokenHash: row.edit_token_hash,
    authorHash: row.author_hash,
    addressHash: row.address_hash,
    authorEmail: row.author_email,
    notifyReplies: row.notify_replies,
  };
}

/** Inserts a row from {@link values}; callers append ON CONFLICT or RETURNING. */
const INSERT = `INSERT INTO comments (id, thread_id, parent_id, root_id, author_name, author_website, body, status, kind, score,
    created_at, updated_at, edit_token_hash, author_hash, address_hash, role, pinned, author_email, notify_replies)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`;

/** The columns of {@link INSERT} and their types, for a batch inserted from arrays (`unnest`). */
const IMPORT_COLUMNS =
  'id, thread_id, parent_id, root_id, author_name, author_website, body, status, kind, score, created_at, updated_at, edit_token_hash, author_hash, address_hash, role, pinned, author_email, notify_replies';
const IMPORT_TYPES = ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'integer', 'timestamptz', 'timestamptz', 'text', 'text', 'text', 'text', 'boolean', 'text', 'boolean'];

const values = (row: NewStoredComment): unknown[] => [
  row.id,
  row.threadId,
  row.parentId,
  row.rootId,
  row.authorName,
  row.authorWebsite,
  row.body,
  row.status,
  row.kind,
  row.score ?? 0,
  row.createdAt,
  row.updatedAt ?? null,
  row.editTokenHash,
  row.authorHash,
  row.addressHash ?? null,
  row.role ?? null,
  row.pinned ?? false,
  row.authorEmail ?? null,
  row.notifyReplies ?? false,
];

/** Groups alias rows by comment, each comment's sorted by code unit (not by the database's collation). */
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

/** Any number, so unrelated applications' advisory locks do not collide with ours. */
const MIGRATION_LOCK = 0x636f6d74;
/** Held while a change is logged, so that changes commit in `seq` order (see `recordChange`). */
const CHANGE_LOCK = 0x636f6d75;

/** `isVisible` of `visibility.ts` in SQL, for the rows of `alias`, the visitor's hash in $2. */
const visible = (alias: string): string =>
  `(${alias}.status = 'published' OR (${alias}.status = 'pending' AND ${alias}.author_hash IS NOT NULL AND ${alias}.author_hash = $2))`;

/** A top-level comment `c` is listed when visible, or when a visible reply is anywhere below it. */
const LISTED_ROOT = `(${visible('c')} OR EXISTS (SELECT 1 FROM comments r WHERE r.root_id = c.id AND r.parent_id IS NOT NULL AND ${visible('r')}))`;

/** The idempotency key's comment and the fingerprint it was claimed with. */
type ClaimedRow = Row & { claim_fingerprint: string | null };

export class PostgresStore implements CommentStore {
  readonly dialect = 'postgres';
  /** The pool, shared with the live-update listener (`live.ts`). */
  readonly pool: pg.Pool;

  /** @param connectionString A `postgres://` URL. */
  constructor(connectionString: string) {
    this.pool = new pg.Pool({ connectionString, max: 10 });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    this.pool.on('error', (error) => console.error('comment-thread-server: idle PostgreSQL connection failed:', error.message));
    // And none at all may: each connection keeps a listener for 'error' all its life. pg-pool
    // listens only while a client is idle, and its own queries listen once, so a terminated
    // connection's second error (PostgreSQL's FATAL message, then the socket closing) could
    // come unheard and end the process (seen under postgres-faults.test.mjs). The query under
    // way rejects with the error either way, and the pool discards the client.
    this.pool.on('connect', (client) => client.on('error', () => undefined));
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A connection that fails while checked out (PostgreSQL terminated it, restarted, the
    // network broke) emits 'error' on its client, which would crash the process unheard: the
    // query under way rejects with it anyway, and the client is discarded below.
    let broken: Error | undefined;
    const onError = (error: Error): void => {
      broken = error;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      if (!broken) await client.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
      throw error;
    } finally {
      client.off('error', onError);
      // Released with an error, the pool closes the client instead of reusing it.
      client.release(broken ?? false);
    }
  }

  async migrate(): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)',
      );
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (const migration of POSTGRES_MIGRATIONS) {
        if (done.has(migration.version)) continue;
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [migration.version, migration.name]);
      }
    });
  }

  async secret(): Promise<string> {
    await this.pool.query(`INSERT INTO settings (name, value) VALUES ('secret', $1) ON CONFLICT (name) DO NOTHING`, [randomBytes(32).toString('base64url')]);
    return (await this.pool.query<{ value: string }>(`SELECT value FROM settings WHERE name = 'secret'`)).rows[0]!.value;
  }

  async list(query: ListQuery): Promise<ListPage> {
    const after = query.after ?? null;
    // The pinned top-level comments, then the others: each part is one range of an index
    // (`comments_roots`, or `comments_top` for top), whatever the order.
    const roots: StoredComment[] = [];
    if (!after || after.pinned) roots.push(...(await this.roots(query, true, after, query.limit + 1)));
    if (roots.length <= query.limit) roots.push(...(await this.roots(query, false, after?.pinned ? null : after, query.limit + 1 - roots.length)));
    const more = roots.length > query.limit;
    if (more) roots.pop();
    // The first page also carries the thread's mentions, oldest first.
    const mentions = after
      ? []
      : (
          await this.pool.query<Row>(
            `SELECT c.* FROM comments c WHERE c.thread_id = $1 AND c.parent_id IS NULL AND c.kind <> 'comment' AND ${LISTED_ROOT} ORDER BY created_at, id LIMIT ${MAX_MENTIONS}`,
            [query.threadId, query.authorHash ?? null],
          )
        ).rows.map(fromRow);
    let replies: StoredComment[] = [];
    if (roots.length + mentions.length > 0) {
      // Every reply, whatever its status: which are listed depends on what is below them.
      const all = (
        await this.pool.query<Row>('SELECT * FROM comments WHERE root_id = ANY($1::text[]) AND parent_id IS NOT NULL ORDER BY created_at, id', [
          [...roots, ...mentions].map((r) => r.id),
        ])
      ).rows.map(fromRow);
      replies = listedReplies(all, query.authorHash ?? null);
    }
    const mentionIds = new Set(mentions.map((m) => m.id));
    const ordered = [...roots, ...replies.filter((r) => !mentionIds.has(r.rootId)), ...mentions, ...replies.filter((r) => mentionIds.has(r.rootId))];
    const counts = (
      await this.pool.query<{ total: string; mentions: string }>(
        `SELECT count(*) FILTER (WHERE kind = 'comment') AS total, count(*) FILTER (WHERE kind <> 'comment') AS mentions
         FROM comments WHERE thread_id = $1 AND status = 'published'`,
        [query.threadId],
      )
    ).rows[0]!;
    const last = roots.at(-1);
    const next: CursorKey | null = more && last ? { createdAt: last.createdAt, id: last.id, score: last.score, pinned: last.pinned } : null;
    return { comments: await this.withAliases(ordered), next, total: Number(counts.total), mentions: Number(counts.mentions) };
  }

  /** Up to `limit` listed top-level comments (of kind `comment`) that are `pinned` or not, after `after`, in `query.sort` order. */
  private async roots(query: ListQuery, pinned: boolean, after: CursorKey | null, limit: number): Promise<StoredComment[]> {
    const params: unknown[] = [query.threadId, query.authorHash ?? null, limit, pinned];
    let keyset = '';
    let order: string;
    if (after) params.push(after.createdAt, after.id);
    if (after && query.sort === 'top') params.push(after.score ?? 0);
    if (query.sort === 'newest') {
      order = 'c.created_at DESC, c.id DESC';
      if (after) keyset = 'AND (c.created_at, c.id) < ($5::timestamptz, $6)';
    } else if (query.sort === 'top') {
      order = 'c.score DESC, c.created_at ASC, c.id ASC';
      // (`score <=` first: where the page starts in the index.)
      if (after) keyset = 'AND c.score <= $7 AND (c.score < $7 OR (c.created_at, c.id) > ($5::timestamptz, $6))';
    } else {
      order = 'c.created_at ASC, c.id ASC';
      if (after) keyset = 'AND (c.created_at, c.id) > ($5::timestamptz, $6)';
    }
    const { rows } = await this.pool.query<Row>(
      `SELECT c.* FROM comments c WHERE c.thread_id = $1 AND c.parent_id IS NULL AND c.pinned = $4 AND c.kind = 'comment' AND ${LISTED_ROOT} ${keyset} ORDER BY ${order} LIMIT $3`,
      params,
    );
    return rows.map(fromRow);
  }

  /** The comments with their aliases (one query for all of them). */
  private async withAliases(comments: readonly StoredComment[]): Promise<StoredComment[]> {
    if (comments.length === 0) return [];
    const aliases = aliasesByComment(
      (
        await this.pool.query<{ comment_id: string; alias: string }>('SELECT comment_id, alias FROM comment_aliases WHERE comment_id = ANY($1::text[])', [
          comments.map((c) => c.id),
        ])
      ).rows,
    );
    return aliases.size === 0 ? [...comments] : comments.map((c) => (aliases.has(c.id) ? { ...c, aliases: aliases.get(c.id)! } : c));
  }

  /** A row (or none) as a comment with its aliases. */
  private async one(row: Row | undefined): Promise<StoredComment | null> {
    return row ? (await this.withAliases([fromRow(row)]))[0]! : null;
  }

  async get(id: string): Promise<StoredComment | null> {
    return this.one((await this.pool.query<Row>('SELECT * FROM comments WHERE id = $1', [id])).rows[0]);
  }

  async resolve(idOrAlias: string, threadId: string | null): Promise<StoredComment | null> {
    if (threadId === null) return this.get(idOrAlias);
    const byId = (await this.pool.query<Row>('SELECT * FROM comments WHERE id = $1 AND thread_id = $2', [idOrAlias, threadId])).rows[0];
    if (byId) return this.one(byId);
    const byAlias = await this.pool.query<Row>(
      'SELECT c.* FROM comment_aliases a JOIN comments c ON c.id = a.comment_id WHERE a.thread_id = $1 AND a.alias = $2',
      [threadId, idOrAlias],
    );
    return this.one(byAlias.rows[0]);
  }

  async ancestors(id: string): Promise<StoredComment[]> {
    // Depth-limited, so that even a cycle (which neither posting nor importing can make) ends.
    const rows = (
      await this.pool.query<Row>(
        `WITH RECURSIVE up(id, depth) AS (
           SELECT parent_id, 1 FROM comments WHERE id = $1 AND parent_id IS NOT NULL
           UNION ALL
           SELECT c.parent_id, up.depth + 1 FROM comments c JOIN up ON c.id = up.id WHERE c.parent_id IS NOT NULL AND up.depth < 10000
         )
         SELECT c.* FROM up JOIN comments c ON c.id = up.id ORDER BY up.depth DESC`,
        [id],
      )
    ).rows;
    return this.withAliases(rows.map(fromRow));
  }

  async isVerifiedName(name: string): Promise<boolean> {
    const names = (await this.pool.query<{ author_name: string }>(`SELECT DISTINCT author_name FROM comments WHERE role IS NOT NULL AND author_name <> ''`)).rows;
    return isNameAmong(name, names.map((row) => row.author_name));
  }

  /** What a claim finds under its key: a replay, a conflict, or (null) nothing. */
  private async byKey(claim: IdempotencyClaim): Promise<InsertResult | null> {
    const row = (
      await this.pool.query<ClaimedRow>(
        'SELECT k.fingerprint AS claim_fingerprint, c.* FROM idempotency_keys k JOIN comments c ON c.id = k.comment_id WHERE k.key = $1',
        [claim.key],
      )
    ).rows[0];
    if (!row) return null;
    return row.claim_fingerprint === claim.fingerprint ? { outcome: 'replayed', comment: (await this.one(row))! } : { outcome: 'conflict' };
  }

  async insert(comment: NewStoredComment, claim?: IdempotencyClaim | null): Promise<InsertResult> {
    if (claim) {
      await this.pool.query('DELETE FROM idempotency_keys WHERE created_at < $1', [claim.expiredBefore]);
      const existing = await this.byKey(claim);
      if (existing) return existing;
    }
    const inserted = await this.transaction(async (client) => {
      const row = (await client.query<Row>(`${INSERT} RETURNING *`, values(comment))).rows[0]!;
      if (claim) {
        // Waits for a concurrent transaction holding the same key; if that one committed,
        // nothing is inserted here and this comment is rolled back.
        const claimed = await client.query(
          'INSERT INTO idempotency_keys (key, comment_id, created_at, fingerprint) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING RETURNING key',
          [claim.key, comment.id, comment.createdAt, claim.fingerprint],
        );
        if (claimed.rowCount === 0) throw new LostRace();
      }
      return fromRow(row);
    }).catch(async (error: unknown) => {
      if (error instanceof LostRace && claim) return null;
      throw error;
    });
    if (inserted) return { outcome: 'created', comment: inserted };
    const winner = await this.byKey(claim!);
    if (!winner) throw new Error('idempotency key claimed but its comment is missing');
    return winner;
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
    const keys = Object.keys(patch).filter((key) => key in columns) as Array<keyof typeof patch>;
    if (keys.length === 0) return this.get(id);
    const sets = keys.map((key, i) => `${columns[key]} = $${i + 2}`);
    const row = (await this.pool.query<Row>(`UPDATE comments SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, [id, ...keys.map((k) => patch[k])])).rows[0];
    return this.one(row);
  }

  async vote(id: string, voterHash: string, value: VoteValue, at: string): Promise<VoteResult | null> {
    const result = await this.transaction(async (client): Promise<VoteResult | null> => {
      // The comment's row lock takes the votes on it one at a time: each replaces the vote it read.
      const row = (await client.query<Row>(`SELECT * FROM comments WHERE id = $1 AND status = 'published' AND kind = 'comment' FOR UPDATE`, [id])).rows[0];
      if (!row) return null;
      const before = (await client.query<{ value: number }>('SELECT value FROM votes WHERE comment_id = $1 AND voter_hash = $2', [id, voterHash])).rows[0]?.value ?? 0;
      const change = value - before;
      if (change === 0) return { comment: fromRow(row), myVote: value, changed: false };
      if (value === 0) await client.query('DELETE FROM votes WHERE comment_id = $1 AND voter_hash = $2', [id, voterHash]);
      else {
        await client.query(
          'INSERT INTO votes (comment_id, voter_hash, value, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (comment_id, voter_hash) DO UPDATE SET value = excluded.value, created_at = excluded.created_at',
          [id, voterHash, value, at],
        );
      }
      const updated = (await client.query<Row>('UPDATE comments SET score = score + $2 WHERE id = $1 RETURNING *', [id, change])).rows[0]!;
      return { comment: fromRow(updated), myVote: value, changed: true };
    });
    return result && { ...result, comment: (await this.withAliases([result.comment]))[0]! };
  }

  async votesOf(voterHash: string, ids: readonly string[]): Promise<Map<string, 1 | -1>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.pool.query<{ comment_id: string; value: 1 | -1 }>('SELECT comment_id, value FROM votes WHERE comment_id = ANY($1::text[]) AND voter_hash = $2', [
      ids,
      voterHash,
    ]);
    return new Map(rows.map((row) => [row.comment_id, row.value]));
  }

  async commentsByAuthor(authorHash: string): Promise<StoredComment[]> {
    const rows = (await this.pool.query<Row>('SELECT * FROM comments WHERE author_hash = $1 ORDER BY created_at, id', [authorHash])).rows;
    return this.withAliases(rows.map(fromRow));
  }

  async commentsByName(name: string): Promise<StoredComment[]> {
    const ids = idsNamed((await this.pool.query<{ id: string; author_name: string }>(`SELECT id, author_name FROM comments WHERE author_name <> ''`)).rows, name);
    if (ids.length === 0) return [];
    return this.withAliases((await this.pool.query<Row>('SELECT * FROM comments WHERE id = ANY($1::text[]) ORDER BY created_at, id', [ids])).rows.map(fromRow));
  }

  async commentsByEmail(email: string): Promise<StoredComment[]> {
    const rows = (await this.pool.query<{ id: string; author_email: string }>('SELECT id, author_email FROM comments WHERE author_email IS NOT NULL')).rows;
    const ids = idsWithEmail(rows, email);
    if (ids.length === 0) return [];
    return this.withAliases((await this.pool.query<Row>('SELECT * FROM comments WHERE id = ANY($1::text[]) ORDER BY created_at, id', [ids])).rows.map(fromRow));
  }

  async unsubscribe(addressHash: string, scope: string, at: string): Promise<void> {
    await this.pool.query('INSERT INTO mail_unsubscribed (address_hash, scope, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [addressHash, scope, at]);
  }

  async isUnsubscribed(addressHash: string, scope: string): Promise<boolean> {
    return (await this.pool.query('SELECT 1 FROM mail_unsubscribed WHERE address_hash = $1 AND scope = $2', [addressHash, scope])).rowCount! > 0;
  }

  async enqueue(items: readonly OutboxItem[], at: string): Promise<void> {
    if (items.length === 0) return;
    await this.pool.query(
      'INSERT INTO outbox (kind, target, event, payload, next_at, created_at) SELECT kind, target, event, payload, $2, $2 FROM jsonb_to_recordset($1::jsonb) AS x(kind text, target text, event text, payload text)',
      [JSON.stringify(items), at],
    );
  }

  async claimDue(kind: OutboxItem['kind'], at: string, until: string, limit: number): Promise<OutboxEntry[]> {
    // SKIP LOCKED: processes claiming at once take different items.
    const rows = (
      await this.pool.query<OutboxRow>(
        `UPDATE outbox SET next_at = $2 WHERE id IN (
           SELECT id FROM outbox WHERE status = 'pending' AND kind = $4 AND next_at <= $1 ORDER BY next_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
         ) RETURNING *`,
        [at, until, limit, kind],
      )
    ).rows;
    return rows.map(outboxEntry).sort((a, b) => a.id - b.id);
  }

  async settle(id: number, attempt: Attempt): Promise<void> {
    await this.pool.query('UPDATE outbox SET status = $1, attempts = $2, next_at = $3, last_result = $4, done_at = $5 WHERE id = $6', [
      attempt.status,
      attempt.attempts,
      attempt.nextAt,
      attempt.lastResult,
      attempt.doneAt,
      id,
    ]);
  }

  async outbox(kind: OutboxItem['kind'], limit: number): Promise<OutboxEntry[]> {
    return (await this.pool.query<OutboxRow>('SELECT * FROM outbox WHERE kind = $1 ORDER BY id DESC LIMIT $2', [kind, limit])).rows.map(outboxEntry);
  }

  async votesBy(voterHash: string): Promise<CastVote[]> {
    const rows = (
      await this.pool.query<{ comment_id: string; thread_id: string; value: number; created_at: Date }>(
        'SELECT v.comment_id, c.thread_id, v.value, v.created_at FROM votes v JOIN comments c ON c.id = v.comment_id WHERE v.voter_hash = $1 ORDER BY v.created_at, v.comment_id',
        [voterHash],
      )
    ).rows;
    return rows.map((row) => ({ commentId: row.comment_id, threadId: row.thread_id, value: row.value === 1 ? 1 : -1, createdAt: row.created_at.toISOString() }));
  }

  async withdrawVotes(voterHash: string): Promise<string[]> {
    return this.transaction(async (client) => {
      // Each comment's row is locked as a vote's would be, then its score moves back.
      const rows = (
        await client.query<{ comment_id: string }>(
          `UPDATE comments c SET score = c.score - v.value FROM votes v WHERE v.comment_id = c.id AND v.voter_hash = $1 RETURNING c.id AS comment_id`,
          [voterHash],
        )
      ).rows;
      await client.query('DELETE FROM votes WHERE voter_hash = $1', [voterHash]);
      return rows.map((row) => row.comment_id).sort();
    });
  }

  async deleteVotes(id: string): Promise<void> {
    await this.pool.query('DELETE FROM votes WHERE comment_id = $1', [id]);
  }

  async delete(id: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM comments WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  async hasReplies(id: string): Promise<boolean> {
    return (await this.pool.query('SELECT 1 FROM comments WHERE parent_id = $1 LIMIT 1', [id])).rowCount! > 0;
  }

  async hasVisibleBelow(id: string, authorHash: string | null): Promise<boolean> {
    const below = `WITH RECURSIVE below(id, status, author_hash) AS (
        SELECT id, status, author_hash FROM comments WHERE parent_id = $1
        UNION ALL
        SELECT c.id, c.status, c.author_hash FROM comments c JOIN below b ON c.parent_id = b.id
      )
      SELECT 1 FROM below b WHERE ${visible('b')} LIMIT 1`;
    return (await this.pool.query(below, [id, authorHash])).rowCount! > 0;
  }

  async removePlaceholder(id: string): Promise<boolean> {
    const result = await this.pool.query(
      `DELETE FROM comments WHERE id = $1 AND status = 'deleted' AND NOT EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = $1)`,
      [id],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async counts(threadIds: readonly string[]): Promise<Record<string, number>> {
    const result: Record<string, number> = Object.fromEntries(threadIds.map((id) => [id, 0]));
    if (threadIds.length === 0) return result;
    const rows = (
      await this.pool.query<{ thread_id: string; n: string }>(
        `SELECT thread_id, count(*) AS n FROM comments WHERE thread_id = ANY($1::text[]) AND status = 'published' AND kind = 'comment' GROUP BY thread_id`,
        [threadIds],
      )
    ).rows;
    for (const row of rows) result[row.thread_id] = Number(row.n);
    return result;
  }

  async hasPublished(authorHash: string): Promise<boolean> {
    return (await this.pool.query(`SELECT 1 FROM comments WHERE author_hash = $1 AND status = 'published' LIMIT 1`, [authorHash])).rowCount! > 0;
  }

  async recent(query: { threadId: string | null; limit: number }): Promise<StoredComment[]> {
    const rows =
      query.threadId === null
        ? await this.pool.query<Row>(`SELECT * FROM comments WHERE status = 'published' AND kind = 'comment' ORDER BY created_at DESC, id DESC LIMIT $1`, [query.limit])
        : await this.pool.query<Row>(`SELECT * FROM comments WHERE status = 'published' AND kind = 'comment' AND thread_id = $2 ORDER BY created_at DESC, id DESC LIMIT $1`, [
            query.limit,
            query.threadId,
          ]);
    return this.withAliases(rows.rows.map(fromRow));
  }

  async threadState(threadId: string): Promise<ThreadState> {
    // Each min is one end of a range of comments_roots (thread, pinned, created_at): the first
    // comment of a thread is a top-level one, pinned or not.
    const row = (
      await this.pool.query<{ closed: boolean | null; first: Date | null }>(
        `SELECT (SELECT closed FROM threads WHERE thread_id = $1) AS closed,
                (SELECT min(m) FROM (SELECT min(created_at) AS m FROM comments WHERE thread_id = $1 AND parent_id IS NULL AND NOT pinned
                                     UNION ALL SELECT min(created_at) FROM comments WHERE thread_id = $1 AND parent_id IS NULL AND pinned) AS firsts) AS first`,
        [threadId],
      )
    ).rows[0]!;
    return { closed: row.closed, firstCommentAt: row.first ? row.first.toISOString() : null };
  }

  async setThreadClosed(threadId: string, closed: boolean, at: string): Promise<void> {
    await this.pool.query(
      'INSERT INTO threads (thread_id, closed, changed_at) VALUES ($1, $2, $3) ON CONFLICT (thread_id) DO UPDATE SET closed = excluded.closed, changed_at = excluded.changed_at',
      [threadId, closed, at],
    );
  }

  async moderationQueue(query: ModerationQuery): Promise<StoredComment[]> {
    const { text, params } = moderationSql(query, (n) => `$${n}`, 'ILIKE');
    return this.withAliases((await this.pool.query<Row>(text, params)).rows.map(fromRow));
  }

  async openSession(idHash: string, createdAt: string, expiresAt: string): Promise<void> {
    await this.pool.query('INSERT INTO admin_sessions (id_hash, created_at, expires_at) VALUES ($1, $2, $3)', [idHash, createdAt, expiresAt]);
  }

  async sessionExpiry(idHash: string, at: string): Promise<string | null> {
    const rows = (await this.pool.query<{ expires_at: Date }>('SELECT expires_at FROM admin_sessions WHERE id_hash = $1 AND expires_at > $2', [idHash, at])).rows;
    return rows[0]?.expires_at.toISOString() ?? null;
  }

  async closeSession(idHash: string): Promise<void> {
    await this.pool.query('DELETE FROM admin_sessions WHERE id_hash = $1', [idHash]);
  }

  async block(identity: AuthorIdentity, at: string): Promise<void> {
    if (identity.authorHash) {
      await this.pool.query('INSERT INTO blocked_authors (author_hash, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [identity.authorHash, at]);
    }
    if (identity.addressHash) {
      // Blocking again starts the period again.
      await this.pool.query(
        'INSERT INTO blocked_addresses (address_hash, created_at) VALUES ($1, $2) ON CONFLICT (address_hash) DO UPDATE SET created_at = excluded.created_at',
        [identity.addressHash, at],
      );
    }
  }

  async isBlocked(identity: AuthorIdentity, addressBlockedSince: string): Promise<boolean> {
    if (identity.authorHash && (await this.pool.query('SELECT 1 FROM blocked_authors WHERE author_hash = $1', [identity.authorHash])).rowCount! > 0) return true;
    if (!identity.addressHash) return false;
    const result = await this.pool.query('SELECT 1 FROM blocked_addresses WHERE address_hash = $1 AND created_at >= $2', [identity.addressHash, addressBlockedSince]);
    return result.rowCount! > 0;
  }

  /**
   * A batch in a few statements, whatever its size: the rows in one `INSERT … SELECT FROM
   * unnest(…)` (PostgreSQL checks a parent reference when the statement ends, so a batch holds
   * replies and their parents alike), then the aliases, checked and stored a batch at a time.
   * A row at a time cost five round trips per comment: 110 s for a 200 MB WordPress export.
   */
  async importComments(rows: readonly NewStoredComment[]): Promise<ImportResult> {
    return this.transaction(async (client): Promise<ImportResult> => {
      const table = rows.map(values);
      const columns = IMPORT_TYPES.map((_, i) => table.map((row) => row[i]));
      const inserted = await client.query(
        `INSERT INTO comments (${IMPORT_COLUMNS}) SELECT * FROM unnest(${IMPORT_TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ')}) ON CONFLICT (id) DO NOTHING`,
        columns,
      );
      const imported = inserted.rowCount ?? 0;
      // After every row, so that an alias is checked against the ids of the whole import.
      // Reported in the order of the rows, as a row at a time would meet them.
      const skips: Array<{ order: number; skipped: SkippedAlias }> = [];
      const report = (): SkippedAlias[] => skips.sort((a, b) => a.order - b.order).map((s) => s.skipped);
      const wanted: Array<{ order: number; threadId: string; alias: string; commentId: string }> = [];
      for (const row of rows) {
        for (const alias of new Set(row.aliases ?? [])) {
          if (alias === row.id) continue;
          const order = wanted.length + skips.length;
          if (isValidAlias(alias)) wanted.push({ order, threadId: row.threadId, alias, commentId: row.id });
          else skips.push({ order, skipped: { threadId: row.threadId, alias, commentId: row.id, reason: 'invalid' } });
        }
      }
      if (wanted.length === 0) return { imported, skipped: rows.length - imported, aliases: 0, skippedAliases: report() };
      const threadOf = async (ids: string[]): Promise<Map<string, string>> =>
        new Map((await client.query<{ id: string; thread_id: string }>('SELECT id, thread_id FROM comments WHERE id = ANY($1::text[])', [ids])).rows.map((r) => [r.id, r.thread_id]));
      const owners = await threadOf([...new Set(wanted.map((w) => w.commentId))]);
      const aliasIds = await threadOf([...new Set(wanted.map((w) => w.alias))]);
      const candidates = wanted.filter((w) => {
        const skip = (reason: SkippedAlias['reason'], takenBy?: string): boolean =>
          !skips.push({ order: w.order, skipped: { threadId: w.threadId, alias: w.alias, commentId: w.commentId, reason, ...(takenBy !== undefined ? { takenBy } : {}) } });
        if (owners.get(w.commentId) !== w.threadId) return skip('not-stored');
        // The id of another comment of the thread: a link to it must find that one.
        if (aliasIds.get(w.alias) === w.threadId) return skip('taken', w.alias);
        return true;
      });
      // Another import at the same moment, or an earlier row of this one, may take an alias first: then it is taken, and reported.
      const added = new Set(
        (
          await client.query<{ thread_id: string; alias: string; comment_id: string }>(
            'INSERT INTO comment_aliases (thread_id, alias, comment_id) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (thread_id, alias) DO NOTHING RETURNING thread_id, alias, comment_id',
            [candidates.map((c) => c.threadId), candidates.map((c) => c.alias), candidates.map((c) => c.commentId)],
          )
        ).rows.map((r) => `${r.thread_id}\n${r.alias}\n${r.comment_id}`),
      );
      // (Two rows of the batch that want the same alias: the first stored it.)
      const refused = candidates.filter((c) => !added.has(`${c.threadId}\n${c.alias}\n${c.commentId}`));
      if (refused.length > 0) {
        const owner = new Map(
          (
            await client.query<{ thread_id: string; alias: string; comment_id: string }>(
              'SELECT a.thread_id, a.alias, a.comment_id FROM comment_aliases a JOIN unnest($1::text[], $2::text[]) AS w(thread_id, alias) ON a.thread_id = w.thread_id AND a.alias = w.alias',
              [refused.map((c) => c.threadId), refused.map((c) => c.alias)],
            )
          ).rows.map((r) => [`${r.thread_id}\n${r.alias}`, r.comment_id]),
        );
        for (const c of refused) {
          const takenBy = owner.get(`${c.threadId}\n${c.alias}`);
          if (takenBy !== undefined && takenBy !== c.commentId) skips.push({ order: c.order, skipped: { threadId: c.threadId, alias: c.alias, commentId: c.commentId, reason: 'taken', takenBy } });
        }
      }
      return { imported, skipped: rows.length - imported, aliases: added.size, skippedAliases: report() };
    });
  }

  async recordChange(change: Omit<Change, 'seq'>): Promise<Change> {
    // One statement, one transaction: the lock makes changes commit one at a time, in the
    // order of their seq (a sequence alone hands out numbers that may commit out of order, and
    // a process catching up after seq n would miss an n - 1 committed after it). The lock is
    // taken before the row exists (the insert reads from it), and the notification leaves
    // at commit.
    const { rows } = await this.pool.query<{ seq: string }>(
      `WITH locked AS (SELECT pg_advisory_xact_lock($1)),
            logged AS (INSERT INTO changes (thread_id, comment_id, type) SELECT $2, $3, $4 FROM locked RETURNING seq)
       SELECT seq, pg_notify($5, json_build_object('seq', seq, 'type', $4::text, 'threadId', $2::text, 'id', $3::text)::text) FROM logged`,
      [CHANGE_LOCK, change.threadId, change.id, change.type, CHANGES_CHANNEL],
    );
    return { ...change, seq: Number(rows[0]!.seq) };
  }

  async changesSince(seq: number, threadId: string | null, limit: number): Promise<ChangesSince> {
    const { rows } =
      threadId === null
        ? await this.pool.query<ChangeRow>('SELECT seq, type, thread_id, comment_id FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2', [seq, limit + 1])
        : await this.pool.query<ChangeRow>('SELECT seq, type, thread_id, comment_id FROM changes WHERE thread_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [threadId, seq, limit + 1]);
    const oldest = (await this.pool.query<{ min: string | null }>('SELECT min(seq) FROM changes')).rows[0]!.min;
    const complete = rows.length <= limit && (oldest === null || seq >= Number(oldest) - 1);
    return { changes: rows.slice(0, limit).map(fromChangeRow), complete };
  }

  async lastChange(): Promise<number> {
    return Number((await this.pool.query<{ max: string | null }>('SELECT max(seq) FROM changes')).rows[0]!.max ?? 0);
  }

  async takeToken(key: string, rule: RateRule, now: number): Promise<number> {
    const refilled = 'LEAST($3::float8, rate_limits.tokens + GREATEST(0, $2::float8 - rate_limits.at) * $4::float8)';
    const { rows } = await this.pool.query<{ tokens: number; allowed: boolean }>(
      `INSERT INTO rate_limits (key, tokens, at, allowed) VALUES ($1, $3::float8 - 1, $2, true)
       ON CONFLICT (key) DO UPDATE SET
         tokens = ${refilled} - CASE WHEN ${refilled} >= 1 THEN 1 ELSE 0 END,
         allowed = ${refilled} >= 1,
         at = GREATEST(rate_limits.at, $2::float8)
       RETURNING tokens, allowed`,
      [key, now, rule.burst, rule.perMinute / 60_000],
    );
    const row = rows[0]!;
    return row.allowed ? 0 : waitSeconds(row.tokens, rule);
  }

  async returnToken(key: string, rule: RateRule): Promise<void> {
    await this.pool.query('UPDATE rate_limits SET tokens = LEAST($1::float8, tokens + 1) WHERE key = $2', [rule.burst, key]);
  }

  async spendProof(id: string, claim: string | null, expiresAt: string): Promise<boolean> {
    // One statement: the row this post inserted, or the one an earlier post (or this post's
    // earlier attempt) did. A post that meets a concurrent insert of the same id waits for it
    // and finds no row in its own snapshot: spent, whoever it was.
    const { rows } = await this.pool.query<{ claim: string | null; inserted: boolean }>(
      `WITH inserted AS (
         INSERT INTO spent_proofs (id, claim, expires_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING claim
       )
       SELECT claim, true AS inserted FROM inserted
       UNION ALL
       SELECT claim, false AS inserted FROM spent_proofs WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM inserted)`,
      [id, claim, expiresAt],
    );
    const row = rows[0];
    return row !== undefined && (row.inserted || (claim !== null && row.claim === claim));
  }

  async sweep(cutoffs: SweepCutoffs): Promise<SweepResult> {
    return this.transaction(async (client) => {
      const count = async (sql: string, params: unknown[]): Promise<number> => (await client.query(sql, params)).rowCount ?? 0;
      return {
        changes: await count('DELETE FROM changes WHERE created_at < $1 AND seq < (SELECT max(seq) FROM changes)', [cutoffs.changesBefore]),
        editTokens: await count('UPDATE comments SET edit_token_hash = NULL WHERE edit_token_hash IS NOT NULL AND created_at < $1', [cutoffs.editTokensBefore]),
        addresses:
          (await count('UPDATE comments SET address_hash = NULL WHERE address_hash IS NOT NULL AND created_at < $1', [cutoffs.addressesBefore])) +
          (await count('DELETE FROM blocked_addresses WHERE created_at < $1', [cutoffs.addressesBefore])),
        rateLimits: await count('DELETE FROM rate_limits WHERE at < $1', [cutoffs.rateLimitsBefore]),
        outbox: await count(`DELETE FROM outbox WHERE status <> 'pending' AND done_at < $1`, [cutoffs.outboxBefore]),
        sessions: await count('DELETE FROM admin_sessions WHERE expires_at < $1', [cutoffs.sessionsBefore]),
        proofs: await count('DELETE FROM spent_proofs WHERE expires_at < $1', [cutoffs.proofsBefore]),
        emails:
          cutoffs.emailsBefore === null
            ? 0
            : await count('UPDATE comments SET author_email = NULL, notify_replies = false WHERE author_email IS NOT NULL AND created_at < $1', [cutoffs.emailsBefore]),
      };
    });
  }

  async all(): Promise<StoredComment[]> {
    const aliases = aliasesByComment((await this.pool.query<{ comment_id: string; alias: string }>('SELECT comment_id, alias FROM comment_aliases')).rows);
    return (await this.pool.query<Row>('SELECT * FROM comments ORDER BY created_at, id')).rows.map((row) => ({ ...fromRow(row), aliases: aliases.get(row.id) ?? [] }));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Another process stored a post with the same idempotency key first. */
class LostRace extends Error {}
