/**
 * The moderation list's query, written once for both stores: which comments
 * (`ModerationQuery`: status, thread, words in the text, author), in which order, from which
 * page on. Each store passes its own placeholder style and case-insensitive match.
 *
 * @module
 */
import type { ModerationQuery } from './comment-store.js';

export interface ModerationSql {
  /** The whole statement, with placeholders. */
  text: string;
  /** Its parameters, in order. */
  params: unknown[];
}

/** `%` and `_` are the pattern's own; a search for them finds them as they are. */
const likePattern = (words: string): string => `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Builds the statement. `placeholder(n)` is the store's n-th parameter (`?` or `$n`);
 * `like` its case-insensitive match (SQLite's `LIKE`, ASCII letters only; PostgreSQL's `ILIKE`).
 */
export function moderationSql(query: ModerationQuery, placeholder: (n: number) => string, like: 'LIKE' | 'ILIKE'): ModerationSql {
  const params: unknown[] = [];
  const p = (value: unknown): string => {
    params.push(value);
    return placeholder(params.length);
  };
  // A deleted comment is a placeholder for its replies: nothing to moderate.
  const where = [query.status === 'all' ? `status <> 'deleted'` : `status = ${p(query.status)}`];
  if (query.threadId) where.push(`thread_id = ${p(query.threadId)}`);
  if (query.text) where.push(`body ${like} ${p(likePattern(query.text))} ESCAPE '\\'`);
  if (query.author) where.push(`author_name ${like} ${p(likePattern(query.author))} ESCAPE '\\'`);
  const newest = query.newestFirst ?? false;
  if (query.after) where.push(`(created_at, id) ${newest ? '<' : '>'} (${p(query.after.createdAt)}, ${p(query.after.id)})`);
  const direction = newest ? 'DESC' : 'ASC';
  return { text: `SELECT * FROM comments WHERE ${where.join(' AND ')} ORDER BY created_at ${direction}, id ${direction} LIMIT ${p(query.limit)}`, params };
}
