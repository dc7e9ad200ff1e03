/**
 * Opens the store a `--db` value names and brings its schema up to date.
 *
 * @module
 */
import type { CommentStore } from './store/comment-store.js';
import { PostgresStore } from './store/postgres.js';
import { SqliteStore } from './store/sqlite.js';

export async function openStore(db: string): Promise<CommentStore> {
  const store: CommentStore = db.startsWith('sqlite:') ? new SqliteStore(db.slice('sqlite:'.length)) : new PostgresStore(db);
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}
