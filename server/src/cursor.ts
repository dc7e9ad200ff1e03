/**
 * List cursors: the sort key of the last top-level comment of a page, as opaque base64url
 * JSON `[sort, createdAt, id, score, pinned]`. A cursor comes back from the client, so it is
 * untrusted input: {@link decodeCursor} accepts only what {@link encodeCursor} can have
 * produced, so a forged one is a 400 and never reaches the database (where, on PostgreSQL, a
 * date like "1" or a score like 1.5 would fail the `timestamptz` or `integer` cast with a 500).
 * A cursor of a server from before pinned comments (`[sort, createdAt, id, score]`) still
 * works: it names a place among the comments that are not pinned, where every comment then was.
 *
 * @module
 */
import { invalid } from './errors.js';
import type { CursorKey, ListSort } from './store/comment-store.js';
import { LIMITS } from './validate.js';

/** Scores are `INTEGER` columns: 32 bits in PostgreSQL. */
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** What `Date#toISOString` gives for years 1 to 9999 (PostgreSQL has no year 0). */
const CANONICAL_DATE = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const CONTROL = /[\u0000-\u001f\u007f]/;

export function encodeCursor(sort: ListSort, key: CursorKey): string {
  return Buffer.from(JSON.stringify([sort, key.createdAt, key.id, key.score ?? 0, key.pinned ?? false])).toString('base64url');
}

/** A date exactly as the stores write it: canonical ISO 8601 in UTC with milliseconds. */
function isCanonicalDate(value: unknown): value is string {
  if (typeof value !== 'string' || !CANONICAL_DATE.test(value)) return false;
  const date = new Date(value);
  // The round trip refuses dates that do not exist, like 2024-02-30.
  return !Number.isNaN(date.getTime()) && date.toISOString() === value;
}

function isCommentId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= LIMITS.idMax && !CONTROL.test(value);
}

function isScore(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= INT32_MIN && value <= INT32_MAX;
}

/**
 * The key a cursor names, or null for none.
 *
 * @throws ApiError 400 `invalid` (field `cursor`) for anything this server did not give out
 *   for this sort order.
 */
export function decodeCursor(sort: ListSort, cursor: string | undefined): CursorKey | null {
  if (!cursor) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  if (Array.isArray(parts) && (parts.length === 4 || parts.length === 5)) {
    const [cursorSort, createdAt, id, score, pinned = false] = parts as unknown[];
    if (cursorSort === sort && isCanonicalDate(createdAt) && isCommentId(id) && isScore(score) && typeof pinned === 'boolean') return { createdAt, id, score, pinned };
  }
  throw invalid('cursor', 'cursor is not a cursor this server gave for this sort order.');
}
