/**
 * Schema migrations, one numbered list per database. A migration is never edited once
 * released: a change to the schema is a new entry at the end. Each store applies the ones it
 * has not applied yet, in order, each in a transaction, and records them in
 * `schema_migrations`.
 *
 * Dates are kept as ISO 8601 text in SQLite (which sorts chronologically) and as
 * `timestamptz` in PostgreSQL.
 *
 * Version 2: idempotency keys remember the fingerprint of the post that claimed them (keys
 * from before have none, and replays of them get a conflict, never the comment), and an index
 * by age lets expired ones be removed cheaply. Version 3: comments remember the keyed hash of
 * the network they came from, which can be blocked (for a while, `blocked_addresses`).
 * Version 4: a comment may be a `webmention`, may carry a verified `role` (`author`,
 * `moderator`), and may be known by other ids within its thread (`comment_aliases`, an
 * import's source ids). SQLite cannot change a CHECK constraint, so its version 4 rebuilds
 * `comments` the way SQLite documents (https://www.sqlite.org/lang_altertable.html, "Making
 * other kinds of table schema changes"): a new table, the rows copied, the old one dropped,
 * the new one renamed, its indexes made again. That needs foreign keys off, which SQLite
 * allows only outside a transaction: `SqliteStore.migrate` turns them off around the
 * migrations and runs `PRAGMA foreign_key_check` before it commits. PostgreSQL drops the
 * check constraint on `kind` (found by its column, whatever it is called) and adds the new one.
 * Version 5: the change log (`changes`), from which live clients that reconnect catch up,
 * and the rate-limit buckets (`rate_limits`), shared by every server process on the database
 * (unlogged on PostgreSQL: losing them in a crash costs nothing but a fresh budget).
 * Version 6: votes, one per voter (the hash of their author key) and comment, removed with
 * their comment; `pinned` top-level comments; the index of top-level comments per thread gains
 * `pinned` (a page reads the pinned ones, then the others, each part one range of an index),
 * and `comments_top` serves the `top` order the same way. A comment's `score` stays the
 * column it was (imports bring scores): a vote moves it by the difference it makes.
 * Version 7: `threads`, a row for each thread a moderator closed or opened by hand; a thread
 * without one is open, unless the server closes threads some days after their first comment
 * (`--close-after`), which needs no column: the first comment's date is read from
 * `comments_roots`. Version 8: two partial indexes of published comments by date, site-wide
 * and per thread, for the feeds (`feeds.ts`): the newest first, one range each. Version 9:
 * votes by voter, for a visitor who downloads or withdraws all of theirs. Version 10: the
 * outbox, deliveries to other systems (webhooks) kept until they succeed or run out of tries:
 * they survive a restart, and any server process may send a due one (`CommentStore.claimDue`).
 * Version 11: the moderation page's sign-ins (`admin_sessions`), by a hash of the session's
 * cookie, until they expire or the moderator signs out (`admin-session.ts`).
 * Version 12: `spent_proofs`, the proof-of-work challenges that let a post through
 * (`--proof-of-work`), each until it expires: spent once, by whichever process took the post.
 * Version 13: e-mail notifications (`mail/`): the address a commenter gave (only for mail, as
 * given; `comments_with_email` serves the sweep's `--forget-email` and the moderator's look-up
 * by address) and whether they want mail about replies; `mail_unsubscribed`, the keyed hashes
 * of addresses (with the kind of mail) that asked for no more, kept for good; the outbox's due
 * items by kind, since webhooks and mail have senders of their own.
 *
 * @module
 */

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'comments, idempotency keys, blocked authors, settings',
    sql: `
      CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        thread_id TEXT NOT NULL,
        parent_id TEXT REFERENCES comments (id),
        root_id TEXT NOT NULL,
        author_name TEXT NOT NULL DEFAULT '',
        author_website TEXT,
        body TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('published', 'pending', 'spam', 'rejected', 'deleted')),
        kind TEXT NOT NULL DEFAULT 'comment' CHECK (kind IN ('comment', 'pingback', 'trackback')),
        score INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT,
        edit_token_hash TEXT,
        author_hash TEXT
      );
      CREATE INDEX comments_roots ON comments (thread_id, created_at, id) WHERE parent_id IS NULL;
      CREATE INDEX comments_by_root ON comments (root_id, created_at);
      CREATE INDEX comments_by_parent ON comments (parent_id);
      CREATE INDEX comments_by_status ON comments (status, created_at) WHERE status IN ('pending', 'spam');
      CREATE INDEX comments_by_author ON comments (author_hash, status);
      CREATE TABLE idempotency_keys (
        key TEXT PRIMARY KEY,
        comment_id TEXT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL
      );
      CREATE TABLE blocked_authors (
        author_hash TEXT PRIMARY KEY,
        created_at TEXT NOT NULL
      );
      CREATE TABLE settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'idempotency fingerprints and expiry',
    sql: `
      ALTER TABLE idempotency_keys ADD COLUMN fingerprint TEXT;
      CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
    `,
  },
  {
    version: 3,
    name: 'client networks, blocked networks',
    sql: `
      ALTER TABLE comments ADD COLUMN address_hash TEXT;
      CREATE TABLE blocked_addresses (
        address_hash TEXT PRIMARY KEY,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'webmentions, verified roles, aliases',
    sql: `
      CREATE TABLE comments_v4 (
        id TEXT PRIMARY KEY,
        thread_id TEXT NOT NULL,
        parent_id TEXT REFERENCES comments (id),
        root_id TEXT NOT NULL,
        author_name TEXT NOT NULL DEFAULT '',
        author_website TEXT,
        body TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('published', 'pending', 'spam', 'rejected', 'deleted')),
        kind TEXT NOT NULL DEFAULT 'comment' CHECK (kind IN ('comment', 'pingback', 'trackback', 'webmention')),
        score INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT,
        edit_token_hash TEXT,
        author_hash TEXT,
        address_hash TEXT,
        role TEXT CHECK (role IN ('author', 'moderator'))
      );
      INSERT INTO comments_v4 (id, thread_id, parent_id, root_id, author_name, author_website, body, status, kind, score,
          created_at, updated_at, edit_token_hash, author_hash, address_hash)
        SELECT id, thread_id, parent_id, root_id, author_name, author_website, body, status, kind, score,
          created_at, updated_at, edit_token_hash, author_hash, address_hash
        FROM comments;
      DROP TABLE comments;
      ALTER TABLE comments_v4 RENAME TO comments;
      CREATE INDEX comments_roots ON comments (thread_id, created_at, id) WHERE parent_id IS NULL;
      CREATE INDEX comments_by_root ON comments (root_id, created_at);
      CREATE INDEX comments_by_parent ON comments (parent_id);
      CREATE INDEX comments_by_status ON comments (status, created_at) WHERE status IN ('pending', 'spam');
      CREATE INDEX comments_by_author ON comments (author_hash, status);
      CREATE INDEX comments_verified ON comments (author_name) WHERE role IS NOT NULL;
      CREATE TABLE comment_aliases (
        thread_id TEXT NOT NULL,
        alias TEXT NOT NULL,
        comment_id TEXT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
        PRIMARY KEY (thread_id, alias)
      );
      CREATE INDEX comment_aliases_by_comment ON comment_aliases (comment_id);
    `,
  },
  {
    version: 5,
    name: 'change log, shared rate limits',
    sql: `
      CREATE TABLE changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        thread_id TEXT NOT NULL,
        comment_id TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('created', 'updated', 'deleted')),
        created_at TEXT NOT NULL
      );
      CREATE INDEX changes_by_thread ON changes (thread_id, seq);
      CREATE TABLE rate_limits (
        key TEXT PRIMARY KEY,
        tokens REAL NOT NULL,
        at REAL NOT NULL,
        allowed INTEGER NOT NULL
      );
      CREATE INDEX rate_limits_by_age ON rate_limits (at);
      CREATE INDEX comments_with_edit_token ON comments (created_at) WHERE edit_token_hash IS NOT NULL;
      CREATE INDEX comments_with_address ON comments (created_at) WHERE address_hash IS NOT NULL;
    `,
  },
  {
    version: 6,
    name: 'votes, pinned comments',
    sql: `
      CREATE TABLE votes (
        comment_id TEXT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
        voter_hash TEXT NOT NULL,
        value INTEGER NOT NULL CHECK (value IN (-1, 1)),
        created_at TEXT NOT NULL,
        PRIMARY KEY (comment_id, voter_hash)
      );
      ALTER TABLE comments ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1));
      DROP INDEX comments_roots;
      CREATE INDEX comments_roots ON comments (thread_id, pinned, created_at, id) WHERE parent_id IS NULL;
      CREATE INDEX comments_top ON comments (thread_id, pinned, score DESC, created_at, id) WHERE parent_id IS NULL;
    `,
  },
  {
    version: 7,
    name: 'threads closed or opened by hand',
    sql: `
      CREATE TABLE threads (
        thread_id TEXT PRIMARY KEY,
        closed INTEGER NOT NULL CHECK (closed IN (0, 1)),
        changed_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 8,
    name: 'feeds: published comments by date',
    sql: `
      CREATE INDEX comments_feed ON comments (created_at, id) WHERE status = 'published' AND kind = 'comment';
      CREATE INDEX comments_thread_feed ON comments (thread_id, created_at, id) WHERE status = 'published' AND kind = 'comment';
    `,
  },  {
    version: 9,
    name: 'votes by voter',
    sql: `
      CREATE INDEX votes_by_voter ON votes (voter_hash);
    `,
  },  {
    version: 10,
    name: 'outbox: deliveries that retry',
    sql: `
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        target TEXT NOT NULL,
        event TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at TEXT NOT NULL,
        last_result TEXT,
        created_at TEXT NOT NULL,
        done_at TEXT
      );
      CREATE INDEX outbox_due ON outbox (next_at) WHERE status = 'pending';
      CREATE INDEX outbox_recent ON outbox (kind, id);
    `,
  },
  {
    version: 11,
    name: 'moderation page sign-ins',
    sql: `
      CREATE TABLE admin_sessions (
        id_hash TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX admin_sessions_by_expiry ON admin_sessions (expires_at);
    `,
  },
  {
    version: 12,
    name: 'spent proof-of-work challenges',
    sql: `
      CREATE TABLE spent_proofs (
        id TEXT PRIMARY KEY,
        claim TEXT,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX spent_proofs_expiry ON spent_proofs (expires_at);
    `,
  },
  {
    version: 13,
    name: 'e-mail notifications',
    sql: `
      ALTER TABLE comments ADD COLUMN author_email TEXT;
      ALTER TABLE comments ADD COLUMN notify_replies INTEGER NOT NULL DEFAULT 0 CHECK (notify_replies IN (0, 1));
      CREATE INDEX comments_with_email ON comments (created_at) WHERE author_email IS NOT NULL;
      CREATE TABLE mail_unsubscribed (
        address_hash TEXT NOT NULL,
        scope TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (address_hash, scope)
      );
      DROP INDEX outbox_due;
      CREATE INDEX outbox_due ON outbox (kind, next_at) WHERE status = 'pending';
    `,
  },
];

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'comments, idempotency keys, blocked authors, settings',
    sql: `
      CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        thread_id TEXT NOT NULL,
        parent_id TEXT REFERENCES comments (id),
        root_id TEXT NOT NULL,
        author_name TEXT NOT NULL DEFAULT '',
        author_website TEXT,
        body TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('published', 'pending', 'spam', 'rejected', 'deleted')),
        kind TEXT NOT NULL DEFAULT 'comment' CHECK (kind IN ('comment', 'pingback', 'trackback')),
        score INTEGER NOT NULL DEFAULT 0,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ,
        edit_token_hash TEXT,
        author_hash TEXT
      );
      CREATE INDEX comments_roots ON comments (thread_id, created_at, id) WHERE parent_id IS NULL;
      CREATE INDEX comments_by_root ON comments (root_id, created_at);
      CREATE INDEX comments_by_parent ON comments (parent_id);
      CREATE INDEX comments_by_status ON comments (status, created_at) WHERE status IN ('pending', 'spam');
      CREATE INDEX comments_by_author ON comments (author_hash, status);
      CREATE TABLE idempotency_keys (
        key TEXT PRIMARY KEY,
        comment_id TEXT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
        created_at TIMESTAMPTZ NOT NULL
      );
      CREATE TABLE blocked_authors (
        author_hash TEXT PRIMARY KEY,
        created_at TIMESTAMPTZ NOT NULL
      );
      CREATE TABLE settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'idempotency fingerprints and expiry',
    sql: `
      ALTER TABLE idempotency_keys ADD COLUMN fingerprint TEXT;
      CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
    `,
  },
  {
    version: 3,
    name: 'client networks, blocked networks',
    sql: `
      ALTER TABLE comments ADD COLUMN address_hash TEXT;
      CREATE TABLE blocked_addresses (
        address_hash TEXT PRIMARY KEY,
        created_at TIMESTAMPTZ NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'webmentions, verified roles, aliases',
    sql: `
      DO $$
      DECLARE
        found TEXT;
      BEGIN
        -- The check constraints on kind alone, whatever they are called (comments_kind_check by default).
        FOR found IN
          SELECT c.conname FROM pg_constraint c
          WHERE c.conrelid = 'comments'::regclass AND c.contype = 'c'
            AND c.conkey = ARRAY[(SELECT a.attnum FROM pg_attribute a WHERE a.attrelid = 'comments'::regclass AND a.attname = 'kind')]
        LOOP
          EXECUTE format('ALTER TABLE comments DROP CONSTRAINT %I', found);
        END LOOP;
      END
      $$;
      ALTER TABLE comments ADD CONSTRAINT comments_kind_check CHECK (kind IN ('comment', 'pingback', 'trackback', 'webmention'));
      ALTER TABLE comments ADD COLUMN role TEXT CONSTRAINT comments_role_check CHECK (role IN ('author', 'moderator'));
      CREATE INDEX comments_verified ON comments (author_name) WHERE role IS NOT NULL;
      CREATE TABLE comment_aliases (
        thread_id TEXT NOT NULL,
        alias TEXT NOT NULL,
        comment_id TEXT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
        PRIMARY KEY (thread_id, alias)
      );
      CREATE INDEX comment_aliases_by_comment ON comment_aliases (comment_id);
    `,
  },
  {
    version: 5,
    name: 'change log, shared rate limits',
    sql: `
      CREATE TABLE changes (
        seq BIGSERIAL PRIMARY KEY,
        thread_id TEXT NOT NULL,
        comment_id TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('created', 'updated', 'deleted')),
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE INDEX changes_by_thread ON changes (thread_id, seq);
      CREATE UNLOGGED TABLE rate_limits (
        key TEXT PRIMARY KEY,
        tokens DOUBLE PRECISION NOT NULL,
        at DOUBLE PRECISION NOT NULL,
        allowed BOOLEAN NOT NULL
      );
      CREATE INDEX rate_limits_by_age ON rate_limits (at);
      CREATE INDEX comments_with_edit_token ON comments (created_at) WHERE edit_token_hash IS NOT NULL;
      CREATE INDEX comments_with_address ON comments (created_at) WHERE address_hash IS NOT NULL;
    `,
  },
  {
    version: 6,
    name: 'votes, pinned comments',
    sql: `
      CREATE TABLE votes (
        comment_id TEXT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
        voter_hash TEXT NOT NULL,
        value SMALLINT NOT NULL CHECK (value IN (-1, 1)),
        created_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (comment_id, voter_hash)
      );
      ALTER TABLE comments ADD COLUMN pinned BOOLEAN NOT NULL DEFAULT false;
      DROP INDEX comments_roots;
      CREATE INDEX comments_roots ON comments (thread_id, pinned, created_at, id) WHERE parent_id IS NULL;
      CREATE INDEX comments_top ON comments (thread_id, pinned, score DESC, created_at, id) WHERE parent_id IS NULL;
    `,
  },
  {
    version: 7,
    name: 'threads closed or opened by hand',
    sql: `
      CREATE TABLE threads (
        thread_id TEXT PRIMARY KEY,
        closed BOOLEAN NOT NULL,
        changed_at TIMESTAMPTZ NOT NULL
      );
    `,
  },
  {
    version: 8,
    name: 'feeds: published comments by date',
    sql: `
      CREATE INDEX comments_feed ON comments (created_at, id) WHERE status = 'published' AND kind = 'comment';
      CREATE INDEX comments_thread_feed ON comments (thread_id, created_at, id) WHERE status = 'published' AND kind = 'comment';
    `,
  },  {
    version: 9,
    name: 'votes by voter',
    sql: `
      CREATE INDEX votes_by_voter ON votes (voter_hash);
    `,
  },  {
    version: 10,
    name: 'outbox: deliveries that retry',
    sql: `
      CREATE TABLE outbox (
        id BIGSERIAL PRIMARY KEY,
        kind TEXT NOT NULL,
        target TEXT NOT NULL,
        event TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at TIMESTAMPTZ NOT NULL,
        last_result TEXT,
        created_at TIMESTAMPTZ NOT NULL,
        done_at TIMESTAMPTZ
      );
      CREATE INDEX outbox_due ON outbox (next_at) WHERE status = 'pending';
      CREATE INDEX outbox_recent ON outbox (kind, id);
    `,
  },
  {
    version: 11,
    name: 'moderation page sign-ins',
    sql: `
      CREATE TABLE admin_sessions (
        id_hash TEXT PRIMARY KEY,
        created_at TIMESTAMPTZ NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX admin_sessions_by_expiry ON admin_sessions (expires_at);
    `,
  },
  {
    version: 12,
    name: 'spent proof-of-work challenges',
    sql: `
      CREATE TABLE spent_proofs (
        id TEXT PRIMARY KEY,
        claim TEXT,
        expires_at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX spent_proofs_expiry ON spent_proofs (expires_at);
    `,
  },
  {
    version: 13,
    name: 'e-mail notifications',
    sql: `
      ALTER TABLE comments ADD COLUMN author_email TEXT;
      ALTER TABLE comments ADD COLUMN notify_replies BOOLEAN NOT NULL DEFAULT false;
      CREATE INDEX comments_with_email ON comments (created_at) WHERE author_email IS NOT NULL;
      CREATE TABLE mail_unsubscribed (
        address_hash TEXT NOT NULL,
        scope TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (address_hash, scope)
      );
      DROP INDEX outbox_due;
      CREATE INDEX outbox_due ON outbox (kind, next_at) WHERE status = 'pending';
    `,
  },
];
