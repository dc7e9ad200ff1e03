/**
 * How the sample adapter keeps a thread in `localStorage`, and the tolerant reading of it: the
 * part of `LocalStorageAdapter` the bundle needs to read a thread's comments itself, without
 * waiting for the adapter's chunk (see `default-adapters.ts`).
 *
 * Key scheme (the version segment lets a future format live next to this one):
 * - `${prefix}:v1:thread:${threadId}`: a JSON array of that thread's comments, each with this
 *   browser's vote on it, if any, as `myVote` (1 or -1; the score counts it already), and
 *   `pinned: true` for a pinned one (seeded: the adapter itself pins nothing);
 * - `${prefix}:v1:quarantine:${threadId}:${epochMs}`: an unreadable thread value, moved aside
 *   before a new comment replaced it, so that nothing is ever silently lost.
 *
 * @module
 */
import { corrupt, readComment } from './read-comment.js';
import type { AdapterError, Comment } from './storage-adapter.js';

/** The key prefix used when none is given. */
export const DEFAULT_STORAGE_PREFIX = 'comment-thread';

/** The storage key holding the comments of `threadId`: `${prefix}:v1:thread:${threadId}`. */
export function threadStorageKey(threadId: string, prefix: string = DEFAULT_STORAGE_PREFIX): string {
  return `${prefix}:v1:thread:${threadId}`;
}

/**
 * The storage key an unreadable value of `threadId` is moved to before it is overwritten:
 * `${prefix}:v1:quarantine:${threadId}:${time}` (`time` in milliseconds since the epoch).
 */
export function quarantineStorageKey(threadId: string, time: number, prefix: string = DEFAULT_STORAGE_PREFIX): string {
  return `${prefix}:v1:quarantine:${threadId}:${time}`;
}

/** A thread's stored value, parsed tolerantly. */
export interface StoredThread {
  /** The stored array as it is (valid and invalid entries alike); empty when unreadable or absent. */
  entries: unknown[];
  /** The raw value, when it could not be read as an array (it must be moved aside before a write). */
  unreadable: string | null;
  /** The valid comments, normalized (fresh objects). */
  comments: Comment[];
  /** Index in `entries` of each valid comment, by id. */
  indexOf: Map<string, number>;
  /** `corrupt` errors: at most one for an unreadable value, one for entries that were skipped. */
  warnings: AdapterError[];
}

/** Parses a stored thread value; never throws. */
export function parseThread(raw: string | null, threadId: string): StoredThread {
  const stored: StoredThread = { entries: [], unreadable: null, comments: [], indexOf: new Map(), warnings: [] };
  if (raw === null) return stored;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // Not JSON: unreadable, below.
  }
  if (!Array.isArray(parsed)) {
    stored.unreadable = raw;
    stored.warnings.push(
      corrupt(
        'The comments saved in this browser for this page could not be read. They are kept, and set aside when a new comment is saved.',
      ),
    );
    return stored;
  }
  stored.entries = parsed;
  parsed.forEach((entry, index) => {
    const comment = readComment(entry, threadId);
    if (comment && !stored.indexOf.has(comment.id)) {
      stored.indexOf.set(comment.id, index);
      stored.comments.push(comment);
    }
  });
  const skipped = parsed.length - stored.comments.length;
  if (skipped > 0) {
    stored.warnings.push(
      corrupt(
        `${skipped} saved comment${skipped === 1 ? '' : 's'} on this page could not be read. ` +
          `${skipped === 1 ? 'It is' : 'They are'} kept, but not shown.`,
      ),
    );
  }
  return stored;
}
