/**
 * The rules shared by the adapters that keep comments on this side of the network
 * ({@link MemoryAdapter}, {@link LocalStorageAdapter}), written once: checking input, building
 * a new comment, editing and removing one, listing, counting, and delivering changes to
 * subscribers. Each function works on a thread's comments as a plain array and returns what
 * changes; the adapter decides how to store it.
 *
 * Internal: not exported from the package entry point.
 *
 * @internal
 * @module
 */
import { randomId } from '../core/id.js';
import { LIMITS } from '../core/limits.js';
import { compareTimeAndId, timeOf } from '../core/order.js';
import { validateNewComment } from '../core/validate.js';
import {
  AdapterError,
  type CallOptions,
  type Comment,
  type ListResult,
  type NewComment,
  type SortOrder,
  type ThreadChange,
} from './storage-adapter.js';

/** What each validation issue (`field/problem`) means, in words shown to the visitor. */
const ISSUES: Record<string, string> = {
  'body/empty': 'The comment is empty.',
  'body/too-long': `The comment is longer than ${LIMITS.bodyMax} characters.`,
  'author.name/too-long': `The name is longer than ${LIMITS.nameMax} characters.`,
  'author.website/bad-url': 'The website address must start with http:// or https://.',
  'author.website/too-long': `The website address is longer than ${LIMITS.websiteMax} characters.`,
  'threadId/empty': 'The comment does not say which page it belongs to.',
  'threadId/too-long': `The thread id is longer than ${LIMITS.threadIdMax} characters.`,
  'parentId/empty': 'The reply does not say which comment it answers.',
};

/**
 * Throws an `invalid` AdapterError when `input` breaks a rule of {@link LIMITS}: its `field` is
 * the first rejected field, its message explains every problem. With `bodyOnly`, only the body
 * is checked (for an edit).
 */
export function checkInput(input: NewComment, bodyOnly?: boolean): void {
  const issues = validateNewComment(input).filter((issue) => !bodyOnly || issue.field === 'body');
  if (issues[0]) {
    const message = issues.map(({ field, problem }) => ISSUES[`${field}/${problem}`] ?? `The field ${field} is ${problem}.`);
    throw new AdapterError('invalid', message.join(' '), { field: issues[0].field });
  }
}

/** Finds comment `id` in a thread. */
const find = (thread: readonly Comment[], id: string | null): Comment | undefined => thread.find((c) => c.id === id);

const now = (): string => new Date().toISOString();

/** The `not-found` error for an edit or removal of a comment that is not (or no longer) there. */
const gone = (): AdapterError =>
  new AdapterError('not-found', 'This comment no longer exists. It may have been deleted elsewhere.');

/**
 * The comment that checked `input` adds to `thread`, with an id not used there yet; not stored.
 * Throws `not-found` (field `parentId`) when it answers a comment that is not in the thread.
 */
export function newComment(thread: readonly Comment[], { threadId, parentId, author, body }: NewComment): Comment {
  if (parentId !== null && !find(thread, parentId)) {
    throw new AdapterError('not-found', 'The comment you are replying to no longer exists.', { field: 'parentId' });
  }
  let id: string;
  do id = randomId();
  while (find(thread, id));
  const name = author.name.trim();
  return {
    id,
    threadId,
    parentId,
    author: author.website ? { name, website: author.website } : { name },
    body,
    createdAt: now(),
    status: 'published',
  };
}

/**
 * Comment `id` of `thread` with its body replaced by `body` and `updatedAt` set; not stored.
 * Throws `not-found` for a missing comment or a deleted placeholder, `invalid` for a bad body.
 */
export function editComment(thread: readonly Comment[], id: string, body: string): Comment {
  const comment = find(thread, id);
  if (!comment || comment.status === 'deleted') throw gone();
  checkInput({ ...comment, body }, true);
  return { ...comment, body, updatedAt: now() };
}

/**
 * What removing comment `id` does to `thread`: by id, each comment's replacement, or `null`
 * for a comment that goes. A comment with replies becomes a `deleted` placeholder (no body, no
 * author; an existing placeholder stays as it is); a leaf goes, and so does every placeholder
 * ancestor it leaves without replies. Throws `not-found` when the thread has no such comment.
 */
export function planRemoval(thread: readonly Comment[], id: string): Map<string, Comment | null> {
  const plan = new Map<string, Comment | null>();
  const hasReplies = (parentId: string): boolean => thread.some((c) => c.parentId === parentId && !plan.has(c.id));
  let comment = find(thread, id);
  if (!comment) throw gone();
  if (hasReplies(id)) {
    if (comment.status !== 'deleted') {
      plan.set(id, { ...comment, author: { name: '' }, body: '', status: 'deleted', updatedAt: now() });
    }
    return plan;
  }
  do plan.set(comment.id, null);
  while ((comment = find(thread, comment.parentId)) && comment.status === 'deleted' && !plan.has(comment.id) && !hasReplies(comment.id));
  return plan;
}

/**
 * A copy of a comment that shares its strings (they are immutable) but no object with the
 * original: changing the copy cannot change the stored comment. Far cheaper than a deep clone
 * when a thread of thousands is handed out.
 */
export function copyComment(comment: Comment): Comment {
  return { ...comment, author: { ...comment.author } };
}

/**
 * The answer to `list` for a whole thread: `comments` (not copied) in the order of
 * `core/order.ts` (creation time, then id; `newest` is the exact reverse); `warnings` only when
 * there are some.
 */
export function listResult(comments: readonly Comment[], sort?: SortOrder, warnings: AdapterError[] = []): ListResult {
  const sign = sort === 'newest' ? -1 : 1;
  // Each date parsed once, not once per comparison.
  const keyed = comments.map((comment) => ({ comment, time: timeOf(comment.createdAt) }));
  keyed.sort((a, b) => sign * compareTimeAndId(a.time, a.comment.id, b.time, b.comment.id));
  const result: ListResult = {
    comments: keyed.map((k) => k.comment),
    nextCursor: null,
    total: comments.length,
  };
  if (warnings[0]) result.warnings = warnings;
  return result;
}

/** The answer to `count`: for each thread, its comments other than deleted placeholders. */
export function countResult(threadIds: string[], read: (threadId: string) => readonly Comment[]): Record<string, number> {
  return Object.fromEntries(threadIds.map((id) => [id, read(id).filter((c) => c.status !== 'deleted').length]));
}

/**
 * The part of `subscribe` every adapter shares. Unless `options.signal` has already aborted,
 * calls `start` with a `deliver` function and the signal that aborts when the subscription
 * ends (`options.signal` aborts or the returned function is called); `start` hooks the source
 * of changes up to `deliver` and unhooks it when that signal aborts. `deliver` drops changes
 * once the subscription has ended, and reports an error the listener throws (through
 * `reportError`) without breaking the adapter call that caused the change.
 */
export function subscription(
  listener: (change: ThreadChange) => void,
  options: CallOptions,
  start: (deliver: (change: ThreadChange) => void, ended: AbortSignal) => void,
): () => void {
  const stop = new AbortController();
  const unsubscribe = (): void => stop.abort();
  if (!options.signal?.aborted) {
    options.signal?.addEventListener('abort', unsubscribe, { signal: stop.signal });
    start((change) => {
      try {
        if (!stop.signal.aborted) listener(change);
      } catch (error) {
        (globalThis.reportError ?? console.error)(error);
      }
    }, stop.signal);
  }
  return unsubscribe;
}
