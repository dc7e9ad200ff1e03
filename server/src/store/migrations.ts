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
];
