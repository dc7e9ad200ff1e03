/**
 * `comment-thread-server backup --db sqlite:PATH FILE`: a consistent copy of a SQLite database
 * while the server runs, through SQLite's online backup API (better-sqlite3's `backup`): pages
 * are copied in steps, and a write by the server meanwhile restarts the copy of what changed,
 * so the file is the database as it was at one moment, with every committed comment, never a
 * torn copy of a file being written. The copy is then checked (`PRAGMA integrity_check`) and
 * its comments counted. Restoring is starting the server on the copy (README, "Backups").
 * PostgreSQL has its own tools (`pg_dump`); for it this says so.
 *
 * @module
 */
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './config.js';

export interface BackupResult {
  file: string;
  comments: number;
  bytes: number;
  ms: number;
}

/** Copies the SQLite database `db` (`sqlite:PATH`) to `target`, which must not exist yet. */
export async function backupSqlite(db: string, target: string | undefined): Promise<BackupResult> {
  if (!db.startsWith('sqlite:')) {
    throw new ConfigError('backup copies a SQLite database; for PostgreSQL use its own pg_dump (or `export` for the comments alone).');
  }
  if (!target) throw new ConfigError('backup needs a file to write: backup --db sqlite:./comments.db backup.db');
  const source = db.slice('sqlite:'.length);
  if (!existsSync(source)) throw new ConfigError(`There is no database at ${source}.`);
  const file = resolve(target);
  if (existsSync(file)) throw new ConfigError(`${target} exists already; backup writes a new file and never overwrites one.`);
  const started = performance.now();
  const database = new Database(source, { readonly: true, fileMustExist: true });
  try {
    database.pragma('busy_timeout = 5000');
    await database.backup(file);
  } finally {
    database.close();
  }
  const copy = new Database(file, { readonly: true });
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy at ${target} failed SQLite's integrity check: ${String(check)}`);
    const comments = copy.prepare('SELECT count(*) FROM comments').pluck().get() as number;
    return { file, comments, bytes: statSync(file).size, ms: Math.round(performance.now() - started) };
  } finally {
    copy.close();
  }
}
